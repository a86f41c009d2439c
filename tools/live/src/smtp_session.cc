// SPDX-License-Identifier: Apache-2.0
// A non-blocking socket and poll() for every step, each waiting only until the session's
// deadline.
#include "smtp_session.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "mtasts/live/smtp_probe.h"

namespace mtasts::live {
namespace {

bool fill_address(const std::string& address, int port, sockaddr_storage& out, socklen_t& len) {
  std::memset(&out, 0, sizeof out);
  auto* v4 = reinterpret_cast<sockaddr_in*>(&out);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&out);
  if (inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<std::uint16_t>(port));
    len = sizeof(sockaddr_in);
    return true;
  }
  if (inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<std::uint16_t>(port));
    len = sizeof(sockaddr_in6);
    return true;
  }
  return false;
}

}  // namespace

smtp_session::~smtp_session() {
  if (ssl_ != nullptr) {
    SSL_shutdown(ssl_);  // best effort: the socket is non-blocking
    SSL_free(ssl_);
  }
  if (fd_ >= 0) ::close(fd_);
}

bool smtp_session::wait(short events) {
  for (;;) {
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline_ - clock::now()).count();
    if (left <= 0) {
      error_ = "the SMTP session's deadline passed";
      return false;
    }
    pollfd p{fd_, events, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 60'000)));
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) {
      error_ = std::strerror(errno);
      return false;
    }
  }
}

bool smtp_session::connect(const std::string& address, int port) {
  sockaddr_storage addr{};
  socklen_t len = 0;
  if (!fill_address(address, port, addr, len)) {
    error_ = "not a numeric address: " + address;
    return false;
  }
  fd_ = ::socket(addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd_ < 0) {
    error_ = std::strerror(errno);
    return false;
  }
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0) {
    if (errno != EINPROGRESS) {
      error_ = std::strerror(errno);
      return false;
    }
    if (!wait(POLLOUT)) return false;
    int so_error = 0;
    socklen_t so_len = sizeof so_error;
    ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &so_error, &so_len);
    if (so_error != 0) {
      error_ = std::strerror(so_error);
      return false;
    }
  }
  return true;
}

int smtp_session::tls_call(const std::function<int()>& op) {
  for (;;) {
    ERR_clear_error();
    const int r = op();
    if (r > 0) return r;
    const int err = SSL_get_error(ssl_, r);
    if (err == SSL_ERROR_WANT_READ) {
      if (!wait(POLLIN)) return -1;
    } else if (err == SSL_ERROR_WANT_WRITE) {
      if (!wait(POLLOUT)) return -1;
    } else {
      const unsigned long code = ERR_peek_error();
      char text[256] = {};
      if (code != 0) ERR_error_string_n(code, text, sizeof text);
      error_ = err == SSL_ERROR_ZERO_RETURN || code == 0 ? "connection closed" : text;
      return r;
    }
  }
}

bool smtp_session::read_more() {
  char chunk[4096];
  if (ssl_ != nullptr) {
    const int n = tls_call([&] { return SSL_read(ssl_, chunk, sizeof chunk); });
    if (n <= 0) {
      error_ = "TLS read failed: " + error_;
      return false;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }
  for (;;) {
    if (!wait(POLLIN)) return false;
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(n));
      return true;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
    error_ = n == 0 ? "connection closed" : std::strerror(errno);
    return false;
  }
}

std::optional<smtp_reply> smtp_session::read_reply() {
  smtp_reply reply;
  std::size_t reply_bytes = 0;  // the lines of this reply so far, with their line ends
  for (;;) {
    std::size_t eol = buffer_.find('\n');
    for (;;) {
      // Bytes after this line's end belong to the next reply (pipelining).
      const std::size_t line_bytes = eol == std::string::npos ? buffer_.size() : eol + 1;
      if (reply_bytes + line_bytes > max_smtp_reply_bytes) {
        error_ = "reply longer than " + std::to_string(max_smtp_reply_bytes) +
                 " bytes (max_smtp_reply_bytes)";
        return std::nullopt;
      }
      if (eol != std::string::npos) break;
      if (!read_more()) return std::nullopt;
      eol = buffer_.find('\n');
    }
    reply_bytes += eol + 1;
    std::string line = buffer_.substr(0, eol);
    buffer_.erase(0, eol + 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // RFC 5321 §4.2: "NNN-text" continues, "NNN text" (or "NNN") ends the reply.
    if (line.size() < 3 || line[0] < '2' || line[0] > '5' || line[1] < '0' || line[1] > '9' ||
        line[2] < '0' || line[2] > '9' || (line.size() > 3 && line[3] != ' ' && line[3] != '-')) {
      error_ = "malformed reply: " + line.substr(0, 80);
      return std::nullopt;
    }
    reply.code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    reply.lines.push_back(line.size() > 4 ? line.substr(4) : std::string());
    if (line.size() == 3 || line[3] == ' ') return reply;
  }
}

bool smtp_session::send_line(const std::string& line) {
  const std::string data = line + "\r\n";
  if (ssl_ != nullptr) {
    if (tls_call([&] { return SSL_write(ssl_, data.data(), static_cast<int>(data.size())); }) <=
        0) {
      error_ = "TLS write failed: " + error_;
      return false;
    }
    return true;
  }
  std::size_t sent = 0;
  while (sent < data.size()) {
    if (!wait(POLLOUT)) return false;
    const ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
    if (n <= 0) {
      error_ = "write failed";
      return false;
    }
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

bool smtp_session::start_tls(SSL_CTX* ctx, const std::string& sni) {
  buffer_.clear();  // nothing sent before the handshake may be read as protected
  ssl_ = SSL_new(ctx);
  if (ssl_ == nullptr) {
    error_ = "SSL_new failed";
    return false;
  }
  SSL_set_fd(ssl_, fd_);
  SSL_set_tlsext_host_name(ssl_, sni.c_str());
  if (tls_call([this] { return SSL_connect(ssl_); }) != 1) {
    error_ = "TLS handshake failed: " + error_;
    SSL_free(ssl_);
    ssl_ = nullptr;
    return false;
  }
  return true;
}

}  // namespace mtasts::live
