// SPDX-License-Identifier: Apache-2.0
#include "replay_clients.h"

#include <arpa/inet.h>
// ldns/common.h defines `bool` as a macro unless stdbool.h came first (clang breaks on it).
#include <stdbool.h>  // NOLINT(modernize-deprecated-headers)
// clang-format off
#include <ldns/ldns.h>
// clang-format on
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <memory>

namespace mtasts::replay_test {

namespace {

std::string rdf_text(const ldns_rdf* r) {
  char* s = ldns_rdf2str(r);
  std::string out = s == nullptr ? "" : s;
  std::free(s);  // NOLINT(cppcoreguidelines-no-malloc): allocated by ldns
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

int connect_to(const std::string& address, std::uint16_t port, int timeout_ms) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  ::inet_pton(AF_INET, address.c_str(), &sa.sin_addr);
  timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// The TLS client handshake on fd; verification is recorded, not enforced, so the test can
// see which X509 error a verdict produces.
SSL* tls_connect(SSL_CTX* ctx, int fd, const std::string& sni, tls_result& out) {
  SSL* ssl = SSL_new(ctx);
  SSL_set_fd(ssl, fd);
  SSL_set_tlsext_host_name(ssl, sni.c_str());
  SSL_set1_host(ssl, sni.c_str());
  static const unsigned char alpn[] = {2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
  SSL_set_alpn_protos(ssl, alpn, sizeof alpn);
  out.handshake_ok = SSL_connect(ssl) == 1;
  if (out.handshake_ok) {
    out.verify_result = SSL_get_verify_result(ssl);
    const unsigned char* sel = nullptr;
    unsigned int len = 0;
    SSL_get0_alpn_selected(ssl, &sel, &len);
    out.alpn.assign(reinterpret_cast<const char*>(sel), len);
  }
  return ssl;
}

SSL_CTX* client_ctx(const std::string& ca_file) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_load_verify_locations(ctx, ca_file.c_str(), nullptr);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  return ctx;
}

// One SMTP reply (all its lines), in plain text or TLS.
std::string read_reply(int fd, SSL* ssl) {
  std::string out;
  for (;;) {
    char c = 0;
    const long n = ssl != nullptr ? SSL_read(ssl, &c, 1) : ::recv(fd, &c, 1, 0);
    if (n <= 0) return out;
    out += c;
    if (c != '\n') continue;
    const std::size_t start = out.rfind('\n', out.size() - 2);
    const std::string line = out.substr(start == std::string::npos ? 0 : start + 1);
    if (line.size() >= 4 && line[3] == ' ') return out;
  }
}

void send_line(int fd, SSL* ssl, const std::string& line) {
  const std::string l = line + "\r\n";
  if (ssl != nullptr) {
    SSL_write(ssl, l.data(), static_cast<int>(l.size()));
  } else {
    ::send(fd, l.data(), l.size(), MSG_NOSIGNAL);
  }
}

}  // namespace

dns_answer dns_query(std::uint16_t port, const std::string& name, int type, bool tcp) {
  dns_answer out;
  ldns_resolver* res = ldns_resolver_new();
  ldns_rdf* ns = ldns_rdf_new_frm_str(LDNS_RDF_TYPE_A, "127.0.0.1");
  ldns_resolver_push_nameserver(res, ns);
  ldns_rdf_deep_free(ns);
  ldns_resolver_set_port(res, port);
  ldns_resolver_set_usevc(res, tcp);
  ldns_resolver_set_retry(res, 1);
  ldns_resolver_set_timeout(res, timeval{1, 500000});
  ldns_resolver_set_fail(res, true);
  ldns_rdf* qname = ldns_dname_new_frm_str(name.c_str());
  ldns_pkt* pkt = nullptr;
  const ldns_status st = ldns_resolver_send(&pkt, res, qname, static_cast<ldns_rr_type>(type),
                                            LDNS_RR_CLASS_IN, LDNS_RD);
  ldns_rdf_deep_free(qname);
  if (st == LDNS_STATUS_OK && pkt != nullptr) {
    out.answered = true;
    out.rcode = ldns_pkt_get_rcode(pkt);
    out.aa = ldns_pkt_aa(pkt);
    out.ra = ldns_pkt_ra(pkt);
    out.rd = ldns_pkt_rd(pkt);
    const ldns_rr_list* answer = ldns_pkt_answer(pkt);
    out.answer_count = ldns_rr_list_rr_count(answer);
    for (std::size_t i = 0; i < out.answer_count; ++i) {
      const ldns_rr* rr = ldns_rr_list_rr(answer, i);
      switch (ldns_rr_get_type(rr)) {
        case LDNS_RR_TYPE_TXT: {
          std::vector<std::string> strings;
          for (std::size_t j = 0; j < ldns_rr_rd_count(rr); ++j) {
            const ldns_rdf* f = ldns_rr_rdf(rr, j);
            const auto* d = ldns_rdf_data(f);
            strings.emplace_back(reinterpret_cast<const char*>(d) + 1, d[0]);
          }
          out.txt.push_back(strings);
          break;
        }
        case LDNS_RR_TYPE_CNAME:
          out.cnames.emplace_back(rdf_text(ldns_rr_owner(rr)), rdf_text(ldns_rr_rdf(rr, 0)));
          break;
        case LDNS_RR_TYPE_A:
          out.a.push_back(rdf_text(ldns_rr_rdf(rr, 0)));
          break;
        case LDNS_RR_TYPE_MX:
          out.mx.emplace_back(ldns_rdf2native_int16(ldns_rr_rdf(rr, 0)),
                              rdf_text(ldns_rr_rdf(rr, 1)));
          break;
        default:
          break;
      }
    }
  }
  ldns_pkt_free(pkt);
  ldns_resolver_deep_free(res);
  return out;
}

tls_result https_get(std::uint16_t port, const std::string& sni, const std::string& host,
                     const std::string& target, const std::string& ca_file, int read_timeout_ms) {
  tls_result out;
  const int fd = connect_to("127.0.0.1", port, read_timeout_ms);
  if (fd < 0) return out;
  SSL_CTX* ctx = client_ctx(ca_file);
  SSL* ssl = tls_connect(ctx, fd, sni, out);
  if (out.handshake_ok) {
    const std::string req =
        "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
    SSL_write(ssl, req.data(), static_cast<int>(req.size()));
    char buf[16384];
    for (;;) {
      const int n = SSL_read(ssl, buf, sizeof buf);
      if (n > 0) {
        out.response.append(buf, static_cast<std::size_t>(n));
        continue;
      }
      const int err = SSL_get_error(ssl, n);
      out.read_timed_out = err == SSL_ERROR_WANT_READ ||
                           (err == SSL_ERROR_SYSCALL && (errno == EAGAIN || errno == EWOULDBLOCK));
      break;
    }
  }
  SSL_free(ssl);
  SSL_CTX_free(ctx);
  ::close(fd);
  return out;
}

smtp_session smtp_dialogue(const std::string& address, std::uint16_t port, const std::string& host,
                           const std::string& ca_file, bool force_starttls) {
  smtp_session s;
  const int fd = connect_to(address, port, 10000);
  if (fd < 0) return s;
  SSL_CTX* ctx = client_ctx(ca_file);
  SSL* ssl = nullptr;
  s.banner = read_reply(fd, nullptr);
  send_line(fd, nullptr, "EHLO client.example");
  s.ehlo = read_reply(fd, nullptr);
  if (force_starttls || s.ehlo.find("STARTTLS") != std::string::npos) {
    send_line(fd, nullptr, "STARTTLS");
    s.starttls_reply = read_reply(fd, nullptr);
    ssl = tls_connect(ctx, fd, host, s.tls);
    if (!s.tls.handshake_ok) {
      SSL_free(ssl);
      SSL_CTX_free(ctx);
      ::close(fd);
      return s;
    }
    send_line(fd, ssl, "EHLO client.example");
    s.ehlo_after_tls = read_reply(fd, ssl);
  }
  send_line(fd, ssl, "MAIL FROM:<a@client.example>");
  s.mail_reply = read_reply(fd, ssl);
  if (ssl != nullptr) SSL_free(ssl);
  SSL_CTX_free(ctx);
  ::close(fd);
  return s;
}

}  // namespace mtasts::replay_test
