// SPDX-License-Identifier: Apache-2.0
// dns_port over ldns (no hand-written wire code): one query per call, recursion desired,
// asked through dns_exchange so that only answers to the question are taken.
#include "mtasts/live/ldns_resolver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/rand.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "dns_exchange.h"
#include "mtasts/ascii.h"

namespace mtasts::live {
namespace {

using engine::dns_status;

struct rdf_deleter {
  void operator()(ldns_rdf* r) const noexcept { ldns_rdf_deep_free(r); }
};
using rdf_ptr = std::unique_ptr<ldns_rdf, rdf_deleter>;

std::string lower(const std::string& s) { return ascii_lower(s); }

// A domain name rdf as text: lower case, no trailing dot.
std::string dname_text(const ldns_rdf* rdf) {
  char* text = ldns_rdf2str(rdf);
  if (text == nullptr) return {};
  std::string out = lower(text);
  free(text);  // NOLINT(cppcoreguidelines-no-malloc): allocated by ldns
  if (out.size() > 1 && out.back() == '.') out.pop_back();
  return out;
}

// An MX exchange name as the zone spells it: the label bytes as they are (case kept, a
// U-label's UTF-8 not escaped the way ldns_rdf2str prints it), dot-separated, no root dot.
// The engine, not the resolver, decides what such a name means (RFC 8461 §4.1).
std::string dname_labels(const ldns_rdf* rdf) {
  const std::uint8_t* data = ldns_rdf_data(rdf);
  const std::size_t size = ldns_rdf_size(rdf);
  std::string out;
  std::size_t i = 0;
  while (i < size && data[i] != 0) {
    const std::size_t length = data[i];
    if (i + 1 + length > size) break;
    if (!out.empty()) out += '.';
    out.append(reinterpret_cast<const char*>(data + i + 1), length);
    i += 1 + length;
  }
  return out.empty() ? std::string(".") : out;
}

std::string absolute(std::string_view name) {
  std::string out(name);
  if (out.empty() || out.back() != '.') out += '.';
  return out;
}

// Follows CNAMEs inside one answer section from name; returns the last owner reached.
std::string follow_cnames(const ldns_rr_list* answer, std::string name, std::string* first_hop) {
  for (int hops = 0; hops < 16; ++hops) {
    bool moved = false;
    for (std::size_t i = 0; i < ldns_rr_list_rr_count(answer); ++i) {
      const ldns_rr* rr = ldns_rr_list_rr(answer, i);
      if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_CNAME || ldns_rr_rd_count(rr) < 1) continue;
      if (dname_text(ldns_rr_owner(rr)) != name) continue;
      name = dname_text(ldns_rr_rdf(rr, 0));
      if (first_hop != nullptr && first_hop->empty()) *first_hop = name;
      moved = true;
      break;
    }
    if (!moved) break;
  }
  return name;
}

// A transaction ID an off-path sender cannot predict (RFC 5452 §4.3).
std::uint16_t random_id() {
  std::uint8_t bytes[2] = {};
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes for DNS");
  return static_cast<std::uint16_t>(bytes[0] << 8U | bytes[1]);
}

// The servers of one resolver, as sockets address them.
struct name_server {
  sockaddr_storage address{};
  socklen_t length = 0;
};

// "127.0.0.1:53" or "[::1]:53".
std::string address_text(const sockaddr_storage& address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    if (inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text) == nullptr) return "?";
    return "[" + std::string(text) + "]:" + std::to_string(ntohs(v6.sin6_port));
  }
  const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
  if (inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text) == nullptr) return "?";
  return std::string(text) + ":" + std::to_string(ntohs(v4.sin_port));
}

}  // namespace

struct ldns_resolver::impl {
  ::ldns_resolver* res = nullptr;  // ldns's type; our class shadows the name here
  std::chrono::seconds timeout{30};
  std::vector<name_server> servers;
  std::string servers_text;  // as asked, for progress lines
  std::string last_error;

  struct query_result {
    dns_status status = dns_status::timeout;
    pkt_ptr pkt;
  };

