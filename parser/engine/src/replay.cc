// SPDX-License-Identifier: Apache-2.0
// In-memory ports (see replay.h).
#include "mtasts/engine/replay.h"

#include "mtasts/ascii.h"

namespace mtasts::engine {
namespace {

std::string dns_key(std::string_view name) { return dns_name_key(name); }

}  // namespace

void replay_dns::set_txt(std::string_view name, txt_answer answer) {
  answers_[dns_key(name)] = std::move(answer);
}

txt_answer replay_dns::query_txt(std::string_view name) {
  queries_.emplace_back(name);
  const auto it = answers_.find(dns_key(name));
  if (it == answers_.end()) return txt_answer{dns_status::nxdomain, std::nullopt, {}};
  return it->second;
}

void replay_https::add_response(std::string_view url, https_response response) {
  responses_[std::string(url)].push_back(std::move(response));
}

https_response replay_https::fetch(const https_request& request) {
  requests_.push_back(request);
  const auto it = responses_.find(request.url);
  if (it == responses_.end() || it->second.empty()) {
    https_response r;
    r.transport = transport_status::connect_error;
    return r;
  }
  https_response r = it->second.front();
  if (it->second.size() > 1) it->second.pop_front();
  // Model a transport that stops reading after max_body + 1 bytes.
  if (r.body.size() > request.max_body) {
    r.body.resize(request.max_body + 1);
    r.body_truncated = true;
  }
  return r;
}

std::optional<cache_entry> memory_cache::get(std::string_view domain) {
  const auto it = entries_.find(domain);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

void memory_cache::put(std::string_view domain, const cache_entry& entry) {
  entries_.insert_or_assign(std::string(domain), entry);
}

void memory_cache::erase(std::string_view domain) {
  if (const auto it = entries_.find(domain); it != entries_.end()) entries_.erase(it);
}

std::optional<unix_seconds> memory_cache::failed_fetch(std::string_view domain,
                                                       std::string_view id) {
  const auto it = failures_.find({std::string(domain), std::string(id)});
  if (it == failures_.end()) return std::nullopt;
  return it->second;
}

void memory_cache::record_failed_fetch(std::string_view domain, std::string_view id,
                                       unix_seconds at) {
  failures_[{std::string(domain), std::string(id)}] = at;
}

void memory_cache::clear_failed_fetches(std::string_view domain) {
  std::erase_if(failures_, [&](const auto& kv) { return kv.first.first == domain; });
}

void replay_x509::set(std::string_view leaf, std::string_view host, cert_status status) {
  verdicts_[{std::string(leaf), dns_key(host)}] = status;
}

cert_status replay_x509::verify(const cert_chain& chain, std::string_view host, name_rule /*rule*/,
                                unix_seconds /*at*/) {
  if (chain.certificates.empty()) return cert_status::untrusted;
  const auto it = verdicts_.find({chain.certificates.front(), dns_key(host)});
  return it == verdicts_.end() ? fallback_ : it->second;
}

}  // namespace mtasts::engine
