// SPDX-License-Identifier: Apache-2.0
// A replayable world for the engine tests: DNS, HTTPS, clock, cache and X.509 ports from
// mtasts/engine/replay.h, plus builders for the usual answers (a valid _mta-sts TXT record,
// a valid policy served as text/plain over a certificate the replay X.509 port accepts).
// Header-only; everything lives in mtasts_engine_test.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mtasts/engine/engine.h"
#include "mtasts/engine/ports.h"
#include "mtasts/engine/replay.h"
#include "mtasts/error.h"
#include "mtasts/policy.h"

namespace mtasts_engine_test {

namespace me = mtasts::engine;
using mtasts::error_code;
using mtasts::policy_mode;

inline constexpr std::string_view kDomain = "example.com";
inline constexpr std::string_view kTxtName = "_mta-sts.example.com";
inline constexpr std::string_view kPolicyHost = "mta-sts.example.com";
inline constexpr std::string_view kUrl = "https://mta-sts.example.com/.well-known/mta-sts.txt";
inline constexpr me::unix_seconds kT0 = 1'700'000'000;  // 2023-11-14
inline constexpr std::uint64_t kWeek = 604800;
inline constexpr std::string_view kPolicyLeaf = "leaf:mta-sts";  // the Policy Host's chain

inline std::string txt_name(std::string_view domain) { return "_mta-sts." + std::string(domain); }
inline std::string policy_url(std::string_view domain) {
  return "https://mta-sts." + std::string(domain) + "/.well-known/mta-sts.txt";
}

// A TXT answer holding the given records, each one character-string.
inline me::txt_answer txt_records(std::initializer_list<std::string_view> records) {
  me::txt_answer a;
  for (std::string_view r : records) a.records.push_back({std::string(r)});
  return a;
}
inline me::txt_answer sts_txt(std::string_view id) {
  return txt_records({"v=STSv1; id=" + std::string(id)});
}
inline me::txt_answer txt_status(me::dns_status status) {
  me::txt_answer a;
  a.status = status;
  return a;
}
inline me::txt_answer txt_cname(std::string_view target) {
  me::txt_answer a;
  a.cname = std::string(target);
  return a;
}

// A policy body: version, mode, max_age, then one mx line per pattern.
inline std::string policy_body(policy_mode mode, std::uint64_t max_age,
                               std::initializer_list<std::string_view> mx = {"mail.example.com",
                                                                             "*.mx.example.net"}) {
  std::string body = "version: STSv1\nmode: ";
  body += mtasts::to_string(mode);
  body += "\nmax_age: " + std::to_string(max_age) + "\n";
  for (std::string_view m : mx) body += "mx: " + std::string(m) + "\n";
  return body;
}
inline std::string enforce_body(std::uint64_t max_age = kWeek) {
  return policy_body(policy_mode::enforce, max_age);
}

// A 200 text/plain response over the Policy Host's chain (valid unless told otherwise).
inline me::https_response ok_response(std::string body) {
  me::https_response r;
  r.transport = me::transport_status::completed;
  r.chain = me::cert_chain{{std::string(kPolicyLeaf)}};
  r.status = 200;
  r.headers = {{"Content-Type", "text/plain"}};
  r.body = std::move(body);
  return r;
}
inline me::https_response transport_failure(me::transport_status status) {
  me::https_response r;
  r.transport = status;
  return r;
}
inline me::https_response with_status(int status, std::string body = enforce_body()) {
  me::https_response r = ok_response(std::move(body));
  r.status = status;
  return r;
}
inline me::https_response with_content_type(std::optional<std::string> type,
                                            std::string body = enforce_body()) {
  me::https_response r = ok_response(std::move(body));
  r.headers.clear();
  if (type) r.headers.emplace_back("Content-Type", *type);
  return r;
}

// An X.509 port that records what it was asked, then answers like replay_x509.
class recording_x509 final : public me::x509_port {
 public:
  struct call {
    std::string leaf;
    std::string host;
    me::name_rule rule;
    me::unix_seconds at;
  };
  explicit recording_x509(me::replay_x509& inner) : inner_(inner) {}
  me::cert_status verify(const me::cert_chain& chain, std::string_view host, me::name_rule rule,
                         me::unix_seconds at) override {
    calls_.push_back({chain.certificates.empty() ? std::string() : chain.certificates.front(),
                      std::string(host), rule, at});
    return inner_.verify(chain, host, rule, at);
  }
  [[nodiscard]] const std::vector<call>& calls() const { return calls_; }

 private:
  me::replay_x509& inner_;
  std::vector<call> calls_;
};

// The whole world. The engine is built on first use from the config as it is then.
struct world {
  me::replay_dns dns;
  me::replay_https https;
  me::fixed_clock clock{kT0};
  me::memory_cache cache;
  me::replay_x509 x509_answers;
  recording_x509 x509{x509_answers};
  me::engine_config config;
  me::idna_port* idna = nullptr;  // null: the engine's default, refusing_idna

