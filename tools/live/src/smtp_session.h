// A plain-text then TLS SMTP client connection with a deadline on every read and write
// (RFC 5321 §4.5.3.2 suggests minutes; the caller chooses).
#pragma once

#include <openssl/ssl.h>

#include <chrono>
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
  explicit smtp_session(std::chrono::seconds timeout) : timeout_(timeout) {}
  ~smtp_session();
  smtp_session(const smtp_session&) = delete;
  smtp_session& operator=(const smtp_session&) = delete;

  // Connects to a numeric address; false (with error()) on failure or timeout.
  bool connect(const std::string& address, int port);
  // One reply, multi-line replies joined; nullopt on a timeout, EOF or garbage.
  std::optional<smtp_reply> read_reply();
  bool send_line(const std::string& line);  // adds CRLF
  // Switches to TLS (after "220" to STARTTLS) with SNI = sni; false when the handshake fails.
  bool start_tls(SSL_CTX* ctx, const std::string& sni);
  [[nodiscard]] SSL* ssl() const { return ssl_; }
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  bool read_more();

  std::chrono::seconds timeout_;
  int fd_ = -1;
  SSL* ssl_ = nullptr;
  std::string buffer_;
  std::string error_;
};

}  // namespace mtasts::live
