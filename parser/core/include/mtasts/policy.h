// SPDX-License-Identifier: Apache-2.0
// The MTA-STS policy file (RFC 8461 §3.2).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/extension.h"
#include "mtasts/options.h"
#include "mtasts/result.h"

namespace mtasts {

enum class policy_mode : std::uint8_t { enforce, testing, none };

std::string_view to_string(policy_mode mode) noexcept;

// RFC 8461 §3.2: the stated maximum of max_age.
inline constexpr std::uint64_t max_age_ceiling_seconds = 31557600;

// A parsed policy whose strings are views into the body and whose lists live in storage
// the caller supplied; parsing into it never allocates.
struct policy_view {
  std::string_view version;
  policy_mode mode = policy_mode::none;
  std::uint64_t max_age = 0;
  std::span<const std::string_view> mx;   // as written, in input order
  std::span<const extension> extensions;  // unknown fields, in input order
};

// Caller-supplied storage for the lists of a policy_view: a fixed array, an arena, a
// vector's data. When it runs out the parse fails with POLICY_STORAGE_EXHAUSTED.
struct policy_storage {
  std::span<std::string_view> mx;
  std::span<extension> extensions;
};

// An owning policy, for callers that keep it beyond the body's lifetime.
struct policy {
  std::string version = "STSv1";
  policy_mode mode = policy_mode::none;
  std::uint64_t max_age = 0;
  std::vector<std::string> mx;
  std::vector<std::pair<std::string, std::string>> extensions;

  friend bool operator==(const policy&, const policy&) = default;
};

// Parses body into storage. Never allocates.
result<policy_view> parse_policy(std::string_view body, policy_storage storage,
                                 const policy_options& options = {});
// Parses body into an owning policy (allocates only for the result's strings and lists).
result<policy> parse_policy(std::string_view body, const policy_options& options = {});

// is_valid_policy(x) == parse_policy(x).ok(); allocation-free.
bool is_valid_policy(std::string_view body, const policy_options& options = {});

policy to_policy(const policy_view& view);

enum class line_ending : std::uint8_t { lf, crlf };
// Canonical form: version, mode, max_age, each mx, then extensions, one per line, each
// line terminated (including the last), ": " between name and value.
std::string serialize(const policy& p, line_ending ending = line_ending::lf);

}  // namespace mtasts
