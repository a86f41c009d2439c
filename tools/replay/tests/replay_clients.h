// SPDX-License-Identifier: Apache-2.0
// Real clients for the replay's servers: an ldns resolver, an OpenSSL HTTPS client that
// reports the chain verification result, and an SMTP dialogue with STARTTLS.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mtasts::replay_test {

struct dns_answer {
  bool answered = false;
  int rcode = -1;
  bool aa = false, ra = false, rd = false;
  std::vector<std::vector<std::string>> txt;                // each TXT record's character-strings
  std::vector<std::pair<std::string, std::string>> cnames;  // owner -> target
  std::vector<std::string> a;
  std::vector<std::pair<int, std::string>> mx;
  std::size_t answer_count = 0;
};

// type: an ldns_rr_type value (LDNS_RR_TYPE_TXT...).
dns_answer dns_query(std::uint16_t port, const std::string& name, int type, bool tcp);

struct tls_result {
  bool handshake_ok = false;
  long verify_result = -1;  // X509_V_OK or an X509_V_ERR_*
  std::string alpn;
  std::string response;  // every byte received after the request
  bool read_timed_out = false;
};

// GET target over TLS to 127.0.0.1:port with SNI sni and Host host, trusting ca_file and
// checking the name sni; reads until the server closes (or read_timeout_ms passes).
tls_result https_get(std::uint16_t port, const std::string& sni, const std::string& host,
                     const std::string& target, const std::string& ca_file,
                     int read_timeout_ms = 10000);

struct smtp_session {
  std::string banner;
  std::string ehlo;            // the reply to the first EHLO
  std::string starttls_reply;  // empty when STARTTLS was not tried
  tls_result tls;
  std::string ehlo_after_tls;
  std::string mail_reply;  // the reply to MAIL FROM after everything else
};

// Connects to address:port, says EHLO, and when the reply offers STARTTLS (or force_starttls)
// upgrades with SNI host, trusting ca_file; then EHLO again and MAIL FROM.
smtp_session smtp_dialogue(const std::string& address, std::uint16_t port, const std::string& host,
                           const std::string& ca_file, bool force_starttls = false);

}  // namespace mtasts::replay_test
