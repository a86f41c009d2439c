// SPDX-License-Identifier: Apache-2.0
// The STARTTLS probe of one MX host (see smtp_probe.h).
#include "mtasts/live/smtp_probe.h"

#include <memory>

#include "mtasts/live/ldns_resolver.h"
#include "presented_chain.h"
#include "smtp_session.h"

namespace mtasts::live {
namespace {

bool offers_starttls(const smtp_reply& ehlo) {
  for (std::string keyword : ehlo.lines) {
    keyword = keyword.substr(0, keyword.find(' '));
    for (char& c : keyword) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    if (keyword == "STARTTLS") return true;
  }
  return false;
}

}  // namespace

smtp_starttls_probe::smtp_starttls_probe(ldns_resolver& resolver, smtp_probe_options options)
    : resolver_(resolver), options_(std::move(options)) {}

probe_result smtp_starttls_probe::probe(const std::string& host) {
  probe_result out;
  engine::mx_observation& o = out.observation;
  o.host = host;
  // A session that never reaches a TLS handshake cannot validate (R-4-1): reported as a
  // failed negotiation, with the reason in the note.
  auto fail = [&](const std::string& why) {
    o.tls_failed = true;
    out.note = why;
    return out;
  };
  const std::vector<std::string> addresses = resolver_.query_addresses(host);
  if (addresses.empty()) return fail("no address for " + host);
  std::unique_ptr<smtp_session> connected;
  std::string why;
  const smtp_session::clock::time_point deadline = smtp_session::clock::now() + options_.timeout;
  for (const std::string& address : addresses) {
    auto attempt = std::make_unique<smtp_session>(deadline);
    if (attempt->connect(address, options_.port)) {
      connected = std::move(attempt);
      break;
    }
    why = address + ": " + attempt->error();
  }
  if (!connected) return fail("cannot connect: " + why);
  smtp_session& session = *connected;
  const std::optional<smtp_reply> banner = session.read_reply();
  if (!banner || banner->code != 220) return fail("no 220 banner: " + session.error());
  if (!session.send_line("EHLO " + options_.ehlo_name)) return fail(session.error());
  const std::optional<smtp_reply> ehlo = session.read_reply();
  if (!ehlo || ehlo->code != 250) return fail("EHLO refused: " + session.error());
  // R-4-1 (2): STARTTLS must be offered.
  if (!offers_starttls(*ehlo)) {
    o.starttls_offered = false;
    session.send_line("QUIT");
    session.read_reply();
    out.note = "STARTTLS not offered";
    return out;
  }
  if (!session.send_line("STARTTLS")) return fail(session.error());
  const std::optional<smtp_reply> go = session.read_reply();
  if (!go || go->code != 220) return fail("STARTTLS refused: " + session.error());

  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()),
                                                        SSL_CTX_free);
  if (!ctx) return fail("SSL_CTX_new failed");
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  // R-4.2-1, R-4.2-2: the engine judges the chain with mtasts::x509_openssl; the handshake
  // completes whatever the chain, so that it can be judged and recorded.
  keep_chain_unjudged(ctx.get(), &o.chain);
  if (!session.start_tls(ctx.get(), host)) {
    o.chain.reset();
    return fail(session.error());
  }
  // No certificate shown: an empty chain, which the judge finds untrusted.
  if (!o.chain) o.chain = engine::cert_chain{};
  session.send_line("QUIT");
  session.read_reply();
  return out;
}

}  // namespace mtasts::live
