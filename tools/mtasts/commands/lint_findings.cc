// SPDX-License-Identifier: Apache-2.0
// The lint checks (see lint_findings.h).
#include "lint_findings.h"

#include <algorithm>

#include "operator_advice.h"

#include "mtasts/ascii.h"
#include "mtasts/diagnose.h"
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

std::string comma_list(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? "(none)" : out;
}

void explain(std::vector<finding>& findings, std::string_view domain,
             std::optional<policy_mode> mode) {
  for (finding& f : findings) {
    const std::optional<error_code> code = error_code_from_token(f.token);
    if (!code || f.level == severity::skipped) continue;
    // A parse token behind FETCH_POLICY_INVALID or DISCOVERY_TXT_INVALID: the advice is the
    // surrounding event's; the parser's own words go to the evidence.
    error_code about = *code;
    if (f.code == "policy-invalid") about = error_code::FETCH_POLICY_INVALID;
    if (f.code == "txt-invalid") about = error_code::DISCOVERY_TXT_INVALID;
    if (f.code == "mx-would-fail" || f.code == "mx-host-not-covered" ||
        f.code == "policy-fetch-failed" || f.code == "txt-missing" || f.code == "txt-dns-failure" ||
        about != *code) {
      const advice a = advice_for(about, domain, f.subject, mode);
      if (about != *code) f.evidence.insert(f.evidence.begin(), f.message);
      f.message = a.title;
      if (f.meaning.empty()) f.meaning = a.meaning;
      if (f.fix.empty()) f.fix = a.fix;
    }
  }
}

void sort_by_severity(std::vector<finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const finding& a, const finding& b) {
    return static_cast<int>(a.level) < static_cast<int>(b.level);
  });
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
  const std::string max_age = "max_age: " + std::to_string(p.max_age);
  if (p.max_age <= max_age_floor) {
    finding f{"max-age-short",
              severity::warning,
              "RFC 8461 §3.2",
              "max_age " + std::to_string(p.max_age) + " s is one day or less",
              "",
              ""};
    f.evidence = {max_age};
    f.meaning =
        "large receivers such as Gmail ignore policies cached for one day or less, and "
        "senders that do honour it refetch often, so an attacker who blocks the fetch for a "
        "day removes the protection";
    f.fix = "use weeks: max_age: 604800 (one week) or more; the RFC's maximum is 31557600";
    out.push_back(std::move(f));
  } else if (p.max_age > max_age_ceiling) {
    finding f{"max-age-too-long",
              severity::error,
              "RFC 8461 §3.2",
              "max_age " + std::to_string(p.max_age) + " is above the maximum 31557600",
              "",
              ""};
    f.evidence = {max_age};
    f.meaning = "senders reject the policy: the domain is treated as having none";
    f.fix = "use at most max_age: 31557600 (one year)";
    out.push_back(std::move(f));
  }
  if (p.mode == policy_mode::testing) {
    finding f{"mode-testing", severity::warning, "RFC 8461 §5", "mode is testing", "", ""};
    f.evidence = {"mode: testing"};
    f.meaning =
        "senders report failures (RFC 8460) but still deliver without protection when "
        "validation fails";
    f.fix = "once the TLS-RPT reports are clean, switch to mode: enforce and change the TXT id";
    out.push_back(std::move(f));
  } else if (p.mode == policy_mode::none) {
    finding f{"mode-none", severity::info, "RFC 8461 §5", "mode is none", "", ""};
    f.evidence = {"mode: none"};
    f.meaning = "senders behave as though no policy were published";
    f.fix = "use mode: testing, then enforce, unless you are withdrawing MTA-STS";
    out.push_back(std::move(f));
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
      finding f{"mx-pattern-unused",
                severity::warning,
                "RFC 8461 §4.1",
                "mx pattern " + pattern + " matches none of the domain's MX hosts",
                "",
                pattern};
      f.evidence = {"mx: " + pattern, "MX hosts: " + comma_list(hosts)};
      f.meaning =
          "harmless for delivery, but a leftover pattern authorises hosts you no longer "
          "run";
      f.fix = "remove the line \"mx: " + pattern + "\" unless a new MX host will need it";
      out.push_back(std::move(f));
    }
  }
  for (const std::string& host : hosts) {
    bool covered = false;
    for (const std::string& pattern : p.mx) covered = covered || pattern_matches(pattern, host);
    if (!covered) {
      finding f{"mx-host-not-covered",
                missed,
                "RFC 8461 §4.1",
                "MX host " + host + " matches no mx pattern",
                std::string(token(error_code::MX_NOT_IN_POLICY)),
                host};
      f.evidence = {"MX host " + host, "mx patterns: " + comma_list(p.mx)};
      out.push_back(std::move(f));
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
    if (about_it) f.evidence.push_back("the certificate judge says: " + std::string(reason));
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
    finding f{"policy-changed-id-unchanged",
              severity::error,
              "RFC 8461 §3.1",
              "the policy changed but the TXT id " + *lookup.txt_id + " did not",
              "",
              ""};
    f.evidence = {"before: " + (*expect)["policy"].dump(), "now:    " + now_policy.dump()};
    f.meaning =
        "senders with a cached policy never refetch it and keep enforcing the old one "
        "until max_age ends";
    f.fix = "publish a new id in the TXT record, e.g. id=YYYYMMDDnn with today's date";
    return {f};
  }
  return {};
}

