// SPDX-License-Identifier: Apache-2.0
// The world one fixture step records (fixtures/FORMAT.md "Step"), arranged for serving over
// real sockets: DNS answers by name, HTTPS exchanges by URL, MX hosts, and the loopback
// address each host name resolves to.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mtasts/conformance/fixture.h"

namespace mtasts::replay {

// A recorded answer for one name (the step's `dns` list).
struct dns_entry {
  enum class rcode : std::uint8_t { noerror, nxdomain, servfail, timeout };
  rcode code = rcode::noerror;
  std::optional<std::string> cname;  // lower-cased, no trailing dot
  // Each TXT record as its character-strings, kept split (R-3.1-9).
  std::vector<std::vector<std::string>> txt;
};

// A response body: a literal, or `unit` repeated `count` times (streamed, never built).
struct body_spec {
  std::string literal;
  std::string unit;
  std::size_t count = 0;
  [[nodiscard]] bool repeated() const { return count > 0; }
  [[nodiscard]] std::size_t size() const {
    return repeated() ? unit.size() * count : literal.size();
  }
};

// What a server presents: a certificate minted for a verdict (level D1), or the chain a
// level-D2 fixture gives (`tls.chain`, as PEM with the leaf's key; conformance/test_pki.h).
struct tls_spec {
  std::string verdict = "valid";
  std::vector<std::string> chain_pem;  // leaf first; empty: mint for the verdict
  std::string key_pem;
};

// One recorded HTTPS exchange (the step's `https` list).
struct https_exchange {
  enum class transport : std::uint8_t { completed, connect_error, tls_error, timeout };
  std::string url;  // scheme and host lower-cased
  transport kind = transport::completed;
  tls_spec tls;
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  body_spec body;
};

// One MX host of a deliver step, in priority order.
struct mx_host {
  std::string name;  // as recorded (the certificate and banner use it)
  std::string key;   // lower-cased, no trailing dot (DNS and addresses use it)
  bool starttls = true;
  bool tls_failed = false;
  tls_spec tls;
  std::string address;  // 127.0.1.N
};

struct replay_world {
  std::string domain = "example.com";  // the Policy Domain
  std::string action;
  std::map<std::string, dns_entry> dns;  // by lower-cased name without trailing dot
  std::map<std::string, std::vector<https_exchange>> https;  // by normalised URL, in order
  std::map<std::string, tls_spec> https_tls;                 // host -> tls of its first entry
  std::vector<mx_host> mx;
  std::map<std::string, std::string> addresses;  // host -> IPv4 address (the ready file's)

  // The step `step` of a test object (fixture_file::tests[i].body). Throws
  // std::invalid_argument when the step does not exist.
  static replay_world from_test(const conformance::json& test, std::size_t step);
};

// ASCII lower-case, one trailing dot removed: how names are compared (RFC 4343).
std::string name_key(std::string_view name);
// "https://Host/path" -> "https://host/path"; the host is what `url_host` returns.
std::string normalise_url(std::string_view url);
std::string url_host(std::string_view url);

inline constexpr std::string_view https_address = "127.0.0.1";
// Nothing listens here: a connect_error exchange becomes a refused connection.
inline constexpr std::string_view refused_address = "127.0.0.2";

}  // namespace mtasts::replay
