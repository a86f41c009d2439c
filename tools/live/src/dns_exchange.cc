// SPDX-License-Identifier: Apache-2.0
// One DNS exchange (see dns_exchange.h). ldns builds and reads every message; this file only
// moves bytes and decides which arriving message is the answer.
#include "dns_exchange.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

namespace mtasts::live {
namespace {

using outcome = dns_exchange_result::outcome;

struct free_deleter {
  void operator()(void* p) const noexcept { free(p); }  // NOLINT(cppcoreguidelines-no-malloc)
};

class socket_fd {
 public:
  explicit socket_fd(int fd) : fd_(fd) {}
  ~socket_fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  socket_fd(const socket_fd&) = delete;
  socket_fd& operator=(const socket_fd&) = delete;
  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_;
};

// Waits for events on fd until the deadline; false when the deadline passed first.
bool wait_for(int fd, short events, dns_clock::time_point deadline) {
  for (;;) {
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - dns_clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, events, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 60'000)));
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) return false;
  }
}

enum class judgement : std::uint8_t { ours, not_ours, malformed };

// Whether a message is the answer to query. A message without our transaction ID could come
// from anyone (an off-path spoofer guesses IDs), so it is dropped unread; one with our ID
// that does not parse is the server's answer, and unreadable.
judgement judge(const std::uint8_t* data, std::size_t size, const ldns_pkt& query, pkt_ptr& out,
                std::string& why) {
  if (size < 2 || (static_cast<unsigned>(data[0]) << 8U | data[1]) != ldns_pkt_id(&query)) {
    return judgement::not_ours;
  }
  ldns_pkt* raw = nullptr;
  const ldns_status s = ldns_wire2pkt(&raw, data, size);
  pkt_ptr answer(raw);
  if (s != LDNS_STATUS_OK || !answer) {
    why = std::string("the answer does not parse: ") + ldns_get_errorstr_by_id(s);
    return judgement::malformed;
  }
  if (!ldns_pkt_qr(answer.get())) return judgement::not_ours;  // a query, not an answer
  const ldns_rr_list* asked = ldns_pkt_question(&query);
  const ldns_rr_list* echoed = ldns_pkt_question(answer.get());
  const std::size_t count = ldns_rr_list_rr_count(echoed);
  // RFC 1035 §4.1.1: an error reply (FORMERR, say) may come without the question.
  const bool bare_error = count == 0 && ldns_pkt_get_rcode(answer.get()) != LDNS_RCODE_NOERROR;
  if (!bare_error) {
    if (count != 1) return judgement::not_ours;
    const ldns_rr* a = ldns_rr_list_rr(asked, 0);
    const ldns_rr* e = ldns_rr_list_rr(echoed, 0);
    // Names compare case-insensitively (RFC 4343 §3).
    if (ldns_dname_compare(ldns_rr_owner(a), ldns_rr_owner(e)) != 0 ||
        ldns_rr_get_type(a) != ldns_rr_get_type(e) ||
        ldns_rr_get_class(a) != ldns_rr_get_class(e)) {
      return judgement::not_ours;
    }
  }
  out = std::move(answer);
  return judgement::ours;
}

struct wire_query {
  std::unique_ptr<std::uint8_t, free_deleter> bytes;
  std::size_t size = 0;
};

wire_query to_wire(const ldns_pkt& query) {
  wire_query w;
  std::uint8_t* raw = nullptr;
  if (ldns_pkt2wire(&raw, &query, &w.size) == LDNS_STATUS_OK) w.bytes.reset(raw);
  return w;
}

bool send_all(int fd, const std::uint8_t* data, std::size_t size, dns_clock::time_point deadline) {
  while (size > 0) {
    if (!wait_for(fd, POLLOUT, deadline)) return false;
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

enum class read_status : std::uint8_t { ok, closed_at_start, cut_short, timeout };

// Exactly size bytes, or why not.
read_status read_exact(int fd, std::uint8_t* data, std::size_t size,
                       dns_clock::time_point deadline) {
  std::size_t got = 0;
  while (got < size) {
    if (!wait_for(fd, POLLIN, deadline)) return read_status::timeout;
    const ssize_t n = ::recv(fd, data + got, size - got, 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) return got == 0 ? read_status::closed_at_start : read_status::cut_short;
    got += static_cast<std::size_t>(n);
  }
  return read_status::ok;
}

// RFC 7766: the same question over TCP, each message after a two-byte length.
dns_exchange_result over_tcp(const sockaddr_storage& server, socklen_t server_len,
                             const ldns_pkt& query, const wire_query& wire,
                             dns_clock::time_point deadline, int ignored_before) {
  dns_exchange_result r;
  r.ignored = ignored_before;
  const socket_fd fd(::socket(server.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (fd.get() < 0) return r;
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&server), server_len) != 0) {
    if (errno != EINPROGRESS || !wait_for(fd.get(), POLLOUT, deadline)) return r;
    int error = 0;
    socklen_t len = sizeof error;
    ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &len);
    if (error != 0) return r;
  }
  std::vector<std::uint8_t> framed{static_cast<std::uint8_t>(wire.size >> 8U),
                                   static_cast<std::uint8_t>(wire.size & 0xFFU)};
  framed.insert(framed.end(), wire.bytes.get(), wire.bytes.get() + wire.size);
  if (!send_all(fd.get(), framed.data(), framed.size(), deadline)) return r;
  std::vector<std::uint8_t> message;
  for (;;) {
    std::uint8_t length[2] = {};
    const read_status head = read_exact(fd.get(), length, sizeof length, deadline);
    if (head == read_status::cut_short) {
      r.result = outcome::malformed;
      r.why = "the TCP answer ends inside its length prefix";
      return r;
    }
    if (head != read_status::ok) return r;  // timeout, or closed without an answer
    message.resize(static_cast<std::size_t>(length[0]) << 8U | length[1]);
    const read_status body = read_exact(fd.get(), message.data(), message.size(), deadline);
    if (body == read_status::timeout) return r;
    if (body != read_status::ok) {
      r.result = outcome::malformed;
      r.why = "the TCP answer is shorter than its length prefix (" +
              std::to_string(message.size()) + " bytes)";
      return r;
    }
    switch (judge(message.data(), message.size(), query, r.answer, r.why)) {
      case judgement::ours:
        r.result = outcome::answered;
        return r;
      case judgement::malformed:
        r.result = outcome::malformed;
        return r;
      case judgement::not_ours:
        ++r.ignored;
        break;
    }
  }
}

}  // namespace

