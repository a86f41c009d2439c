// SPDX-License-Identifier: Apache-2.0
// Test DNS server over ldns (see fake_dns.h).
#include "fake_dns.h"

#include <arpa/inet.h>
#include <ldns/ldns.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

#include "mtasts/ascii.h"

namespace mtasts::live::test {
namespace {

std::string lower_no_dot(const std::string& s) { return s == "." ? s : dns_name_key(s); }

}  // namespace

fake_dns::fake_dns() {
  fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    throw std::runtime_error("bind");
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

fake_dns::~fake_dns() {
  stop_ = true;
  thread_.join();
  ::close(fd_);
}

void fake_dns::set(const std::string& name, const std::string& type, fake_answer answer) {
  const std::lock_guard lock(mutex_);
  answers_[{lower_no_dot(name), type}] = std::move(answer);
}

void fake_dns::serve() {
  while (!stop_) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    unsigned char buf[4096];
    sockaddr_in from{};
    socklen_t from_len = sizeof from;
    const ssize_t n =
        ::recvfrom(fd_, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &from_len);
    if (n <= 0) continue;
    ++queries_;
    ldns_pkt* query = nullptr;
    if (ldns_wire2pkt(&query, buf, static_cast<std::size_t>(n)) != LDNS_STATUS_OK) continue;
    const ldns_rr* question = ldns_rr_list_rr(ldns_pkt_question(query), 0);
    char* owner = ldns_rdf2str(ldns_rr_owner(question));
    char* type = ldns_rr_type2str(ldns_rr_get_type(question));
    const std::pair<std::string, std::string> key{lower_no_dot(owner), type};
    free(owner);
    free(type);
    fake_answer answer{3, {}, false};
    {
      const std::lock_guard lock(mutex_);
      if (const auto it = answers_.find(key); it != answers_.end()) answer = it->second;
    }
    if (answer.silent) {
      ldns_pkt_free(query);
      continue;
    }
    ldns_pkt* reply = ldns_pkt_new();
    ldns_pkt_set_id(reply, ldns_pkt_id(query));
    ldns_pkt_set_qr(reply, true);
    ldns_pkt_set_rd(reply, true);
    ldns_pkt_set_ra(reply, true);
    ldns_pkt_set_rcode(reply, static_cast<std::uint8_t>(answer.rcode));
    ldns_pkt_push_rr(reply, LDNS_SECTION_QUESTION, ldns_rr_clone(question));
    for (const std::string& line : answer.rrs) {
      ldns_rr* rr = nullptr;
      if (ldns_rr_new_frm_str(&rr, line.c_str(), 0, nullptr, nullptr) == LDNS_STATUS_OK) {
        ldns_pkt_push_rr(reply, LDNS_SECTION_ANSWER, rr);
      }
    }
    std::uint8_t* wire = nullptr;
    std::size_t size = 0;
    if (ldns_pkt2wire(&wire, reply, &size) == LDNS_STATUS_OK) {
      ::sendto(fd_, wire, size, 0, reinterpret_cast<sockaddr*>(&from), from_len);
      free(wire);
    }
    ldns_pkt_free(reply);
    ldns_pkt_free(query);
  }
}

}  // namespace mtasts::live::test
