// SPDX-License-Identifier: Apache-2.0
// The fixtures' vocabularies as types (fixtures/FORMAT.md, fixtures/schemas/fixture.schema.json):
// step actions with the capability and protocol level each needs, capabilities, test levels
// and results, DNS rcodes, HTTPS transports and TLS verdicts. Each word is written once, here;
// the loader, both engine observers, the level-P runner, the black-box profiles and the shim
// messages read these tables, and a test checks them against the JSON Schema's enums.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

#include "mtasts/engine/ports.h"

namespace mtasts::conformance {

// A closed vocabulary: every value of E with its one spelling, in the schema's order.
template <class E, std::size_t N>
struct vocabulary {
  std::array<std::pair<E, std::string_view>, N> words;

  [[nodiscard]] constexpr std::string_view name(E value) const noexcept {
    for (const auto& [v, n] : words) {
      if (v == value) return n;
    }
    return {};
  }
  [[nodiscard]] constexpr std::optional<E> from(std::string_view text) const noexcept {
    for (const auto& [v, n] : words) {
      if (n == text) return v;
    }
    return std::nullopt;
  }
  [[nodiscard]] constexpr std::size_t size() const noexcept { return N; }
};

// What a test needs of an implementation (PROTOCOL.md "Capabilities").
// tlsrpt_report: aggregate reports (RFC 8460 §4), apart from tlsrpt (the record and its
// lookup) so that a shim declaring tlsrpt is not asked about reports.
enum class capability : std::uint8_t {
  parse,
  match,
  discover,
  cache,
  clock,
  apply,
  tlsrpt,
  tlsrpt_report
};
inline constexpr vocabulary<capability, 8> capabilities{{{
    {capability::parse, "parse"},
    {capability::match, "match"},
    {capability::discover, "discover"},
    {capability::cache, "cache"},
    {capability::clock, "clock"},
    {capability::apply, "apply"},
    {capability::tlsrpt, "tlsrpt"},
    {capability::tlsrpt_report, "tlsrpt_report"},
}}};

// Where a shim answers an action: P, one command per question; D1, a JSON-lines session.
enum class protocol_level : std::uint8_t { p, d1 };

enum class step_action : std::uint8_t {
  lookup,
  refresh,
  deliver,
  may_fail_permanently,
  lookup_tlsrpt,
  parse_txt,
  parse_txt_records,
  parse_policy,
  parse_tlsrpt,
  parse_tlsrpt_report,
  build_tlsrpt_report,
  match,
  cert_match,
};

struct step_action_info {
  step_action action;
  std::string_view name;
  capability needs;
  protocol_level level;
};

inline constexpr std::array<step_action_info, 13> step_actions{{
    {step_action::lookup, "lookup", capability::discover, protocol_level::d1},
    {step_action::refresh, "refresh", capability::discover, protocol_level::d1},
    {step_action::deliver, "deliver", capability::apply, protocol_level::d1},
    {step_action::may_fail_permanently, "may_fail_permanently", capability::apply,
     protocol_level::d1},
    {step_action::lookup_tlsrpt, "lookup_tlsrpt", capability::tlsrpt, protocol_level::d1},
    {step_action::parse_txt, "parse_txt", capability::parse, protocol_level::p},
    {step_action::parse_txt_records, "parse_txt_records", capability::parse, protocol_level::p},
    {step_action::parse_policy, "parse_policy", capability::parse, protocol_level::p},
    {step_action::parse_tlsrpt, "parse_tlsrpt", capability::tlsrpt, protocol_level::p},
    {step_action::parse_tlsrpt_report, "parse_tlsrpt_report", capability::tlsrpt_report,
     protocol_level::p},
    {step_action::build_tlsrpt_report, "build_tlsrpt_report", capability::tlsrpt_report,
     protocol_level::p},
    {step_action::match, "match", capability::match, protocol_level::p},
    {step_action::cert_match, "cert_match", capability::match, protocol_level::p},
}};

constexpr const step_action_info& describe(step_action action) noexcept {
  return step_actions[static_cast<std::size_t>(action)];
}
constexpr std::optional<step_action> step_action_from(std::string_view name) noexcept {
  for (const step_action_info& a : step_actions) {
    if (a.name == name) return a.action;
  }
  return std::nullopt;
}
static_assert([] {
  for (std::size_t i = 0; i < step_actions.size(); ++i) {
    if (static_cast<std::size_t>(step_actions[i].action) != i) return false;
  }
  return true;
}());

// The strongest RFC level of the rule a test checks.
enum class test_level : std::uint8_t { must, should, may };
inline constexpr vocabulary<test_level, 3> test_levels{{{
    {test_level::must, "MUST"},
    {test_level::should, "SHOULD"},
    {test_level::may, "MAY"},
}}};

// What a test expects: a match, a rejection, or either way where the RFC is silent.
enum class expected_result : std::uint8_t { valid, invalid, acceptable };
inline constexpr vocabulary<expected_result, 3> expected_results{{{
    {expected_result::valid, "valid"},
    {expected_result::invalid, "invalid"},
    {expected_result::acceptable, "acceptable"},
}}};

inline constexpr vocabulary<engine::dns_status, 4> rcodes{{{
    {engine::dns_status::noerror, "NOERROR"},
    {engine::dns_status::nxdomain, "NXDOMAIN"},
    {engine::dns_status::servfail, "SERVFAIL"},
    {engine::dns_status::timeout, "TIMEOUT"},
}}};

inline constexpr vocabulary<engine::transport_status, 4> transports{{{
    {engine::transport_status::completed, "completed"},
    {engine::transport_status::connect_error, "connect_error"},
    {engine::transport_status::tls_error, "tls_error"},
    {engine::transport_status::timeout, "timeout"},
}}};

inline constexpr vocabulary<engine::cert_status, 5> tls_verdicts{{{
    {engine::cert_status::valid, "valid"},
    {engine::cert_status::expired, "expired"},
    {engine::cert_status::not_yet_valid, "not_yet_valid"},
    {engine::cert_status::untrusted, "untrusted"},
    {engine::cert_status::name_mismatch, "name_mismatch"},
}}};

}  // namespace mtasts::conformance
