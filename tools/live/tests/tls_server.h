// SPDX-License-Identifier: Apache-2.0
// A loopback TLS server for tests, with certificates from fixtures/certs: either HTTPS
// (answers every request with a fixed raw HTTP response) or SMTP with STARTTLS.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>

namespace mtasts::live::test {

struct tls_server_options {
  std::string cert;          // leaf PEM file
  std::string key;           // its key
  std::string intermediate;  // sent after the leaf ("" for none)
  bool smtp = false;
  bool offer_starttls = true;  // smtp only
  std::string smtp_banner;     // smtp only: sent instead of a one-line 220 greeting
  std::string http_response;   // https only: sent verbatim after the request
  bool silent = false;         // accept, then say nothing (timeouts)
  bool plain = false;          // no TLS at all: answer garbage
};

class tls_server {
 public:
  explicit tls_server(tls_server_options options);
  ~tls_server();
  tls_server(const tls_server&) = delete;
  tls_server& operator=(const tls_server&) = delete;
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] int connections() const { return connections_; }
  [[nodiscard]] std::string last_sni() const;

 private:
  void serve();
  void handle(int fd);
  tls_server_options options_;
  void* ctx_ = nullptr;  // SSL_CTX
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::string sni_;
  mutable std::mutex sni_mutex_;
  std::thread thread_;
};

std::string cert_dir();  // fixtures/certs of the source tree

}  // namespace mtasts::live::test
