// SPDX-License-Identifier: Apache-2.0
// Plain-words meaning and fix for each event a live check reports (see operator_advice.h).
#include "operator_advice.h"

namespace mtasts::cli {
namespace {

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// RFC 8461 §5: what a failed MX validation makes a sender do, by mode.
std::string mx_meaning(std::string_view host, std::optional<policy_mode> mode) {
  const std::string h(host);
  if (mode == policy_mode::enforce)
    return "with mode enforce, senders will not deliver to " + h +
           " (mail queues, then bounces when no other MX host passes)";
  if (mode == policy_mode::testing)
    return "with mode testing, senders still deliver to " + h +
           " but without protection, and report the failure through TLS-RPT";
  return "once the policy says enforce, senders will refuse to deliver to " + h;
}

// RFC 8461 §3.3 and §5.1: a policy that cannot be fetched protects nobody new.
const char* const fetch_meaning =
    "senders that have not cached your policy treat the domain as having none (no "
    "protection against downgrade); senders with a cached policy keep it until max_age ends";

}  // namespace

std::string message_for(error_code code, std::string_view domain) {
  return replace_all(std::string(message(code)), "<domain>", domain);
}

advice advice_for(error_code code, std::string_view domain, std::string_view subject,
                  std::optional<policy_mode> mode) {
  const std::string d(domain), s(subject);
  const std::string policy_host = "mta-sts." + d;
  const std::string policy_url = "https://" + policy_host + "/.well-known/mta-sts.txt";
  const std::string txt_name = "_mta-sts." + d;
  switch (code) {
    case error_code::DNS_NXDOMAIN:
    case error_code::DNS_NODATA:
      return {"no MTA-STS policy is published: " + txt_name + " has no TXT record",
              "senders use opportunistic TLS only; an attacker can strip STARTTLS unnoticed",
              "publish a TXT record " + txt_name + " \"v=STSv1; id=YYYYMMDDnn\" and the policy " +
                  "file at " + policy_url};
    case error_code::DNS_SERVFAIL:
    case error_code::DNS_MALFORMED:
    case error_code::DNS_CNAME_LOOP:
      return {"the DNS look-up of " + txt_name + " failed: " + message_for(code, d),
              "senders cannot discover the policy and treat the domain as having none",
              "check the domain's name servers (and DNSSEC signatures) answer for " + txt_name};
    case error_code::DNS_TIMEOUT:
      return {"no DNS answer for " + txt_name + " in time", "this tool could not check the domain",
              "check --resolver and the network"};
    case error_code::DISCOVERY_TXT_INVALID:
      return {"the TXT record at " + txt_name + " is not a valid MTA-STS record",
              "senders ignore it: the domain is treated as having no policy (RFC 8461 §3.1)",
              "publish exactly one record of the form \"v=STSv1; id=YYYYMMDDnn\" (id: 1 to 32 "
              "letters and digits)"};
    case error_code::FETCH_CONNECT:
      return {"could not connect to the Policy Host " + policy_host + " on port 443", fetch_meaning,
              "give " + policy_host + " an address (A/AAAA) and serve HTTPS on port 443"};
    case error_code::FETCH_TIMEOUT:
      return {"the Policy Host " + policy_host + " did not answer in time", fetch_meaning,
              "make " + policy_url + " answer quickly (senders give up after a minute or so)"};
    case error_code::FETCH_TLS:
      return {"the TLS handshake with " + policy_host + " failed", fetch_meaning,
              "serve " + policy_host + " with TLS 1.2 or later and a complete certificate chain"};
    case error_code::FETCH_CERT_UNTRUSTED:
      return {"the certificate of " + policy_host + " does not chain to a trusted root",
              fetch_meaning,
              "install a certificate from a public CA, with its intermediate certificates"};
    case error_code::FETCH_CERT_EXPIRED:
      return {"the certificate of " + policy_host + " has expired", fetch_meaning,
              "renew the certificate of " + policy_host + " (and automate the renewal)"};
    case error_code::FETCH_CERT_NOT_YET_VALID:
      return {"the certificate of " + policy_host + " is not valid yet", fetch_meaning,
              "install a certificate that is valid now (check the server's clock too)"};
    case error_code::FETCH_CERT_NAME_MISMATCH:
      return {"the certificate of " + policy_host + " does not name " + policy_host, fetch_meaning,
              "install a certificate whose subjectAltName lists " + policy_host + " (or *." + d +
                  "; the Common Name does not count)"};
    case error_code::FETCH_REDIRECT:
      return {"the Policy Host answered with a redirect", fetch_meaning,
              "serve the file itself at " + policy_url +
                  " with status 200: senders never follow redirects (RFC 8461 §3.3)"};
    case error_code::FETCH_HTTP_STATUS:
      return {"the Policy Host did not answer 200 for " + policy_url, fetch_meaning,
              "publish the policy file at exactly " + policy_url};
    case error_code::FETCH_CONTENT_TYPE:
      return {"the policy is not served as text/plain", fetch_meaning,
              "serve " + policy_url + " with Content-Type: text/plain"};
    case error_code::FETCH_TOO_LARGE:
      return {"the policy file is too large", fetch_meaning,
              "keep the policy file small: a few lines, well under 64 KiB"};
    case error_code::FETCH_POLICY_INVALID:
      return {"the policy file at " + policy_url + " does not parse", fetch_meaning,
              "correct the lines shown (one \"name: value\" per line: version, mode, mx, "
              "max_age)"};
    case error_code::MX_NOT_IN_POLICY:
      return {"MX host " + s + " matches no mx line of the policy", mx_meaning(s, mode),
              "add \"mx: " + s + "\" (or a wildcard such as \"mx: *." +
                  s.substr(s.find('.') == std::string::npos ? 0 : s.find('.') + 1) +
                  "\") to the policy, publish it and change the TXT id"};
    case error_code::MX_STARTTLS_NOT_OFFERED:
      return {"MX host " + s + " does not offer STARTTLS", mx_meaning(s, mode),
              "enable STARTTLS on " + s + " with a certificate that names it"};
    case error_code::MX_TLS_FAILED:
      return {"the TLS handshake with MX host " + s + " failed", mx_meaning(s, mode),
              "check the TLS configuration of " + s + " (protocol versions, ciphers, chain)"};
    case error_code::MX_CERT_UNTRUSTED:
      return {"the certificate of MX host " + s + " does not chain to a trusted root",
              mx_meaning(s, mode),
              "install a certificate from a public CA on " + s + ", with its intermediates"};
    case error_code::MX_CERT_EXPIRED:
      return {"the certificate of MX host " + s + " has expired", mx_meaning(s, mode),
              "renew the certificate of " + s + " (and automate the renewal)"};
    case error_code::MX_CERT_NOT_YET_VALID:
      return {"the certificate of MX host " + s + " is not valid yet", mx_meaning(s, mode),
              "install a certificate that is valid now (check the server's clock too)"};
    case error_code::MX_CERT_NAME_MISMATCH:
      return {"the certificate of MX host " + s + " does not name " + s, mx_meaning(s, mode),
              "install a certificate whose subjectAltName lists " + s +
                  " (the Common Name does not count)"};
    default:
      break;
  }
  return {message_for(code, d), "", ""};
}

}  // namespace mtasts::cli
