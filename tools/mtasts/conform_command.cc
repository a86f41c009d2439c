// `mtasts conform`: the conformance suite against our engine (fixtures/FORMAT.md).
#include "conform_command.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli_error.h"
#include "mtasts/conformance/runner.h"

#ifndef MTASTS_SOURCE_DIR
#define MTASTS_SOURCE_DIR "."
#endif

namespace mtasts::cli {
namespace {

namespace fs = std::filesystem;
using namespace mtasts::conformance;

// The shipped fixtures: $MTASTS_FIXTURES, else the source tree the binary was built from.
std::string default_fixtures() {
  if (const char* env = std::getenv("MTASTS_FIXTURES"); env && *env) return env;
  return std::string(MTASTS_SOURCE_DIR) + "/fixtures";
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw cli_error("cannot write " + path);
}

}  // namespace

int run_conform(const conform_request& request) {
  run_options options;
  options.paths =
      request.paths.empty() ? std::vector<std::string>{default_fixtures()} : request.paths;
  for (const std::string& p : options.paths) {
    if (!fs::exists(p)) throw cli_error("no such fixture path: " + p);
  }
  options.only = request.only;
  options.skip = request.skip;
  options.strict = request.strict;

  std::string expectations_path = request.expectations;
  if (expectations_path.empty()) {
    expectations_path =
        std::string(MTASTS_SOURCE_DIR) + "/conformance/expectations/" + request.impl + ".json";
  }
  expectations expected;
  expected.impl = request.impl;
  if (fs::exists(expectations_path) && !request.update_expectations) {
    std::string error;
    std::optional<expectations> loaded = load_expectations(expectations_path, error);
    if (!loaded) {
      std::cerr << "mtasts: " << error << "\n";
      return 2;
    }
    expected = *loaded;
  }

  engine_subject subject;
  const run_summary summary = run_suite(subject, options, expected);
  std::cout << text_report(summary, request.impl) << std::flush;
  if (!request.json_file.empty()) write_file(request.json_file, json_report(summary, request.impl));
  if (!request.junit_file.empty())
    write_file(request.junit_file, junit_report(summary, request.impl));

  if (request.update_expectations) {
    expectations updated;
    updated.impl = request.impl;
    for (const test_result& r : summary.results) {
      if (r.status == test_status::pass) continue;
      std::string reason = r.reasons.empty() ? std::string() : r.reasons.front();
      updated.tests[r.test->name] = {r.status, reason};
    }
    write_file(expectations_path, render_expectations(updated));
    std::cout << "wrote " << expectations_path << "\n";
    return summary.errors.empty() ? 0 : 2;
  }
  if (!summary.errors.empty()) return 2;
  return summary.unexpected() == 0 ? 0 : 1;
}

}  // namespace mtasts::cli
