// SPDX-License-Identifier: Apache-2.0
// `mtasts diff`: two level-P shims (or a shim and the snapshots) over every parse-level input.
#include "diff_command.h"

#include <stdlib.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>
#include <thread>

#include "cli_error.h"
#include "data_dir.h"
#include "diff_inputs.h"
#include "diff_report.h"
#include "diff_result.h"
#include "diff_revision.h"
#include "diff_snapshots.h"
#include "mtasts/conformance/child_process.h"
#include "mtasts/conformance/level_p.h"
#include "mtasts/conformance/shim_identity.h"

namespace mtasts::cli::diff {
namespace {

namespace fs = std::filesystem;
using conformance::level_p_input;

constexpr int exit_identical = 0;
constexpr int exit_different = 1;

// A directory under $TMPDIR for the revision worktrees, removed with everything in it.
class temp_dir {
 public:
  temp_dir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/mtasts-diff-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) throw cli_error("cannot create " + pattern);
    path_ = pattern;
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// One side of the comparison that runs: a level-P shim and what --capabilities says.
struct shim_side {
  std::string description;
  std::vector<std::string> command;
  std::set<conformance::capability> capabilities;
};

// Asks `command --capabilities`. A shim that cannot be started is an error; one that does
// not answer (an mtasts from before the shim protocol) is asked every question.
shim_side probe(std::vector<std::string> command, const std::string& what) {
  using conformance::capability;
  shim_side side{
      what, std::move(command), {capability::parse, capability::match, capability::tlsrpt}};
  const conformance::identity_answer answer =
      conformance::ask_identity(side.command, std::chrono::seconds(30));
  switch (answer.status) {
    case conformance::identity_status::not_started:
      throw cli_error(what + ": " + answer.error);
    case conformance::identity_status::no_answer:
      std::cerr << "mtasts diff: " << what
                << " does not answer --capabilities; asking it every question\n";
      return side;
    case conformance::identity_status::answered:
      break;
  }
  side.capabilities = answer.identity.capabilities;
  if (!answer.identity.name.empty())
    side.description += " (" + answer.identity.name + " " + answer.identity.version + ")";
  return side;
}

// Every input through the shim, `jobs` processes at a time.
std::vector<json> run_side(const shim_side& side, const std::vector<diff_input>& inputs,
                           unsigned jobs, int timeout_seconds) {
  std::vector<json> results(inputs.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < inputs.size(); i = next++) {
      const level_p_input& q = inputs[i].question;
      if (!side.capabilities.count(conformance::describe(q.action).needs)) {
        results[i] = unimplemented_result();
        continue;
      }
      const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
      results[i] = canonical_result(conformance::run_level_p(side.command, q, until));
    }
  };
  std::vector<std::thread> workers;
  for (unsigned j = 1; j < jobs && j < inputs.size(); ++j) workers.emplace_back(work);
  work();
  for (std::thread& w : workers) w.join();
  return results;
}

// "--old-rev main (4074642401ab)", or "--old-rev 4074642401ab" when given as a commit.
std::string revision_label(const std::string& option, const revision_build& build) {
  const std::string commit = build.commit().substr(0, 12);
  if (build.commit().rfind(build.rev(), 0) == 0) return option + " " + commit;
  return option + " " + build.rev() + " (" + commit + ")";
}

// The side given by --old/--new CMD or the revision built for --old-rev/--new-rev; nullopt
// when neither was given.
std::optional<shim_side> side_of(const std::string& option, const std::string& shim,
                                 const std::optional<revision_build>& build) {
  if (build) return probe({build->binary().string()}, revision_label(option + "-rev", *build));
  if (!shim.empty()) return probe(mtasts::conformance::split_shim_command(shim), shim);
  return std::nullopt;
}

void check_usage(const diff_request& r) {
  if (!r.old_shim.empty() && !r.old_rev.empty())
    throw cli_error("diff: give --old or --old-rev, not both");
  if (!r.new_shim.empty() && !r.new_rev.empty())
    throw cli_error("diff: give --new or --new-rev, not both");
  const bool against_snapshots = r.old_shim.empty() && r.old_rev.empty();
  const bool extra_inputs = !r.inputs.empty() || !r.workloads.empty() || r.no_shipped;
  if (against_snapshots && extra_inputs)
    throw cli_error(
        "diff: the snapshots hold corpus/ and fixtures/ only; --inputs, --workload and "
        "--no-shipped need --old or --old-rev");
  if (r.update && !against_snapshots)
    throw cli_error("diff: --update rewrites the snapshots from the new side; no --old/--old-rev");
  if (r.no_shipped && r.inputs.empty() && r.workloads.empty())
    throw cli_error("diff: --no-shipped leaves no input; add --inputs or --workload");
}

input_set collect_inputs(const diff_request& r, const fs::path& root, bool against_snapshots) {
  input_set set;
  if (!r.no_shipped) {
    // The fuzzer's merges rewrite corpus/*/auto/: not snapshotted, compared between shims.
    add_corpus(root, !against_snapshots, set);
    add_fixtures(root, set);
  }
  for (const std::string& spec : r.inputs) add_inputs_dir(spec, set);
  for (const auto& [kind, file] : r.workloads) add_workload(kind, file, set);
  check_unique_ids(set);
  return set;
}

// --update: the new side's results become the snapshots; a crash or an unanswered question
// is never recorded as the expected result.
void update_snapshots(const fs::path& dir, const std::vector<diff_input>& inputs,
                      const std::vector<json>& results) {
  std::map<std::string, std::map<std::string, json>> groups;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (is_failure(results[i]) || results[i].contains("unimplemented"))
      throw cli_error("diff --update: " + inputs[i].id + " gives " + verdict_label(results[i]) +
                      "; snapshots not written");
    groups[inputs[i].group][inputs[i].id] = results[i];
  }
  write_snapshots(dir, groups);
  std::cerr << "mtasts diff: wrote " << inputs.size() << " results in " << groups.size()
            << " files under " << dir.string() << "\n";
}

