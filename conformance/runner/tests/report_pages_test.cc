// SPDX-License-Identifier: Apache-2.0
// The report pages and the matrix on hand-written documents: what a reader must see, and
// nothing an index could inject.
#include <gtest/gtest.h>

#include <set>

#include "mtasts/conformance/html_page.h"
#include "mtasts/conformance/matrix.h"
#include "mtasts/conformance/report_pages.h"

namespace {

using mtasts::conformance::html_escape;
using mtasts::conformance::json;
using mtasts::conformance::matrix_html;
using mtasts::conformance::matrix_markdown;
using mtasts::conformance::report_html;
using mtasts::conformance::report_markdown;

constexpr const char* hostile = "<script>alert('x')</script>&\"";

json report_document() {
  return json::parse(R"({
    "format": "mtasts-conform-report/1",
    "impl": "mailauth-7-strict", "impl_version": "7.0.1",
    "impl_levels": ["P", "D1"], "impl_capabilities": ["parse_txt", "parse_policy"],
    "mtasts_version": "0.3.0", "date": "2026-12-07T06:30:00Z",
    "suite": {"digest": "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
              "files": 31, "tests": 5, "strict": true},
    "options": {"loose_errors": false, "jobs": 2},
    "totals": {"tests": 5, "ran": 4, "conformant": 2, "unexpected": 1, "known_deviations": 1,
               "undeclared": 1},
    "undeclared_capabilities": {"discover": 1},
    "by_section": {"RFC 8461 §3.1": {"tests": 3, "ran": 3, "conformant": 1}},
    "fixture_errors": [],
    "tests": [
      {"name": "rfc8461/3.1/ok", "level": "MUST", "result": "valid", "status": "PASS",
       "expected": "PASS", "capabilities": ["parse_txt"], "reasons": []},
      {"name": "rfc8461/3.1/txt-two-records", "file": "discovery/discovery_test.json", "tcId": 12,
       "level": "MUST", "result": "invalid", "requirements": ["R-8461-3.1-4"],
       "capabilities": ["parse_txt"], "status": "SHOULD_HAVE_FAILED",
       "expected": "SHOULD_HAVE_FAILED", "expected_reason": "takes the first record",
       "reported": [], "reasons": ["step 0 /outcome: expected \"none\", got \"policy\""],
       "comment": "two STSv1 records", "effect": "silent downgrade to no policy"},
      {"name": "rfc8461/3.2/bad-mode", "level": "MUST", "result": "invalid",
       "requirements": ["R-8461-3.2-1"], "capabilities": ["parse_policy"],
       "status": "WRONG_ERROR", "expected": "PASS", "reported": ["POLICY_MODE_UNKNOWN"],
       "reasons": ["step 0 /error/token: expected POLICY_MODE, got POLICY_MODE_UNKNOWN"]},
      {"name": "rfc8461/3.2/should-thing", "level": "SHOULD", "result": "valid",
       "capabilities": ["parse_policy"], "status": "ACCEPTABLE_PASS", "expected": "ACCEPTABLE_PASS"},
      {"name": "rfc8461/5/discover", "level": "MUST", "result": "valid", "capabilities": ["discover"],
       "status": "UNIMPLEMENTED", "expected": "UNIMPLEMENTED", "undeclared": ["discover"],
       "reasons": ["needs capability discover"]}
    ],
    "requirements": {
      "R-8461-3.1-4": {"text": "If the number of resulting records is not one, senders MUST assume the recipient domain does not have an available MTA-STS policy.", "section": "RFC 8461 §3.1", "level": "MUST"},
      "R-8461-3.2-1": {"text": "mode: One of enforce, testing or none.", "section": "RFC 8461 §3.2", "level": "MUST"}
    }
  })");
}

TEST(ReportPages, HeaderComesFirst) {
  const std::string html = report_html(report_document());
  const std::size_t name = html.find("mailauth-7-strict");
  ASSERT_NE(name, std::string::npos);
  EXPECT_NE(html.find("7.0.1"), std::string::npos);
  const std::size_t verdict = html.find("2 deviations from MUST");
  ASSERT_NE(verdict, std::string::npos);
  EXPECT_LT(name, verdict);
  const std::size_t digest = html.find("sha256:0123456789abcdef");
  ASSERT_NE(digest, std::string::npos);
  EXPECT_NE(html.find("0.3.0"), std::string::npos);
  EXPECT_NE(html.find("2026-12-07T06:30:00Z"), std::string::npos);
  EXPECT_NE(html.find("strict (SHOULD tests count)"), std::string::npos);
  // The header, then the counts, then the deviations.
  const std::size_t deviations = html.find("id=\"deviations\"");
  ASSERT_NE(deviations, std::string::npos);
  EXPECT_LT(digest, deviations);
  EXPECT_LT(html.find("id=\"by-capability\""), deviations);
  EXPECT_LT(html.find("id=\"by-section\""), deviations);
}

