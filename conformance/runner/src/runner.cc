// SPDX-License-Identifier: Apache-2.0
// The conformance run: load, filter, run, compare, judge against expectations.
#include "mtasts/conformance/runner.h"

#include <fnmatch.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "mtasts/conformance/compare.h"
#include "mtasts/conformance/json_file.h"
#include "mtasts/observation/printable_text.h"

namespace mtasts::conformance {
namespace {

using observation::printable_prefix;

constexpr std::pair<test_status, std::string_view> status_names[] = {
    {test_status::pass, "PASS"},
    {test_status::should_have_passed, "SHOULD_HAVE_PASSED"},
    {test_status::should_have_failed, "SHOULD_HAVE_FAILED"},
    {test_status::wrong_error, "WRONG_ERROR"},
    {test_status::acceptable_pass, "ACCEPTABLE_PASS"},
    {test_status::acceptable_fail, "ACCEPTABLE_FAIL"},
    {test_status::crash, "CRASH"},
    {test_status::timeout, "TIMEOUT"},
    {test_status::unimplemented, "UNIMPLEMENTED"},
    {test_status::disabled, "DISABLED"}};

bool glob_any(const std::vector<std::string>& globs, const std::string& name) {
  for (const std::string& g : globs) {
    if (fnmatch(g.c_str(), name.c_str(), 0) == 0) return true;
  }
  return false;
}

std::vector<difference> step_differences(const subject& subj, const test_case& t, std::size_t i,
                                         const json& expected, json obs) {
  json exp = expected;
  subj.adapt(t, i, exp, obs);
  return compare_observation(exp, obs);
}

// Why a test does not run at all: a DisabledTests entry, or capabilities the subject did not
// declare (all of them named, for the run's summary line).
std::optional<test_result> not_run(const subject& subj, const test_case& t,
                                   const shim_config* config) {
  test_result r;
  r.test = &t;
  if (config) {
    if (const std::optional<std::string> why = config->disabled(t.name)) {
      r.status = test_status::disabled;
      r.reasons.push_back(*why);
      return r;
    }
  }
  const std::set<capability> caps = subj.capabilities();
  for (const capability need : t.requires_caps) {
    if (!caps.count(need)) r.undeclared.emplace_back(capabilities.name(need));
  }
  if (r.undeclared.empty()) return std::nullopt;
  r.status = test_status::unimplemented;
  std::string why = "needs capability";
  for (const std::string& c : r.undeclared) why += " " + c;
  r.reasons.push_back(why + " (not declared)");
  return r;
}

// The error tokens or messages the subject reported, for the reports.
std::vector<std::string> reported_errors(const std::vector<json>& observations) {
  std::vector<std::string> reported;
  for (const json& obs : observations) {
    if (obs.contains("error") && obs["error"].is_object()) {
      const json& e = obs["error"];
      if (e.contains("token") && e["token"].is_string())
        reported.push_back(e["token"]);
      else if (e.contains("message") && e["message"].is_string())
        reported.push_back(e["message"]);
    }
    for (const char* list : {"events", "messages"}) {
      if (!obs.contains(list) || !obs[list].is_array()) continue;
      for (const json& e : obs[list]) {
        if (e.is_string()) reported.push_back(e.get<std::string>());
      }
    }
  }
  return reported;
}

test_status status_of(run_status s) {
  switch (s) {
    case run_status::unimplemented:
      return test_status::unimplemented;
    case run_status::crashed:
      return test_status::crash;
    case run_status::timed_out:
      return test_status::timeout;
    case run_status::ran:
      break;
  }
  return test_status::pass;
}

// Compares every step (an acceptable test's step may match one of its alternatives) and
// chooses the status from the differences found.
void compare_steps(const subject& subj, const test_case& t, std::vector<json>& observations,
                   test_result& r) {
  const json& steps = t.body["steps"];
  const bool acceptable = t.result == expected_result::acceptable;
  bool only_error_reports = true;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const json& step = steps[i];
    // The observation is used once and dropped, unless alternatives are compared after.
    const bool alternatives = acceptable && step.contains("alternatives");
    std::vector<difference> diffs = step_differences(
        subj, t, i, step["expect"], alternatives ? observations[i] : std::move(observations[i]));
    if (!diffs.empty() && alternatives) {
      for (std::size_t a = 0; a < step["alternatives"].size(); ++a) {
        if (step_differences(subj, t, i, step["alternatives"][a], observations[i]).empty()) {
          diffs.clear();
          r.alternative = a + 1;
          break;
        }
      }
    }
    for (const difference& d : diffs) {
      only_error_reports = only_error_reports && d.about_error_report();
      // Past the cap the differences still decide the status; keep_reportable counts them.
      r.reasons.push_back(r.reasons.size() < max_reasons_per_test
                              ? "step " + std::to_string(i) + " " + d.to_string()
                              : std::string());
    }
  }
  if (!r.reasons.empty()) {
    // An invalid test rejected for another reason is WRONG_ERROR; accepted, or different in
    // anything but the error reported, it SHOULD_HAVE_FAILED.
    if (t.result != expected_result::invalid) {
      r.status = test_status::should_have_passed;
    } else {
      r.status = only_error_reports ? test_status::wrong_error : test_status::should_have_failed;
    }
    return;
  }
  if (!acceptable) {
    r.status = test_status::pass;
    return;
  }
  r.status = r.alternative ? test_status::acceptable_fail : test_status::acceptable_pass;
}

// AcceptableFlags: the implementation declared which way it goes; hold it to that.
void hold_to_declared_way(const test_case& t, const shim_config* config, test_result& r) {
  if (t.result != expected_result::acceptable || !conformant(r.status)) return;
  const std::string way = config ? config->acceptable_way(t.flags) : "either";
  if ((way == "expect" && r.alternative) || (way == "alternative" && !r.alternative)) {
    r.reasons.push_back("AcceptableFlags declares \"" + way + "\" but the test matched " +
                        (r.alternative ? "an alternative" : "expect"));
    r.status = test_status::should_have_passed;
  }
}

// Where a subject's text enters the results: each line printable and at most
// max_reason_bytes, at most max_reasons_per_test lines, then a line saying how many more.
void keep_reportable(std::vector<std::string>& lines, const char* what) {
  const std::size_t total = lines.size();
  if (total > max_reasons_per_test) lines.resize(max_reasons_per_test);
  for (std::string& line : lines) line = printable_prefix(line, max_reason_bytes);
  if (total > max_reasons_per_test)
    lines.push_back("... and " + std::to_string(total - max_reasons_per_test) + " more " + what);
}

test_result judge_run(subject& subj, const test_case& t, const shim_config* config) {
  if (std::optional<test_result> skipped = not_run(subj, t, config)) return *skipped;
  test_result r;
  r.test = &t;
  subject_run run = subj.run(t);
  if (run.status != run_status::ran) {
    r.status = status_of(run.status);
    r.reasons.push_back(run.detail);
    return r;
  }
  r.reported = reported_errors(run.observations);
  if (run.observations.size() != t.actions.size()) {
    r.status = test_status::crash;
    r.reasons.push_back("reported " + std::to_string(run.observations.size()) +
                        " observations for " + std::to_string(t.actions.size()) + " steps");
    return r;
  }
  compare_steps(subj, t, run.observations, r);
  hold_to_declared_way(t, config, r);
  return r;
}

// One test, whatever happens in it: a subject that breaks the runner's expectations in a
// way no check foresaw fails its own test, never the run.
test_result judge(subject& subj, const test_case& t, const shim_config* config) {
  test_result r;
  try {
    r = judge_run(subj, t, config);
  } catch (const std::exception& e) {
    r = test_result{};
    r.test = &t;
    r.status = test_status::crash;
    r.reasons = {std::string("runner: ") + e.what()};
  }
  keep_reportable(r.reasons, "reasons");
  keep_reportable(r.reported, "reported errors");
  return r;
}

// Caps what the whole run keeps in reasons (max_kept_reason_bytes): past it, a test keeps a
// note instead. Shared by the workers.
class reason_allowance {
 public:
  void spend(test_result& r) {
    std::size_t bytes = 0;
    for (const std::string& s : r.reasons) bytes += s.size();
    for (const std::string& s : r.reported) bytes += s.size();
    if (kept_.fetch_add(bytes) + bytes <= max_kept_reason_bytes) return;
    r.reasons = {"(reasons left out: this run's reports already hold " +
                 std::to_string(max_kept_reason_bytes) + " bytes of reasons)"};
    r.reported.clear();
  }