  me::engine& engine() {
    if (!engine_) {
      if (idna != nullptr) {
        engine_.emplace(dns, https, clock, cache, x509, *idna, config);
      } else {
        engine_.emplace(dns, https, clock, cache, x509, config);
      }
    }
    return *engine_;
  }
  me::lookup_result lookup(std::string_view domain = kDomain) { return engine().lookup(domain); }
  me::lookup_result refresh(std::string_view domain = kDomain) { return engine().refresh(domain); }

  // Publishes `v=STSv1; id=<id>` at _mta-sts.<domain>.
  void publish(std::string_view id, std::string_view domain = kDomain) {
    dns.set_txt(txt_name(domain), sts_txt(id));
  }
  // Queues a response for https://mta-sts.<domain>/.well-known/mta-sts.txt.
  void serve(me::https_response response, std::string_view domain = kDomain) {
    https.add_response(policy_url(domain), std::move(response));
  }
  void serve_policy(std::string body, std::string_view domain = kDomain) {
    serve(ok_response(std::move(body)), domain);
  }
  // A domain with a valid record and a valid enforce policy.
  void publish_enforce(std::string_view id = "id1", std::uint64_t max_age = kWeek) {
    publish(id);
    serve_policy(enforce_body(max_age));
  }
  // Puts an entry straight into the cache.
  void seed_cache(std::string_view id, const mtasts::policy& p, me::unix_seconds fetched_at,
                  std::string_view domain = kDomain) {
    cache.put(domain, me::cache_entry{std::string(id), p, fetched_at});
  }
  [[nodiscard]] std::size_t requests() const { return https.requests().size(); }

 private:
  std::optional<me::engine> engine_;
};

inline mtasts::policy parsed(std::string_view body) {
  auto r = mtasts::parse_policy(body);
  EXPECT_TRUE(r.ok()) << body;
  return r.ok() ? r.value() : mtasts::policy{};
}
inline mtasts::policy enforce_policy(std::uint64_t max_age = kWeek) {
  return parsed(enforce_body(max_age));
}

// The codes of a lookup's events, in order.
inline std::vector<error_code> codes(const me::lookup_result& r) {
  std::vector<error_code> out;
  out.reserve(r.events.size());
  for (const me::event& e : r.events) out.push_back(e.code);
  return out;
}

// Assertion: exactly one event, with this code (and detail, when given).
inline testing::AssertionResult only_event(const me::lookup_result& r, error_code code,
                                           std::optional<std::string_view> detail = std::nullopt) {
  if (r.events.size() != 1) {
    auto f = testing::AssertionFailure()
             << "expected one event " << mtasts::token(code) << ", got " << r.events.size() << ":";
    for (const me::event& e : r.events) f << " " << mtasts::token(e.code) << "(" << e.detail << ")";
    return f;
  }
  if (r.events.front().code != code)
    return testing::AssertionFailure()
           << "expected " << mtasts::token(code) << ", got " << mtasts::token(r.events.front().code)
           << "(" << r.events.front().detail << ")";
  if (detail && r.events.front().detail != *detail)
    return testing::AssertionFailure() << mtasts::token(code) << ": expected detail '" << *detail
                                       << "', got '" << r.events.front().detail << "'";
  return testing::AssertionSuccess();
}

// Assertion: no policy applies (R-3.3-10, R-3.1-7).
inline testing::AssertionResult no_policy(const me::lookup_result& r) {
  if (r.source != me::policy_source::none)
    return testing::AssertionFailure() << "source is " << static_cast<int>(r.source);
  if (r.in_force)
    return testing::AssertionFailure() << "a policy is in force (id " << r.in_force->id << ")";
  if (r.active()) return testing::AssertionFailure() << "active() is true";
  return testing::AssertionSuccess();
}

// Assertion: this source, and the policy in force has this id.
inline testing::AssertionResult in_force(const me::lookup_result& r, me::policy_source source,
                                         std::string_view id) {
  if (r.source != source)
    return testing::AssertionFailure() << "source is " << static_cast<int>(r.source)
                                       << ", expected " << static_cast<int>(source);
  if (!r.in_force) return testing::AssertionFailure() << "no policy in force";
  if (r.in_force->id != id)
    return testing::AssertionFailure()
           << "id in force is '" << r.in_force->id << "', expected '" << id << "'";
  return testing::AssertionSuccess();
}

// An MX observation whose chain the replay X.509 port judges `status` for `host`.
inline me::mx_observation mx_with_cert(world& w, std::string_view host,
                                       me::cert_status status = me::cert_status::valid) {
  const std::string leaf = "leaf:" + std::string(host);
  w.x509_answers.set(leaf, host, status);
  me::mx_observation o;
  o.host = std::string(host);
  o.chain = me::cert_chain{{leaf}};
  return o;
}

}  // namespace mtasts_engine_test
