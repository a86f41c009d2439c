// SPDX-License-Identifier: Apache-2.0
// Building the matrix; see matrix.h. Every test of every index gets a cell for every
// implementation: a test an implementation's run did not reach shows as NOT_RUN.
#include "mtasts/conformance/matrix.h"

#include <map>
#include <sstream>

#include "mtasts/observation/json_input.h"
#include "mtasts/observation/printable_text.h"

namespace mtasts::conformance {
namespace {

constexpr const char* statuses[] = {
    "PASS",        "ACCEPTABLE_PASS", "ACCEPTABLE_FAIL", "SHOULD_HAVE_PASSED", "SHOULD_HAVE_FAILED",
    "WRONG_ERROR", "CRASH",           "TIMEOUT",         "UNIMPLEMENTED",      "DISABLED"};

struct table {
  std::vector<std::string> impls;
  std::vector<std::string> tests;                          // in first-seen (fixture) order
  std::map<std::string, std::string> level;                // test → MUST/SHOULD/MAY
  std::map<std::string, std::vector<std::string>> row;     // test → status per impl
  std::map<std::string, std::vector<std::string>> reason;  // test → first reason per impl
};

// Indexes are files another run wrote, read as untrusted: fields of the wrong type read as
// absent, and every string is made printable.
table collect(const std::vector<json>& indexes) {
  using observation::printable_text;
  using observation::string_or;
  table t;
  for (const json& index : indexes)
    t.impls.push_back(printable_text(string_or(index, "impl", "?")));
  for (std::size_t i = 0; i < indexes.size(); ++i) {
    const auto tests = indexes[i].find("tests");
    if (tests == indexes[i].end() || !tests->is_array()) continue;
    for (const json& test : *tests) {
      const std::string name = printable_text(string_or(test, "name"));
      if (!t.row.count(name)) {
        t.tests.push_back(name);
        t.row[name] = std::vector<std::string>(indexes.size(), "NOT_RUN");
        t.reason[name] = std::vector<std::string>(indexes.size());
        t.level[name] = printable_text(string_or(test, "level"));
      }
      t.row[name][i] = printable_text(string_or(test, "status", "?"));
      const auto reasons = test.is_object() ? test.find("reasons") : test.end();
      if (reasons != test.end() && reasons->is_array() && !reasons->empty() &&
          reasons->front().is_string())
        t.reason[name][i] = printable_text(reasons->front().get<std::string>());
    }
  }
  return t;
}

std::string md_cell(std::string s) {
  for (char& c : s) {
    if (c == '|' || c == '\n') c = ' ';
  }
  return s;
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (const char c : s) {
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
        out += c;
    }
  }
  return out;
}

// Groups of tests with identical rows, largest first.
std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> pruned(const table& t) {
  std::map<std::vector<std::string>, std::vector<std::string>> groups;
  for (const std::string& name : t.tests) groups[t.row.at(name)].push_back(name);
  std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> out(groups.begin(),
                                                                                 groups.end());
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.second.size() > b.second.size(); });
  return out;
}

std::map<std::string, std::size_t> counts(const table& t, std::size_t impl) {
  std::map<std::string, std::size_t> c;
  for (const std::string& name : t.tests) ++c[t.row.at(name)[impl]];
  return c;
}

}  // namespace

std::string matrix_markdown(const std::vector<json>& indexes) {
  const table t = collect(indexes);
  std::ostringstream out;
  out << "# Conformance matrix\n\n"
      << t.tests.size() << " tests × " << t.impls.size()
      << " implementations. Statuses: conformance/PROTOCOL.md.\n\n## Summary\n\n| status |";
  for (const std::string& impl : t.impls) out << " " << md_cell(impl) << " |";
  out << "\n|---|";
  for (std::size_t i = 0; i < t.impls.size(); ++i) out << "---|";
  out << "\n";
  std::vector<std::map<std::string, std::size_t>> per_impl;
  for (std::size_t i = 0; i < t.impls.size(); ++i) per_impl.push_back(counts(t, i));
  for (const char* s : statuses) {
    out << "| " << s << " |";
    for (const auto& c : per_impl) out << " " << (c.count(s) ? c.at(s) : 0) << " |";
    out << "\n";
  }
  out << "\n## Pruned: tests grouped by identical rows\n\n| tests |";
  for (const std::string& impl : t.impls) out << " " << md_cell(impl) << " |";
  out << "\n|---|";
  for (std::size_t i = 0; i < t.impls.size(); ++i) out << "---|";
  out << "\n";
  for (const auto& [row, names] : pruned(t)) {
    out << "| " << names.size() << ": " << md_cell(names.front());
    if (names.size() > 1) out << " …";
    out << " |";
    for (const std::string& s : row) out << " " << s << " |";
    out << "\n";
  }
  out << "\n## Every test\n\n| test | level |";
  for (const std::string& impl : t.impls) out << " " << md_cell(impl) << " |";
  out << "\n|---|---|";
  for (std::size_t i = 0; i < t.impls.size(); ++i) out << "---|";
  out << "\n";
  for (const std::string& name : t.tests) {
    out << "| " << md_cell(name) << " | " << t.level.at(name) << " |";
    for (const std::string& s : t.row.at(name)) out << " " << s << " |";
    out << "\n";
  }
  return out.str();
}

std::string matrix_html(const std::vector<json>& indexes) {
  const table t = collect(indexes);
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<title>mtasts conformance matrix</title><style>"
         "body{font:14px sans-serif;margin:1em}table{border-collapse:collapse}"
         "td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}"
         ".PASS,.ACCEPTABLE_PASS{background:#cfc}.ACCEPTABLE_FAIL{background:#efe}"
         ".SHOULD_HAVE_PASSED,.SHOULD_HAVE_FAILED,.WRONG_ERROR{background:#fcc}"
         ".CRASH,.TIMEOUT{background:#f99}.UNIMPLEMENTED,.DISABLED,.NOT_RUN{background:#eee}"
         "</style></head><body>\n<h1>Conformance matrix</h1>\n<p>"
      << t.tests.size() << " tests &times; " << t.impls.size()
      << " implementations; hover a cell for the first reason.</p>\n";
  auto header = [&](const char* first) {
    out << "<tr><th>" << first << "</th>";
    for (const std::string& impl : t.impls) out << "<th>" << html_escape(impl) << "</th>";
    out << "</tr>\n";
  };
  out << "<h2>Pruned: tests grouped by identical rows</h2>\n<table>\n";
  header("tests");
  for (const auto& [row, names] : pruned(t)) {
    out << "<tr><td><details><summary>" << names.size() << " tests</summary>";
    for (const std::string& n : names) out << html_escape(n) << "<br>";
    out << "</details></td>";
    for (const std::string& s : row) out << "<td class=\"" << s << "\">" << s << "</td>";
    out << "</tr>\n";
  }
  out << "</table>\n<h2>Every test</h2>\n<table>\n";
  header("test");
  for (const std::string& name : t.tests) {
    out << "<tr><td>" << html_escape(name) << "</td>";
    const auto& row = t.row.at(name);
    for (std::size_t i = 0; i < row.size(); ++i) {
      out << "<td class=\"" << html_escape(row[i]) << "\" title=\""
          << html_escape(t.reason.at(name)[i]) << "\">" << html_escape(row[i]) << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</table>\n</body></html>\n";
  return out.str();
}

}  // namespace mtasts::conformance
