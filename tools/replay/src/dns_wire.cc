// SPDX-License-Identifier: Apache-2.0
#include "mtasts/replay/dns_wire.h"

// ldns/common.h defines `bool` as a macro unless stdbool.h came first (clang breaks on it).
#include <stdbool.h>  // NOLINT(modernize-deprecated-headers)
// clang-format off
#include <ldns/ldns.h>
// clang-format on

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "mtasts/replay/dns_resolution.h"

namespace mtasts::replay {

namespace {

struct pkt_deleter {
  void operator()(ldns_pkt* p) const { ldns_pkt_free(p); }
};
using pkt_ptr = std::unique_ptr<ldns_pkt, pkt_deleter>;

struct free_deleter {
  // ldns allocates with malloc.
  void operator()(void* p) const { std::free(p); }  // NOLINT(cppcoreguidelines-no-malloc)
};

constexpr std::uint32_t answer_ttl = 300;
constexpr std::size_t classic_udp_size = 512;
constexpr std::uint16_t our_udp_size = 1232;  // the DNS flag day 2020 size

std::string owned_str(char* s) {
  const std::unique_ptr<char, free_deleter> guard(s);
  return s == nullptr ? std::string() : std::string(s);
}

ldns_rdf* dname(const std::string& name) {
  ldns_rdf* r = ldns_dname_new_frm_str(name.empty() ? "." : name.c_str());
  return r;
}

// One TXT character-string: a length byte then at most 255 bytes (RFC 1035 §3.3).
ldns_rdf* character_string(std::string_view s) {
  std::string data(1, static_cast<char>(s.size()));
  data.append(s);
  return ldns_rdf_new_frm_data(LDNS_RDF_TYPE_STR, data.size(), data.data());
}

// The record as ldns wants it; nullptr when a name cannot be a DNS name (the record is left
// out rather than the answer dropped).
ldns_rr* to_rr(const dns_record& r, const ldns_rdf* query_owner, const std::string& query_key) {
  ldns_rdf* owner = r.owner == query_key ? ldns_rdf_clone(query_owner) : dname(r.owner);
  if (owner == nullptr) return nullptr;
  ldns_rr* rr = ldns_rr_new();
  ldns_rr_set_owner(rr, owner);
  ldns_rr_set_ttl(rr, answer_ttl);
  ldns_rr_set_class(rr, LDNS_RR_CLASS_IN);
  ldns_rr_set_type(rr, static_cast<ldns_rr_type>(r.type));
  bool ok = true;
  auto push = [&](ldns_rdf* rdf) {
    if (rdf == nullptr) {
      ok = false;
      return;
    }
    ldns_rr_push_rdf(rr, rdf);
  };
  switch (r.type) {
    case rr_type::a:
      push(ldns_rdf_new_frm_str(LDNS_RDF_TYPE_A, r.address.c_str()));
      break;
    case rr_type::cname:
      push(dname(r.target));
      break;
    case rr_type::mx:
      push(ldns_native2rdf_int16(LDNS_RDF_TYPE_INT16, r.preference));
      push(dname(r.target));
      break;
    case rr_type::txt:
      // Each recorded character-string stays its own (R-3.1-9). One longer than 255 bytes
      // cannot exist on the wire and is split; a record needs at least one string.
      if (r.strings.empty()) push(character_string(""));
      for (const std::string& s : r.strings) {
        std::string_view rest(s);
        do {
          push(character_string(rest.substr(0, 255)));
          rest.remove_prefix(std::min<std::size_t>(255, rest.size()));
        } while (!rest.empty());
      }
      break;
    case rr_type::aaaa:
      ok = false;
      break;
  }
  if (!ok) {
    ldns_rr_free(rr);
    return nullptr;
  }
  return rr;
}

std::optional<std::vector<std::uint8_t>> to_wire(const ldns_pkt* p) {
  std::uint8_t* buf = nullptr;
  std::size_t size = 0;
  if (ldns_pkt2wire(&buf, p, &size) != LDNS_STATUS_OK) {
    std::free(buf);  // NOLINT(cppcoreguidelines-no-malloc): allocated by ldns
    return std::nullopt;
  }
  std::vector<std::uint8_t> out(buf, buf + size);
  std::free(buf);  // NOLINT(cppcoreguidelines-no-malloc): allocated by ldns
  return out;
}

// The header of a reply to q (RFC 1035 §4.1.1): same ID and opcode, QR and AA set, RD copied,
// RA set (we answer as the recursive resolver the client was given).
pkt_ptr reply_header(const ldns_pkt* q, std::uint8_t rcode) {
  pkt_ptr p(ldns_pkt_new());
  ldns_pkt_set_id(p.get(), ldns_pkt_id(q));
  ldns_pkt_set_opcode(p.get(), ldns_pkt_get_opcode(q));
  ldns_pkt_set_qr(p.get(), true);
  ldns_pkt_set_aa(p.get(), true);
  ldns_pkt_set_rd(p.get(), ldns_pkt_rd(q));
  ldns_pkt_set_ra(p.get(), true);
  ldns_pkt_set_cd(p.get(), ldns_pkt_cd(q));
  ldns_pkt_set_rcode(p.get(), rcode);
  if (ldns_pkt_edns(q)) ldns_pkt_set_edns_udp_size(p.get(), our_udp_size);
  return p;
}

}  // namespace

dns_reply answer_query(const replay_world& world, const std::uint8_t* query, std::size_t size,
                       bool udp) {
  dns_reply reply;
  ldns_pkt* raw = nullptr;
  if (ldns_wire2pkt(&raw, query, size) != LDNS_STATUS_OK || raw == nullptr) {
    ldns_pkt_free(raw);
    return reply;  // not a DNS message: silence, like most servers
  }
  const pkt_ptr q(raw);
  if (ldns_pkt_qr(q.get())) return reply;  // a response, not a query: never answer it

  const ldns_rr_list* questions = ldns_pkt_question(q.get());
  if (ldns_pkt_get_opcode(q.get()) != LDNS_PACKET_QUERY) {
    reply.wire = to_wire(reply_header(q.get(), rcode_notimp).get());
    return reply;
  }
  if (ldns_rr_list_rr_count(questions) != 1) {
    reply.wire = to_wire(reply_header(q.get(), rcode_formerr).get());
    return reply;
  }
  const ldns_rr* question = ldns_rr_list_rr(questions, 0);
  const ldns_rdf* owner = ldns_rr_owner(question);
  const auto type = static_cast<std::uint16_t>(ldns_rr_get_type(question));
  dns_question info;
  info.name = name_key(owned_str(ldns_rdf2str(owner)));
  info.type = owned_str(ldns_rr_type2str(ldns_rr_get_type(question)));
  reply.question = info;

  const dns_resolution res = resolve(world, info.name, type);
  if (!res.answer) return reply;

  pkt_ptr p = reply_header(q.get(), res.rcode);
  ldns_pkt_push_rr(p.get(), LDNS_SECTION_QUESTION, ldns_rr_clone(question));
  for (const dns_record& r : res.records) {
    if (ldns_rr* rr = to_rr(r, owner, info.name))
      ldns_pkt_push_rr(p.get(), LDNS_SECTION_ANSWER, rr);
  }
  reply.wire = to_wire(p.get());
  if (udp && reply.wire) {
    std::size_t limit = classic_udp_size;
    if (ldns_pkt_edns(q.get()))
      limit =
          std::clamp<std::size_t>(ldns_pkt_edns_udp_size(q.get()), classic_udp_size, our_udp_size);
    if (reply.wire->size() > limit) {
      // Truncated: the header and question only, so the client retries over TCP.
      pkt_ptr t = reply_header(q.get(), res.rcode);
      ldns_pkt_set_tc(t.get(), true);
      ldns_pkt_push_rr(t.get(), LDNS_SECTION_QUESTION, ldns_rr_clone(question));
      reply.wire = to_wire(t.get());
    }
  }
  return reply;
}

}  // namespace mtasts::replay
