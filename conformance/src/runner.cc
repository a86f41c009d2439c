// The conformance run: load, filter, run, compare, judge against expectations.
#include "mtasts/conformance/runner.h"

#include <fnmatch.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "mtasts/conformance/compare.h"

namespace mtasts::conformance {
namespace {

constexpr std::pair<test_status, std::string_view> status_names[] = {
    {test_status::pass, "pass"},
    {test_status::fail, "fail"},
    {test_status::unimplemented, "unimplemented"},
    {test_status::skipped, "skipped"},
    {test_status::crashed, "crashed"},
    {test_status::timed_out, "timed_out"}};

bool glob_any(const std::vector<std::string>& globs, const std::string& name) {
  for (const std::string& g : globs) {
    if (fnmatch(g.c_str(), name.c_str(), 0) == 0) return true;
  }
  return false;
}

test_result judge(subject& subj, const test_case& t) {
  test_result r;
  r.test = &t;
  const std::set<std::string> caps = subj.capabilities();
  for (const std::string& need : t.requires_caps) {
    if (!caps.count(need)) {
      r.status = test_status::unimplemented;
      r.reasons.push_back("needs capability " + need);
      return r;
    }
  }
  const subject_run run = subj.run(t);
  switch (run.status) {
    case run_status::unimplemented:
      r.status = test_status::unimplemented;
      r.reasons.push_back(run.detail);
      return r;
    case run_status::crashed:
      r.status = test_status::crashed;
      r.reasons.push_back(run.detail);
      return r;
    case run_status::timed_out:
      r.status = test_status::timed_out;
      r.reasons.push_back(run.detail);
      return r;
    case run_status::ran:
      break;
  }
  const json& steps = t.body["steps"];
  if (run.observations.size() != steps.size()) {
    r.status = test_status::fail;
    r.reasons.push_back("reported " + std::to_string(run.observations.size()) +
                        " observations for " + std::to_string(steps.size()) + " steps");
    return r;
  }
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const json& step = steps[i];
    std::vector<std::string> diffs;
    compare_observation(step["expect"], run.observations[i], diffs);
    if (!diffs.empty() && t.result == "acceptable" && step.contains("alternatives")) {
      for (std::size_t a = 0; a < step["alternatives"].size(); ++a) {
        std::vector<std::string> alt_diffs;
        compare_observation(step["alternatives"][a], run.observations[i], alt_diffs);
        if (alt_diffs.empty()) {
          diffs.clear();
          r.alternative = a + 1;
          break;
        }
      }
    }
    for (const std::string& d : diffs) r.reasons.push_back("step " + std::to_string(i) + " " + d);
  }
  r.status = r.reasons.empty() ? test_status::pass : test_status::fail;
  return r;
}

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
          out += '?';
        } else {
          out += c;
        }
    }
  }
  return out;
}

}  // namespace