 private:
  std::atomic<std::size_t> kept_{0};
};

}  // namespace

test_status default_expectation(const test_case& t) {
  return t.result == expected_result::acceptable ? test_status::acceptable_pass : test_status::pass;
}

test_status default_expectation(const test_result& r) {
  return r.undeclared.empty() ? default_expectation(*r.test) : test_status::unimplemented;
}

std::string_view to_string(test_status s) {
  for (const auto& [v, n] : status_names) {
    if (v == s) return n;
  }
  return "SHOULD_HAVE_PASSED";
}

bool conformant(test_status s) {
  return s == test_status::pass || s == test_status::acceptable_pass ||
         s == test_status::acceptable_fail;
}

std::optional<test_status> test_status_from(std::string_view s) {
  for (const auto& [v, n] : status_names) {
    if (n == s) return v;
  }
  return std::nullopt;
}

std::size_t run_summary::unexpected() const {
  std::size_t n = 0;
  for (const test_result& r : results) n += r.as_expected() ? 0 : 1;
  return n;
}

std::map<std::string, std::size_t> run_summary::undeclared() const {
  std::map<std::string, std::size_t> out;
  for (const test_result& r : results) {
    for (const std::string& c : r.undeclared) ++out[c];
  }
  return out;
}

std::size_t run_summary::ran() const {
  std::size_t n = 0;
  for (const test_result& r : results) n += r.skipped() ? 0 : 1;
  return n;
}