// Where corpus/, fixtures/ and snapshots/ are: --root; else, when snapshots are written or
// revisions built, the checkout holding the current directory (the data directory is never
// written and is no git checkout); else the data directory.
fs::path root_of(const diff_request& r) {
  if (!r.root.empty()) return r.root;
  if (r.update && r.snapshots.empty()) return checkout_to_write("diff --update", "--root DIR");
  if (!r.old_rev.empty() || !r.new_rev.empty())
    return checkout_to_write("diff --old-rev/--new-rev", "--root DIR");
  return data_dir();
}

}  // namespace

int run_diff(const diff_request& r) {
  check_usage(r);
  const fs::path root = root_of(r);
  const fs::path snapshot_dir = r.snapshots.empty() ? root / "snapshots" : fs::path(r.snapshots);
  const bool against_snapshots = r.old_shim.empty() && r.old_rev.empty();
  const unsigned jobs = std::max(1U, r.jobs);

  std::error_code ec;
  if (!r.no_shipped &&
      !(fs::is_directory(root / "corpus", ec) && fs::is_directory(root / "fixtures", ec)))
    throw cli_error("diff: no corpus/ and fixtures/ under " + root.string() + " (see --root)");
  // Inputs first: a typo in --inputs fails before any build.
  const input_set set = collect_inputs(r, root, against_snapshots);

  // Both revisions resolve before either is built: a typo fails now, not after a build.
  for (const std::string* rev : {&r.old_rev, &r.new_rev}) {
    if (!rev->empty()) resolve_commit(root, *rev);
  }
  std::optional<temp_dir> work;
  if (!r.old_rev.empty() || !r.new_rev.empty()) work.emplace();
  std::optional<revision_build> old_build, new_build;
  if (!r.old_rev.empty())
    old_build.emplace(root, r.old_rev, work->path(), r.rev_cache, static_cast<int>(jobs),
                      std::cerr);
  if (!r.new_rev.empty())
    new_build.emplace(root, r.new_rev, work->path(), r.rev_cache, static_cast<int>(jobs),
                      std::cerr);

  std::optional<shim_side> old_side = side_of("--old", r.old_shim, old_build);
  std::optional<shim_side> new_side = side_of("--new", r.new_shim, new_build);
  if (!new_side) {
    const fs::path self = fs::read_symlink("/proc/self/exe");
    new_side = probe({self.string()}, self.string());
  }

  const auto start = std::chrono::steady_clock::now();
  std::map<std::string, json> old_results;
  if (old_side) {
    const std::vector<json> results = run_side(*old_side, set.inputs, jobs, r.timeout_seconds);
    for (std::size_t i = 0; i < set.inputs.size(); ++i)
      old_results.emplace(set.inputs[i].id, results[i]);
  } else {
    old_results = read_snapshots(snapshot_dir);
  }
  std::vector<json> new_results = run_side(*new_side, set.inputs, jobs, r.timeout_seconds);
  if (against_snapshots) {
    for (json& result : new_results) result = snapshot_form(result);
  }

  diff_run_info info;
  info.old_side = old_side ? old_side->description : "snapshots in " + snapshot_dir.string();
  info.new_side = new_side->description;
  info.inputs = set.inputs.size();
  info.skipped = set.skipped;
  info.jobs = jobs;
  info.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const diff_findings findings = compare_results(set.inputs, old_results, new_results);
  if (r.json) {
    std::cout << json_report(info, findings).dump(2, ' ', false, json::error_handler_t::replace)
              << "\n";
  } else {
    print_text_report(std::cout, info, findings, r.examples);
  }
  std::cout << std::flush;
  if (r.update) {
    update_snapshots(snapshot_dir, set.inputs, new_results);
    return exit_identical;
  }
  return findings.identical() ? exit_identical : exit_different;
}

