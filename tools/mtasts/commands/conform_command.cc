// SPDX-License-Identifier: Apache-2.0
// `mtasts conform`: the conformance suite against our engine (fixtures/FORMAT.md).
#include "conform_command.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

#include "cli_error.h"
#include "data_dir.h"
#include "idna_choice.h"
#include "mtasts/conformance/atomic_file.h"
#include "mtasts/conformance/blackbox_subject.h"
#include "mtasts/conformance/containment.h"
#include "mtasts/conformance/impl_name.h"
#include "mtasts/conformance/json_file.h"
#include "mtasts/conformance/level_p.h"
#include "mtasts/conformance/matrix.h"
#include "mtasts/conformance/report_pages.h"
#include "mtasts/conformance/reports.h"
#include "mtasts/conformance/runner.h"
#include "mtasts/conformance/subject.h"
#include "mtasts/version.h"
#include "progress_meter.h"

namespace mtasts::cli {
namespace {

namespace fs = std::filesystem;
using namespace mtasts::conformance;

// The shipped fixtures, in the data directory.
std::string default_fixtures() { return (data_dir() / "fixtures").string(); }

// Every file conform writes is whole or untouched (atomic_file.h).
void write_file(const std::string& path, const std::string& text) {
  if (const std::optional<std::string> error = write_file_atomically(path, text))
    throw cli_error(*error);
}

// A bad output path fails before the run, not after it.
void require_writable(const std::string& path) {
  if (const std::optional<std::string> error = check_writable(path)) throw cli_error(*error);
}

// The implementation's name becomes a file name: checked before anything is written.
void require_impl_name(const std::string& name, const std::string& where) {
  if (const std::optional<std::string> bad = impl_name_problem(name))
    throw cli_error(where + ": " + *bad);
}

int build_matrix(const std::string& dir) {
  std::vector<json> indexes;
  std::vector<std::string> paths;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  for (const std::string& path : paths) {
    std::string error;
    std::optional<json> doc = read_json_file(path, error);
    if (!doc || !doc->is_object() || !doc->contains("impl") || !doc->contains("tests"))
      continue;  // not an index (the matrix inputs sit beside other files)
    indexes.push_back(std::move(*doc));
  }
  if (indexes.empty()) throw cli_error("no JSON indexes (from conform --index) in " + dir);
  write_file(dir + "/matrix.md", matrix_markdown(indexes));
  write_file(dir + "/matrix.html", matrix_html(indexes));
  std::cout << "wrote " << dir << "/matrix.md and " << dir << "/matrix.html (" << indexes.size()
            << " implementations)\n";
  return 0;
}

// --jobs, or one per CPU.
unsigned effective_jobs(const conform_request& request) {
  return request.jobs != 0 ? request.jobs : std::max(1U, std::thread::hardware_concurrency());
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
      (data_dir() / "conformance" / "blackbox" / (request.impl + ".json")).string();
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
  if (!request.loopback) pool = namespace_pool::create(effective_jobs(request), error);
  if (!pool) {
    std::cerr << "mtasts: black-box: " << error
              << "; falling back to free loopback ports on 127.0.0.1, which only "
                 "implementations that take {resolver} and the ports can use\n";
  }
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return std::make_unique<blackbox_subject>(std::move(profile),
                                            ec ? std::string("mtasts") : self.string(),
                                            data_dir().string(), std::move(pool));
}

// What this run certifies: our engine in process, a shim, or a black-box implementation;
// the implementation's name and its config (DisabledTests, ErrorMap, AcceptableFlags).
struct certified {
  std::unique_ptr<subject> subj;
  std::string impl;
  std::optional<shim_config> config;
  std::optional<blackbox_profile> black_box;
  std::string version;                            // the implementation's, when it says
  std::vector<std::string> levels, capabilities;  // declared (shims)
  [[nodiscard]] const shim_config* config_in_use() const {
    if (black_box) return &black_box->config;
    return config ? &*config : nullptr;
  }
};

std::vector<std::string> declared_capabilities(const subject& s) {
  std::vector<std::string> out;
  for (const capability cap : s.capabilities()) out.emplace_back(capabilities.name(cap));
  return out;
}

certified black_box_subject_for(const conform_request& request) {
  certified c;
  c.impl = request.impl;
  c.black_box = black_box_profile(request);
  if (request.timeout_seconds > 0) c.black_box->config.timeout_seconds = request.timeout_seconds;
  if (!c.black_box->impl.empty()) require_impl_name(c.black_box->impl, "--black-box: impl");
  if (c.impl == "mtasts" && !c.black_box->impl.empty()) c.impl = c.black_box->impl;
  if (c.impl == "mtasts") throw cli_error("--black-box needs --impl NAME");
  c.subj = make_black_box(request, *c.black_box);
  c.capabilities = declared_capabilities(*c.subj);
  return c;
}

// nullopt when the shim does not answer --capabilities (the error is printed).
std::optional<certified> shim_subject_for(const conform_request& request) {
  certified c;
  c.impl = request.impl;
  std::string error;
  if (!request.shim_config.empty()) {
    c.config = shim_config::load(request.shim_config, error);
    if (!c.config) throw cli_error(error);
  } else {
    c.config.emplace();
  }
  if (request.timeout_seconds > 0) c.config->timeout_seconds = request.timeout_seconds;
  // A config's command may name files of the data directory as {data_dir}/..., so the
  // shipped configs work from an installed prefix and from any current directory.
  const std::string command =
      request.shim.empty()
          ? expand_placeholders(c.config->shim, {{"data_dir", data_dir().string()}})
          : request.shim;
  if (command.empty()) throw cli_error("--shim-config names no shim; give --shim CMD");
  if (c.impl == "mtasts" && !c.config->impl.empty()) c.impl = c.config->impl;
  std::unique_ptr<shim_subject> shim =
      shim_subject::create(split_shim_command(command), *c.config, error);
  if (!shim) {
    std::cerr << "mtasts: shim " << command << ": " << error << "\n";
    return std::nullopt;
  }
  // Without --impl or a config's name, the shim's own name names its expectations: never
  // our engine's, which would judge the shim against another implementation's baseline.
  if (c.impl == "mtasts" && c.config->impl.empty() && !impl_name_problem(shim->name()))
    c.impl = shim->name();
  c.version = shim->version();
  c.levels.assign(shim->levels().begin(), shim->levels().end());
  c.capabilities = declared_capabilities(*shim);
  // What the shim said about itself, first: a newcomer sees the handshake worked.
  std::cerr << "mtasts: shim " << shim->name() << " "
            << (c.version.empty() ? "(no version)" : c.version) << ", levels";
  for (const std::string& l : c.levels) std::cerr << " " << l;
  std::cerr << ", capabilities";
  for (const std::string& cap : c.capabilities) std::cerr << " " << cap;
  if (c.capabilities.empty()) std::cerr << " (none declared)";
  std::cerr << "\n";
  c.subj = std::move(shim);
  return c;
}

std::optional<certified> subject_for(const conform_request& request) {
  if (!request.black_box.empty()) return black_box_subject_for(request);
  if (!request.shim.empty() || !request.shim_config.empty()) return shim_subject_for(request);
  certified c;
  c.impl = request.impl;
  c.subj = std::make_unique<engine_subject>(cli_idna());
  c.version = std::string(mtasts::version());
  c.capabilities = declared_capabilities(*c.subj);
  return c;
}

run_options options_for(const conform_request& request) {
  run_options options;
  options.paths =
      request.paths.empty() ? std::vector<std::string>{default_fixtures()} : request.paths;
  for (const std::string& p : options.paths) {
    if (!fs::exists(p)) throw cli_error("no such fixture path: " + p);
  }
  options.only = request.only;
  options.skip = request.skip;
  options.strict = request.strict;
  options.jobs = effective_jobs(request);
  options.loose_errors = request.loose_errors;
  return options;
}

// Read from the data directory; written (--update-expectations) only where told, or into
// the checkout that holds the current directory.
std::string expectations_path_for(const conform_request& request, const std::string& impl) {
  if (!request.expectations.empty()) return request.expectations;
  const fs::path root =
      request.update_expectations
          ? checkout_to_write("conform --update-expectations", "--expectations FILE")
          : data_dir();
  return (root / "conformance" / "expectations" / (impl + ".json")).string();
}

std::string index_path(const conform_request& request, const std::string& impl) {
  return request.index_dir + "/" + impl + ".json";
}

// Before the run: every file it will write can be written.
void check_outputs(const conform_request& request, const std::string& impl,
                   const std::string& expectations_path) {
  if (!request.json_file.empty()) require_writable(request.json_file);
  if (!request.junit_file.empty()) require_writable(request.junit_file);
  if (!request.index_dir.empty()) {
    std::error_code ec;
    fs::create_directories(request.index_dir, ec);
    if (ec) throw cli_error("cannot create " + request.index_dir + ": " + ec.message());
    require_writable(index_path(request, impl));
  }
  if (request.update_expectations) require_writable(expectations_path);
  if (!request.report_dir.empty()) {
    std::error_code ec;
    fs::create_directories(request.report_dir, ec);
    if (ec) throw cli_error("cannot create " + request.report_dir + ": " + ec.message());
    for (const char* name : {"/report.json", "/report.md", "/report.html"})
      require_writable(request.report_dir + name);
  }
}

// The fixtures root that report file names are relative to: the deepest directory holding
// every path given (the shipped fixtures by default).
std::string fixtures_root(const run_options& options) {
  std::optional<fs::path> common;
  for (const std::string& p : options.paths) {
    std::error_code ec;
    fs::path dir = fs::weakly_canonical(p, ec);
    if (ec) return default_fixtures();
    if (!fs::is_directory(dir)) dir = dir.parent_path();
    if (!common) {
      common = dir;
      continue;
    }
    fs::path shared;
    for (auto a = common->begin(), b = dir.begin();
         a != common->end() && b != dir.end() && *a == *b; ++a, ++b)
      shared /= *a;
    common = shared;
  }
  return common ? common->string() : default_fixtures();
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

// fixtures/requirements.json beside the fixtures: the text of each deviating rule.
json requirements_for(const std::string& root) {
  for (const fs::path& candidate :
       {fs::path(root) / "requirements.json", data_dir() / "fixtures" / "requirements.json"}) {
    std::string error;
    if (std::optional<json> doc = read_json_file(candidate.string(), error)) return *doc;
  }
  return nullptr;
}

report_context context_for(const conform_request& request, const certified& c,
                           const run_options& options, const run_summary& summary) {
  report_context context;
  context.impl = c.impl;
  context.impl_version = c.version;
  context.impl_levels = c.levels;
  context.impl_capabilities = c.capabilities;
  context.mtasts_version = std::string(mtasts::version());
  context.date = utc_now();
  context.fixtures_root = fixtures_root(options);
  std::vector<std::string> files;
  for (const fixture_file& f : summary.files) files.push_back(f.path);
  context.suite_digest = suite_digest(files, context.fixtures_root);
  context.strict = request.strict;
  context.loose_errors = request.loose_errors;
  context.jobs = options.jobs;
  context.requirements = requirements_for(context.fixtures_root);
  return context;
}

void write_reports(const conform_request& request, const run_summary& summary,
                   const report_context& context) {
  const bool document_needed =
      !request.json_file.empty() || !request.index_dir.empty() || !request.report_dir.empty();
  const json document = document_needed ? report_document(summary, context) : json();
  const std::string text =
      document_needed ? document.dump(2, ' ', false, json::error_handler_t::replace) + "\n" : "";
  if (!request.json_file.empty()) write_file(request.json_file, text);
  if (!request.index_dir.empty()) write_file(index_path(request, context.impl), text);
  if (!request.junit_file.empty()) write_file(request.junit_file, junit_report(summary, context));
  if (!request.report_dir.empty()) {
    write_file(request.report_dir + "/report.json", text);
    write_file(request.report_dir + "/report.md", report_markdown(document));
    write_file(request.report_dir + "/report.html", report_html(document));
    std::cout << "wrote " << request.report_dir << "/report.json, report.md and report.html\n";
  }
}

// A config entry that matches nothing is an error, but only a full run can tell.
bool report_unused_config(const conform_request& request, const certified& c,
                          const run_options& options, const run_summary& summary) {
  if (!c.config || !request.only.empty() || !request.skip.empty() || !request.paths.empty() ||
      !options.strict)
    return false;
  bool unused = false;
  for (const std::string& line : c.config->unused(summary.flags())) {
    std::cout << "CONFIG ERROR " << request.shim_config << ": " << line << "\n";
    unused = true;
  }
  return unused;
}

}  // namespace

int run_conform(const conform_request& request) {
  if (!request.matrix_dir.empty()) return build_matrix(request.matrix_dir);
  require_impl_name(request.impl, "--impl");
  // Every process the run starts ends with its test; an interrupt ends them all.
  const run_containment contained;
  run_options options = options_for(request);
  std::optional<certified> c = subject_for(request);
  if (!c) return 2;
  require_impl_name(c->impl, "implementation name");
  options.config = c->config_in_use();

  const std::string expectations_path = expectations_path_for(request, c->impl);
  expectations expected;
  expected.impl = c->impl;
  if (fs::exists(expectations_path)) {
    std::string error;
    std::optional<expectations> loaded = load_expectations(expectations_path, error);
    if (!loaded) {
      std::cerr << "mtasts: " << error
                << (request.update_expectations
                        ? " (--update-expectations merges into it: fix or remove it first)"
                        : "")
                << "\n";
      return 2;
    }
    expected = *loaded;
  }
  check_outputs(request, c->impl, expectations_path);

  progress_meter meter(std::cerr, c->impl, stderr_is_terminal());
  options.progress = [&meter](std::size_t done, std::size_t total, std::size_t unexpected) {
    meter.update(done, total, unexpected);
  };
  const run_summary summary = run_suite(*c->subj, options, expected);
  meter.finish();
  std::cout << text_report(summary, c->impl) << std::flush;
  write_reports(request, summary, context_for(request, *c, options, summary));
  const bool config_error = report_unused_config(request, *c, options, summary);
  // A typo in --test, or a directory without fixtures, must not pass for a green run.
  if (summary.results.empty()) {
    std::cerr << "mtasts: no test ran: " << summary.selected_from << " tests loaded, none selected"
              << (summary.selected_from == 0 ? " (no fixture files found in the paths given)"
                                             : " (check --test, --skip and --strict)")
              << "\n";
    return 2;
  }
  if (summary.ran() == 0) {
    std::cerr << "mtasts: no test ran: every selected test needs a capability " << c->impl
              << " did not declare (declare them in its --capabilities answer; "
                 "conformance/PROTOCOL.md)\n";
    return 2;
  }

  if (request.update_expectations) {
    // A fixture file that did not load ran none of its tests: merging would drop or keep
    // their entries for no reason the run can give.
    if (!summary.errors.empty()) {
      std::cerr << "mtasts: not updating " << expectations_path << ": the run had "
                << summary.errors.size()
                << " fixture error(s) (FIXTURE ERROR above); fix them and run again\n";
      return 2;
    }
    write_file(expectations_path, render_expectations(merge_expectations(expected, summary, c->impl,
                                                                         c->capabilities)));
    std::cout << "wrote " << expectations_path << " (" << summary.results.size()
              << " tests updated, other entries kept)\n";
    return config_error ? 2 : 0;
  }
  if (!summary.errors.empty() || config_error) return 2;
  return summary.unexpected() == 0 ? 0 : 1;
}

void add_conform_command(CLI::App& app, std::optional<std::function<int()>>& chosen) {
  static conform_request request;
  CLI::App* conform = app.add_subcommand(
      "conform",
      "replay the conformance fixtures against the built-in engine or another implementation; "
      "exit 0 when every result matches its expectations (DATA_DIR/conformance/expectations/"
      "<impl>.json or --expectations), 1 otherwise, 2 on a usage, fixture or I/O error or when "
      "no test ran");
  conform->add_option("PATH", request.paths,
                      "fixture files or directories (default: DATA_DIR/fixtures; see --data-dir)");
  conform->add_option("--test", request.only, "run only tests whose name matches GLOB")
      ->type_name("GLOB");
  conform->add_option("--skip", request.skip, "skip tests whose name matches GLOB")
      ->type_name("GLOB");
  conform->add_flag("--strict", request.strict, "also run SHOULD-level tests");
  conform->add_option("--impl", request.impl, "implementation name for expectations")
      ->capture_default_str();
  conform
      ->add_option("--expectations", request.expectations,
                   "expectations file (default: DATA_DIR/conformance/expectations/<impl>.json)")
      ->type_name("FILE");
  conform->add_flag("--update-expectations", request.update_expectations,
                    "write this run's results into the expectations file: the entries of the "
                    "tests that ran are replaced, every other entry is kept; refused (exit 2) "
                    "when a fixture file has errors. Without --expectations it writes into the "
                    "source checkout holding the current directory, never into the data "
                    "directory (exit 2 outside a checkout)");
  conform->add_option("--json", request.json_file, "write a JSON report")->type_name("FILE");
  conform->add_option("--junit", request.junit_file, "write a JUnit XML report")->type_name("FILE");
  conform
      ->add_option("--shim", request.shim,
                   "certify another implementation through its shim (conformance/PROTOCOL.md); "
                   "CMD is split on spaces")
      ->type_name("CMD");
  conform
      ->add_option("--shim-config", request.shim_config,
                   "the shim's DisabledTests, ErrorMap and AcceptableFlags")
      ->type_name("FILE");
  conform->add_option("--jobs,-j", request.jobs, "tests run in parallel (default: one per CPU)")
      ->check(CLI::Range(1, 64));
  conform->add_flag("--loose-errors", request.loose_errors,
                    "count an invalid test rejected with another error as the right rejection, "
                    "for implementations whose errors cannot be mapped to ours (ErrorMap); "
                    "every report says which tests passed this way");
  conform
      ->add_option("--report", request.report_dir,
                   "write a certificate of conformance: DIR/report.json (the --json document), "
                   "DIR/report.md and DIR/report.html")
      ->type_name("DIR");
  conform
      ->add_option("--timeout", request.timeout_seconds,
                   "seconds per test for a shim (default: the config's, else 10)")
      ->check(CLI::Range(1, 600));
  conform
      ->add_option("--black-box", request.black_box,
                   "certify an unmodified implementation over real sockets (level N): a profile "
                   "(conformance/blackbox/*.json) or a command whose output is read with "
                   "DATA_DIR/conformance/blackbox/<impl>.json")
      ->type_name("PROFILE|CMD")
      ->excludes("--shim");
  conform->add_flag("--loopback", request.loopback,
                    "--black-box without network namespaces: servers on free loopback ports "
                    "(what happens anyway when namespaces cannot be made)");
  conform
      ->add_option("--index", request.index_dir,
                   "also write the run's JSON index as DIR/<impl>.json, for --matrix")
      ->type_name("DIR");
  conform
      ->add_option("--matrix", request.matrix_dir,
                   "run nothing: read the JSON indexes in DIR and write DIR/matrix.md and "
                   "DIR/matrix.html")
      ->type_name("DIR");
  conform->callback([&chosen] { chosen = [] { return run_conform(request); }; });
}

}  // namespace mtasts::cli
