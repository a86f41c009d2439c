// SPDX-License-Identifier: Apache-2.0
// Test TLS server (see tls_server.h).
#include "tls_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>

namespace mtasts::live::test {
namespace {

SSL_CTX* as_ctx(void* p) { return static_cast<SSL_CTX*>(p); }

std::string read_until(int fd, SSL* ssl, const std::string& end) {
  std::string data;
  char c = 0;
  while (data.size() < 65536 && (data.size() < end.size() ||
                                 data.compare(data.size() - end.size(), end.size(), end) != 0)) {
    const long n = ssl != nullptr ? SSL_read(ssl, &c, 1) : ::recv(fd, &c, 1, 0);
    if (n <= 0) break;
    data += c;
  }
  return data;
}

void write_all(int fd, SSL* ssl, const std::string& s) {
  if (ssl != nullptr) {
    SSL_write(ssl, s.data(), static_cast<int>(s.size()));
  } else {
    ::send(fd, s.data(), s.size(), MSG_NOSIGNAL);
  }
}

}  // namespace

std::string cert_dir() { return std::string(MTASTS_SOURCE_DIR) + "/fixtures/certs/"; }

tls_server::tls_server(tls_server_options options) : options_(std::move(options)) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  ctx_ = ctx;
  if (!options_.cert.empty()) {
    if (SSL_CTX_use_certificate_file(ctx, options_.cert.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, options_.key.c_str(), SSL_FILETYPE_PEM) != 1) {
      throw std::runtime_error("cannot load " + options_.cert);
    }
    if (!options_.intermediate.empty()) {
      FILE* f = std::fopen(options_.intermediate.c_str(), "r");
      X509* x = f != nullptr ? PEM_read_X509(f, nullptr, nullptr, nullptr) : nullptr;
      if (f != nullptr) std::fclose(f);
      if (x == nullptr || SSL_CTX_add0_chain_cert(ctx, x) != 1) {
        throw std::runtime_error("cannot load " + options_.intermediate);
      }
    }
  }
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_, 8) != 0) {
    throw std::runtime_error("bind/listen");
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

tls_server::~tls_server() {
  stop_ = true;
  thread_.join();
  ::close(fd_);
  SSL_CTX_free(as_ctx(ctx_));
}

std::string tls_server::last_sni() const {
  const std::lock_guard lock(sni_mutex_);
  return sni_;
}

void tls_server::serve() {
  while (!stop_) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const int client = ::accept(fd_, nullptr, nullptr);
    if (client < 0) continue;
    ++connections_;
    timeval tv{5, 0};
    ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    handle(client);
    ::close(client);
  }
}

void tls_server::handle(int fd) {
  if (options_.silent) {
    // Hold the connection open without a word until the client gives up.
    char c = 0;
    while (!stop_ && ::recv(fd, &c, 1, 0) > 0) {
    }
    return;
  }
  if (options_.plain) {
    write_all(fd, nullptr, "this is not TLS\r\n\r\n");
    return;
  }
  if (options_.smtp) {
    write_all(fd, nullptr,
              options_.smtp_banner.empty() ? "220 mx.test ESMTP\r\n" : options_.smtp_banner);
    read_until(fd, nullptr, "\r\n");  // EHLO
    write_all(fd, nullptr,
              options_.offer_starttls ? "250-mx.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n"
                                      : "250-mx.test\r\n250 PIPELINING\r\n");
    const std::string command = read_until(fd, nullptr, "\r\n");
    if (command.rfind("STARTTLS", 0) != 0) {
      write_all(fd, nullptr, "221 bye\r\n");
      return;
    }
    write_all(fd, nullptr, "220 go ahead\r\n");
  }
  SSL* ssl = SSL_new(as_ctx(ctx_));
  SSL_set_fd(ssl, fd);
  if (SSL_accept(ssl) == 1) {
    if (const char* sni = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name); sni != nullptr) {
      const std::lock_guard lock(sni_mutex_);
      sni_ = sni;
    }
    if (options_.smtp) {
      read_until(fd, ssl, "\r\n");  // QUIT
      write_all(fd, ssl, "221 bye\r\n");
    } else {
      read_until(fd, ssl, "\r\n\r\n");
      write_all(fd, ssl, options_.http_response);
    }
    SSL_shutdown(ssl);
  }
  SSL_free(ssl);
}

}  // namespace mtasts::live::test
