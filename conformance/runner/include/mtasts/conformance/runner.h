// SPDX-License-Identifier: Apache-2.0
// Runs fixture tests against a subject and compares with the expectations for it.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "mtasts/conformance/fixture.h"
#include "mtasts/conformance/shim_config.h"
#include "mtasts/conformance/subject.h"

namespace mtasts::conformance {

// What a run keeps of a subject's text (PROTOCOL.md "Limits"), so that reports and memory
// stay bounded whatever it prints: each reason or reported error at most max_reason_bytes
// (then " ... (N bytes more)"), at most max_reasons_per_test of each per test (then
// "... and N more"), and max_kept_reason_bytes over the whole run (then a note per test).
inline constexpr std::size_t max_reason_bytes = 1024;
inline constexpr std::size_t max_reasons_per_test = 20;
inline constexpr std::size_t max_kept_reason_bytes = std::size_t{4} << 20;

// conformance/PROTOCOL.md "Statuses".
enum class test_status {
  pass,                // a valid or invalid test matched
  should_have_passed,  // a valid (or acceptable) test did not match
  should_have_failed,  // an invalid test was accepted, or differed other than in the error
  wrong_error,         // an invalid test was rejected with another token or family
  acceptable_pass,     // an acceptable test matched `expect`
  acceptable_fail,     // an acceptable test matched one of the `alternatives`
  crash,
  timeout,
  unimplemented,
  disabled,
};
std::string_view to_string(test_status s);  // "PASS", "SHOULD_HAVE_PASSED", ...
// Whether the status counts as conformant (PASS, ACCEPTABLE_PASS, ACCEPTABLE_FAIL).
bool conformant(test_status s);
std::optional<test_status> test_status_from(std::string_view s);

struct test_result {
  const test_case* test = nullptr;
  test_status status = test_status::pass;
  std::vector<std::string> reasons;          // why it failed, one line each
  std::optional<std::size_t> alternative;    // acceptable: which alternative matched (0 = expect)
  std::vector<std::string> reported;         // error tokens or messages the subject reported
  test_status expected = test_status::pass;  // default_expectation() unless listed
  std::string expected_reason;
  // Capabilities the test needs that the subject did not declare: the test was not run, and
  // is expected UNIMPLEMENTED unless the expectations say otherwise.
  std::vector<std::string> undeclared;
  bool loose_error = false;  // --loose-errors counted this WRONG_ERROR as the right rejection
  double seconds = 0;        // wall time of this test
  [[nodiscard]] bool as_expected() const { return status == expected; }
  [[nodiscard]] bool skipped() const {
    return status == test_status::disabled || status == test_status::unimplemented;
  }
};

// conformance/expectations/<impl>.json: {"impl": NAME, "tests": {test name: {"status", "reason"}}}
// A test that is not listed is expected to PASS (ACCEPTABLE_PASS for an acceptable test:
// the strict reading), or UNIMPLEMENTED when it needs a capability the subject did not
// declare; every other outcome is listed with its reason.
test_status default_expectation(const test_case& t);
test_status default_expectation(const test_result& r);
struct expectations {
  std::string impl;
  // What the implementation declared when the file was written: the tests that need anything
  // else are expected UNIMPLEMENTED without an entry (tools/gen-readme-counts.py reads it).
  std::optional<std::vector<std::string>> capabilities;
  std::map<std::string, std::pair<test_status, std::string>> tests;
};
std::optional<expectations> load_expectations(const std::string& path, std::string& error);
std::string render_expectations(const expectations& e);

struct run_options {
  std::vector<std::string> paths;       // fixture files or directories
  std::vector<std::string> only;        // name globs (--test)
  std::vector<std::string> skip;        // name globs (--skip)
  bool strict = false;                  // include SHOULD-level tests
  unsigned jobs = 1;                    // tests run in parallel (the subject must allow it)
  const shim_config* config = nullptr;  // DisabledTests and AcceptableFlags, for shims
  // --loose-errors: an invalid test rejected with another error counts as the right
  // rejection (for implementations whose errors cannot be mapped to our tokens).
  bool loose_errors = false;
  // Called after each test with (done, total, unexpected so far); from worker threads, one
  // call at a time.
  std::function<void(std::size_t, std::size_t, std::size_t)> progress;
};

struct run_summary {
  std::vector<fixture_file> files;
  std::vector<fixture_error> errors;  // fixture problems (each drops its file)
  std::vector<test_result> results;
  double seconds = 0;
  std::size_t selected_from = 0;  // tests in the loaded files before --test/--skip/--strict
  [[nodiscard]] std::size_t unexpected() const;
  [[nodiscard]] std::set<std::string> flags() const;  // every flag of every loaded test
  // Tests skipped for capabilities not declared, per capability.
  [[nodiscard]] std::map<std::string, std::size_t> undeclared() const;
  [[nodiscard]] std::size_t ran() const;  // neither skipped nor undeclared
};

run_summary run_suite(subject& subject, const run_options& options, const expectations& expected);

// `--update-expectations`: `before` with the entries of every test that ran replaced by what
// it did now (none when that is the default; for an acceptable test that matched an
// alternative, which one), every other entry kept, `impl` as the name and `declared` as the
// capabilities.
expectations merge_expectations(const expectations& before, const run_summary& s,
                                const std::string& impl,
                                std::optional<std::vector<std::string>> declared = std::nullopt);

}  // namespace mtasts::conformance
