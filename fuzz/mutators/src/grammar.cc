// SPDX-License-Identifier: Apache-2.0
#include "fuzz_mutators/grammar.h"

namespace mtasts_fuzz::mutators {

namespace {
constexpr std::string_view sts_names[] = {"v", "id"};
constexpr std::string_view tlsrpt_names[] = {"v", "rua"};
constexpr std::string_view policy_names[] = {"version", "mode", "max_age", "mx"};
}  // namespace

std::span<const std::string_view> registered_names(grammar g) noexcept {
  switch (g) {
    case grammar::sts_txt:
      return sts_names;
    case grammar::tlsrpt:
      return tlsrpt_names;
    case grammar::policy:
      return policy_names;
  }
  return {};
}

}  // namespace mtasts_fuzz::mutators
