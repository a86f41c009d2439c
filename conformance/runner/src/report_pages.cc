// SPDX-License-Identifier: Apache-2.0
// The report pages; see report_pages.h. Both pages render one model built from the
// document, so Markdown and HTML always say the same thing.
#include "mtasts/conformance/report_pages.h"

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>

#include "mtasts/conformance/html_page.h"
#include "mtasts/observation/printable_text.h"

namespace mtasts::conformance {
namespace {

struct tally {
  std::uint64_t tests = 0, ran = 0, conformant = 0;
};

// One line of a breakdown (a capability, an RFC section). `must` and `should` are there
// when the counts can be told apart (from the tests, or from the document).
struct breakdown_row {
  std::string name;
  tally all;
  std::optional<tally> must, should;
};

struct requirement {
  std::string id, text, section, level;
};

struct deviation {
  std::string name, level, result, status, expected, expected_reason, file, comment, effect;
  std::string tc_id;
  std::vector<std::string> reasons, reported;
  std::vector<requirement> requirements;
  bool known = false;
};

struct model {
  std::string impl, version, mtasts_version, date, digest, options;
  std::vector<std::string> levels, capabilities;
  std::optional<bool> strict;
  std::uint64_t suite_files = 0, suite_tests = 0;
  bool has_tests = false;
  tally must, should;
  std::uint64_t must_deviations = 0, should_deviations = 0, known = 0, unexpected = 0;
  std::uint64_t undeclared = 0, disabled = 0;
  std::map<std::string, std::uint64_t> by_status;
  std::vector<std::pair<std::string, std::uint64_t>> undeclared_capabilities;
  std::vector<breakdown_row> by_capability, by_section;
  std::vector<deviation> deviations;
  std::vector<std::string> fixture_errors;
};

const json& member(const json& object, const char* key) {
  static const json absent;
  if (!object.is_object()) return absent;
  const auto it = object.find(key);
  return it == object.end() ? absent : *it;
}

// The member as an array (or object): an empty one when absent or of another type.
const json& array_member(const json& object, const char* key) {
  static const json empty = json::array();
  const json& value = member(object, key);
  return value.is_array() ? value : empty;
}
const json& object_member(const json& object, const char* key) {
  static const json empty = json::object();
  const json& value = member(object, key);
  return value.is_object() ? value : empty;
}

tally tally_of(const json& object) {
  return {count_of(object, "tests"), count_of(object, "ran"), count_of(object, "conformant")};
}

// A breakdown as the document gives it: {name: {tests, ran, conformant[, must, should]}}.
std::vector<breakdown_row> breakdown_of(const json& object) {
  std::vector<breakdown_row> rows;
  if (!object.is_object()) return rows;
  for (const auto& [name, counts] : object.items()) {
    breakdown_row row{observation::printable_text(name), tally_of(counts), {}, {}};
    if (member(counts, "must").is_object()) row.must = tally_of(member(counts, "must"));
    if (member(counts, "should").is_object()) row.should = tally_of(member(counts, "should"));
    rows.push_back(std::move(row));
  }
  return rows;
}

bool is_must(const std::string& level) { return level == "MUST"; }

// "RFC 8461 §3.10" after "RFC 8461 §3.2": digits compare as numbers.
bool natural_less(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      std::size_t ei = i, ej = j;
      while (ei < a.size() && digit(a[ei])) ++ei;
      while (ej < b.size() && digit(b[ej])) ++ej;
      const std::string_view na = std::string_view(a).substr(i, ei - i);
      const std::string_view nb = std::string_view(b).substr(j, ej - j);
      const std::size_t la = na.find_first_not_of('0'), lb = nb.find_first_not_of('0');
      const std::string_view ta = la == std::string_view::npos ? "" : na.substr(la);
      const std::string_view tb = lb == std::string_view::npos ? "" : nb.substr(lb);
      if (ta.size() != tb.size()) return ta.size() < tb.size();
      if (ta != tb) return ta < tb;
      i = ei;
      j = ej;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

model build(const json& report) {
  model m;
  m.impl = text_of(report, "impl", "(unnamed implementation)");
  m.version = text_of(report, "impl_version");
  m.mtasts_version = text_of(report, "mtasts_version");
  m.date = text_of(report, "date");
  m.levels = strings_of(report, "impl_levels");
  m.capabilities = strings_of(report, "impl_capabilities");
  const json& suite = member(report, "suite");
  m.digest = text_of(suite, "digest");
  if (member(suite, "strict").is_boolean()) m.strict = member(suite, "strict").get<bool>();
  m.suite_files = count_of(suite, "files");
  m.suite_tests = count_of(suite, "tests");
  if (member(member(report, "options"), "loose_errors").is_boolean() &&
      member(member(report, "options"), "loose_errors").get<bool>())
    m.options = "loose errors (a wrong error token counts as a pass)";

  std::map<std::string, requirement> requirements;
  for (const auto& [id, r] : object_member(report, "requirements").items()) {
    const std::string key = observation::printable_text(id);
    requirements[key] =
        requirement{key, text_of(r, "text"), text_of(r, "section"), text_of(r, "level")};
  }

  // Counted from the tests when the document has them, so the verdict and the tables agree.
  std::map<std::string, breakdown_row> capability_rows;
  m.has_tests = member(report, "tests").is_array();
  for (const json& test : array_member(report, "tests")) {
    const std::string status = text_of(test, "status", "?");
    const std::string level = text_of(test, "level");
    const status_kind kind = style_of(status).kind;
    const bool skipped = kind == status_kind::skipped;
    const bool ok = kind == status_kind::pass || kind == status_kind::acceptable;
    ++m.by_status[status];
    if (status == "UNIMPLEMENTED") ++m.undeclared;
    if (status == "DISABLED") ++m.disabled;
    tally& level_tally = is_must(level) ? m.must : m.should;
    ++level_tally.tests;
    level_tally.ran += skipped ? 0 : 1;
    level_tally.conformant += ok ? 1 : 0;
    const std::string expected = text_of(test, "expected");
    if (!expected.empty() && expected != status) ++m.unexpected;
    for (const std::string& capability : strings_of(test, "capabilities")) {
      breakdown_row& row = capability_rows[capability];
      row.name = capability;
      if (!row.must) row.must = tally{}, row.should = tally{};
      for (tally* t : {&row.all, is_must(level) ? &*row.must : &*row.should}) {
        ++t->tests;
        t->ran += skipped ? 0 : 1;
        t->conformant += ok ? 1 : 0;
      }
    }
    if (!is_deviation(kind)) continue;
    ++(is_must(level) ? m.must_deviations : m.should_deviations);
    deviation d;
    d.name = text_of(test, "name");
    d.level = level;
    d.result = text_of(test, "result");
    d.status = status;
    d.expected = expected;
    d.expected_reason = text_of(test, "expected_reason");
    d.known = expected == status;
    m.known += d.known ? 1 : 0;
    d.file = text_of(test, "file");
    if (member(test, "tcId").is_number_integer()) d.tc_id = member(test, "tcId").dump();
    d.comment = text_of(test, "comment");
    d.effect = text_of(test, "effect");
    d.reasons = strings_of(test, "reasons");
    d.reported = strings_of(test, "reported");
    for (const std::string& id : strings_of(test, "requirements")) {
      const auto known = requirements.find(id);
      d.requirements.push_back(known != requirements.end() ? known->second
                                                           : requirement{id, {}, {}, {}});
    }
    m.deviations.push_back(std::move(d));
  }
  if (!m.has_tests) {
    const json& totals = member(report, "totals");
    m.must = tally_of(member(totals, "must"));
    m.should = tally_of(member(totals, "should"));
    m.must_deviations = m.must.ran - std::min(m.must.ran, m.must.conformant);
    m.should_deviations = m.should.ran - std::min(m.should.ran, m.should.conformant);
    m.undeclared = count_of(totals, "undeclared");
    m.known = count_of(totals, "known_deviations");
    m.unexpected = count_of(totals, "unexpected");
    if (member(totals, "by_status").is_object()) {
      for (const auto& [status, n] : member(totals, "by_status").items())
        m.by_status[observation::printable_text(status)] =
            n.is_number_unsigned() ? n.get<std::uint64_t>() : 0;
    }
  }
  // MUST first, the worst kind first (accepting invalid input weakens the policy), then
  // suite order.
  std::stable_sort(
      m.deviations.begin(), m.deviations.end(), [](const deviation& a, const deviation& b) {
        return std::make_pair(!is_must(a.level), static_cast<int>(style_of(a.status).kind)) <
               std::make_pair(!is_must(b.level), static_cast<int>(style_of(b.status).kind));
      });

  for (auto& [name, row] : capability_rows) m.by_capability.push_back(row);
  if (m.by_capability.empty()) m.by_capability = breakdown_of(member(report, "by_capability"));
  m.by_section = breakdown_of(member(report, "by_section"));
  std::stable_sort(
      m.by_section.begin(), m.by_section.end(),
      [](const breakdown_row& a, const breakdown_row& b) { return natural_less(a.name, b.name); });
  if (member(report, "undeclared_capabilities").is_object()) {
    for (const auto& [name, n] : member(report, "undeclared_capabilities").items())
      m.undeclared_capabilities.emplace_back(observation::printable_text(name),
                                             n.is_number_unsigned() ? n.get<std::uint64_t>() : 0);
    std::stable_sort(m.undeclared_capabilities.begin(), m.undeclared_capabilities.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
  }
  for (const json& e : array_member(report, "fixture_errors")) {
    m.fixture_errors.push_back(text_of(e, "file") + " " + text_of(e, "pointer") + ": " +
                               text_of(e, "message"));
  }
  return m;
}

enum class verdict_kind { conforms, deviates, nothing_ran };

verdict_kind verdict_of(const model& m) {
  if (m.must_deviations > 0) return verdict_kind::deviates;
  return m.must.ran == 0 ? verdict_kind::nothing_ran : verdict_kind::conforms;
}

std::string plural(std::uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string verdict_text(const model& m) {
  switch (verdict_of(m)) {
    case verdict_kind::deviates:
      return plural(m.must_deviations, "deviation", "deviations") + " from MUST";
    case verdict_kind::nothing_ran:
      return "No MUST test ran: nothing is certified";
    case verdict_kind::conforms:
      break;
  }
  return "Conforms to every MUST the suite tests";
}

// The line under the verdict: what it covers and what else the reader should know.
std::string verdict_detail(const model& m) {
  std::string out = std::to_string(m.must.ran) + " of " + std::to_string(m.must.tests) +
                    " MUST tests ran; " + plural(m.should_deviations, "deviation", "deviations") +
                    " from SHOULD/MAY";
  if (m.known > 0)
    out += "; " + plural(m.known, "deviation is", "deviations are") +
           " known (listed in the expectations)";
  if (m.unexpected > 0)
    out +=
        "; " + plural(m.unexpected, "result differs", "results differ") + " from the expectations";
  return out + ".";
}

std::string strict_text(const model& m) {
  if (!m.strict) return {};
  return *m.strict ? "strict (SHOULD tests count)" : "not strict (SHOULD tests reported only)";
}

std::string expected_text(const deviation& d) {
  if (d.result == "valid") return "accept: the input is valid";
  if (d.result == "invalid") return "reject: the input is invalid";
  if (d.result == "acceptable") return "one of the acceptable outcomes";
  return d.result;
}

std::string md_text(std::string s) {
  for (char& c : s) {
    if (c == '|' || c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

std::string tally_text(const tally& t) {
  const int rate = rate_percent(t.conformant, t.ran);
  if (rate < 0) return "none ran (of " + std::to_string(t.tests) + ")";
  return std::to_string(t.conformant) + "/" + std::to_string(t.ran) + " (" + std::to_string(rate) +
         "%)";
}

void md_breakdown(std::ostringstream& out, const std::vector<breakdown_row>& rows,
                  const char* what) {
  if (rows.empty()) return;
  const bool split =
      std::all_of(rows.begin(), rows.end(), [](const auto& r) { return r.must.has_value(); });
  out << "\n## By " << what << "\n\n| " << what << " |"
      << (split ? " MUST conformant/ran | SHOULD/MAY conformant/ran |" : " conformant/ran |")
      << " tests |\n|---|---|" << (split ? "---|" : "") << "---|\n";
  for (const breakdown_row& r : rows) {
    out << "| " << md_text(r.name) << " | ";
    if (split) {
      out << tally_text(*r.must) << " | " << tally_text(r.should.value_or(tally{})) << " | ";
    } else {
      out << tally_text(r.all) << " | ";
    }
    out << r.all.tests << " |\n";
  }
}

void html_breakdown(std::ostringstream& out, const std::vector<breakdown_row>& rows,
                    const char* what, const char* id) {
  if (rows.empty()) return;
  const bool split =
      std::all_of(rows.begin(), rows.end(), [](const auto& r) { return r.must.has_value(); });
  out << "<section class=\"half\"><h2 id=\"" << id << "\">By " << what
      << "</h2><table class=\"breakdown\"><thead><tr><th>" << what << "</th>"
      << (split ? "<th class=\"num\">MUST conformant/ran</th><th class=\"num\">SHOULD/MAY</th>"
                : "<th class=\"num\">conformant/ran</th>")
      << "<th class=\"num\">tests</th></tr></thead><tbody>\n";
  for (const breakdown_row& r : rows) {
    out << "<tr><td>" << html_escape(r.name) << "</td>";
    if (split) {
      out << html_rate_cell(r.must->conformant, r.must->ran);
      const tally should = r.should.value_or(tally{});
      out << html_rate_cell(should.conformant, should.ran);
    } else {
      out << html_rate_cell(r.all.conformant, r.all.ran);
    }
    out << "<td class=\"num\">" << r.all.tests << "</td></tr>\n";
  }
  out << "</tbody></table></section>\n";
}

constexpr const char* report_style = R"css(
header.cert{border:1px solid var(--line);border-top:6px solid #1d2430;border-radius:6px;
padding:14px 18px;margin-bottom:10px}
header.cert .kicker{margin:0;color:var(--muted);font-size:12px;letter-spacing:.06em;
text-transform:uppercase}
header.cert h1{font-size:26px}header.cert h1 .ver{font-weight:400;color:var(--muted)}
.scores{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}
.score{flex:1 1 200px;border:1px solid var(--line);border-radius:5px;padding:8px 12px}
.score .big{font-size:22px;font-weight:700}
.halves{display:flex;flex-wrap:wrap;gap:0 24px}.half{flex:1 1 540px;min-width:0}
table.breakdown td,table.breakdown th{padding:3px 8px}
.devlist{columns:2 360px;font-size:12.5px;padding-left:18px}
)css";

}  // namespace

std::string report_markdown(const json& report) {
  const model m = build(report);
  std::ostringstream out;
  out << "# Conformance report: " << md_text(m.impl);
  if (!m.version.empty()) out << " " << md_text(m.version);
  out << "\n\n**" << verdict_text(m) << ".** " << verdict_detail(m) << "\n\n";
  auto line = [&](const char* term, const std::string& value) {
    if (!value.empty()) out << "- " << term << ": " << md_text(value) << "\n";
  };
  line("mtasts", m.mtasts_version);
  line("suite", m.digest + (m.suite_tests ? " (" + std::to_string(m.suite_tests) + " tests in " +
                                                std::to_string(m.suite_files) + " files)"
                                          : ""));
  line("date", m.date);
  line("run", strict_text(m));
  line("options", m.options);
  std::string levels, declared;
  for (const std::string& l : m.levels) levels += (levels.empty() ? "" : ", ") + l;
  for (const std::string& c : m.capabilities) declared += (declared.empty() ? "" : ", ") + c;
  line("declared levels", levels);
  line("declared capabilities", declared);
  out << "\n| | conformant/ran |\n|---|---|\n| MUST | " << tally_text(m.must)
      << " |\n| SHOULD/MAY | " << tally_text(m.should) << " |\n";
  if (m.undeclared || m.disabled)
    out << "\nNot run: " << m.undeclared << " tests need a capability not declared, " << m.disabled
        << " are disabled by the configuration.\n";
  if (!m.undeclared_capabilities.empty()) {
    out << "\nUndeclared capabilities:";
    for (const auto& [name, n] : m.undeclared_capabilities)
      out << " " << md_text(name) << " (" << n << ")";
    out << ".\n";
  }
  md_breakdown(out, m.by_capability, "capability");
  md_breakdown(out, m.by_section, "section");
  out << "\n## Deviations (" << m.deviations.size() << ")\n";
  if (m.deviations.empty()) out << "\nNone.\n";
  for (const deviation& d : m.deviations) {
    out << "\n### " << md_text(d.name) << "\n\n- status: " << md_text(d.status) << " ("
        << style_of(d.status).meaning << "), level " << md_text(d.level) << "; "
        << (d.known ? "known deviation" : "unexpected") << "\n";
    for (const requirement& r : d.requirements) {
      out << "- requirement " << md_text(r.id);
      if (!r.section.empty()) out << ", " << md_text(r.section);
      if (!r.level.empty()) out << " (" << md_text(r.level) << ")";
      if (!r.text.empty()) out << ": " << md_text(r.text);
      out << "\n";
    }
    out << "- expected: " << md_text(expected_text(d));
    if (!d.expected.empty()) out << "; the expectations list " << md_text(d.expected);
    if (!d.expected_reason.empty()) out << " (" << md_text(d.expected_reason) << ")";
    out << "\n- observed: " << md_text(d.status);
    if (!d.reported.empty()) {
      out << "; reported";
      for (const std::string& token : d.reported) out << " `" << md_text(token) << "`";
    }
    out << "\n";
    for (const std::string& reason : d.reasons) out << "  - " << md_text(reason) << "\n";
    if (!d.effect.empty()) out << "- effect: " << md_text(d.effect) << "\n";
    if (!d.comment.empty()) out << "- fixture: " << md_text(d.comment) << "\n";
  }
  if (!m.fixture_errors.empty()) {
    out << "\n## Fixture errors (" << m.fixture_errors.size() << ")\n\n";
    for (const std::string& e : m.fixture_errors) out << "- " << md_text(e) << "\n";
  }
  return out.str();
}

std::string report_html(const json& report) {
  const model m = build(report);
  std::ostringstream out;
  out << html_page_begin(
      "Conformance report: " + m.impl + (m.version.empty() ? "" : " " + m.version), report_style);
  const verdict_kind verdict = verdict_of(m);
  out << "<header class=\"cert\"><p class=\"kicker\">MTA-STS (RFC 8461) conformance report</p><h1>"
      << html_escape(m.impl);
  if (!m.version.empty()) out << " <span class=\"ver\">" << html_escape(m.version) << "</span>";
  out << "</h1><p class=\"verdict "
      << (verdict == verdict_kind::conforms   ? "ok"
          : verdict == verdict_kind::deviates ? "bad"
                                              : "none")
      << "\">" << html_escape(verdict_text(m)) << "</p><p class=\"small\">"
      << html_escape(verdict_detail(m)) << "</p><dl class=\"meta\">";
  auto item = [&](const char* term, const std::string& value, bool code = false) {
    if (value.empty()) return;
    out << "<div><dt>" << term << "</dt><dd>" << (code ? "<code>" : "") << html_escape(value)
        << (code ? "</code>" : "") << "</dd></div>";
  };
  item("mtasts", m.mtasts_version);
  item("suite", m.digest, true);
  if (m.suite_tests)
    item("suite size",
         std::to_string(m.suite_tests) + " tests in " + std::to_string(m.suite_files) + " files");
  item("date", m.date);
  item("run", strict_text(m));
  item("options", m.options);
  std::string levels, declared;
  for (const std::string& l : m.levels) levels += (levels.empty() ? "" : ", ") + l;
  for (const std::string& c : m.capabilities) declared += (declared.empty() ? "" : ", ") + c;
  item("declared levels", levels);
  item("declared capabilities", declared);
  out << "</dl></header>\n";
  if (!m.fixture_errors.empty())
    out << "<p class=\"note\">The suite had " << m.fixture_errors.size()
        << " fixture errors (listed at the end): their tests did not run.</p>\n";

  out << "<div class=\"scores\" id=\"summary\">";
  auto score = [&](const char* what, const tally& t, std::uint64_t deviations) {
    const int rate = rate_percent(t.conformant, t.ran);
    out << "<div class=\"score\"><div class=\"small muted\">" << what << "</div><div class=\"big\">"
        << (rate < 0 ? std::string("none ran") : std::to_string(rate) + "%")
        << "</div><div class=\"small\">" << t.conformant << " conformant of " << t.ran << " run ("
        << t.tests << " tests); " << plural(deviations, "deviation", "deviations")
        << "</div></div>";
  };
  score("MUST", m.must, m.must_deviations);
  score("SHOULD/MAY", m.should, m.should_deviations);
  out << "<div class=\"score\"><div class=\"small muted\">not run</div><div class=\"big\">"
      << m.undeclared + m.disabled << "</div><div class=\"small\">" << m.undeclared
      << " need an undeclared capability; " << m.disabled << " disabled</div></div></div>\n";
  if (!m.by_status.empty()) {
    out << "<p class=\"small\">";
    for (const auto& [status, n] : m.by_status)
      out << html_status_badge(status) << " " << n << " &nbsp; ";
    out << "</p>\n";
  }
  if (!m.undeclared_capabilities.empty()) {
    out << "<p><b>Undeclared capabilities</b> (their tests did not run): ";
    bool first = true;
    for (const auto& [name, n] : m.undeclared_capabilities) {
      out << (first ? "" : ", ") << "<code>" << html_escape(name) << "</code> " << n;
      first = false;
    }
    out << ".</p>\n";
  }

  out << "<div class=\"halves\">";
  html_breakdown(out, m.by_capability, "capability", "by-capability");
  html_breakdown(out, m.by_section, "section", "by-section");
  out << "</div>\n";
  out << "<h2 id=\"deviations\">Deviations (" << m.deviations.size() << ")</h2>\n";
  if (m.deviations.empty()) out << "<p>None: every test that ran is conformant.</p>\n";
  std::vector<std::string> anchors;
  for (std::size_t k = 0; k < m.deviations.size(); ++k)
    anchors.push_back(html_anchor_id("d" + std::to_string(k), m.deviations[k].name));
  if (m.deviations.size() > 1) {
    out << "<ol class=\"devlist\">";
    for (std::size_t k = 0; k < m.deviations.size(); ++k) {
      out << "<li><span class=\"badge " << kind_class(style_of(m.deviations[k].status).kind)
          << "\">" << html_escape(style_of(m.deviations[k].status).code) << "</span> <a href=\"#"
          << anchors[k] << "\">" << html_escape(m.deviations[k].name) << "</a></li>";
    }
    out << "</ol>\n";
  }
  for (std::size_t k = 0; k < m.deviations.size(); ++k) {
    const deviation& d = m.deviations[k];
    out << "<article class=\"dev dev-" << kind_class(style_of(d.status).kind).substr(2)
        << "\" id=\"" << anchors[k] << "\"><h3>" << html_status_badge(d.status) << " <a href=\"#"
        << anchors[k] << "\">" << html_escape(d.name) << "</a>";
    if (!d.level.empty()) out << "<span class=\"tag\">" << html_escape(d.level) << "</span>";
    out << (d.known ? "<span class=\"tag known\">known deviation</span>"
                    : "<span class=\"tag unexpected\">unexpected</span>")
        << "</h3><dl>";
    for (const requirement& r : d.requirements) {
      out << "<dt>requirement</dt><dd><code>" << html_escape(r.id) << "</code>";
      if (!r.section.empty()) out << " " << html_escape(r.section);
      if (!r.level.empty()) out << " <span class=\"tag\">" << html_escape(r.level) << "</span>";
      if (!r.text.empty()) out << "<br>" << html_escape(r.text);
      out << "</dd>";
    }
    out << "<dt>expected</dt><dd>" << html_escape(expected_text(d));
    if (!d.expected.empty()) {
      out << "; the expectations list " << html_status_badge(d.expected);
      if (!d.expected_reason.empty()) out << " " << html_escape(d.expected_reason);
    }
    out << "</dd><dt>observed</dt><dd>" << html_status_badge(d.status) << " "
        << html_escape(style_of(d.status).meaning);
    if (!d.reported.empty()) {
      out << "; reported";
      for (const std::string& token : d.reported)
        out << " <code>" << html_escape(token) << "</code>";
    }
    if (!d.reasons.empty()) {
      out << "<ul class=\"reasons mono small\">";
      for (const std::string& reason : d.reasons) out << "<li>" << html_escape(reason) << "</li>";
      out << "</ul>";
    }
    out << "</dd>";
    if (!d.effect.empty()) out << "<dt>effect</dt><dd>" << html_escape(d.effect) << "</dd>";
    if (!d.comment.empty() || !d.file.empty()) {
      out << "<dt>fixture</dt><dd>" << html_escape(d.comment);
      if (!d.file.empty())
        out << " <span class=\"small muted mono\">" << html_escape(d.file)
            << (d.tc_id.empty() ? "" : " tcId " + d.tc_id) << "</span>";
      out << "</dd>";
    }
    out << "</dl></article>\n";
  }

  if (!m.fixture_errors.empty()) {
    out << "<h2 id=\"fixture-errors\">Fixture errors</h2><ul>";
    for (const std::string& e : m.fixture_errors)
      out << "<li class=\"mono small\">" << html_escape(e) << "</li>";
    out << "</ul>\n";
  }
  out << "<h2 id=\"legend\">Legend</h2>" << html_legend() << html_page_end();
  return out.str();
}

}  // namespace mtasts::conformance
