// SPDX-License-Identifier: Apache-2.0
// JUnit XML for CI dashboards, valid against the JUnit schema of Jenkins' xunit plugin
// (conformance/tests/schemas/junit-10.xsd): a result other than expected is a <failure>;
// a test not run (undeclared capability, UNIMPLEMENTED, DISABLED) and a known deviation are
// <skipped> with the reason, so neither is counted twice nor shown as a plain pass.
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "mtasts/conformance/html_page.h"
#include "mtasts/conformance/reports.h"
#include "mtasts/observation/printable_text.h"

namespace mtasts::conformance {
namespace {

// Only XML 1.0 characters, from any bytes; the entities of HTML escaping are XML's too.
std::string xml_escape(std::string_view bytes) {
  return html_escape(observation::printable_text(bytes));
}

// The schema's time: digits, at most three decimals.
std::string junit_time(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", seconds < 0 ? 0.0 : seconds);
  return buffer;
}

// suite/file without the extension: "discovery/discovery_test".
std::string class_name(const test_case& t, const std::string& root) {
  std::filesystem::path name(report_file_name(t.file, root));
  name.replace_extension();
  return name.generic_string();
}

std::string first_reason(const test_result& r) {
  return r.reasons.empty() ? std::string() : ": " + r.reasons.front();
}

}  // namespace

std::string junit_report(const run_summary& s, const report_context& c) {
  std::ostringstream cases;
  std::size_t failures = 0, skipped = 0;
  for (const test_result& r : s.results) {
    cases << "    <testcase classname=\"" << xml_escape(class_name(*r.test, c.fixtures_root))
          << "\" name=\"" << xml_escape(r.test->name) << "\" time=\"" << junit_time(r.seconds)
          << "\">";
    if (!r.as_expected()) {
      ++failures;
      std::string why;  // one reason a line
      for (const std::string& x : r.reasons) why += xml_escape(x) + "\n";
      cases << "<failure type=\"" << to_string(r.status) << "\" message=\"" << to_string(r.status)
            << " (expected " << to_string(r.expected) << ")\">" << why << "</failure>";
    } else if (r.skipped()) {
      ++skipped;
      cases << "<skipped message=\"" << to_string(r.status) << xml_escape(first_reason(r))
            << "\"/>";
    } else if (!conformant(r.status)) {
      ++skipped;  // a known deviation: neither a pass nor news
      cases << "<skipped message=\"expected " << to_string(r.status)
            << xml_escape(r.expected_reason.empty() ? first_reason(r) : ": " + r.expected_reason)
            << "\"/>";
    } else if (r.loose_error) {
      cases << "<system-out>passed under --loose-errors; reported: ";
      for (const std::string& e : r.reported) cases << xml_escape(e) << " ";
      cases << "</system-out>";
    }
    cases << "</testcase>\n";
  }
  for (const fixture_error& e : s.errors) {
    cases << "    <testcase classname=\"fixtures\" name=\""
          << xml_escape(report_file_name(e.file, c.fixtures_root) + e.pointer)
          << "\"><error message=\"" << xml_escape(e.message) << "\"/></testcase>\n";
  }
  const std::size_t tests = s.results.size() + s.errors.size();
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"mtasts conform\" tests=\""
      << tests << "\" failures=\"" << failures << "\" errors=\"" << s.errors.size() << "\" time=\""
      << junit_time(s.seconds) << "\">\n  <testsuite name=\"" << xml_escape(c.impl) << "\" tests=\""
      << tests << "\" failures=\"" << failures << "\" errors=\"" << s.errors.size()
      << "\" skipped=\"" << skipped << "\" time=\"" << junit_time(s.seconds) << "\""
      << (c.date.empty() ? "" : " timestamp=\"" + xml_escape(c.date) + "\"") << ">\n"
      << "    <properties>\n";
  const std::pair<const char*, std::string> properties[] = {
      {"impl_version", c.impl_version},
      {"mtasts_version", c.mtasts_version},
      {"suite_digest", c.suite_digest},
      {"strict", c.strict ? "true" : "false"},
      {"loose_errors", c.loose_errors ? "true" : "false"}};
  for (const auto& [name, value] : properties)
    out << "      <property name=\"" << name << "\" value=\"" << xml_escape(value) << "\"/>\n";
  out << "    </properties>\n" << cases.str() << "  </testsuite>\n</testsuites>\n";
  return out.str();
}

}  // namespace mtasts::conformance
