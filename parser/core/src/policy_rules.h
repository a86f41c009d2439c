// SPDX-License-Identifier: Apache-2.0
// The rules of the policy grammar that judge a registered field's value, each written once.
// Every reader of a policy body applies them only through a rule set passed as a template
// parameter: the line loop and its end-of-body check (policy.cc) and the typical reader
// (typical_policy.h), so a rule changed here changes every path. policy.cc names the set.
//
// Each value production is written as a reader of the value at the start of some bytes
// (what it reads as, and how many bytes it takes): the typical reader applies it where a
// value starts in a line and then wants the terminator right after it; the line loop, which
// has cut the value out already, asks that the reading take the whole value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "char_class.h"
#include "mtasts/options.h"
#include "mtasts/policy.h"

namespace mtasts::detail {

// The registered non-mx fields, in the order their absence is reported (R-3.2-8).
enum field_index : std::size_t { version_field, mode_field, max_age_field, field_count };

// RFC 8461 §3.2: the registered names other than "mx", or field_count for any other name.
// (Literal compares: no memcmp call.)
constexpr field_index registered_field(std::string_view name) noexcept {
  if (name == "version") return version_field;
  if (name == "mode") return mode_field;
  if (name == "max_age") return max_age_field;
  return field_count;
}

// A value read at the start of some bytes: what it reads as (the policy_mode for mode, the
// number for max_age, 0 for version) and how many bytes it takes.
struct value_reading {
  std::uint64_t value;
  std::size_t size;
};

// The rules as RFC 8461 writes them: the only set the library is built with. Each *_at reads
// the longest value of its production at the start of `bytes`, or nothing. (Equality on a
// prefix rather than starts_with: it compiles to a compare of constants.)
struct rfc8461_policy_rules {
  // R-3.2-3: sts-policy-version-value = %s"STSv1"
  static constexpr std::optional<value_reading> version_at(std::string_view bytes) noexcept {
    if (bytes.substr(0, 5) == "STSv1") return value_reading{0, 5};
    return std::nullopt;
  }

  // R-3.2-4: sts-policy-mode-value = %s"testing" / %s"enforce" / %s"none", exactly
  static constexpr std::optional<value_reading> mode_at(std::string_view bytes) noexcept {
    if (bytes.substr(0, 7) == "enforce") return value_reading{mode_value(policy_mode::enforce), 7};
    if (bytes.substr(0, 7) == "testing") return value_reading{mode_value(policy_mode::testing), 7};
    if (bytes.substr(0, 4) == "none") return value_reading{mode_value(policy_mode::none), 4};
    return std::nullopt;
  }

  // RFC 8461 §3.2: sts-policy-max-age-value = 1*10(DIGIT); leading zeros allowed.
  static constexpr std::optional<value_reading> max_age_at(std::string_view bytes) noexcept {
    const std::size_t most = bytes.size() < 10 ? bytes.size() : 10;
    std::uint64_t n = 0;
    std::size_t size = 0;
    while (size < most && is_digit(bytes[size])) {
      n = n * 10 + static_cast<std::uint64_t>(bytes[size] - '0');
      ++size;
    }
    if (size == 0) return std::nullopt;
    return value_reading{n, size};
  }

  // RFC 8461 §3.2: "with a maximum value of 31557600".
  static constexpr std::uint64_t max_age_maximum = max_age_ceiling_seconds;

  static constexpr std::uint64_t mode_value(policy_mode mode) noexcept {
    return static_cast<std::uint64_t>(mode);
  }
};

// Behaviour (pmsr): Python int(): optional sign, digits with single '_' between digits,
// any length. Negative values map to a value the range check rejects. Saturates.
constexpr std::optional<value_reading> python_int_at(std::string_view bytes) noexcept {
  std::size_t size = 0;
  bool negative = false;
  if (!bytes.empty() && (bytes[0] == '+' || bytes[0] == '-')) {
    negative = bytes[0] == '-';
    ++size;
  }
  const std::size_t digits = size;
  std::uint64_t n = 0;
  for (; size < bytes.size() && (is_digit(bytes[size]) || bytes[size] == '_'); ++size) {
    if (bytes[size] == '_') {
      // Only between two digits.
      if (size == digits || bytes[size - 1] == '_') return std::nullopt;
      continue;
    }
    const auto digit = static_cast<std::uint64_t>(bytes[size] - '0');
    n = n > (UINT64_MAX - 9) / 10 ? UINT64_MAX : n * 10 + digit;
  }
  if (size == digits || bytes[size - 1] == '_') return std::nullopt;
  if (negative && n != 0) n = UINT64_MAX;
  return value_reading{n, size};
}

// What the value of registered field f at the start of `bytes` reads as under options, and
// its size; nothing when no value of the field's production starts there.
template <class Rules>
constexpr std::optional<value_reading> read_registered_value_at(
    field_index f, std::string_view bytes, const policy_options& options) noexcept {
  switch (f) {
    case version_field:
      return Rules::version_at(bytes);
    case mode_field:
      return Rules::mode_at(bytes);
    default:
      // max_age as the rule set reads it, or (a reading of its own) as Python int() does.
      return options.python_int_max_age ? python_int_at(bytes) : Rules::max_age_at(bytes);
  }
}

// What the whole value v of registered field f reads as under options, when all of v fits
// the field's production.
template <class Rules>
constexpr std::optional<std::uint64_t> read_registered_value(
    field_index f, std::string_view v, const policy_options& options) noexcept {
  const std::optional<value_reading> r = read_registered_value_at<Rules>(f, v, options);
  if (!r || r->size != v.size()) return std::nullopt;
  return r->value;
}

// RFC 8461 §3.2: max_age after the ceiling under options, or nullopt when the policy is
// rejected for it.
template <class Rules>
constexpr std::optional<std::uint64_t> max_age_under_ceiling(
    std::uint64_t max_age, const policy_options& options) noexcept {
  if (max_age <= Rules::max_age_maximum) return max_age;
  switch (options.max_age_over_ceiling) {
    case max_age_ceiling::reject:
      return std::nullopt;
    case max_age_ceiling::clamp:
      return Rules::max_age_maximum;
    case max_age_ceiling::accept:
      break;
  }
  return max_age;
}

}  // namespace mtasts::detail