std::set<std::string> run_summary::flags() const {
  std::set<std::string> out;
  for (const fixture_file& f : files) {
    for (const test_case& t : f.tests) out.insert(t.flags.begin(), t.flags.end());
  }
  return out;
}

std::optional<expectations> load_expectations(const std::string& path, std::string& error) {
  const std::optional<json> read = read_json_file(path, error);
  if (!read) return std::nullopt;
  const json& doc = *read;
  if (!doc.is_object() || !doc.contains("tests") || !doc["tests"].is_object()) {
    error = path + ": expected {\"impl\": name, \"tests\": {name: {\"status\", \"reason\"}}}";
    return std::nullopt;
  }
  expectations e;
  e.impl = doc.value("impl", "");
  if (const auto caps = doc.find("capabilities"); caps != doc.end() && caps->is_array()) {
    e.capabilities.emplace();
    for (const json& c : *caps) {
      if (c.is_string()) e.capabilities->push_back(c.get<std::string>());
    }
  }
  for (const auto& [name, v] : doc["tests"].items()) {
    const std::optional<test_status> st =
        v.is_object() && v.contains("status") && v["status"].is_string()
            ? test_status_from(v["status"].get<std::string>())
            : std::nullopt;
    if (!st) {
      // NOLINTNEXTLINE(performance-inefficient-string-concatenation): runs once, then returns
      error = path + ": /tests/" + name +
              ": expected {\"status\": one of the statuses of conformance/PROTOCOL.md}";
      return std::nullopt;
    }
    e.tests[name] = {*st, v.value("reason", "")};
  }
  return e;
}

