// SPDX-License-Identifier: Apache-2.0
// The DOMAIN argument of the live commands (see domain_argument.h).
#include "domain_argument.h"

#include <arpa/inet.h>

#include "cli_error.h"
#include "idna_choice.h"
#include "mtasts/engine/idna.h"
#include "mtasts/error.h"
#include "mtasts/host_name.h"
#include "mtasts/live/live_world.h"
#include "mtasts/observation/bytes.h"

namespace mtasts::cli {
namespace {

// The argument as it may be quoted in a message: JSON string rules, so that control
// characters and bytes that are not UTF-8 never reach the terminal raw.
std::string quoted(std::string_view typed) { return observation::bytes_to_json(typed).dump(); }

[[noreturn]] void refuse(std::string_view typed, const std::string& why,
                         std::string_view suggestion = {}) {
  std::string text = "DOMAIN " + quoted(typed) + ": " + why;
  if (!suggestion.empty()) text += "; did you mean " + std::string(suggestion) + "?";
  throw cli_error(text);
}

bool is_ip_literal(std::string_view typed) {
  std::string text(typed);
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']')
    text = text.substr(1, text.size() - 2);
  unsigned char address[16];
  return inet_pton(AF_INET, text.c_str(), address) == 1 ||
         inet_pton(AF_INET6, text.c_str(), address) == 1;
}

// The host of a URL: after "scheme://" and any "user@", up to the first '/', '?', '#' or ':'.
std::string_view url_host(std::string_view url) {
  std::string_view rest = url.substr(url.find("://") + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos)
    rest = rest.substr(at + 1);
  return rest.substr(0, rest.find(':'));
}

}  // namespace

std::string policy_domain_argument(std::string_view typed) {
  if (typed.empty()) refuse(typed, "is empty: give the domain that receives the mail");
  if (typed.find("://") != std::string_view::npos) {
    refuse(typed, "is a URL, not a domain: the policy's URL is derived from the domain",
           url_host(typed));
  }
  if (const std::size_t at = typed.rfind('@'); at != std::string_view::npos) {
    refuse(typed, "is an e-mail address, not a domain", typed.substr(at + 1));
  }
  if (is_ip_literal(typed)) {
    // RFC 8461 §3: the Policy Domain is a DNS name; an address has no _mta-sts record.
    refuse(typed, "is an IP address: MTA-STS policies are published for domain names");
  }
  if (typed.find('/') != std::string_view::npos) {
    refuse(typed, "contains '/': give the domain alone", typed.substr(0, typed.find('/')));
  }
  const result<std::string> a_labels = engine::to_a_labels(cli_idna(), typed);
  if (!a_labels.ok()) {
    const error_code code = a_labels.error().code;
    refuse(typed, std::string(message(code)) + " (" + std::string(token(code)) + ")");
  }
  // Already A-labels: lower case and no trailing dot, as the engine keys it.
  std::string domain = live::live_world::normalise_domain(a_labels.value());
  if (const result<std::string_view> host = parse_host_name(domain); !host.ok()) {
    const error_code code = host.error().code;
    refuse(typed, "is not a domain name: " + std::string(message(code)) + " (" +
                      std::string(token(code)) + ")");
  }
  return domain;
}

}  // namespace mtasts::cli
