// Runs fixture tests against a subject and compares with the expectations for it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mtasts/conformance/fixture.h"
#include "mtasts/conformance/subject.h"

namespace mtasts::conformance {

enum class test_status { pass, fail, unimplemented, skipped, crashed, timed_out };
std::string_view to_string(test_status s);
std::optional<test_status> test_status_from(std::string_view s);

struct test_result {
  const test_case* test = nullptr;
  test_status status = test_status::pass;
  std::vector<std::string> reasons;        // why it failed, one line each
  std::optional<std::size_t> alternative;  // acceptable: which alternative matched (0 = expect)
  test_status expected = test_status::pass;
  std::string expected_reason;
  [[nodiscard]] bool as_expected() const { return status == expected; }
};

// conformance/expectations/<impl>.json: {"impl": NAME, "tests": {test name: {"status", "reason"}}}
// A test that is not listed is expected to pass.
struct expectations {
  std::string impl;
  std::map<std::string, std::pair<test_status, std::string>> tests;
};
std::optional<expectations> load_expectations(const std::string& path, std::string& error);
std::string render_expectations(const expectations& e);

struct run_options {
  std::vector<std::string> paths;  // fixture files or directories
  std::vector<std::string> only;   // name globs (--test)
  std::vector<std::string> skip;   // name globs (--skip)
  bool strict = false;             // include SHOULD-level tests
};

struct run_summary {
  std::vector<fixture_file> files;
  std::vector<fixture_error> errors;  // fixture problems (each drops its file)
  std::vector<test_result> results;
  double seconds = 0;
  [[nodiscard]] std::size_t unexpected() const;
};

run_summary run_suite(subject& subject, const run_options& options, const expectations& expected);

// Reports.
std::string text_report(const run_summary& s, const std::string& impl);
std::string json_report(const run_summary& s, const std::string& impl);
std::string junit_report(const run_summary& s, const std::string& impl);

}  // namespace mtasts::conformance
