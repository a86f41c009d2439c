// SPDX-License-Identifier: Apache-2.0
// The replay server's limits at their boundaries, with plain sockets: what is at a limit is
// served, one more gets the precise refusal, and the server goes on serving.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "mtasts/replay/connection.h"
#include "mtasts/replay/http_message.h"
#include "mtasts/replay/smtp_server.h"
#include "mtasts/replay/socket_io.h"
#include "replay_clients.h"
#include "replay_process.h"

namespace mtasts::replay_test {
namespace {

const std::string ca_file = std::string(MTASTS_SOURCE_DIR) + "/fixtures/certs/root-ca.pem";

// A plain TCP client with a read timeout, so that a test never hangs on a silent server.
class client {
 public:
  client(const std::string& address, std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    timeval tv{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    ::inet_pton(AF_INET, address.c_str(), &sa.sin_addr);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0;
  }
  ~client() { ::close(fd_); }
  client(const client&) = delete;
  client& operator=(const client&) = delete;

  [[nodiscard]] bool connected() const { return connected_; }
  void send(const std::string& data) const { ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL); }
  // One CRLF-ended line, or "" when the server closed (or said nothing in time).
  std::string line() {
    while (buffer_.find("\r\n") == std::string::npos) {
      char chunk[4096];
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) return "";
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
    const std::size_t end = buffer_.find("\r\n") + 2;
    std::string out = buffer_.substr(0, end);
    buffer_.erase(0, end);
    return out;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

const char* const mx_address = "127.0.1.1";

TEST(ReplayLimits, SmtpCommandLineAtTheLimitIsAnsweredOneMoreIsRefused) {
  replay_process p("delivery/delivery_test.json", "rfc8461/4.2/tls-failure-after-starttls");
  ASSERT_TRUE(p.started()) << p.stderr_text();
  client c(mx_address, p.smtp_port);
  ASSERT_EQ(c.line().rfind("220 ", 0), 0U);
  const std::size_t limit = replay::max_smtp_command_line;
  // "NOOP " + padding + CRLF: exactly the limit, then one byte more.
  c.send("NOOP " + std::string(limit - 7, 'x') + "\r\n");
  EXPECT_EQ(c.line(), "250 2.0.0 OK\r\n");
  c.send("NOOP " + std::string(limit - 6, 'x') + "\r\n");
  EXPECT_EQ(c.line(), "500 5.5.2 line too long\r\n");
  EXPECT_EQ(c.line(), "");  // and the connection ends
  EXPECT_EQ(p.stop(SIGTERM), 0);
}

TEST(ReplayLimits, RequestHeadAtTheLimitIsServedOneMoreIs431) {
  replay_process p("fetch/fetch_test.json", "rfc8461/3.3/cert-expired");
  ASSERT_TRUE(p.started()) << p.stderr_text();
  const std::string host = "mta-sts.example.com";
  // https_get's request: "GET <target> HTTP/1.1\r\nHost: <host>\r\nConnection: close\r\n\r\n".
  const std::size_t fixed =
      std::string("GET  HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n").size() + host.size();
  const std::string base = "/.well-known/mta-sts.txt?";
  const std::string at_limit =
      base + std::string(replay::max_request_head - fixed - base.size(), 'a');
  const tls_result served = https_get(p.https_port, host, host, at_limit, ca_file);
  EXPECT_EQ(served.response.rfind("HTTP/1.1 404 ", 0), 0U) << served.response.substr(0, 80);
  const tls_result refused = https_get(p.https_port, host, host, at_limit + "a", ca_file);
  EXPECT_EQ(refused.response.rfind("HTTP/1.1 431 ", 0), 0U) << refused.response.substr(0, 80);
  EXPECT_EQ(p.stop(SIGTERM), 0);
}

// io_timeout at its boundary, with a short idle timeout in its place: bytes that arrive
// within it are read; a peer silent for longer ends the read (and the server drops the
// connection), no sooner than the timeout.
TEST(ReplayLimits, ReadWithinTheIdleTimeoutIsServedSilenceLongerEndsIt) {
  static_assert(replay::io_timeout == std::chrono::seconds(30));
  int fds[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
  const replay::unique_fd peer(fds[1]);
  const std::atomic<bool> stop{false};
  const std::chrono::milliseconds idle{400};
  replay::connection conn{replay::unique_fd(fds[0]), stop, idle};
  char buf[8];

  std::thread late_but_in_time([&] {
    std::this_thread::sleep_for(idle / 4);
    ::send(peer.get(), "x", 1, MSG_NOSIGNAL);
  });
  EXPECT_EQ(conn.read_some(buf, sizeof buf), 1u);
  late_but_in_time.join();

  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(conn.read_some(buf, sizeof buf), 0u);
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, idle);
  EXPECT_LT(waited, replay::io_timeout);  // the idle timeout given, not the default, ended it
}

TEST(ReplayLimits, ConnectionsOverTheLimitAreClosedAndTheNextIsServed) {
  replay_process p("delivery/delivery_test.json", "rfc8461/4.2/tls-failure-after-starttls");
  ASSERT_TRUE(p.started()) << p.stderr_text();
  std::vector<std::unique_ptr<client>> held;
  for (std::size_t i = 0; i < replay::max_replay_connections; ++i) {
    held.push_back(std::make_unique<client>(mx_address, p.smtp_port));
    ASSERT_EQ(held.back()->line().rfind("220 ", 0), 0U) << "connection " << i;
  }
  client over(mx_address, p.smtp_port);
  EXPECT_EQ(over.line(), "");  // closed without a banner
  held.front()->send("QUIT\r\n");
  EXPECT_EQ(held.front()->line().rfind("221 ", 0), 0U);
  held.erase(held.begin());
  // The freed place is taken again once its thread has ended.
  bool served = false;
  for (int attempt = 0; attempt < 100 && !served; ++attempt) {
    client next(mx_address, p.smtp_port);
    served = next.line().rfind("220 ", 0) == 0;
    if (!served) ::usleep(50'000);
  }
  EXPECT_TRUE(served);
  held.clear();
  EXPECT_EQ(p.stop(SIGTERM), 0);
}

// With port 0 the sockets that share one port are bound afresh when the picked port is taken
// for one of them, max_port_picks times in all; a port the caller named is not retried.
TEST(ReplayLimits, PortZeroIsPickedAgainUpToMaxPortPicksAFixedPortOnce) {
  const auto fail_first = [](int failures, int& calls) {
    return [failures, &calls] {
      if (++calls <= failures) throw replay::bind_error("cannot bind: taken");
    };
  };
  int calls = 0;
  replay::bind_on_one_port(0, fail_first(replay::max_port_picks - 1, calls));
  EXPECT_EQ(calls, replay::max_port_picks);
  calls = 0;
  EXPECT_THROW(replay::bind_on_one_port(0, fail_first(replay::max_port_picks, calls)),
               replay::bind_error);
  EXPECT_EQ(calls, replay::max_port_picks);
  calls = 0;
  EXPECT_THROW(replay::bind_on_one_port(5353, fail_first(1, calls)), replay::bind_error);
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace mtasts::replay_test