dns_exchange_result exchange(const sockaddr_storage& server, socklen_t server_len,
                             const ldns_pkt& query, bool tcp_fallback,
                             dns_clock::time_point deadline) {
  dns_exchange_result r;
  const wire_query wire = to_wire(query);
  if (!wire.bytes) return r;
  const socket_fd fd(::socket(server.ss_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (fd.get() < 0) return r;
  // A connected UDP socket: the kernel drops datagrams from any other address or port.
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&server), server_len) != 0 ||
      ::send(fd.get(), wire.bytes.get(), wire.size, 0) != static_cast<ssize_t>(wire.size)) {
    return r;
  }
  std::vector<std::uint8_t> datagram(max_dns_message_bytes);
  // A mismatched answer is ignored and the wait goes on until the deadline, as resolvers do
  // (RFC 5452 §9.1): rejecting it would let any off-path sender fail the lookup, and the
  // server's genuine answer may still come.
  for (;;) {
    if (!wait_for(fd.get(), POLLIN, deadline)) return r;
    const ssize_t n = ::recv(fd.get(), datagram.data(), datagram.size(), 0);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return r;  // ICMP unreachable and the like: no answer
    }
    switch (judge(datagram.data(), static_cast<std::size_t>(n), query, r.answer, r.why)) {
      case judgement::ours:
        // RFC 7766 §5: a truncated UDP answer is asked again over TCP.
        if (tcp_fallback && ldns_pkt_tc(r.answer.get())) {
          return over_tcp(server, server_len, query, wire, deadline, r.ignored);
        }
        r.result = outcome::answered;
        return r;
      case judgement::malformed:
        r.result = outcome::malformed;
        return r;
      case judgement::not_ours:
        ++r.ignored;
        break;
    }
  }
}

}  // namespace mtasts::live
