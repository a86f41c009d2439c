// SPDX-License-Identifier: Apache-2.0
#include "mtasts/replay/https_server.h"

#include <openssl/ssl.h>
#include <sys/socket.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "mtasts/replay/connection.h"
#include "mtasts/replay/http_message.h"

namespace mtasts::replay {

namespace {

using transport = https_exchange::transport;

// What a handshake learnt, for the connection's thread (SSL app data).
struct tls_state {
  https_server* server = nullptr;
  std::string sni;
  bool aborted = false;
};

int on_servername(SSL* ssl, int* alert, void* /*arg*/) {
  auto* st = static_cast<tls_state*>(SSL_get_app_data(ssl));
  const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
  st->sni = name == nullptr ? std::string() : name_key(name);
  if (st->server->handshake_fails(st->sni)) {
    st->aborted = true;
    *alert = SSL_AD_HANDSHAKE_FAILURE;
    return SSL_TLSEXT_ERR_ALERT_FATAL;
  }
  const minted_cert* cert = st->server->cert_for(st->sni);
  if (cert == nullptr || !cert->use_on(ssl)) {
    *alert = SSL_AD_INTERNAL_ERROR;
    return SSL_TLSEXT_ERR_ALERT_FATAL;
  }
  return SSL_TLSEXT_ERR_OK;
}

// ALPN (RFC 7301): http/1.1 only; a client offering only h2 proceeds without ALPN.
int on_alpn(SSL* /*ssl*/, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
            unsigned int inlen, void* /*arg*/) {
  static const unsigned char ours[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
  unsigned char* selected = nullptr;
  if (SSL_select_next_proto(&selected, outlen, ours, sizeof ours, in, inlen) !=
      OPENSSL_NPN_NEGOTIATED)
    return SSL_TLSEXT_ERR_NOACK;
  *out = selected;
  return SSL_TLSEXT_ERR_OK;
}

std::string not_found_response() {
  const std::string body = "not recorded\n";
  return "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

}  // namespace

https_server::https_server(const replay_world& world, cert_minter& certs, event_log& log,
                           const std::atomic<bool>& stop)
    : world_(world), log_(log), stop_(stop) {
  ctx_ = SSL_CTX_new(TLS_server_method());
  if (ctx_ == nullptr) throw std::runtime_error("cannot create a TLS context");
  SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
  SSL_CTX_set_tlsext_servername_callback(ctx_, on_servername);
  SSL_CTX_set_alpn_select_cb(ctx_, on_alpn, nullptr);
  SSL_CTX_set_session_cache_mode(ctx_, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_num_tickets(ctx_, 0);  // each connection gets a full handshake and certificate
  for (const auto& [host, tls] : world_.https_tls) {
    // Several entries of one host may record different verdicts; SNI cannot tell them apart,
    // so the host's first entry decides (replay_world::https_tls).
    certs_[host] = &certs.for_tls(host, tls);
  }
}

https_server::~https_server() { SSL_CTX_free(ctx_); }

void https_server::bind(const std::string& address, std::uint16_t port) {
  listen_ = bind_socket(address, port, sock_kind::tcp);
  port_ = bound_port(listen_.get());
}

const minted_cert* https_server::cert_for(const std::string& host) const {
  const auto it = certs_.find(host);
  if (it != certs_.end()) return it->second;
  return certs_.empty() ? nullptr : certs_.begin()->second;
}

std::optional<https_exchange> https_server::take(const std::string& url) {
  const auto it = world_.https.find(url);
  if (it == world_.https.end() || it->second.empty()) return std::nullopt;
  const std::lock_guard lock(mutex_);
  std::size_t& next = cursor_[url];
  const std::size_t i = std::min(next, it->second.size() - 1);
  if (next < it->second.size()) ++next;
  return it->second[i];
}

bool https_server::handshake_fails(const std::string& host) {
  const std::lock_guard lock(mutex_);
  std::vector<std::string> urls;
  for (const auto& [url, exchanges] : world_.https) {
    if (url_host(url) != host || exchanges.empty()) continue;
    const std::size_t i = std::min(cursor_[url], exchanges.size() - 1);
    const transport k = exchanges[i].kind;
    if (k != transport::tls_error && k != transport::connect_error) return false;
    urls.push_back(url);
  }
  if (urls.empty()) return false;
  for (const std::string& url : urls) {
    std::size_t& next = cursor_[url];
    if (next < world_.https.at(url).size()) ++next;
  }
  return true;
}

void https_server::start(thread_group& listeners, thread_group& connections) {
  listeners.spawn([this, &connections] { serve(connections); });
}

void https_server::serve(thread_group& connections) {
  accept_loop(listen_.get(), stop_, [&](unique_fd c) {
    auto fd = std::make_shared<unique_fd>(std::move(c));
    // Over the limit the lambda, and with it the connection, is dropped at once.
    connections.try_spawn([this, fd] { serve_connection(std::move(*fd)); }, max_replay_connections);
  });
}

void https_server::serve_connection(unique_fd fd) {
  connection conn(std::move(fd), stop_);
  tls_state st;
  st.server = this;
  if (!conn.accept_tls(ctx_, [&st](SSL* ssl) { SSL_set_app_data(ssl, &st); })) {
    log_.write({{"kind", "https_tls"},
                {"sni", st.sni},
                {"outcome", st.aborted ? "aborted_by_replay" : "handshake_failed"}});
    conn.abort();
    return;
  }
  std::string buffer;
  bool any_request = false;
  for (;;) {
    http_request req;
    const read_status rs = read_request(conn, buffer, req);
    if (rs == read_status::closed) break;
    if (rs != read_status::ok) {
      conn.write_all(rs == read_status::too_large
                         ? "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: "
                           "0\r\nConnection: close\r\n\r\n"
                         : "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: "
                           "close\r\n\r\n");
      any_request = true;
      break;
    }
    any_request = true;
    const std::string host = req.host.empty() ? st.sni : req.host;
    const std::string url = normalise_url("https://" + host + req.target);
    const std::optional<https_exchange> x = take(url);
    const char* served = x ? "completed" : "not_found";
    if (x && x->kind == transport::timeout) served = "timeout";
    if (x && (x->kind == transport::tls_error || x->kind == transport::connect_error))
      served = "aborted_by_replay";
    log_.write({{"kind", "https"},
                {"url", url},
                {"sni", st.sni},
                {"method", req.method},
                {"host", req.host},
                {"served", served}});
    if (!x) {
      conn.write_all(not_found_response());
      break;
    }
    if (x->kind == transport::timeout) {
      conn.hold_until_closed();  // the request was read; nothing is ever sent
      break;
    }
    if (x->kind != transport::completed) {
      // The handshake already succeeded for another URL of this host: drop the connection.
      conn.abort();
      return;
    }
    bool closes = false;
    if (!conn.write_all(response_head(*x, closes))) break;
    if (req.method != "HEAD" && !write_body(conn, x->body)) break;
    if (closes) break;
  }
  if (!any_request) log_.write({{"kind", "https_tls"}, {"sni", st.sni}, {"outcome", "no_request"}});
  conn.close();
}

}  // namespace mtasts::replay
