// SPDX-License-Identifier: Apache-2.0
// The terminal report: each unexpected result with its reasons, then one summary. Tests
// skipped for capabilities the implementation did not declare are one line, not a result
// each: they say what the implementation left out, not what it got wrong.
#include <map>
#include <sstream>

#include "mtasts/conformance/reports.h"
#include "mtasts/observation/printable_text.h"

namespace mtasts::conformance {

using observation::printable_text;

std::string text_report(const run_summary& s, const std::string& impl) {
  std::ostringstream out;
  std::map<test_status, std::size_t> counts;
  std::size_t known = 0, loose = 0;
  // Every string is printable: nothing a terminal acts on reaches it.
  for (const fixture_error& e : s.errors)
    out << "FIXTURE ERROR " << printable_text(e.to_string()) << "\n";
  for (const test_result& r : s.results) {
    ++counts[r.status];
    loose += r.loose_error ? 1 : 0;
    if (r.as_expected()) {
      known += !conformant(r.status) && !r.skipped() ? 1 : 0;
      continue;
    }
    out << "UNEXPECTED " << to_string(r.status) << " " << printable_text(r.test->name) << " ("
        << printable_text(r.test->file) << " tcId " << r.test->tc_id << ")";
    if (r.expected != default_expectation(*r.test) || !r.expected_reason.empty())
      out << " expected " << to_string(r.expected)
          << (r.expected_reason.empty() ? "" : ": " + printable_text(r.expected_reason));
    out << "\n";
    for (const std::string& why : r.reasons) out << "    " << printable_text(why) << "\n";
  }
  const std::map<std::string, std::size_t> undeclared = s.undeclared();
  if (!undeclared.empty()) {
    std::size_t tests = 0;
    for (const test_result& r : s.results) tests += r.undeclared.empty() ? 0 : 1;
    out << "not run: " << tests << " tests need capabilities " << printable_text(impl)
        << " did not declare:";
    bool first = true;
    for (const auto& [capability, n] : undeclared) {
      out << (first ? " " : ", ") << capability << " (" << n << ")";
      first = false;
    }
    out << "\n";
  }
  if (known > 0)
    out << "known deviations: " << known
        << " tests differ from the RFC as the expectations file records\n";
  if (loose > 0)
    out << "--loose-errors: " << loose
        << " invalid tests rejected with another error counted as PASS\n";
  out << printable_text(impl) << ": " << s.results.size() << " tests in " << s.files.size()
      << " files, ";
  bool first = true;
  for (const auto& [st, n] : counts) {
    out << (first ? "" : ", ") << n << " " << to_string(st);
    first = false;
  }
  out << "; " << s.unexpected() << " unexpected, " << s.errors.size() << " fixture errors; "
      << static_cast<long long>(s.seconds * 1000) << " ms\n";
  return out.str();
}

}  // namespace mtasts::conformance
