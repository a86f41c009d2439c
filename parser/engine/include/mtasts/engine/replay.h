// SPDX-License-Identifier: Apache-2.0
// In-memory implementations of every port: recorded answers in, observed questions out.
// Used by fixtures, fuzz targets and tests; deterministic by construction.
#pragma once

#include <deque>
#include <map>
#include <string>
#include <vector>

#include "mtasts/engine/ports.h"

namespace mtasts::engine {

class replay_dns final : public dns_port {
 public:
  // Answers for a name; names not set answer NXDOMAIN. Names compare ASCII
  // case-insensitively and without a trailing dot.
  void set_txt(std::string_view name, txt_answer answer);
  txt_answer query_txt(std::string_view name) override;
  [[nodiscard]] const std::vector<std::string>& queries() const { return queries_; }

 private:
  std::map<std::string, txt_answer> answers_;
  std::vector<std::string> queries_;
};

class replay_https final : public https_port {
 public:
  // Responses for a URL, served in order; the last one repeats. URLs not set answer
  // connect_error.
  void add_response(std::string_view url, https_response response);
  https_response fetch(const https_request& request) override;
  [[nodiscard]] const std::vector<https_request>& requests() const { return requests_; }

 private:
  std::map<std::string, std::deque<https_response>> responses_;
  std::vector<https_request> requests_;
};

class fixed_clock final : public clock_port {
 public:
  explicit fixed_clock(unix_seconds t = 0) : now_(t) {}
  void set(unix_seconds t) { now_ = t; }
  void advance(unix_seconds d) { now_ += d; }
  unix_seconds now() override { return now_; }

 private:
  unix_seconds now_;
};

class memory_cache final : public cache_port {
 public:
  std::optional<cache_entry> get(std::string_view domain) override;
  void put(std::string_view domain, const cache_entry& entry) override;
  void erase(std::string_view domain) override;
  std::optional<unix_seconds> failed_fetch(std::string_view domain, std::string_view id) override;
  void record_failed_fetch(std::string_view domain, std::string_view id, unix_seconds at) override;
  void clear_failed_fetches(std::string_view domain) override;

 private:
  std::map<std::string, cache_entry, std::less<>> entries_;
  std::map<std::pair<std::string, std::string>, unix_seconds> failures_;
};

// Answers with a verdict recorded per (leaf certificate text, host); falls back to a
// default. Lets fixtures state certificate outcomes without real PKI.
class replay_x509 final : public x509_port {
 public:
  explicit replay_x509(cert_status fallback = cert_status::valid) : fallback_(fallback) {}
  void set(std::string_view leaf, std::string_view host, cert_status status);
  cert_status verify(const cert_chain& chain, std::string_view host, name_rule rule,
                     unix_seconds at) override;

 private:
  std::map<std::pair<std::string, std::string>, cert_status> verdicts_;
  cert_status fallback_;
};

}  // namespace mtasts::engine
