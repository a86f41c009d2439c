// `mtasts conform`: the conformance suite against our engine (fixtures/FORMAT.md).
#include "conform_command.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli_error.h"
#include "mtasts/conformance/blackbox_subject.h"
#include "mtasts/conformance/level_p.h"
#include "mtasts/conformance/matrix.h"
#include "mtasts/conformance/runner.h"
#include "mtasts/conformance/subject.h"

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

int build_matrix(const std::string& dir) {
  std::vector<json> indexes;
  std::vector<std::string> paths;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  for (const std::string& path : paths) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    json doc = json::parse(text.str(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("impl") || !doc.contains("tests"))
      continue;  // not an index (the matrix inputs sit beside other files)
    indexes.push_back(std::move(doc));
  }
  if (indexes.empty()) throw cli_error("no JSON indexes (from conform --index) in " + dir);
  write_file(dir + "/matrix.md", matrix_markdown(indexes));
  write_file(dir + "/matrix.html", matrix_html(indexes));
  std::cout << "wrote " << dir << "/matrix.md and " << dir << "/matrix.html (" << indexes.size()
            << " implementations)\n";
  return 0;
}

// Level N: the profile named by --black-box, or the command it gives read through
// conformance/blackbox/<impl>.json when that exists.
blackbox_profile black_box_profile(const conform_request& request) {
  std::string error;
  const std::string& arg = request.black_box;
  if (arg.size() > 5 && arg.ends_with(".json") && fs::exists(arg)) {
    std::optional<blackbox_profile> p = blackbox_profile::load(arg, error);
    if (!p) throw cli_error(error);
    return *p;
  }
  const std::vector<std::string> command = split_shim_command(arg);
  if (command.empty()) throw cli_error("--black-box: empty command");
  const std::string named =
      std::string(MTASTS_SOURCE_DIR) + "/conformance/blackbox/" + request.impl + ".json";
  if (request.impl != "mtasts" && fs::exists(named)) {
    std::optional<blackbox_profile> p = blackbox_profile::load(named, error);
    if (!p) throw cli_error(error);
    // The command replaces the profile's; other actions need their own commands.
    p->commands = {{step_action::lookup, command}};
    return *p;
  }
  blackbox_profile p = blackbox_profile::for_command(command);
  p.impl = request.impl;
  return p;
}

std::unique_ptr<blackbox_subject> make_black_box(const conform_request& request,
                                                 blackbox_profile profile) {
  std::string error = "--loopback given";
  std::unique_ptr<namespace_pool> pool;
  if (!request.loopback) pool = namespace_pool::create(request.jobs, error);
  if (!pool) {
    std::cerr << "mtasts: black-box: " << error
              << "; falling back to high loopback ports (127.0.0.1:28000 and up), which only "
                 "implementations that take {resolver} and the ports can use\n";
  }
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return std::make_unique<blackbox_subject>(std::move(profile),
                                            ec ? std::string("mtasts") : self.string(),
                                            MTASTS_SOURCE_DIR, std::move(pool));
}

}  // namespace

int run_conform(const conform_request& request) {
  if (!request.matrix_dir.empty()) return build_matrix(request.matrix_dir);
  run_options options;
  options.paths =
      request.paths.empty() ? std::vector<std::string>{default_fixtures()} : request.paths;
  for (const std::string& p : options.paths) {
    if (!fs::exists(p)) throw cli_error("no such fixture path: " + p);
  }
  options.only = request.only;
  options.skip = request.skip;
  options.strict = request.strict;
  options.jobs = request.jobs;

  // A shim is certified under its config; our engine runs in process.
  std::optional<shim_config> config;
  std::unique_ptr<subject> subj;
  std::string impl = request.impl;
  std::optional<blackbox_profile> black_box;
  if (!request.black_box.empty()) {
    black_box = black_box_profile(request);
    if (request.timeout_seconds > 0) black_box->config.timeout_seconds = request.timeout_seconds;
    if (impl == "mtasts" && !black_box->impl.empty()) impl = black_box->impl;
    if (impl == "mtasts") throw cli_error("--black-box needs --impl NAME");
    options.config = &black_box->config;
    subj = make_black_box(request, *black_box);
  } else if (!request.shim.empty() || !request.shim_config.empty()) {
    std::string error;
    if (!request.shim_config.empty()) {
      config = shim_config::load(request.shim_config, error);
      if (!config) throw cli_error(error);
    } else {
      config.emplace();
    }
    if (request.timeout_seconds > 0) config->timeout_seconds = request.timeout_seconds;
    const std::string command = request.shim.empty() ? config->shim : request.shim;
    if (command.empty()) throw cli_error("--shim-config names no shim; give --shim CMD");
    if (impl == "mtasts" && !config->impl.empty()) impl = config->impl;
    subj = shim_subject::create(split_shim_command(command), *config, error);
    if (!subj) {
      std::cerr << "mtasts: shim " << command << ": " << error << "\n";
      return 2;
    }
    options.config = &*config;
  } else {
    subj = std::make_unique<engine_subject>();
  }

  std::string expectations_path = request.expectations;
  if (expectations_path.empty()) {
    expectations_path =
        std::string(MTASTS_SOURCE_DIR) + "/conformance/expectations/" + impl + ".json";
  }
  expectations expected;
  expected.impl = impl;
  if (fs::exists(expectations_path) && !request.update_expectations) {
    std::string error;
    std::optional<expectations> loaded = load_expectations(expectations_path, error);
    if (!loaded) {
      std::cerr << "mtasts: " << error << "\n";
      return 2;
    }
    expected = *loaded;
  }

  const run_summary summary = run_suite(*subj, options, expected);
  std::cout << text_report(summary, impl) << std::flush;
  if (!request.json_file.empty()) write_file(request.json_file, json_report(summary, impl));
  if (!request.index_dir.empty()) {
    fs::create_directories(request.index_dir);
    write_file(request.index_dir + "/" + impl + ".json", json_report(summary, impl));
  }
  if (!request.junit_file.empty()) write_file(request.junit_file, junit_report(summary, impl));

  // A config entry that matches nothing is an error, but only a full run can tell.
  bool config_error = false;
  if (config && request.only.empty() && request.skip.empty() && request.paths.empty() &&
      options.strict) {
    for (const std::string& line : config->unused(summary.flags())) {
      std::cout << "CONFIG ERROR " << request.shim_config << ": " << line << "\n";
      config_error = true;
    }
  }

  if (request.update_expectations) {
    expectations updated;
    updated.impl = impl;
    for (const test_result& r : summary.results) {
      if (r.status == default_expectation(*r.test)) continue;
      std::string reason = r.reasons.empty() ? std::string() : r.reasons.front();
      if (r.status == test_status::acceptable_fail && r.alternative) {
        // Which way the implementation went where the RFC is silent.
        reason = "matched alternative " + std::to_string(*r.alternative) + " (flags:";
        for (const std::string& f : r.test->flags) reason += " " + f;
        reason += ")";
      }
      updated.tests[r.test->name] = {r.status, reason};
    }
    write_file(expectations_path, render_expectations(updated));
    std::cout << "wrote " << expectations_path << "\n";
    return summary.errors.empty() && !config_error ? 0 : 2;
  }
  if (!summary.errors.empty() || config_error) return 2;
  return summary.unexpected() == 0 ? 0 : 1;
}

}  // namespace mtasts::cli