std::string_view to_string(test_status s) {
  for (const auto& [v, n] : status_names) {
    if (v == s) return n;
  }
  return "fail";
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

std::optional<expectations> load_expectations(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = path + ": cannot read";
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  const json doc = json::parse(text.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("tests") ||
      !doc["tests"].is_object()) {
    error = path + ": expected {\"impl\": name, \"tests\": {name: {\"status\", \"reason\"}}}";
    return std::nullopt;
  }
  expectations e;
  e.impl = doc.value("impl", "");
  for (const auto& [name, v] : doc["tests"].items()) {
    const std::optional<test_status> st =
        v.is_object() && v.contains("status") && v["status"].is_string()
            ? test_status_from(v["status"].get<std::string>())
            : std::nullopt;
    if (!st) {
      error = path + ": /tests/" + name +
              ": expected {\"status\": pass|fail|unimplemented|skipped|crashed|timed_out}";
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
  return json{{"impl", e.impl}, {"tests", tests}}.dump(2) + "\n";
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
  for (const fixture_file& f : s.files) {
    for (const test_case& t : f.tests) {
      if (!seen.insert(t.name).second) {
        s.errors.push_back(
            fixture_error{t.file, t.pointer + "/name", "duplicate test name \"" + t.name + "\""});
      }
      // --strict adds SHOULD-level tests; --test and --skip select by name glob.
      const bool selected = (options.only.empty() || glob_any(options.only, t.name)) &&
                            !glob_any(options.skip, t.name) &&
                            (options.strict || t.level != "SHOULD");
      if (!selected) continue;
      test_result r = judge(subj, t);
      if (const auto it = expected.tests.find(t.name); it != expected.tests.end()) {
        r.expected = it->second.first;
        r.expected_reason = it->second.second;
      }
      s.results.push_back(std::move(r));
    }
  }
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return s;
}

std::string text_report(const run_summary& s, const std::string& impl) {
  std::ostringstream out;
  std::map<test_status, std::size_t> counts;
  for (const fixture_error& e : s.errors) out << "FIXTURE ERROR " << e.to_string() << "\n";
  for (const test_result& r : s.results) {
    ++counts[r.status];
    if (r.as_expected()) continue;
    out << (r.status == test_status::pass ? "UNEXPECTED PASS " : "UNEXPECTED ")
        << to_string(r.status) << " " << r.test->name << " (" << r.test->file << " tcId "
        << r.test->tc_id << ")";
    if (r.expected != test_status::pass)
      out << " expected " << to_string(r.expected) << ": " << r.expected_reason;
    out << "\n";
    for (const std::string& why : r.reasons) out << "    " << why << "\n";
  }
  out << impl << ": " << s.results.size() << " tests in " << s.files.size() << " files, ";
  bool first = true;
  for (const auto& [st, n] : counts) {
    out << (first ? "" : ", ") << n << " " << to_string(st);
    first = false;
  }
  out << "; " << s.unexpected() << " unexpected, " << s.errors.size() << " fixture errors; "
      << static_cast<long long>(s.seconds * 1000) << " ms\n";
  return out.str();
}

std::string json_report(const run_summary& s, const std::string& impl) {
  json tests = json::array();
  for (const test_result& r : s.results) {
    json t{{"name", r.test->name},
           {"file", r.test->file},
           {"tcId", r.test->tc_id},
           {"level", r.test->level},
           {"result", r.test->result},
           {"requirements", r.test->requirements},
           {"status", std::string(to_string(r.status))},
           {"expected", std::string(to_string(r.expected))},
           {"reasons", r.reasons}};
    if (r.alternative) t["alternative"] = *r.alternative;
    tests.push_back(std::move(t));
  }
  json errors = json::array();
  for (const fixture_error& e : s.errors)
    errors.push_back(json{{"file", e.file}, {"pointer", e.pointer}, {"message", e.message}});
  return json{{"impl", impl},
              {"seconds", s.seconds},
              {"unexpected", s.unexpected()},
              {"fixture_errors", errors},
              {"tests", tests}}
             .dump(2) +
         "\n";
}

std::string junit_report(const run_summary& s, const std::string& impl) {
  std::ostringstream out;
  std::size_t failures = 0, skipped = 0;
  for (const test_result& r : s.results) {
    if (!r.as_expected()) ++failures;
    if (r.status == test_status::skipped || r.status == test_status::unimplemented) ++skipped;
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n<testsuite name=\""
      << xml_escape(impl) << "\" tests=\"" << s.results.size() << "\" failures=\"" << failures
      << "\" errors=\"" << s.errors.size() << "\" skipped=\"" << skipped << "\" time=\""
      << s.seconds << "\">\n";
  for (const test_result& r : s.results) {
    out << "  <testcase classname=\"" << xml_escape(r.test->file) << "\" name=\""
        << xml_escape(r.test->name) << "\">";
    if (!r.as_expected()) {
      std::string why;
      for (const std::string& x : r.reasons) why += x + "\n";
      out << "<failure message=\"" << to_string(r.status) << " (expected " << to_string(r.expected)
          << ")\">" << xml_escape(why) << "</failure>";
    } else if (r.status == test_status::unimplemented || r.status == test_status::skipped) {
      out << "<skipped/>";
    }
    out << "</testcase>\n";
  }
  for (const fixture_error& e : s.errors) {
    out << "  <testcase classname=\"fixtures\" name=\"" << xml_escape(e.file + e.pointer)
        << "\"><error message=\"" << xml_escape(e.message) << "\"/></testcase>\n";
  }
  out << "</testsuite>\n</testsuites>\n";
  return out.str();
}

}  // namespace mtasts::conformance
