// SPDX-License-Identifier: Apache-2.0
// The operator report of check and lint (see operator_report.h).
#include "operator_report.h"

#include <ostream>

#include "mtasts/observation/bytes.h"
#include "mtasts/observation/engine_result.h"
#include "mtasts/policy.h"

namespace mtasts::cli {
namespace {

using ojson = nlohmann::ordered_json;

std::string_view status_word(exit_status s) {
  switch (s) {
    case exit_status::ok:
      return "ok";
    case exit_status::negative:
      return "problems";
    default:
      break;
  }
  return "could-not-check";
}

std::size_t count(const operator_report& r, severity level) {
  std::size_t n = 0;
  for (const finding& f : r.findings) n += f.level == level ? 1 : 0;
  return n;
}

std::string plural(std::size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

void print_finding(std::ostream& out, const finding& f) {
  out << to_string(f.level) << ": " << f.message;
  if (!f.token.empty()) out << " [" << f.token << "]";
  out << "\n";
  for (const std::string& line : f.evidence) out << "  seen: " << line << "\n";
  if (!f.meaning.empty()) out << "  means: " << f.meaning << "\n";
  if (!f.fix.empty()) out << "  fix: " << f.fix << "\n";
  if (!f.rfc.empty()) out << "  see: " << f.rfc << "\n";
}

}  // namespace

exit_status report_status(const operator_report& r) {
  if (r.could_not_check) return exit_status::usage;
  return count(r, severity::error) > 0 ? exit_status::negative : exit_status::ok;
}

void print_report_text(std::ostream& out, const operator_report& r, bool verbose) {
  out << r.domain << " (mtasts " << r.command << ")\n";
  for (const std::string& line : r.seen) out << "  " << line << "\n";
  std::size_t skipped = 0;
  for (const finding& f : r.findings) {
    if (f.level == severity::skipped && !verbose) {
      ++skipped;
      continue;
    }
    out << "\n";
    print_finding(out, f);
  }
  out << "\n";
  const exit_status status = report_status(r);
  out << "result: "
      << (status == exit_status::ok         ? "OK"
          : status == exit_status::negative ? "PROBLEMS"
                                            : "COULD NOT CHECK")
      << " (" << plural(count(r, severity::error), "error") << ", "
      << plural(count(r, severity::warning), "warning");
  if (skipped > 0) out << ", " << skipped << " skipped: see --verbose";
  out << ")\n";
}

ojson report_json(const operator_report& r) {
  ojson findings = ojson::array();
  for (const finding& f : r.findings) {
    ojson j{{"code", f.code},       {"severity", std::string(to_string(f.level))},
            {"message", f.message}, {"evidence", f.evidence},
            {"meaning", f.meaning}, {"fix", f.fix},
            {"rfc", f.rfc}};
    if (!f.token.empty()) j["token"] = f.token;
    if (!f.subject.empty()) j["subject"] = observation::bytes_to_json(f.subject);
    findings.push_back(std::move(j));
  }
  ojson certificates = ojson::array();
  for (const seen_certificate& c : r.certificates) {
    ojson chain = ojson::array();
    for (const engine::certificate_summary& s : c.chain.certificates) {
      chain.push_back({{"subject", s.subject},
                       {"issuer", s.issuer},
                       {"dns_names", s.dns_names},
                       {"not_before", s.not_before},
                       {"not_after", s.not_after},
                       {"days_left", (s.not_after - r.now) / 86400},
                       {"self_signed", s.self_signed}});
    }
    certificates.push_back(
        {{"host", observation::bytes_to_json(c.host)},
         {"role", c.rule == engine::name_rule::policy_host ? "policy-host" : "mx-host"},
         {"chain", chain},
         {"unreadable", c.chain.unreadable}});
  }
  ojson policy = nullptr;
  ojson id = nullptr;
  if (r.lookup) {
    if (r.lookup->in_force) policy = ojson(observation::policy_to_json(r.lookup->in_force->policy));
    if (r.lookup->txt_id) id = *r.lookup->txt_id;
  }
  const exit_status status = report_status(r);
  ojson out{{"format", "mtasts-operator-report/1"},
            {"command", r.command},
            {"domain", observation::bytes_to_json(r.domain)},
            {"status", std::string(status_word(status))},
            {"exit", static_cast<int>(status)},
            {"id", id},
            {"policy", policy},
            {"seen", r.seen},
            {"findings", findings},
            {"counts",
             {{"error", count(r, severity::error)},
              {"warning", count(r, severity::warning)},
              {"info", count(r, severity::info)},
              {"skipped", count(r, severity::skipped)}}},
            {"certificates", certificates}};
  if (r.observation) out["observation"] = ojson(*r.observation);
  return out;
}

}  // namespace mtasts::cli
