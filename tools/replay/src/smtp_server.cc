// SPDX-License-Identifier: Apache-2.0
#include "mtasts/replay/smtp_server.h"

#include <openssl/ssl.h>
#include <sys/socket.h>

#include <array>
#include <stdexcept>

#include "mtasts/replay/connection.h"

namespace mtasts::replay {

namespace {

// The address replay_world gives the first MX host (127.0.1.N from 1).
constexpr const char* first_mx_address = "127.0.1.1";

// A client that asked for a recorded tls_failed session: the handshake is refused.
int refuse_handshake(SSL* ssl, int* alert, void* /*arg*/) {
  if (SSL_get_app_data(ssl) != nullptr) {
    *alert = SSL_AD_HANDSHAKE_FAILURE;
    return SSL_TLSEXT_ERR_ALERT_FATAL;
  }
  return SSL_TLSEXT_ERR_OK;
}

enum class line_status : std::uint8_t { ok, closed, too_long };

line_status read_line(connection& conn, std::string& buffer, std::string& line) {
  std::array<char, 1024> chunk{};
  std::size_t eol = buffer.find('\n');
  while (eol == std::string::npos) {
    // A line of max_smtp_command_line bytes has its LF within them.
    if (buffer.size() >= max_smtp_command_line) return line_status::too_long;
    const std::size_t n = conn.read_some(chunk.data(), chunk.size());
    if (n == 0) return line_status::closed;
    buffer.append(chunk.data(), n);
    eol = buffer.find('\n');
  }
  if (eol + 1 > max_smtp_command_line) return line_status::too_long;
  line = buffer.substr(0, eol);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  buffer.erase(0, eol + 1);
  return line_status::ok;
}

std::string verb_of(const std::string& line) {
  std::string verb = line.substr(0, line.find(' '));
  for (char& c : verb) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return verb;
}

}  // namespace

smtp_server::smtp_server(const replay_world& world, cert_minter& certs, event_log& log,
                         const std::atomic<bool>& stop)
    : world_(world), log_(log), stop_(stop) {
  ctx_ = SSL_CTX_new(TLS_server_method());
  if (ctx_ == nullptr) throw std::runtime_error("cannot create a TLS context");
  SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
  SSL_CTX_set_tlsext_servername_callback(ctx_, refuse_handshake);
  SSL_CTX_set_session_cache_mode(ctx_, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_num_tickets(ctx_, 0);
  for (const mx_host& m : world_.mx) {
    auto l = std::make_unique<listener>();
    l->host = &m;
    l->cert = &certs.for_tls(m.key, m.tls);
    listeners_.push_back(std::move(l));
  }
}

smtp_server::~smtp_server() { SSL_CTX_free(ctx_); }

void smtp_server::bind(std::uint16_t port) {
  if (listeners_.empty()) {
    // No MX host: nothing is served, yet callers get a port where a connection is refused
    // (a client reaching an MX address nobody serves gets the same as with a recorded one).
    if (port == 0) reserved_ = reserve_tcp_port(first_mx_address);
    port_ = port == 0 ? bound_port(reserved_.get()) : port;
    return;
  }
  bind_on_one_port(port, [&] {
    for (auto& l : listeners_) l->fd.reset();
    // Port 0: the first listener picks one, every other MX address shares it.
    std::uint16_t shared = port;
    for (auto& l : listeners_) {
      l->fd = bind_socket(l->host->address, shared, sock_kind::tcp);
      if (shared == 0) shared = bound_port(l->fd.get());
    }
    port_ = shared;
  });
}

void smtp_server::start(thread_group& listeners, thread_group& connections) {
  for (auto& l : listeners_) {
    listener* raw = l.get();
    listeners.spawn([this, raw, &connections] { serve(*raw, connections); });
  }
}

void smtp_server::log_event(const mx_host& host, const char* event) {
  log_.write({{"kind", "smtp"}, {"host", host.key}, {"event", event}});
}

void smtp_server::serve(listener& l, thread_group& connections) {
  const listener* lp = &l;
  accept_loop(l.fd.get(), stop_, [&](unique_fd c) {
    auto fd = std::make_shared<unique_fd>(std::move(c));
    // Over the limit the lambda, and with it the connection, is dropped at once.
    connections.try_spawn([this, lp, fd] { serve_connection(*lp, std::move(*fd)); },
                          max_replay_connections);
  });
}

void smtp_server::serve_connection(const listener& l, unique_fd fd) {
  const mx_host& mx = *l.host;
  connection conn(std::move(fd), stop_);
  log_event(mx, "connect");
  if (!conn.write_all("220 " + mx.name + " ESMTP mtasts-replay\r\n")) return;
  std::string buffer;
  bool in_tls = false;
  for (;;) {
    std::string line;
    const line_status ls = read_line(conn, buffer, line);
    if (ls == line_status::closed) return;
    if (ls == line_status::too_long) {
      conn.write_all("500 5.5.2 line too long\r\n");
      break;
    }
    const std::string verb = verb_of(line);
    if (verb == "EHLO") {
      log_event(mx, "ehlo");
      std::string reply = "250-" + mx.name + " greets you\r\n";
      // RFC 3207 §4.2: STARTTLS is not offered again once TLS is up.
      if (mx.starttls && !in_tls) reply += "250-STARTTLS\r\n";
      reply += "250 ENHANCEDSTATUSCODES\r\n";
      if (!conn.write_all(reply)) return;
    } else if (verb == "HELO") {
      log_event(mx, "ehlo");
      if (!conn.write_all("250 " + mx.name + "\r\n")) return;
    } else if (verb == "STARTTLS") {
      if (!mx.starttls || in_tls) {
        if (!conn.write_all("503 5.5.1 STARTTLS not offered\r\n")) return;
        continue;
      }
      log_event(mx, "starttls");
      if (!conn.write_all("220 2.0.0 ready to start TLS\r\n")) return;
      // RFC 3207 §4.2 (and CVE-2011-0411): plaintext pipelined after STARTTLS is discarded.
      buffer.clear();
      const bool refused = mx.tls_failed;
      const bool ok = conn.accept_tls(ctx_, [&](SSL* ssl) {
        // Non-null app data tells refuse_handshake to fail this handshake.
        SSL_set_app_data(ssl, refused ? const_cast<mx_host*>(&mx) : nullptr);
        if (!refused) l.cert->use_on(ssl);
      });
      log_event(mx, ok ? "tls_ok" : "tls_failed");
      if (!ok) {
        conn.abort();
        return;
      }
      in_tls = true;  // the client must say EHLO again (RFC 3207 §4.2)
    } else if (verb == "QUIT") {
      log_event(mx, "quit");
      conn.write_all("221 2.0.0 bye\r\n");
      break;
    } else if (verb == "NOOP" || verb == "RSET") {
      if (!conn.write_all("250 2.0.0 OK\r\n")) return;
    } else {
      conn.write_all("421 4.3.0 mtasts-replay accepts no mail\r\n");
      break;
    }
  }
  conn.close();
}

}  // namespace mtasts::replay