std::vector<finding> lint_http_caching(const engine::https_response& response) {
  // Longer than this, a cached copy outlives a policy change that operators expect to see
  // take effect once senders notice the new id.
  constexpr std::uint64_t max_cache_seconds = 3600;
  std::vector<std::string> evidence;
  for (const auto& [name, value] : response.headers) {
    const std::string lower = ascii_lower(name);
    const std::string shown = escape_invisible(name) + ": " + escape_invisible(value);
    if (lower == "age") evidence.push_back(shown);
    if (lower != "cache-control") continue;
    const std::string directives = ascii_lower(value);
    for (const char* directive : {"max-age=", "s-maxage="}) {
      for (std::size_t at = directives.find(directive); at != std::string::npos;
           at = directives.find(directive, at + 1)) {
        std::uint64_t seconds = 0;
        std::size_t i = at + std::string_view(directive).size();
        for (; i < directives.size() && directives[i] >= '0' && directives[i] <= '9'; ++i)
          seconds = std::min<std::uint64_t>(seconds * 10 + (directives[i] - '0'), 1U << 31);
        if (seconds > max_cache_seconds) evidence.push_back(shown);
      }
    }
  }
  if (evidence.empty()) return {};
  finding f{"policy-http-caching",
            severity::warning,
            "RFC 8461 §3.3",
            "the policy file is served through an HTTP cache, or may be cached for over an hour",
            "",
            ""};
  f.evidence = std::move(evidence);
  f.meaning =
      "after you change the policy and its id, senders may still fetch the old file "
      "from the cache and keep it for max_age";
  f.fix =
      "serve /.well-known/mta-sts.txt with Cache-Control: no-cache (or max-age of a few "
      "minutes), and purge the cache whenever you change the policy";
  return {f};
}

std::vector<finding> lint_tlsrpt(const engine::engine::tlsrpt_lookup_result& r,
                                 std::string_view domain) {
  const std::string d(domain);
  if (!r.failure) return {};
  const event& e = *r.failure;
  if (e.code == error_code::DNS_NXDOMAIN || e.code == error_code::DNS_NODATA ||
      e.detail == token(error_code::TLSRPT_SELECT_NONE)) {
    finding f{"tlsrpt-missing",
              severity::warning,
              "RFC 8460 §3",
              "no TLS-RPT record (_smtp._tls)",
              std::string(token(e.code)),
              ""};
    f.meaning =
        "nobody hears about failed deliveries, so a broken certificate or mx list "
        "under enforce goes unnoticed until mail bounces";
    f.fix = "publish a TXT record _smtp._tls." + d + " \"v=TLSRPTv1; rua=mailto:tls-reports@" + d +
            "\"";
    return {f};
  }
  finding f = from_event("tlsrpt-invalid", severity::error, e);
  f.rfc = "RFC 8460 §3";
  f.meaning = "senders ignore the record and send no TLS reports";
  f.fix = "publish exactly one record \"v=TLSRPTv1; rua=mailto:ADDRESS\" (or https:// URLs)";
  if (const auto code = error_code_from_token(e.detail)) {
    f.message = std::string(message(*code)) + " [" + e.detail + "]";
    f.token = e.detail;
  }
  if (e.code == error_code::DNS_SERVFAIL || e.code == error_code::DNS_TIMEOUT ||
      e.code == error_code::DNS_MALFORMED || e.code == error_code::DNS_CNAME_LOOP) {
    f.code = "tlsrpt-dns-failure";
    f.meaning = "senders cannot find where to send their TLS reports";
    f.fix = "check the domain's name servers answer for _smtp._tls." + d;
  }
  return {f};
}

}  // namespace mtasts::cli
