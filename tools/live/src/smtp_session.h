// SPDX-License-Identifier: Apache-2.0
// A plain-text then TLS SMTP client connection under one deadline for the whole session:
// connect, every read and write and the TLS handshake share it, so a server that drips bytes
// cannot keep it alive (RFC 5321 §4.5.3.2 suggests minutes per step; the caller chooses the
// whole). One reply is read to at most max_smtp_reply_bytes.
#pragma once

#include <openssl/ssl.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mtasts::live {

struct smtp_reply {
  int code = 0;
  std::vector<std::string> lines;  // text after "NNN-" / "NNN "
};

class smtp_session {
 public:
  using clock = std::chrono::steady_clock;

  explicit smtp_session(clock::time_point deadline) : deadline_(deadline) {}
  ~smtp_session();
  smtp_session(const smtp_session&) = delete;
  smtp_session& operator=(const smtp_session&) = delete;

  // Connects to a numeric address; false (with error()) on failure or at the deadline.
  bool connect(const std::string& address, int port);
  // One reply, multi-line replies joined; nullopt on the deadline, EOF, garbage or a reply
  // over max_smtp_reply_bytes (error() says which).
  std::optional<smtp_reply> read_reply();
  bool send_line(const std::string& line);  // adds CRLF
  // Switches to TLS (after "220" to STARTTLS) with SNI = sni; false when the handshake fails.
  bool start_tls(SSL_CTX* ctx, const std::string& sni);
  [[nodiscard]] SSL* ssl() const { return ssl_; }
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  bool read_more();
  // Waits until fd is ready for events; false (with error_) at the deadline.
  bool wait(short events);
  // Retries an OpenSSL call on the non-blocking socket while it wants I/O: its result, or
  // <= 0 when it failed or the deadline came (error_ says which).
  int tls_call(const std::function<int()>& op);

  clock::time_point deadline_;
  int fd_ = -1;
  SSL* ssl_ = nullptr;
  std::string buffer_;
  std::string error_;
};

}  // namespace mtasts::live
