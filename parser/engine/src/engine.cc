// SPDX-License-Identifier: Apache-2.0
// The MTA-STS validation engine (RFC 8461 §3-§5, §10.2).
#include "mtasts/engine/engine.h"

#include <string>

#include "media_type.h"
#include "mtasts/ascii.h"
#include "mtasts/engine/idna.h"
#include "mtasts/engine/result_types.h"
#include "mtasts/host_name.h"
#include "mtasts/mx_pattern.h"
#include "mtasts/tlsrpt_record.h"
#include "mtasts/txt_record.h"

namespace mtasts::engine {
namespace {

// The Policy Domain as the engine uses it: a valid host name (RFC 8461 §3.4: address
// literals and anything that is not a host have no policy), lower case, without a
// trailing dot, so that the query name, URL, SNI and cache key agree. R-6125-6.4.2:
// U-labels become A-labels before any of them is built.
result<std::string> policy_domain(idna_port& idna, std::string_view domain) {
  const result<std::string> a_labels = to_a_labels(idna, domain);
  if (!a_labels.ok()) return a_labels.error();
  const result<std::string_view> host = parse_host_name(a_labels.value());
  if (!host.ok()) return host.error();
  return ascii_lower(host.value());
}

// The TXT records at name, following a CNAME chain within max_depth names: R-3.1-10 for
// _mta-sts; RFC 8460 §3 names _smtp._tls the same way and RFC 1034 §3.6.2 has resolvers
// follow CNAMEs. Either the answer holds records or failure says why there are none.
struct txt_chain_result {
  txt_answer answer;
  std::optional<event> failure;
};
txt_chain_result query_txt_chain(dns_port& dns, std::string name, int max_depth) {
  for (int depth = 0;; ++depth) {
    txt_answer answer = dns.query_txt(name);
    switch (answer.status) {
      case dns_status::nxdomain:
        return {{}, event{error_code::DNS_NXDOMAIN, name}};
      case dns_status::servfail:
        return {{}, event{error_code::DNS_SERVFAIL, name}};
      case dns_status::timeout:
        return {{}, event{error_code::DNS_TIMEOUT, name}};
      case dns_status::malformed:
        return {{}, event{error_code::DNS_MALFORMED, name}};
      case dns_status::noerror:
        break;
    }
    if (answer.records.empty() && answer.cname) {
      if (depth + 1 >= max_depth) return {{}, event{error_code::DNS_CNAME_LOOP, *answer.cname}};
      name = ascii_lower(*answer.cname);
      continue;
    }
    if (answer.records.empty()) return {{}, event{error_code::DNS_NODATA, name}};
    return {std::move(answer), std::nullopt};
  }
}

// RFC 8461 §3.1 (R-3.1-9), RFC 8460 §3 (R-8460-3-8): each TXT record's character-strings,
// joined in order with nothing in between.
// R-3.1-9 / R-8460-3-8: each record's character-strings joined with nothing in between.
std::vector<std::string> joined_records(const txt_answer& answer) {
  std::vector<std::string> joined;
  joined.reserve(answer.records.size());
  for (const auto& strings : answer.records) joined.push_back(join_character_strings(strings));
  return joined;
}

// RFC 8461 §3.2 (R-3.2-5): a policy is usable while its age since fetch is at most max_age;
// an expired one never applies, and max_age 0 lasts the second it was fetched.
bool unexpired(const cache_entry& e, unix_seconds now) {
  const unix_seconds age = now - e.fetched_at;
  return age >= 0 && static_cast<std::uint64_t>(age) <= e.policy.max_age;
}

error_code fetch_cert_error(cert_status s) {
  switch (s) {
    case cert_status::expired:
      return error_code::FETCH_CERT_EXPIRED;
    case cert_status::not_yet_valid:
      return error_code::FETCH_CERT_NOT_YET_VALID;
    case cert_status::name_mismatch:
      return error_code::FETCH_CERT_NAME_MISMATCH;
    default:
      return error_code::FETCH_CERT_UNTRUSTED;
  }
}

error_code mx_cert_error(cert_status s) {
  switch (s) {
    case cert_status::expired:
      return error_code::MX_CERT_EXPIRED;
    case cert_status::not_yet_valid:
      return error_code::MX_CERT_NOT_YET_VALID;
    case cert_status::name_mismatch:
      return error_code::MX_CERT_NAME_MISMATCH;
    default:
      return error_code::MX_CERT_UNTRUSTED;
  }
}

}  // namespace

bool lookup_result::active() const {
  // RFC 8461 §5: mode none behaves as though no policy were active.
  return in_force.has_value() && in_force->policy.mode != policy_mode::none;
}

engine::engine(dns_port& dns, https_port& https, clock_port& clock, cache_port& cache,
               x509_port& x509, engine_config config)
    : engine(dns, https, clock, cache, x509, default_idna(), config) {}

engine::engine(dns_port& dns, https_port& https, clock_port& clock, cache_port& cache,
               x509_port& x509, idna_port& idna, engine_config config)
    : dns_(dns),
      https_(https),
      clock_(clock),
      cache_(cache),
      x509_(x509),
      idna_(idna),
      config_(config) {
  config_.policy.max_size = config_.max_body;
}

engine::discovery engine::discover(std::string_view domain) {
  // R-3.1-1: the record lives at _mta-sts.<Policy Domain>; R-3.1-10: CNAMEs are followed;
  // R-3.4-2: never a parent zone's record, whatever this one says.
  const txt_chain_result found = query_txt_chain(  // domain is a policy_domain()
      dns_, "_mta-sts." + std::string(domain), config_.max_cname_depth);
  if (found.failure) return {std::nullopt, found.failure};
  // R-3.1-9: join each record's character-strings, then R-3.1-6/7: select one.
  const std::vector<std::string> joined = joined_records(found.answer);
  const std::vector<std::string_view> views(joined.begin(), joined.end());
  const auto selected = select_txt_record(views, config_.txt);
  if (!selected.ok()) {
    return {std::nullopt, event{error_code::DISCOVERY_TXT_INVALID,
                                std::string(token(selected.error().error.code))}};
  }
  return {std::string(selected.value().record.id), std::nullopt};
}

std::optional<event> engine::fetch(std::string_view domain, unix_seconds now, mtasts::policy& out,
                                   int& fetches) {
  // R-3.2-1: https://mta-sts.<domain>/.well-known/mta-sts.txt: SNI is the Policy Host.
  // R-3.3-7: every fetch asks the origin; the engine keeps no HTTP cache of its own.
  const std::string host = "mta-sts." + std::string(domain);  // domain is a policy_domain()
  https_request request{"https://" + host + "/.well-known/mta-sts.txt", host,
                        config_.fetch_timeout_ms, config_.max_body};
  ++fetches;
  const https_response response = https_.fetch(request);
  switch (response.transport) {
    case transport_status::connect_error:
      return event{error_code::FETCH_CONNECT, host};
    case transport_status::timeout:  // R-3.3-9: a timeout is a result, never a wait here
      return event{error_code::FETCH_TIMEOUT, host};
    case transport_status::tls_error:
      return event{error_code::FETCH_TLS, host};
    case transport_status::completed:
      break;
  }
  // R-3.3-1, R-3.3-2, R-3.3-3: valid for mta-sts.<domain> by SAN DNS-ID, chained, unexpired.
  cert_status cert = cert_status::untrusted;
  if (response.transport_verified) {
    cert = *response.transport_verified;
  } else if (response.chain) {
    cert = x509_.verify(*response.chain, host, name_rule::policy_host, now);
  } else {
    return event{error_code::FETCH_TLS, "no certificate presented"};
  }
  if (cert != cert_status::valid) return event{fetch_cert_error(cert), host};
  // R-3.3-6: redirects are never followed; R-3.3-5: only 200 yields a policy.
  if (response.status >= 300 && response.status < 400) {
    return event{error_code::FETCH_REDIRECT, std::to_string(response.status)};
  }
  if (response.status != 200)
    return event{error_code::FETCH_HTTP_STATUS, std::to_string(response.status)};
  // R-3.2-2 (SHOULD): the media type is text/plain; parameters are ignored.
  if (config_.require_text_plain) {
    const std::optional<std::string_view> type = header_value(response.headers, "content-type");
    if (!type || !is_text_plain(*type)) {
      return event{error_code::FETCH_CONTENT_TYPE, type ? std::string(*type) : std::string()};
    }
  }
  // R-3.3-9 (MAY): a cap on the body.
  if (response.body_truncated || response.body.size() > config_.max_body) {
    return event{error_code::FETCH_TOO_LARGE, std::to_string(response.body.size())};
  }
  result<mtasts::policy> parsed = parse_policy(response.body, config_.policy);
  if (!parsed.ok()) {
    return event{error_code::FETCH_POLICY_INVALID, std::string(token(parsed.error().code))};
  }
  out = std::move(parsed).value();
  return std::nullopt;
}

lookup_result engine::resolve(std::string_view domain, bool force_fetch) {
  lookup_result r;
  const result<std::string> valid = policy_domain(idna_, domain);
  if (!valid.ok()) {
    // R-3.4-3: an address literal (or any non-host) has no policy; nothing is queried.
    r.events.push_back(event{valid.error().code, std::string(domain)});
    return r;
  }
  const std::string& key = valid.value();
  const unix_seconds now = clock_.now();
  const std::optional<cache_entry> cached = cache_.get(key);
  const bool cache_usable = cached && unexpired(*cached, now);
  // R-3.3-12: a failed refresh alerts unless the cached mode is none, whether or not the
  // cached policy has expired meanwhile (§10.2: then the protection has just lapsed).
  const bool alert_on_failure = cached && cached->policy.mode != policy_mode::none;
  auto fall_back = [&] {
    // R-3.3-11: an unexpired cached policy applies when no live one can be had;
    // R-3.1-8: a missing TXT record alone never evicts it. An expired one never applies.
    if (cache_usable) {
      r.source = policy_source::cached;
      r.in_force = cached;
    }
  };

  const discovery found = discover(key);
  std::string id;
  if (found.id) {
    id = *found.id;
    r.txt_id = found.id;
  } else {
    r.events.push_back(*found.failure);
    // §10.2: a background refresh fetches "regardless of the state of the TXT record",
    // under the id the cached policy was fetched with; a lookup stops here.
    if (!force_fetch || !cached) {
      fall_back();
      return r;
    }
    id = cached->id;
  }
  // §3.1: the id says whether the cached policy is current; fetch when it changed. The
  // same id does not restart max_age: only a fetch does.
  if (cache_usable && cached->id == id && !force_fetch) {
    r.source = policy_source::cached;
    r.in_force = cached;
    return r;
  }
  // R-3.3-8 (SHOULD): no new fetch for the same id within 5 minutes of a failure.
  if (const std::optional<unix_seconds> failed_at = cache_.failed_fetch(key, id);
      failed_at && now >= *failed_at && now - *failed_at < config_.failed_fetch_backoff) {
    r.events.push_back(event{error_code::FETCH_BACKOFF, id});
    r.alert = force_fetch && alert_on_failure;
    fall_back();
    return r;
  }
  mtasts::policy fetched;
  if (std::optional<event> failure = fetch(key, now, fetched, r.fetches)) {
    r.events.push_back(*failure);
    cache_.record_failed_fetch(key, id, now);
    r.alert = alert_on_failure;
    fall_back();
    return r;
  }
  // §3.2: max_age counts from this fetch; the policy replaces any cached one, and
  // mode none is cached too (it withdraws, A-23).
  cache_entry entry{id, std::move(fetched), now};
  cache_.put(key, entry);
  cache_.clear_failed_fetches(key);
  r.source = policy_source::fetched;
  r.in_force = std::move(entry);
  return r;
}

lookup_result engine::lookup(std::string_view domain) { return resolve(domain, false); }

lookup_result engine::refresh(std::string_view domain) { return resolve(domain, true); }

bool engine::refresh_due(std::string_view domain) {
  const result<std::string> valid = policy_domain(idna_, domain);
  if (!valid.ok()) return false;
  const std::optional<cache_entry> cached = cache_.get(valid.value());
  if (!cached) return false;
  // §10.2: refresh about daily, and well before expiry, whatever the TXT record says.
  const unix_seconds age = clock_.now() - cached->fetched_at;
  const auto max_age = static_cast<unix_seconds>(cached->policy.max_age);
  return age >= config_.refresh_interval || age >= max_age / 2;
}

mx_verdict engine::validate_mx(const mtasts::policy& policy, const mx_observation& mx) {
  mx_verdict v{mx.host, std::nullopt};
  // R-4-1 (1), R-4.1-1: the MX host matches at least one mx pattern; R-6125-6.4.2: as
  // A-labels when it is given in U-labels.
  const result<std::string> a_labels = to_a_labels(idna_, mx.host);
  const result<std::string_view> host = a_labels.ok() ? parse_host_name(a_labels.value())
                                                      : result<std::string_view>(a_labels.error());
  bool matched = false;
  if (host.ok()) {
    for (const std::string& text : policy.mx) {
      const result<mx_pattern> pattern = parse_mx_pattern(text, true);
      if (pattern.ok() && mx_pattern_matches(pattern.value(), host.value())) {
        matched = true;
        break;
      }
    }
  }
  if (!matched) {
    v.failure = error_code::MX_NOT_IN_POLICY;
    return v;
  }
  // R-4-1 (2): STARTTLS offered, and a PKIX certificate valid for the MX host (§4.2).
  if (!mx.starttls_offered) {
    v.failure = error_code::MX_STARTTLS_NOT_OFFERED;
    return v;
  }
  if (mx.tls_failed) {
    v.failure = error_code::MX_TLS_FAILED;
    return v;
  }
  cert_status cert = cert_status::untrusted;
  if (mx.transport_verified) {
    cert = *mx.transport_verified;
  } else if (mx.chain) {
    cert = x509_.verify(*mx.chain, host.value(), name_rule::mx_host, clock_.now());
  } else {
    v.failure = error_code::MX_TLS_FAILED;
    return v;
  }
  if (cert != cert_status::valid) v.failure = mx_cert_error(cert);
  return v;
}

delivery_plan engine::decide(const lookup_result& lookup, const std::vector<mx_observation>& mxs) {
  delivery_plan plan;
  if (lookup.in_force) plan.mode = lookup.in_force->policy.mode;
  bool any_deliverable = false;
  for (const mx_observation& mx : mxs) {
    mx_decision d;
    if (!lookup.active()) {
      // No policy, or mode none: behave as though the domain had no MTA-STS (§5).
      d.verdict = mx_verdict{mx.host, std::nullopt};
    } else {
      d.verdict = validate_mx(lookup.in_force->policy, mx);
      // R-6-1: a failure is reported through TLS-RPT (an inactive policy reports nothing).
      if (d.verdict.failure) d.report = tlsrpt_result_type(*d.verdict.failure);
      // §5: enforce never delivers to an MX that fails; testing delivers anyway, in
      // priority order, with no preference for the valid MXs.
      if (!d.verdict.valid() && *plan.mode == policy_mode::enforce) d.action = mx_action::skip;
    }
    any_deliverable = any_deliverable || d.action == mx_action::deliver;
    plan.mx.push_back(std::move(d));
  }
  // R-5-1, R-5-2: no valid MX under enforce is a temporary failure until a new id is ruled out.
  plan.temporary_failure = !any_deliverable && plan.mode == policy_mode::enforce && lookup.active();
  return plan;
}

engine::tlsrpt_lookup_result engine::lookup_tlsrpt(std::string_view domain) {
  const result<std::string> valid = policy_domain(idna_, domain);
  if (!valid.ok()) return {{}, event{valid.error().code, std::string(domain)}};
  // R-8460-3-1: the record lives at _smtp._tls.<Policy Domain>.
  // A CNAME there is followed as for _mta-sts (RFC 1034 §3.6.2).
  const txt_chain_result found =
      query_txt_chain(dns_, "_smtp._tls." + valid.value(), config_.max_cname_depth);
  if (found.failure) return {{}, found.failure};
  // R-8460-3-8: join character-strings; R-8460-3-7: select exactly one record.
  const std::vector<std::string> joined = joined_records(found.answer);
  const std::vector<std::string_view> views(joined.begin(), joined.end());
  const auto selected = select_tlsrpt_record(views);
  if (!selected.ok()) {
    return {
        {},
        event{error_code::DISCOVERY_TXT_INVALID, std::string(token(selected.error().error.code))}};
  }
  tlsrpt_lookup_result out;
  for (std::string_view uri : selected.value().record.rua) out.rua.emplace_back(uri);
  return out;
}

bool engine::may_fail_permanently(std::string_view domain, std::string_view applied_id) {
  const result<std::string> valid = policy_domain(idna_, domain);
  if (!valid.ok()) return true;  // no policy can apply to it
  const discovery found = discover(valid.value());
  if (found.id) return *found.id == applied_id;
  // R-5-1: "checking, via DNS" needs an answer. NXDOMAIN, NODATA or an unusable record
  // are answers (no newer policy is published); SERVFAIL, timeouts and unreadable answers
  // check nothing.
  const error_code why = found.failure->code;
  return why != error_code::DNS_SERVFAIL && why != error_code::DNS_TIMEOUT &&
         why != error_code::DNS_MALFORMED;
}

std::optional<std::string_view> tlsrpt_result_type(error_code failure) noexcept {
  switch (failure) {
    // RFC 8460 §4.3.2.2 (as published): the policy could not be retrieved.
    case error_code::FETCH_CONNECT:
    case error_code::FETCH_TIMEOUT:
    case error_code::FETCH_TLS:
    case error_code::FETCH_REDIRECT:
    case error_code::FETCH_HTTP_STATUS:
    case error_code::FETCH_CONTENT_TYPE:
    case error_code::FETCH_TOO_LARGE:
      return result_type::sts_policy_fetch_error;
    case error_code::FETCH_CERT_UNTRUSTED:
    case error_code::FETCH_CERT_EXPIRED:
    case error_code::FETCH_CERT_NOT_YET_VALID:
    case error_code::FETCH_CERT_NAME_MISMATCH:
      return result_type::sts_webpki_invalid;
    case error_code::FETCH_POLICY_INVALID:
      return result_type::sts_policy_invalid;
    // RFC 8460 §4.3.1: negotiation failures.
    case error_code::MX_STARTTLS_NOT_OFFERED:
      return result_type::starttls_not_supported;
    case error_code::MX_NOT_IN_POLICY:  // RFC 8461 Appendix B treats it as a host mismatch
    case error_code::MX_CERT_NAME_MISMATCH:
      return result_type::certificate_host_mismatch;
    case error_code::MX_CERT_EXPIRED:
      return result_type::certificate_expired;
    case error_code::MX_CERT_UNTRUSTED:
      return result_type::certificate_not_trusted;
    case error_code::MX_CERT_NOT_YET_VALID:
    case error_code::MX_TLS_FAILED:
      return result_type::validation_failure;
    default:
      return std::nullopt;  // §4.3.4: DNS trouble and back-off are not reported
  }
}

}  // namespace mtasts::engine