  // The servers ldns read from the command line or resolv.conf, in order.
  void take_servers() {
    ldns_rdf** list = ldns_resolver_nameservers(res);
    const std::size_t count = ldns_resolver_nameserver_count(res);
    for (std::size_t i = 0; i < count; ++i) {
      std::size_t length = 0;
      sockaddr_storage* ss =
          ldns_rdf2native_sockaddr_storage(list[i], ldns_resolver_port(res), &length);
      if (ss == nullptr) continue;
      name_server s;
      std::memcpy(&s.address, ss, std::min(length, sizeof s.address));
      s.length = static_cast<socklen_t>(std::min(length, sizeof s.address));
      free(ss);  // NOLINT(cppcoreguidelines-no-malloc): allocated by ldns
      if (!servers_text.empty()) servers_text += ", ";
      servers_text += address_text(s.address);
      servers.push_back(s);
    }
  }

  query_result query(std::string_view name, ldns_rr_type type) {
    query_result out;
    last_error.clear();
    ldns_rdf* dname = ldns_dname_new_frm_str(absolute(name).c_str());
    if (dname == nullptr) {
      out.status = dns_status::servfail;  // not a name DNS can carry
      last_error = "not a DNS name";
      return out;
    }
    // ldns_pkt_query_new owns dname from here.
    const pkt_ptr q(ldns_pkt_query_new(dname, type, LDNS_RR_CLASS_IN, LDNS_RD));
    if (!q) return out;
    ldns_pkt_set_id(q.get(), random_id());
    // Each server in turn, each with the whole timeout; an unreadable answer from one server
    // is reported only when no other answers.
    for (const name_server& server : servers) {
      dns_exchange_result r =
          exchange(server.address, server.length, *q, true, dns_clock::now() + timeout);
      if (r.result == dns_exchange_result::outcome::malformed) {
        out.status = dns_status::malformed;
        last_error = r.why;
        continue;
      }
      if (r.result == dns_exchange_result::outcome::timeout) {
        if (r.ignored > 0 && out.status == dns_status::timeout) {
          last_error = std::to_string(r.ignored) + " answer(s) not matching the query ignored";
        }
        continue;
      }
      out.pkt = std::move(r.answer);
      last_error.clear();
      break;
    }
    if (!out.pkt) return out;  // no answer from any server in time
    switch (ldns_pkt_get_rcode(out.pkt.get())) {
      case LDNS_RCODE_NOERROR:
        out.status = dns_status::noerror;
        break;
      case LDNS_RCODE_NXDOMAIN:
        out.status = dns_status::nxdomain;
        break;
      default:  // SERVFAIL, REFUSED, FORMERR, ...
        out.status = dns_status::servfail;
        break;
    }
    return out;
  }
};

ldns_resolver::ldns_resolver(const std::optional<server_address>& server,
                             std::chrono::seconds timeout)
    : impl_(std::make_unique<impl>()) {
  if (server) {
    impl_->res = ::ldns_resolver_new();
    if (impl_->res == nullptr) throw std::runtime_error("cannot create a DNS resolver");
    rdf_ptr addr(ldns_rdf_new_frm_str(server->ipv6 ? LDNS_RDF_TYPE_AAAA : LDNS_RDF_TYPE_A,
                                      server->address.c_str()));
    if (!addr || ldns_resolver_push_nameserver(impl_->res, addr.get()) != LDNS_STATUS_OK) {
      ::ldns_resolver_deep_free(impl_->res);
      impl_->res = nullptr;
      throw std::runtime_error("bad resolver address " + server->address);
    }
    ldns_resolver_set_port(impl_->res, server->port);
  } else {
    const ldns_status s = ldns_resolver_new_frm_file(&impl_->res, nullptr);
    if (s != LDNS_STATUS_OK) {
      throw std::runtime_error(std::string("cannot read /etc/resolv.conf: ") +
                               ldns_get_errorstr_by_id(s));
    }
  }
  impl_->timeout = timeout;
  impl_->take_servers();
  if (impl_->servers.empty()) {
    ::ldns_resolver_deep_free(impl_->res);
    impl_->res = nullptr;
    throw std::runtime_error("no DNS server to ask");
  }
}

const std::string& ldns_resolver::last_error() const { return impl_->last_error; }

const std::string& ldns_resolver::servers_text() const { return impl_->servers_text; }

