// SPDX-License-Identifier: Apache-2.0
#include "mtasts/replay/connection.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <climits>

namespace mtasts::replay {

connection::~connection() {
  if (ssl_ != nullptr) SSL_free(ssl_);
}

int connection::ssl_call(const std::function<int()>& op) {
  for (;;) {
    ERR_clear_error();
    const int r = op();
    if (r > 0) return r;
    const int err = SSL_get_error(ssl_, r);
    short events = 0;
    if (err == SSL_ERROR_WANT_READ) events = POLLIN;
    if (err == SSL_ERROR_WANT_WRITE) events = POLLOUT;
    if (events == 0) return r;
    if (!wait_fd(fd_.get(), events, clock::now() + idle_timeout_, stop_)) return -1;
  }
}

bool connection::accept_tls(SSL_CTX* ctx, const std::function<void(SSL*)>& prepare) {
  ssl_ = SSL_new(ctx);
  if (ssl_ == nullptr) return false;
  SSL_set_fd(ssl_, fd_.get());
  prepare(ssl_);
  return ssl_call([this] { return SSL_accept(ssl_); }) == 1;
}

std::size_t connection::read_some(char* buf, std::size_t size) {
  if (size == 0) return 0;
  const int want = static_cast<int>(size > INT_MAX ? INT_MAX : size);
  if (ssl_ != nullptr) {
    const int r = ssl_call([&] { return SSL_read(ssl_, buf, want); });
    return r > 0 ? static_cast<std::size_t>(r) : 0;
  }
  for (;;) {
    if (!wait_fd(fd_.get(), POLLIN, clock::now() + idle_timeout_, stop_)) return 0;
    const ssize_t r = ::recv(fd_.get(), buf, static_cast<std::size_t>(want), 0);
    if (r > 0) return static_cast<std::size_t>(r);
    if (r == 0 || (errno != EAGAIN && errno != EINTR)) return 0;
  }
}

bool connection::write_all(std::string_view data) {
  while (!data.empty()) {
    const int chunk = static_cast<int>(data.size() > (1U << 20) ? (1U << 20) : data.size());
    std::size_t done = 0;
    if (ssl_ != nullptr) {
      const int r = ssl_call([&] { return SSL_write(ssl_, data.data(), chunk); });
      if (r <= 0) return false;
      done = static_cast<std::size_t>(r);
    } else {
      if (!wait_fd(fd_.get(), POLLOUT, clock::now() + idle_timeout_, stop_)) return false;
      const ssize_t r =
          ::send(fd_.get(), data.data(), static_cast<std::size_t>(chunk), MSG_NOSIGNAL);
      if (r < 0) {
        if (errno == EAGAIN || errno == EINTR) continue;
        return false;
      }
      done = static_cast<std::size_t>(r);
    }
    data.remove_prefix(done);
  }
  return true;
}

void connection::hold_until_closed() {
  char buf[4096];
  while (!stop_.load()) {
    // No deadline of our own: the client's timeout is what the fixture tests.
    if (!wait_fd(fd_.get(), POLLIN, clock::now() + std::chrono::hours(24), stop_)) return;
    const ssize_t r = ::recv(fd_.get(), buf, sizeof buf, MSG_PEEK);
    if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) return;
    if (r > 0) ::recv(fd_.get(), buf, static_cast<std::size_t>(r), 0);  // discard
  }
}

void connection::close() {
  if (ssl_ != nullptr && fd_.get() >= 0) SSL_shutdown(ssl_);  // best effort, non-blocking
  fd_.reset();
}

void connection::abort() { abort_connection(fd_); }

}  // namespace mtasts::replay
