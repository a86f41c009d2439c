// Blocking sockets with SO_RCVTIMEO/SO_SNDTIMEO deadlines; the connect itself is
// non-blocking with poll so that it has a deadline too.
#include "smtp_session.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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
    SSL_shutdown(ssl_);
    SSL_free(ssl_);
  }
  if (fd_ >= 0) ::close(fd_);
}

bool smtp_session::connect(const std::string& address, int port) {
  sockaddr_storage addr{};
  socklen_t len = 0;
  if (!fill_address(address, port, addr, len)) {
    error_ = "not a numeric address: " + address;
    return false;
  }
  fd_ = ::socket(addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) {
    error_ = std::strerror(errno);
    return false;
  }
  const int flags = ::fcntl(fd_, F_GETFL);
  ::fcntl(fd_, F_SETFL, flags | O_NONBLOCK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0) {
    if (errno != EINPROGRESS) {
      error_ = std::strerror(errno);
      return false;
    }
    pollfd p{fd_, POLLOUT, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(timeout_.count() * 1000));
    if (ready <= 0) {
      error_ = "connect timed out";
      return false;
    }
    int so_error = 0;
    socklen_t so_len = sizeof so_error;
    ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &so_error, &so_len);
    if (so_error != 0) {
      error_ = std::strerror(so_error);
      return false;
    }
  }
  ::fcntl(fd_, F_SETFL, flags);
  timeval tv{static_cast<time_t>(timeout_.count()), 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  return true;
}

bool smtp_session::read_more() {
  char chunk[4096];
  if (ssl_ != nullptr) {
    const int n = SSL_read(ssl_, chunk, sizeof chunk);
    if (n <= 0) {
      error_ = "TLS read failed or timed out";
      return false;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }
  const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) {
    error_ = n == 0                                      ? "connection closed"
             : (errno == EAGAIN || errno == EWOULDBLOCK) ? "read timed out"
                                                         : std::strerror(errno);
    return false;
  }
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

std::optional<smtp_reply> smtp_session::read_reply() {
  smtp_reply reply;
  for (;;) {
    std::size_t eol = buffer_.find('\n');
    while (eol == std::string::npos) {
      if (buffer_.size() > 65536) {
        error_ = "reply line too long";
        return std::nullopt;
      }
      if (!read_more()) return std::nullopt;
      eol = buffer_.find('\n');
    }
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
    if (SSL_write(ssl_, data.data(), static_cast<int>(data.size())) <= 0) {
      error_ = "TLS write failed";
      return false;
    }
    return true;
  }
  std::size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
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
  ERR_clear_error();
  if (SSL_connect(ssl_) != 1) {
    char text[256] = {};
    ERR_error_string_n(ERR_get_error(), text, sizeof text);
    error_ = std::string("TLS handshake failed: ") + text;
    SSL_free(ssl_);
    ssl_ = nullptr;
    return false;
  }
  return true;
}

}  // namespace mtasts::live