std::string render_expectations(const expectations& e) {
  json tests = json::object();
  for (const auto& [name, v] : e.tests) {
    json entry{{"status", std::string(to_string(v.first))}};
    if (!v.second.empty()) entry["reason"] = v.second;
    tests[name] = entry;
  }
  json doc{{"impl", e.impl}, {"tests", tests}};
  if (e.capabilities) doc["capabilities"] = *e.capabilities;
  return doc.dump(2) + "\n";
}

expectations merge_expectations(const expectations& before, const run_summary& s,
                                const std::string& impl,
                                std::optional<std::vector<std::string>> declared) {
  expectations merged = before;
  merged.impl = impl;
  if (declared) merged.capabilities = std::move(declared);
  for (const test_result& r : s.results) {
    merged.tests.erase(r.test->name);
    if (r.status == default_expectation(r)) continue;
    std::string reason = r.reasons.empty() ? std::string() : r.reasons.front();
    if (r.status == test_status::acceptable_fail && r.alternative) {
      // Which way the implementation went where the RFC is silent.
      reason = "matched alternative " + std::to_string(*r.alternative) + " (flags:";
      for (const std::string& f : r.test->flags) reason += " " + f;
      reason += ")";
    }
    merged.tests[r.test->name] = {r.status, reason};
  }
  return merged;
}

run_summary run_suite(subject& subj, const run_options& options, const expectations& expected) {
  const auto start = std::chrono::steady_clock::now();
  run_summary s;
  for (const std::string& path : find_fixture_files(options.paths)) {
    load_result loaded = load_fixture_file(path);
    s.errors.insert(s.errors.end(), loaded.errors.begin(), loaded.errors.end());
    if (loaded.errors.empty()) s.files.push_back(std::move(loaded.file));
  }
  std::set<std::string> seen;
  std::vector<const test_case*> selected;
  for (const fixture_file& f : s.files) {
    s.selected_from += f.tests.size();
    for (const test_case& t : f.tests) {
      if (!seen.insert(t.name).second) {
        s.errors.push_back(
            fixture_error{t.file, t.pointer + "/name", "duplicate test name \"" + t.name + "\""});
      }
      // --strict adds SHOULD-level tests; --test and --skip select by name glob.
      if ((options.only.empty() || glob_any(options.only, t.name)) &&
          !glob_any(options.skip, t.name) && (options.strict || t.level != test_level::should))
        selected.push_back(&t);
    }
  }
  // Workers take tests in order; results keep the fixture order whatever finishes first.
  s.results.resize(selected.size());
  std::atomic<std::size_t> next{0};
  reason_allowance allowance;
  std::mutex progress_mutex;
  std::size_t done = 0, unexpected = 0;
  auto work = [&] {
    for (std::size_t i = next++; i < selected.size(); i = next++) {
      const auto test_start = std::chrono::steady_clock::now();
      test_result r = judge(subj, *selected[i], options.config);
      r.seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - test_start).count();
      allowance.spend(r);
      if (options.loose_errors && r.status == test_status::wrong_error) {
        // Reported in every output as a loose pass; the reasons say which error it gave.
        r.status = test_status::pass;
        r.loose_error = true;
      }
      r.expected = default_expectation(r);
      if (const auto it = expected.tests.find(r.test->name); it != expected.tests.end()) {
        r.expected = it->second.first;
        r.expected_reason = it->second.second;
      }
      const bool as_expected = r.as_expected();
      s.results[i] = std::move(r);
      if (options.progress) {
        const std::lock_guard lock(progress_mutex);
        ++done;
        unexpected += as_expected ? 0 : 1;
        options.progress(done, selected.size(), unexpected);
      }
    }
  };
  const std::size_t jobs =
      std::max<std::size_t>(1, std::min<std::size_t>(options.jobs, selected.size()));
  std::vector<std::thread> workers;
  for (std::size_t j = 1; j < jobs; ++j) workers.emplace_back(work);
  work();
  for (std::thread& w : workers) w.join();
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return s;
}

}  // namespace mtasts::conformance