TEST(ReportPages, ListsEachDeviationWithItsRequirement) {
  for (const std::string& page :
       {report_html(report_document()), report_markdown(report_document())}) {
    EXPECT_NE(page.find("rfc8461/3.1/txt-two-records"), std::string::npos);
    EXPECT_NE(page.find("rfc8461/3.2/bad-mode"), std::string::npos);
    EXPECT_NE(page.find("R-8461-3.1-4"), std::string::npos);
    EXPECT_NE(page.find("senders MUST assume the recipient domain"), std::string::npos);
    EXPECT_NE(page.find("RFC 8461 §3.2"), std::string::npos);
    EXPECT_NE(page.find("POLICY_MODE_UNKNOWN"), std::string::npos);
    EXPECT_NE(page.find("silent downgrade to no policy"), std::string::npos);
    EXPECT_NE(page.find("known deviation"), std::string::npos);
    EXPECT_NE(page.find("unexpected"), std::string::npos);
    // Conformant and skipped tests are not deviations.
    EXPECT_EQ(page.find("rfc8461/3.2/should-thing"), std::string::npos);
    EXPECT_EQ(page.find("rfc8461/5/discover"), std::string::npos);
    EXPECT_NE(page.find("discover"), std::string::npos);  // undeclared, summarised
  }
  const std::string markdown = report_markdown(report_document());
  EXPECT_EQ(markdown.rfind(
                "# Conformance report: mailauth-7-strict 7.0.1\n\n**2 deviations from MUST.**", 0),
            0u);
  // Counted per capability from the tests, MUST and SHOULD apart.
  EXPECT_NE(markdown.find("| parse_policy | 0/1 (0%) | 1/1 (100%) | 2 |"), std::string::npos);
}

TEST(ReportPages, SectionsInNumericOrder) {
  json report = report_document();
  report["by_section"] = {{"RFC 8461 §10", {{"tests", 1}}},
                          {"RFC 8461 §3.10", {{"tests", 1}}},
                          {"RFC 8461 §3.2", {{"tests", 1}}}};
  const std::string markdown = report_markdown(report);
  const std::size_t s3_2 = markdown.find("| RFC 8461 §3.2 |");
  const std::size_t s3_10 = markdown.find("| RFC 8461 §3.10 |");
  const std::size_t s10 = markdown.find("| RFC 8461 §10 |");
  ASSERT_NE(s10, std::string::npos);
  EXPECT_LT(s3_2, s3_10);
  EXPECT_LT(s3_10, s10);
}

TEST(ReportPages, ConformingRunSaysSo) {
  json report = report_document();
  // Only the PASS, the SHOULD and the UNIMPLEMENTED test are left.
  report["tests"].erase(report["tests"].begin() + 1);
  report["tests"].erase(report["tests"].begin() + 1);
  EXPECT_NE(report_html(report).find("Conforms to every MUST the suite tests"), std::string::npos);
  report["tests"] = json::array();
  EXPECT_NE(report_html(report).find("No MUST test ran"), std::string::npos);
}

TEST(ReportPages, EscapesHostileStrings) {
  json report = report_document();
  report["impl"] = hostile;
  report["impl_version"] = hostile;
  report["mtasts_version"] = hostile;
  report["suite"]["digest"] = hostile;
  report["tests"][1]["name"] = hostile;
  report["tests"][1]["reasons"] = json::array({hostile, "\x1b[31mred"});
  report["tests"][1]["reported"] = json::array({hostile});
  report["tests"][1]["comment"] = hostile;
  report["tests"][1]["effect"] = hostile;
  report["tests"][1]["requirements"] = json::array({hostile});
  report["requirements"][hostile] = {{"text", hostile}, {"section", hostile}, {"level", hostile}};
  report["undeclared_capabilities"][hostile] = 3;
  report["by_section"][hostile] = {{"tests", 1}};
  report["fixture_errors"] = json::array({{{"file", hostile}, {"message", hostile}}});
  const std::string html = report_html(report);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find('\x1b'), std::string::npos);
  EXPECT_NE(html.find(html_escape(hostile)), std::string::npos);
  // One script only: the page's own self-check.
  std::size_t scripts = 0;
  for (std::size_t at = html.find("<script"); at != std::string::npos;
       at = html.find("<script", at + 1))
    ++scripts;
  EXPECT_EQ(scripts, 1u);
  const std::string markdown = report_markdown(report);
  EXPECT_EQ(markdown.find('\x1b'), std::string::npos);
}

