// SPDX-License-Identifier: Apache-2.0
// The lint checks (see lint_findings.h).
#include "lint_findings.h"

#include "mtasts/error.h"
#include "mtasts/mx_pattern.h"
#include "mtasts/observation/engine_result.h"

namespace mtasts::cli {
namespace {

using engine::event;

// RFC 8461 §3.2: max_age at most 31557600; "typically ... in the range of weeks or greater"
// (§3.2), and some large receivers ignore policies cached for less than a day.
constexpr std::uint64_t max_age_floor = 86400;
constexpr std::uint64_t max_age_ceiling = 31557600;

finding from_event(std::string code, severity level, const event& e) {
  std::string text(message(e.code));
  if (!e.detail.empty()) text += " [" + e.detail + "]";
  return finding{std::move(code),
                 level,
                 std::string(rfc_section(e.code)),
                 std::move(text),
                 std::string(token(e.code)),
                 ""};
}

// A parse failure reported through an event: the parser's own token, message and section.
finding with_parser_error(finding f, const event& e) {
  if (const auto code = error_code_from_token(e.detail)) {
    f.message = std::string(message(*code)) + " [" + e.detail + "]";
    f.rfc = std::string(rfc_section(*code));
    f.token = e.detail;
  }
  return f;
}

bool pattern_matches(const std::string& text, const std::string& host) {
  const result<mx_pattern> pattern = parse_mx_pattern(text, true);
  return pattern.ok() && mx_pattern_matches(pattern.value(), host);
}

}  // namespace

std::string_view to_string(severity s) {
  switch (s) {
    case severity::error:
      return "error";
    case severity::warning:
      return "warning";
    case severity::skipped:
      return "skipped";
    case severity::info:
      break;
  }
  return "info";
}

finding skipped(std::string code, std::string rfc, std::string why) {
  return finding{std::move(code), severity::skipped, std::move(rfc), std::move(why), "", ""};
}

std::vector<finding> lint_lookup(const engine::lookup_result& lookup) {
  std::vector<finding> out;
  for (const event& e : lookup.events) {
    switch (e.code) {
      case error_code::DNS_NXDOMAIN:
      case error_code::DNS_NODATA:
        out.push_back(from_event("txt-missing", severity::info, e));
        out.back().message = "no _mta-sts TXT record: the domain publishes no MTA-STS policy";
        break;
      case error_code::DNS_SERVFAIL:
      case error_code::DNS_TIMEOUT:
      case error_code::DNS_MALFORMED:
      case error_code::DNS_CNAME_LOOP:
        out.push_back(from_event("txt-dns-failure", severity::error, e));
        break;
      case error_code::DISCOVERY_TXT_INVALID:
        // R-3.1-7: an invalid record means no policy; the parser's token is the detail.
        out.push_back(with_parser_error(from_event("txt-invalid", severity::error, e), e));
        break;
      case error_code::FETCH_POLICY_INVALID:
        out.push_back(with_parser_error(from_event("policy-invalid", severity::error, e), e));
        break;
      default:
        out.push_back(from_event("policy-fetch-failed", severity::error, e));
        break;
    }
  }
  return out;
}

std::vector<finding> lint_policy(const mtasts::policy& p) {
  std::vector<finding> out;
  if (p.max_age < max_age_floor) {
    out.push_back({"max-age-short", severity::warning, "RFC 8461 §3.2",
                   "max_age " + std::to_string(p.max_age) +
                       " is below 86400 (one day): some large receivers ignore such policies; "
                       "weeks or more are expected",
                   "", ""});
  } else if (p.max_age > max_age_ceiling) {
    out.push_back({"max-age-too-long", severity::error, "RFC 8461 §3.2",
                   "max_age " + std::to_string(p.max_age) + " is above the maximum 31557600", "",
                   ""});
  }
  if (p.mode == policy_mode::testing) {
    out.push_back({"mode-testing", severity::warning, "RFC 8461 §5",
                   "mode is testing: failures are only reported (RFC 8460), mail is still "
                   "delivered without protection; switch to enforce once reports are clean",
                   "", ""});
  } else if (p.mode == policy_mode::none) {
    out.push_back({"mode-none", severity::info, "RFC 8461 §5",
                   "mode is none: senders behave as though no policy were published", "", ""});
  }
  return out;
}

std::vector<finding> lint_mx_coverage(const mtasts::policy& p,
                                      const std::vector<std::string>& hosts) {
  std::vector<finding> out;
  // RFC 8461 §5: under mode none senders ignore the mx list, so there is nothing to miss.
  if (p.mode == policy_mode::none) return out;
  // Under testing a missed host only produces reports; under enforce it loses mail.
  const severity missed = p.mode == policy_mode::enforce ? severity::error : severity::warning;
  for (const std::string& pattern : p.mx) {
    bool used = false;
    for (const std::string& host : hosts) used = used || pattern_matches(pattern, host);
    if (!used) {
      out.push_back({"mx-pattern-unused", severity::warning, "RFC 8461 §4.1",
                     "mx pattern " + pattern + " matches none of the domain's MX hosts", "",
                     pattern});
    }
  }
  for (const std::string& host : hosts) {
    bool covered = false;
    for (const std::string& pattern : p.mx) covered = covered || pattern_matches(pattern, host);
    if (!covered) {
      out.push_back({"mx-host-not-covered", missed, "RFC 8461 §4.1",
                     "MX host " + host +
                         " matches no mx pattern: under enforce no mail is "
                         "delivered to it",
                     std::string(token(error_code::MX_NOT_IN_POLICY)), host});
    }
  }
  return out;
}

std::vector<finding> lint_mx_validation(engine::engine& eng, const mtasts::policy& p,
                                        const std::vector<engine::mx_observation>& mx) {
  std::vector<finding> out;
  if (p.mode == policy_mode::none) return out;  // RFC 8461 §5: nothing is validated
  for (const engine::mx_observation& o : mx) {
    const engine::mx_verdict v = eng.validate_mx(p, o);
    // Pattern coverage is its own finding (lint_mx_coverage).
    if (!v.failure || *v.failure == error_code::MX_NOT_IN_POLICY) continue;
    out.push_back(
        {"mx-would-fail", severity::error, std::string(rfc_section(*v.failure)),
         "MX host " + o.host + " would fail under enforce: " + std::string(message(*v.failure)),
         std::string(token(*v.failure)), o.host});
  }
  return out;
}

void add_certificate_reason(std::vector<finding>& findings, engine::name_rule rule,
                            std::string_view host, std::string_view reason) {
  if (reason.empty()) return;
  for (finding& f : findings) {
    const std::optional<error_code> code = error_code_from_token(f.token);
    if (!code) continue;
    // R-3.3-1/R-3.3-2: one Policy Host per run; R-4.2-1/R-4.2-2: one finding per MX host.
    const bool about_it = rule == engine::name_rule::policy_host
                              ? family(*code) == "FETCH_CERT"
                              : family(*code) == "MX_CERT" && f.subject == host;
    if (about_it) f.message += " (" + std::string(reason) + ")";
  }
}

std::vector<finding> lint_id_change(const nlohmann::json& previous,
                                    const engine::lookup_result& lookup) {
  const auto skip = [](std::string why) {
    return std::vector<finding>{
        skipped("policy-changed-id-unchanged", "RFC 8461 §3.1", std::move(why))};
  };
  const nlohmann::json* expect = nullptr;
  try {
    expect = &previous.at("testGroups").at(0).at("tests").at(0).at("steps").at(0).at("expect");
  } catch (const nlohmann::json::exception&) {
    return skip("--previous is not a fixture written by mtasts record");
  }
  if (!expect->contains("policy") || (*expect)["policy"].is_null() || !expect->contains("id") ||
      (*expect)["id"].is_null()) {
    return skip("the previous recording has no policy in force");
  }
  if (!lookup.in_force || !lookup.txt_id) return skip("no policy in force now");
  // Compared as JSON values, whatever order the recording's members were written in.
  const nlohmann::json now_policy(observation::policy_to_json(lookup.in_force->policy));
  const bool policy_changed = now_policy != (*expect)["policy"];
  const bool id_changed = *lookup.txt_id != (*expect)["id"].get<std::string>();
  // R-3.1-4: a different policy must be published under a new id.
  if (policy_changed && !id_changed) {
    return {{"policy-changed-id-unchanged", severity::error, "RFC 8461 §3.1",
             "the policy changed since the previous recording but the TXT id " + *lookup.txt_id +
                 " did not: senders with a cached policy will not refetch it",
             "", ""}};
  }
  return {};
}

std::vector<finding> lint_tlsrpt(const engine::engine::tlsrpt_lookup_result& r) {
  if (!r.failure) return {};
  const event& e = *r.failure;
  if (e.code == error_code::DNS_NXDOMAIN || e.code == error_code::DNS_NODATA ||
      e.detail == token(error_code::TLSRPT_SELECT_NONE)) {
    return {{"tlsrpt-missing", severity::warning, "RFC 8460 §3",
             "no _smtp._tls TLS-RPT record: nobody hears about failed deliveries (RFC 8461 §6 "
             "recommends TLS-RPT, especially in testing mode)",
             std::string(token(e.code)), ""}};
  }
  finding f = from_event("tlsrpt-invalid", severity::error, e);
  f.rfc = "RFC 8460 §3";
  if (const auto code = error_code_from_token(e.detail)) {
    f.message = std::string(message(*code)) + " [" + e.detail + "]";
    f.token = e.detail;
  }
  if (e.code == error_code::DNS_SERVFAIL || e.code == error_code::DNS_TIMEOUT ||
      e.code == error_code::DNS_MALFORMED || e.code == error_code::DNS_CNAME_LOOP) {
    f.code = "tlsrpt-dns-failure";
  }
  return {f};
}

}  // namespace mtasts::cli
