// SPDX-License-Identifier: Apache-2.0
// What a conformance run reports: the text summary, the report document (the JSON of
// --json, --index and --report; conformance/schemas/conform-report.schema.json) and JUnit.
#pragma once

#include <string>
#include <vector>

#include "mtasts/conformance/fixture.h"
#include "mtasts/conformance/runner.h"

namespace mtasts::conformance {

// Everything a report says beyond the results: who was certified, with which suite, when.
// NOLINTNEXTLINE(bugprone-exception-escape): json's move is noexcept; the throw seen is inside it
struct report_context {
  std::string impl;
  std::string impl_version;              // from the shim's --capabilities; "" when unknown
  std::vector<std::string> impl_levels;  // declared levels
  std::vector<std::string> impl_capabilities;
  std::string mtasts_version;
  std::string date;           // UTC, ISO 8601 (the run's end)
  std::string suite_digest;   // suite_digest() of the fixture files
  std::string fixtures_root;  // file names in reports are relative to it
  bool strict = false;
  bool loose_errors = false;
  unsigned jobs = 1;
  json requirements;  // fixtures/requirements.json, or null: the text of deviating rules
};

// "sha256:<hex>" over the fixture files' names (relative to root) and bytes, in name order:
// two runs with the same digest ran the same suite. "" when a file cannot be read.
std::string suite_digest(const std::vector<std::string>& files, const std::string& root);

// A file name as reports show it: relative to the fixtures root, never a machine path.
std::string report_file_name(const std::string& file, const std::string& root);

std::string text_report(const run_summary& s, const std::string& impl);
json report_document(const run_summary& s, const report_context& c);
std::string junit_report(const run_summary& s, const report_context& c);

}  // namespace mtasts::conformance