TEST(ReportPages, ToleratesMissingAndMistypedFields) {
  for (
      const char* text :
      {R"({})", R"([])", R"("text")",
       R"({"impl": 7, "tests": {}, "suite": [], "requirements": []})",
       R"({"tests": [null, 1, {"status": 5, "reasons": "no"}, {"level": "MUST", "status": "NEW_KIND"}]})",
       R"({"totals": {"must": {"tests": 3, "ran": 2, "conformant": 1}}})",
       R"({"by_capability": {"x": 1}, "undeclared_capabilities": {"a": "b"}, "fixture_errors": [1]})"}) {
    const json report = json::parse(text);
    EXPECT_NE(report_html(report).find("</html>"), std::string::npos) << text;
    EXPECT_FALSE(report_markdown(report).empty()) << text;
  }
  // Old documents have no tests' level split: the totals give the verdict.
  EXPECT_NE(
      report_html(json::parse(R"({"totals": {"must": {"tests": 3, "ran": 2, "conformant": 1}}})"))
          .find("1 deviation from MUST"),
      std::string::npos);
}

json index_of(const std::string& impl, const std::string& status, const std::string& reason = "") {
  return {{"impl", impl},
          {"mtasts_version", "0.3.0"},
          {"suite", {{"digest", "sha256:abc"}, {"strict", true}}},
          {"tests", json::array({{{"name", "a/one"},
                                  {"level", "MUST"},
                                  {"status", status},
                                  {"reasons", json::array({reason})}},
                                 {{"name", "a/two"}, {"level", "SHOULD"}, {"status", "PASS"}}})}};
}

TEST(Matrix, ReferenceFirstThenAlphabetical) {
  const std::vector<json> indexes{index_of("zeta", "PASS"), index_of("mtasts", "PASS"),
                                  index_of("alpha", "SHOULD_HAVE_FAILED", "took it")};
  const std::string markdown = matrix_markdown(indexes);
  EXPECT_NE(markdown.find("| mtasts | alpha | zeta |"), std::string::npos);
  EXPECT_NE(markdown.find("| alpha | 0/1 (0%) | 1/1 (100%) | 1 | 0 | 0 | 0 | 0 | 0 | 0 |"),
            std::string::npos);
  const std::string html = matrix_html(indexes);
  EXPECT_LT(html.find(">mtasts<"), html.find(">alpha<"));
  EXPECT_NE(html.find("id=\"summary\""), std::string::npos);
  EXPECT_NE(html.find("class=\"legend\""), std::string::npos);
  EXPECT_NE(html.find("took it"), std::string::npos);  // the reason is on the page
  EXPECT_NE(html.find("sha256:abc"), std::string::npos);
  // Every test links to its detail section, which exists.
  EXPECT_NE(html.find("href=\"#t-a_one\""), std::string::npos);
  EXPECT_NE(html.find("id=\"t-a_one\""), std::string::npos);
}

TEST(Matrix, EscapesHostileIndexes) {
  json index = index_of(hostile, hostile, hostile);
  index["tests"][0]["name"] = hostile;
  index["tests"][0]["comment"] = hostile;
  index["impl_version"] = hostile;
  index["date"] = hostile;
  const std::string html = matrix_html({index, index_of("mtasts", "PASS")});
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_NE(html.find(html_escape(hostile)), std::string::npos);
  // Two tests named alike still get distinct anchors.
  json twins = index_of("mtasts", "PASS");
  twins["tests"][1]["name"] = "a.one";
  const std::string page = matrix_html({twins});
  EXPECT_NE(page.find("id=\"t-a_one\""), std::string::npos);
  EXPECT_NE(page.find("id=\"t-a_one.2\""), std::string::npos);
}

TEST(Matrix, ManyNamesWithTheSameIdStayDistinctAndFast) {
  // 3 375 names that all read "t-x___" as an id: each gets its own anchor, in linear time.
  const std::string punctuation = "!#$%&()*+,./:;<=>";
  json index = {{"impl", "mtasts"}, {"tests", json::array()}};
  for (const char a : punctuation.substr(0, 15))
    for (const char b : punctuation.substr(0, 15))
      for (const char c : punctuation.substr(0, 15))
        index["tests"].push_back({{"name", std::string{'x', a, b, c}}, {"status", "PASS"}});
  const std::string html = matrix_html({index});
  std::set<std::string> ids;
  for (std::size_t at = html.find("<section class=\"test\" id=\""); at != std::string::npos;
       at = html.find("<section class=\"test\" id=\"", at + 1)) {
    const std::size_t from = at + std::string("<section class=\"test\" id=\"").size();
    ids.insert(html.substr(from, html.find('"', from) - from));
  }
  EXPECT_EQ(ids.size(), 15u * 15u * 15u);
}

}  // namespace