void add_diff_command(CLI::App& app, std::optional<std::function<int()>>& chosen) {
  auto request = std::make_shared<diff_request>();
  request->jobs = std::max(1U, std::thread::hardware_concurrency());
  CLI::App* diff = app.add_subcommand(
      "diff",
      "run every parse-level input (corpus/, the fixtures' parse steps, --inputs, --workload) "
      "through two level-P shims, or this binary against snapshots/, and print every result "
      "that changed, grouped by transition; exit 0 identical, 1 different, 2 error");
  diff->add_option("--old", request->old_shim,
                   "the old side: a level-P shim command (conformance/PROTOCOL.md), split on "
                   "spaces; default: the snapshots")
      ->type_name("CMD");
  diff->add_option("--new", request->new_shim,
                   "the new side: a level-P shim command; default: this binary")
      ->type_name("CMD");
  diff->add_option("--old-rev", request->old_rev,
                   "the old side: a git revision of this project, built in a temporary worktree")
      ->type_name("REV");
  diff->add_option("--new-rev", request->new_rev, "the new side: a git revision, built likewise")
      ->type_name("REV");
  diff->add_option("--inputs", request->inputs,
                   "more inputs: a corpus root, a corpus/<target> directory, a fixture "
                   "directory, or KIND=DIR with KIND policy, txt, tlsrpt or a fuzz target name")
      ->type_name("[KIND=]DIR");
  diff->add_option("--workload", request->workloads,
                   "more inputs: a length-prefixed workload file of `mtasts bench`, as KIND "
                   "policy, txt or tlsrpt")
      ->type_name("KIND FILE");
  diff->add_flag("--no-shipped", request->no_shipped,
                 "run only the --inputs and --workload inputs, not corpus/ and fixtures/");
  diff->add_flag("--update", request->update,
                 "rewrite the snapshots from the new side (after printing what changed)");
  diff->add_flag("--json", request->json, "print the report as JSON");
  diff->add_option("--root", request->root,
                   "the checkout with corpus/, fixtures/ and snapshots/ (default: the data "
                   "directory, see --data-dir; with --update or a revision: the source checkout "
                   "holding the current directory, never the data directory)")
      ->type_name("DIR");
  diff->add_option("--snapshots", request->snapshots,
                   "the snapshot directory (default ROOT/snapshots)")
      ->type_name("DIR");
  diff->add_option("--rev-cache", request->rev_cache,
                   "keep each revision's built binary in DIR/<commit>/ and reuse it")
      ->type_name("DIR");
  diff->add_option("--jobs,-j", request->jobs, "shim processes (and compilations) in parallel")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  diff->add_option("--timeout", request->timeout_seconds, "seconds per input and side")
      ->capture_default_str()
      ->check(CLI::Range(1, 600));
  diff->add_option("--examples", request->examples,
                   "inputs shown in full per transition (0: all); the others by id")
      ->capture_default_str();
  diff->callback([request, &chosen] { chosen = [request] { return run_diff(*request); }; });
}

}  // namespace mtasts::cli::diff
