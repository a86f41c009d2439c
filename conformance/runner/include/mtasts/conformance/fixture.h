// SPDX-License-Identifier: Apache-2.0
// Loading fixture files (fixtures/FORMAT.md) with precise errors.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/conformance/vocabulary.h"
#include "mtasts/observation/json.h"

namespace mtasts::conformance {

using json = observation::json;

// Largest fixture file read (the largest shipped one is 198 KB); a longer one is refused
// before it is read whole.
inline constexpr std::size_t max_fixture_file_bytes = std::size_t{16} << 20;
// Most bytes the byte values of one file may expand to, all together: each {"repeat"} is
// also bounded alone (observation::max_fixture_bytes), and this bounds the sum.
inline constexpr std::size_t max_fixture_file_expanded_bytes = std::size_t{64} << 20;
// Latest fixture time, 9999-12-31T23:59:59Z in Unix seconds (the earliest is 0, 1970).
inline constexpr std::int64_t max_fixture_time = 253402300799;
// Largest tcId: 2^53 - 1, the largest integer every JSON reader of the reports keeps exact.
inline constexpr std::int64_t max_tc_id = (std::int64_t{1} << 53) - 1;

// A problem in a fixture file: where (file, JSON pointer) and what was expected.
struct fixture_error {
  std::string file;
  std::string pointer;
  std::string message;
  [[nodiscard]] std::string to_string() const { return file + ": " + pointer + ": " + message; }
};

// NOLINTNEXTLINE(bugprone-exception-escape): json's move is noexcept; the throw seen is inside it
struct test_case {
  std::string file;
  std::string pointer;  // JSON pointer of the test inside its file
  std::int64_t tc_id = 0;
  std::string name;
  test_level level = test_level::must;
  expected_result result = expected_result::valid;
  std::vector<std::string> requirements;
  std::vector<std::string> flags;
  std::vector<capability> requires_caps;
  std::vector<step_action> actions;  // each step's action, in order
  // Some step presents a certificate chain (`tls.chain`): level D2. load_fixture_file adds
  // each chain's PEM to body (test_pki.h); load_fixture_text only checks the chain's shape.
  bool presents_chain = false;
  json body;  // the whole test object, for the subject to read
};

struct fixture_file {
  std::string path;
  std::string suite;
  json notes = json::object();  // flag → {"description", "ambiguity", "effect"}
  std::vector<test_case> tests;
};

// Reads and checks one file. On error returns the errors and no tests; a check failing in
// one test drops only that file, never the other files of a run.
struct load_result {
  fixture_file file;
  std::vector<fixture_error> errors;
};
load_result load_fixture_file(const std::string& path);
// The same over text already read; `path` names it in errors.
load_result load_fixture_text(std::string_view text, const std::string& path);

// Every *.json under the paths (files or directories, recursively, sorted), except
// schemas/ and files not carrying the fixture schema tag.
std::vector<std::string> find_fixture_files(const std::vector<std::string>& paths);

}  // namespace mtasts::conformance
