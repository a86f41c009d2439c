// SPDX-License-Identifier: Apache-2.0
// Building the matrix; see matrix.h. Every test of every index gets a cell for every
// implementation: a test an implementation's run did not reach shows as NOT_RUN.
#include "mtasts/conformance/matrix.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "mtasts/conformance/html_page.h"
#include "mtasts/observation/printable_text.h"

namespace mtasts::conformance {
namespace {

// The engine this project ships: the column every other is read against.
constexpr std::string_view reference_impl = "mtasts";
// Test names a pruned group shows before its "all N" list.
constexpr std::size_t sample_names = 3;

struct cell {
  std::string status = "NOT_RUN";
  std::string reason;  // the first one
  bool unexpected = false;
};

struct test_info {
  std::string name, level, result, file, comment, effect, anchor;
  std::string row;  // the id of its row in "Every test" (its own, or its group's)
  std::vector<std::string> requirements;
};

struct requirement {
  std::string text, section, level;
};

// Counts for the scorecard; "should" holds SHOULD and MAY tests.
struct score {
  std::uint64_t must_ran = 0, must_ok = 0, should_ran = 0, should_ok = 0;
  std::map<status_kind, std::uint64_t> by_kind;
  std::uint64_t unimplemented = 0, disabled = 0, not_run = 0;
};

struct table {
  std::vector<std::string> impls, versions;
  std::vector<test_info> tests;          // in first-seen (fixture) order
  std::vector<std::vector<cell>> cells;  // [test][impl]
  std::vector<score> scores;             // [impl]
  std::map<std::string, requirement> requirements;
  std::set<std::string> mtasts_versions, digests, strictness;
  std::string date;  // the latest run's
  std::uint64_t suite_tests = 0;
};

// Indexes are files another run wrote, read as untrusted: fields of the wrong type read as
// absent, and every string is made printable (and escaped where it is written).
table collect(const std::vector<json>& unordered) {
  std::vector<const json*> indexes;
  indexes.reserve(unordered.size());
  for (const json& index : unordered) indexes.push_back(&index);
  std::stable_sort(indexes.begin(), indexes.end(), [](const json* a, const json* b) {
    const std::string na = text_of(*a, "impl", "?"), nb = text_of(*b, "impl", "?");
    return std::make_pair(na != reference_impl, na) < std::make_pair(nb != reference_impl, nb);
  });

  table t;
  std::map<std::string, std::size_t> row_of;
  std::map<std::string, std::size_t> anchor_uses;
  for (std::size_t i = 0; i < indexes.size(); ++i) {
    const json& index = *indexes[i];
    t.impls.push_back(text_of(index, "impl", "?"));
    t.versions.push_back(text_of(index, "impl_version"));
    if (const std::string v = text_of(index, "mtasts_version"); !v.empty())
      t.mtasts_versions.insert(v);
    t.date = std::max(t.date, text_of(index, "date"));
    const json suite = index.is_object() ? index.value("suite", json()) : json();
    if (const std::string d = text_of(suite, "digest"); !d.empty()) t.digests.insert(d);
    if (suite.is_object() && suite.contains("strict") && suite["strict"].is_boolean())
      t.strictness.insert(suite["strict"].get<bool>() ? "strict" : "not strict");
    t.suite_tests = std::max(t.suite_tests, count_of(suite, "tests"));
    if (index.is_object() && index.contains("requirements") && index["requirements"].is_object()) {
      for (const auto& [id, r] : index["requirements"].items()) {
        requirement& known = t.requirements[observation::printable_text(id)];
        if (known.text.empty())
          known = {text_of(r, "text"), text_of(r, "section"), text_of(r, "level")};
      }
    }
    const auto tests = index.is_object() ? index.find("tests") : index.end();
    if (tests == index.end() || !tests->is_array()) continue;
    for (const json& test : *tests) {
      const std::string name = text_of(test, "name");
      auto [at, added] = row_of.try_emplace(name, t.tests.size());
      if (added) {
        test_info info{name,
                       text_of(test, "level"),
                       text_of(test, "result"),
                       text_of(test, "file"),
                       text_of(test, "comment"),
                       text_of(test, "effect"),
                       html_anchor_id("t", name),
                       {},
                       strings_of(test, "requirements")};
        // Names that differ only in the characters an id cannot hold get ".2", ".3", ...:
        // '.' is in no base id, so a suffixed id never meets another test's.
        if (const std::size_t seen = anchor_uses[info.anchor]++; seen > 0)
          info.anchor += "." + std::to_string(seen + 1);
        t.tests.push_back(std::move(info));
        t.cells.emplace_back(indexes.size());
      }
      cell& c = t.cells[at->second][i];
      c.status = text_of(test, "status", "?");
      const std::vector<std::string> reasons = strings_of(test, "reasons");
      c.reason = reasons.empty() ? "" : reasons.front();
      const std::string expected = text_of(test, "expected");
      c.unexpected = !expected.empty() && expected != c.status;
    }
  }

  t.scores.resize(t.impls.size());
  for (std::size_t r = 0; r < t.tests.size(); ++r) {
    const bool must = t.tests[r].level == "MUST";
    for (std::size_t i = 0; i < t.impls.size(); ++i) {
      score& s = t.scores[i];
      const std::string& status = t.cells[r][i].status;
      const status_kind kind = style_of(status).kind;
      if (status == "UNIMPLEMENTED") ++s.unimplemented;
      if (status == "DISABLED") ++s.disabled;
      if (status == "NOT_RUN") ++s.not_run;
      if (kind == status_kind::skipped) continue;
      ++s.by_kind[kind];
      const bool ok = kind == status_kind::pass || kind == status_kind::acceptable;
      (must ? s.must_ran : s.should_ran) += 1;
      (must ? s.must_ok : s.should_ok) += ok ? 1 : 0;
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

std::string joined(const std::set<std::string>& values) {
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

std::string rate_text(std::uint64_t ok, std::uint64_t ran) {
  const int rate = rate_percent(ok, ran);
  if (rate < 0) return "none ran";
  return std::to_string(ok) + "/" + std::to_string(ran) + " (" + std::to_string(rate) + "%)";
}

std::uint64_t kind_count(const score& s, status_kind kind) {
  const auto it = s.by_kind.find(kind);
  return it == s.by_kind.end() ? 0 : it->second;
}

std::string impl_label(const table& t, std::size_t i) {
  return t.versions[i].empty() ? t.impls[i] : t.impls[i] + " " + t.versions[i];
}

// Groups of tests (row numbers) with identical rows of statuses, largest first.
std::vector<std::vector<std::size_t>> pruned(const table& t) {
  std::map<std::vector<std::string>, std::vector<std::size_t>> groups;
  for (std::size_t r = 0; r < t.tests.size(); ++r) {
    std::vector<std::string> row;
    for (const cell& c : t.cells[r]) row.push_back(c.status);
    groups[row].push_back(r);
  }
  std::vector<std::vector<std::size_t>> out;
  out.reserve(groups.size());
  for (auto& [row, rows] : groups) out.push_back(std::move(rows));
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.size() > b.size(); });
  return out;
}

bool all_agree(const std::vector<cell>& row) {
  return std::all_of(row.begin(), row.end(),
                     [&](const cell& c) { return c.status == row.front().status; });
}

// The deviation columns of the scorecard, in order.
constexpr status_kind deviation_kinds[] = {status_kind::accepts_invalid, status_kind::rejects_valid,
                                           status_kind::wrong_error, status_kind::crash};

void html_header(std::ostringstream& out, const table& t) {
  out << "<header><h1>MTA-STS conformance matrix</h1><dl class=\"meta\">";
  auto item = [&](const char* term, const std::string& value) {
    if (!value.empty())
      out << "<div><dt>" << term << "</dt><dd>" << html_escape(value) << "</dd></div>";
  };
  item("mtasts", joined(t.mtasts_versions));
  item("date", t.date);
  if (t.digests.size() == 1) {
    // "sha256:" and 12 hex digits identify a suite; the whole digest is in the title. Only
    // ASCII is cut, so a character is never split.
    const std::string& digest = *t.digests.begin();
    const bool ascii = std::all_of(digest.begin(), digest.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    const bool cut = ascii && digest.size() > 19;
    out << "<div><dt>suite</dt><dd><code title=\"" << html_escape(digest) << "\">"
        << html_escape(cut ? digest.substr(0, 19) + "\u2026" : digest) << "</code></dd></div>";
  }
  item("runs", joined(t.strictness));
  out << "<div><dt>tests</dt><dd>" << t.tests.size() << "</dd></div><div><dt>implementations"
      << "</dt><dd>" << t.impls.size() << "</dd></div></dl></header>\n";
  if (t.digests.size() > 1) {
    out << "<p class=\"note\">These runs used different suites (digests "
        << html_escape(joined(t.digests))
        << "): their columns are not comparable test by test.</p>\n";
  }
}

void html_scorecard(std::ostringstream& out, const table& t) {
  out << "<h2 id=\"scorecard\">Summary</h2>\n<table id=\"summary\" class=\"scorecard\"><thead><tr>"
         "<th>implementation</th><th class=\"num\">MUST conformant/ran</th>"
         "<th class=\"num\">SHOULD/MAY conformant/ran</th>";
  for (const status_kind kind : deviation_kinds) {
    out << "<th class=\"num\">" << html_escape(kind_name(kind)) << "</th>";
  }
  out << "<th class=\"num\">unimplemented</th><th class=\"num\">disabled</th>"
         "<th class=\"num\">not run</th></tr></thead><tbody>\n";
  auto count_cell = [&](std::uint64_t n, status_kind kind) {
    if (n == 0) {
      out << "<td class=\"num zero\">0</td>";
    } else {
      out << "<td class=\"num " << kind_class(kind) << "\">" << n << "</td>";
    }
  };
  for (std::size_t i = 0; i < t.impls.size(); ++i) {
    const score& s = t.scores[i];
    out << "<tr><th>" << html_escape(t.impls[i]);
    if (!t.versions[i].empty())
      out << " <span class=\"muted small\">" << html_escape(t.versions[i]) << "</span>";
    out << "</th>" << html_rate_cell(s.must_ok, s.must_ran)
        << html_rate_cell(s.should_ok, s.should_ran);
    for (const status_kind kind : deviation_kinds) count_cell(kind_count(s, kind), kind);
    count_cell(s.unimplemented, status_kind::skipped);
    count_cell(s.disabled, status_kind::skipped);
    count_cell(s.not_run, status_kind::skipped);
    out << "</tr>\n";
  }
  out << "</tbody></table>\n";
}

void html_matrix_head(std::ostringstream& out, const table& t, const char* first) {
  out << "<table class=\"matrix\"><colgroup><col class=\"name\">";
  for (std::size_t i = 0; i < t.impls.size(); ++i) out << "<col>";
  out << "</colgroup><thead><tr><th class=\"name\">" << first << "</th>";
  for (std::size_t i = 0; i < t.impls.size(); ++i) {
    out << "<th title=\"" << html_escape(impl_label(t, i)) << "\">" << html_escape(t.impls[i])
        << "</th>";
  }
  out << "</tr></thead><tbody>\n";
}

std::string test_link(const test_info& test) {
  return "<a href=\"#" + test.anchor + "\">" + html_escape(test.name) + "</a>";
}

// A pruned group's first cell: how many, a few names, then all of them on demand.
void html_group_names(std::ostringstream& out, const table& t, const std::vector<std::size_t>& rows,
                      const std::string& what) {
  out << "<td class=\"name\"><b>" << rows.size() << "</b> " << what;
  out << "<div class=\"small\">";
  for (std::size_t k = 0; k < std::min(rows.size(), sample_names); ++k)
    out << (k ? ", " : "e.g. ") << test_link(t.tests[rows[k]]);
  out << "</div>";
  if (rows.size() > sample_names) {
    out << "<details><summary class=\"small\">all " << rows.size()
        << "</summary><div class=\"small\">";
    for (std::size_t k = 0; k < rows.size(); ++k)
      out << (k ? ", " : "") << test_link(t.tests[rows[k]]);
    out << "</div></details>";
  }
  out << "</td>";
}

void html_patterns(std::ostringstream& out, const table& t) {
  out << "<h2 id=\"patterns\">Patterns</h2><p class=\"muted small\">Tests grouped by identical "
         "rows of statuses, largest group first.</p>\n";
  html_matrix_head(out, t, "tests");
  for (const std::vector<std::size_t>& rows : pruned(t)) {
    out << "<tr>";
    html_group_names(out, t, rows, rows.size() == 1 ? "test" : "tests");
    for (std::size_t i = 0; i < t.impls.size(); ++i)
      out << html_status_cell(t.cells[rows.front()][i].status);
    out << "</tr>\n";
  }
  out << "</tbody></table>\n";
}

// Each test's row in "Every test": its own when implementations differ on it, else the
// row of its group. Filled before the table is written, so details can link back to it.
struct every_test_layout {
  std::map<std::string, std::vector<std::size_t>> agreed;  // status → rows
  std::vector<std::size_t> differing;
};

every_test_layout layout_of(table& t) {
  every_test_layout layout;
  for (std::size_t r = 0; r < t.tests.size(); ++r) {
    if (t.impls.size() > 1 && all_agree(t.cells[r])) {
      layout.agreed[t.cells[r].front().status].push_back(r);
    } else {
      layout.differing.push_back(r);
      t.tests[r].row = "r" + t.tests[r].anchor.substr(1);
    }
  }
  std::size_t group = 0;
  for (const auto& [status, rows] : layout.agreed) {
    const std::string id = "agreed-" + std::to_string(++group);
    for (const std::size_t r : rows) t.tests[r].row = id;
  }
  return layout;
}

void html_every_test(std::ostringstream& out, const table& t, const every_test_layout& layout) {
  out << "<h2 id=\"tests\">Every test</h2><p class=\"muted small\">Tests on which every "
         "implementation has the same status are grouped first; then each other test, in suite "
         "order. Hover a cell for its first reason; click a test for every reason.</p>\n";
  html_matrix_head(out, t, "test");
  for (const auto& [status, rows] : layout.agreed) {
    out << "<tr class=\"agreed\" id=\"" << t.tests[rows.front()].row << "\">";
    html_group_names(
        out, t, rows,
        std::string("tests: every implementation ") + std::string(style_of(status).code));
    for (std::size_t i = 0; i < t.impls.size(); ++i) out << html_status_cell(status);
    out << "</tr>\n";
  }
  for (const std::size_t r : layout.differing) {
    const test_info& test = t.tests[r];
    out << "<tr id=\"" << test.row << "\"><td class=\"name\">" << test_link(test);
    if (test.level != "MUST" && !test.level.empty())
      out << "<span class=\"tag\">" << html_escape(test.level) << "</span>";
    out << "</td>";
    for (std::size_t i = 0; i < t.impls.size(); ++i) {
      const cell& c = t.cells[r][i];
      out << html_status_cell(c.status, c.reason, c.unexpected);
    }
    out << "</tr>\n";
  }
  out << "</tbody></table>\n";
}

void html_details(std::ostringstream& out, const table& t) {
  out << "<h2 id=\"details\">Test details</h2>\n";
  for (std::size_t r = 0; r < t.tests.size(); ++r) {
    const test_info& test = t.tests[r];
    out << "<section class=\"test\" id=\"" << test.anchor << "\"><h3><a href=\"#" << test.anchor
        << "\">" << html_escape(test.name) << "</a>";
    for (const std::string* tag : {&test.level, &test.result}) {
      if (!tag->empty()) out << "<span class=\"tag\">" << html_escape(*tag) << "</span>";
    }
    out << " <a class=\"small\" href=\"#" << test.row << "\" title=\"its row in the matrix\">"
        << "\u2191 matrix</a></h3>";
    if (!test.file.empty())
      out << "<div class=\"small muted mono\">" << html_escape(test.file) << "</div>";
    if (!test.comment.empty())
      out << "<p class=\"comment\">" << html_escape(test.comment) << "</p>";
    if (!test.effect.empty())
      out << "<p><b>Effect of a deviation:</b> " << html_escape(test.effect) << "</p>";
    if (!test.requirements.empty()) {
      out << "<ul class=\"reqs small\">";
      for (const std::string& id : test.requirements) {
        out << "<li><code>" << html_escape(id) << "</code>";
        const auto known = t.requirements.find(id);
        if (known != t.requirements.end()) {
          const requirement& q = known->second;
          if (!q.section.empty()) out << " " << html_escape(q.section);
          if (!q.level.empty()) out << " <span class=\"tag\">" << html_escape(q.level) << "</span>";
          if (!q.text.empty()) out << " \u2014 " << html_escape(q.text);
        }
        out << "</li>";
      }
      out << "</ul>";
    }
    // Implementations with the same status and reason share a line.
    std::vector<std::pair<const cell*, std::vector<std::size_t>>> lines;
    for (std::size_t i = 0; i < t.impls.size(); ++i) {
      const cell& c = t.cells[r][i];
      auto same = std::find_if(lines.begin(), lines.end(), [&](const auto& line) {
        return line.first->status == c.status && line.first->reason == c.reason &&
               line.first->unexpected == c.unexpected;
      });
      if (same == lines.end()) {
        lines.push_back({&c, {i}});
      } else {
        same->second.push_back(i);
      }
    }
    out << "<table class=\"detail\"><tbody>";
    for (const auto& [c, impls] : lines) {
      out << "<tr>" << html_status_cell(c->status, {}, c->unexpected) << "<td class=\"impls\">";
      for (std::size_t k = 0; k < impls.size(); ++k)
        out << (k ? ", " : "") << html_escape(t.impls[impls[k]]);
      out << "</td><td class=\"reason mono\">" << html_escape(c->reason) << "</td></tr>";
    }
    out << "</tbody></table></section>\n";
  }
}

// Layout of the matrix only (the palette is shared): it fits 1366 px with ten columns.
constexpr const char* matrix_style = R"css(
table.matrix{table-layout:fixed;margin-bottom:8px}
table.matrix col.name{width:32%}
table.matrix thead th{position:sticky;top:0;z-index:2;font-size:11.5px;line-height:1.2;
vertical-align:bottom;overflow-wrap:anywhere;padding:4px 3px;text-align:center}
table.matrix th.name,table.matrix td.name{position:sticky;left:0;z-index:1;background:#fff;
text-align:left;font-size:12.5px;border-right:1px solid var(--line)}
table.matrix thead th.name{z-index:3;background:#f6f7f9}
table.matrix td.st{font-size:12px;line-height:1.5}
table.matrix tr:hover td.name{background:#f1f5fb}
table.matrix tr.agreed td.name{background:#fafbfc}
table.scorecard th,table.scorecard td{padding:4px 8px}
table.scorecard tbody th{font-weight:600}
section.test{padding:8px 0;border-bottom:1px solid var(--line)}
section.test:target,table.matrix tr:target td.name{background:#fffbe6}
section.test p{margin:4px 0}
ul.reqs{margin:4px 0;padding-left:18px}
table.detail{width:100%;table-layout:fixed;margin-top:4px}
table.detail td.st{width:44px}table.detail td.impls{width:26%;font-size:12.5px}
table.detail td.reason{font-size:12px;color:#333}
)css";

}  // namespace

std::string matrix_markdown(const std::vector<json>& indexes) {
  const table t = collect(indexes);
  std::ostringstream out;
  out << "# Conformance matrix\n\n"
      << t.tests.size() << " tests × " << t.impls.size()
      << " implementations. Statuses: conformance/PROTOCOL.md.\n";
  std::string about;
  if (!t.mtasts_versions.empty()) about += " mtasts " + md_cell(joined(t.mtasts_versions)) + ".";
  if (!t.date.empty()) about += " Date " + md_cell(t.date) + ".";
  if (!t.digests.empty()) about += " Suite " + md_cell(joined(t.digests)) + ".";
  if (!t.strictness.empty()) about += " Runs " + md_cell(joined(t.strictness)) + ".";
  if (!about.empty()) out << about.substr(1) << "\n";
  out << "\n## Summary\n\n| implementation | MUST conformant/ran | SHOULD/MAY conformant/ran |";
  for (const status_kind kind : deviation_kinds) out << " " << kind_name(kind) << " |";
  out << " unimplemented | disabled | not run |\n|---|---|---|---|---|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < t.impls.size(); ++i) {
    const score& s = t.scores[i];
    out << "| " << md_cell(impl_label(t, i)) << " | " << rate_text(s.must_ok, s.must_ran) << " | "
        << rate_text(s.should_ok, s.should_ran) << " |";
    for (const status_kind kind : deviation_kinds) out << " " << kind_count(s, kind) << " |";
    out << " " << s.unimplemented << " | " << s.disabled << " | " << s.not_run << " |\n";
  }
  out << "\nAccepts invalid: SHOULD_HAVE_FAILED; rejects valid: SHOULD_HAVE_PASSED; "
         "crash/timeout: CRASH or TIMEOUT; unimplemented: UNIMPLEMENTED (a capability not "
         "declared).\n\n## Status counts\n\n| status |";
  for (const std::string& impl : t.impls) out << " " << md_cell(impl) << " |";
  out << "\n|---|";
  for (std::size_t i = 0; i < t.impls.size(); ++i) out << "---|";
  out << "\n";
  constexpr const char* statuses[] = {"PASS",
                                      "ACCEPTABLE_PASS",
                                      "ACCEPTABLE_FAIL",
                                      "SHOULD_HAVE_PASSED",
                                      "SHOULD_HAVE_FAILED",
                                      "WRONG_ERROR",
                                      "CRASH",
                                      "TIMEOUT",
                                      "UNIMPLEMENTED",
                                      "DISABLED"};
  for (const char* s : statuses) {
    out << "| " << s << " |";
    for (std::size_t i = 0; i < t.impls.size(); ++i) {
      std::size_t n = 0;
      for (const auto& row : t.cells) n += row[i].status == s ? 1 : 0;
      out << " " << n << " |";
    }
    out << "\n";
  }
  auto table_head = [&](const char* first) {
    out << "| " << first << " |";
    for (const std::string& impl : t.impls) out << " " << md_cell(impl) << " |";
    out << "\n|---|";
    for (std::size_t i = 0; i < t.impls.size(); ++i) out << "---|";
    out << "\n";
  };
  out << "\n## Pruned: tests grouped by identical rows\n\n";
  table_head("tests");
  for (const std::vector<std::size_t>& rows : pruned(t)) {
    out << "| " << rows.size() << ": ";
    for (std::size_t k = 0; k < std::min(rows.size(), sample_names); ++k)
      out << (k ? ", " : "") << md_cell(t.tests[rows[k]].name);
    if (rows.size() > sample_names) out << " …";
    out << " |";
    for (const cell& c : t.cells[rows.front()]) out << " " << md_cell(c.status) << " |";
    out << "\n";
  }
  out << "\n## Every test\n\n| test | level |";
  for (const std::string& impl : t.impls) out << " " << md_cell(impl) << " |";
  out << "\n|---|---|";
  for (std::size_t i = 0; i < t.impls.size(); ++i) out << "---|";
  out << "\n";
  for (std::size_t r = 0; r < t.tests.size(); ++r) {
    out << "| " << md_cell(t.tests[r].name) << " | " << md_cell(t.tests[r].level) << " |";
    for (const cell& c : t.cells[r]) out << " " << md_cell(c.status) << " |";
    out << "\n";
  }
  return out.str();
}

std::string matrix_html(const std::vector<json>& indexes) {
  table t = collect(indexes);
  const every_test_layout layout = layout_of(t);
  std::ostringstream out;
  out << html_page_begin("MTA-STS conformance matrix", matrix_style);
  html_header(out, t);
  html_scorecard(out, t);
  out << html_legend();
  html_every_test(out, t, layout);
  html_patterns(out, t);
  html_details(out, t);
  out << html_page_end();
  return out.str();
}

}  // namespace mtasts::conformance