ldns_resolver::~ldns_resolver() {
  if (impl_ && impl_->res != nullptr) ::ldns_resolver_deep_free(impl_->res);
}

engine::txt_answer ldns_resolver::query_txt(std::string_view name) {
  engine::txt_answer out;
  impl::query_result q = impl_->query(name, LDNS_RR_TYPE_TXT);
  out.status = q.status;
  if (q.status != dns_status::noerror) return out;
  const ldns_rr_list* answer = ldns_pkt_answer(q.pkt.get());
  std::string first_hop;
  const std::string target = follow_cnames(answer, lower(std::string(name)), &first_hop);
  for (std::size_t i = 0; i < ldns_rr_list_rr_count(answer); ++i) {
    const ldns_rr* rr = ldns_rr_list_rr(answer, i);
    if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_TXT || dname_text(ldns_rr_owner(rr)) != target) {
      continue;
    }
    // R-3.1-9: keep each <character-string> apart; the engine joins them.
    std::vector<std::string> strings;
    for (std::size_t j = 0; j < ldns_rr_rd_count(rr); ++j) {
      const ldns_rdf* rdf = ldns_rr_rdf(rr, j);
      const std::uint8_t* data = ldns_rdf_data(rdf);
      const std::size_t size = ldns_rdf_size(rdf);
      if (size == 0) continue;
      const std::size_t len = std::min<std::size_t>(data[0], size - 1);
      strings.emplace_back(reinterpret_cast<const char*>(data + 1), len);
    }
    out.records.push_back(std::move(strings));
  }
  // R-3.1-10: a CNAME whose target has no TXT records here; the engine follows it.
  if (out.records.empty() && !first_hop.empty()) out.cname = first_hop;
  return out;
}

mx_lookup ldns_resolver::query_mx(std::string_view domain) {
  mx_lookup out;
  impl::query_result q = impl_->query(domain, LDNS_RR_TYPE_MX);
  out.status = q.status;
  if (q.status != dns_status::noerror) return out;
  const ldns_rr_list* answer = ldns_pkt_answer(q.pkt.get());
  const std::string target = follow_cnames(answer, lower(std::string(domain)), nullptr);
  std::vector<std::pair<std::uint16_t, std::string>> found;
  for (std::size_t i = 0; i < ldns_rr_list_rr_count(answer); ++i) {
    const ldns_rr* rr = ldns_rr_list_rr(answer, i);
    if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_MX || ldns_rr_rd_count(rr) < 2 ||
        dname_text(ldns_rr_owner(rr)) != target) {
      continue;
    }
    const std::uint16_t preference = ldns_rdf2native_int16(ldns_rr_rdf(rr, 0));
    std::string host = dname_labels(ldns_rr_rdf(rr, 1));
    if (host == ".") {
      out.null_mx = true;  // RFC 7505
      continue;
    }
    found.emplace_back(preference, std::move(host));
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [preference, host] : found) out.hosts.push_back(std::move(host));
  return out;
}

std::vector<std::string> ldns_resolver::query_addresses(std::string_view host) {
  std::vector<std::string> out;
  for (const ldns_rr_type type : {LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA}) {
    impl::query_result q = impl_->query(host, type);
    if (q.status != dns_status::noerror) continue;
    const ldns_rr_list* answer = ldns_pkt_answer(q.pkt.get());
    for (std::size_t i = 0; i < ldns_rr_list_rr_count(answer); ++i) {
      const ldns_rr* rr = ldns_rr_list_rr(answer, i);
      if (ldns_rr_get_type(rr) != type || ldns_rr_rd_count(rr) < 1) continue;
      const ldns_rdf* rdf = ldns_rr_rdf(rr, 0);
      char text[INET6_ADDRSTRLEN] = {};
      const int family = type == LDNS_RR_TYPE_A ? AF_INET : AF_INET6;
      const std::size_t need = type == LDNS_RR_TYPE_A ? 4 : 16;
      if (ldns_rdf_size(rdf) != need) continue;
      if (inet_ntop(family, ldns_rdf_data(rdf), text, sizeof text) != nullptr) {
        out.emplace_back(text);
      }
    }
  }
  return out;
}

}  // namespace mtasts::live
