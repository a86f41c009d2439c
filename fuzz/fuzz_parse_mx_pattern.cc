// SPDX-License-Identifier: Apache-2.0
// Parse-only fuzz target: a policy mx pattern and an MX host (RFC 8461 §3.2, §4.1). One
// parse_mx_pattern, one parse_host_name, one match_mx; checked: no crash, errors are
// registered MX_PATTERN_/HOST_ tokens inside their text, an accepted pattern's domain lies
// inside it, and match_mx matches only a valid pattern and host. The matcher laws are
// fuzz_mx_pattern's. Input framing and corpus: those of fuzz_mx_pattern.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "input_framing.h"

MTASTS_FUZZ_HARNESS_BEGIN

namespace {
// "*." + a 253-octet name + a trailing dot: the longest pattern text the rules can accept.
constexpr std::size_t kLongestPatternText = 256;
}  // namespace

extern "C" std::size_t MtastsFuzzInputCap() { return kLongestPatternText; }

extern "C" int MtastsFuzzVerdict(const std::uint8_t* data, std::size_t size) {
  const mtasts_fuzz::two_strings in = mtasts_fuzz::split_two_strings(data, size);
  return mtasts::match_mx(in.first, in.rest) ? 1 : 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  mtasts_fuzz::input_scope scope(mtasts_fuzz::as_view(data, size));
  const mtasts_fuzz::two_strings in = mtasts_fuzz::split_two_strings(data, size);
  const mtasts::result<mtasts::mx_pattern> pattern = mtasts::parse_mx_pattern(in.first);
  if (!pattern.ok()) {
    mtasts_fuzz::check_error(pattern.error(), in.first, {"MX_PATTERN_"});
  } else {
    MTASTS_FUZZ_CHECK(mtasts_fuzz::within(pattern.value().domain, in.first), "domain view");
  }
  const mtasts::result<std::string_view> host = mtasts::parse_host_name(in.rest);
  if (!host.ok()) mtasts_fuzz::check_error(host.error(), in.rest, {"HOST_"});
  if (mtasts::match_mx(in.first, in.rest)) {
    MTASTS_FUZZ_CHECK(pattern.ok() && host.ok(), "a match with an invalid pattern or host");
  }
  return 0;
}

MTASTS_FUZZ_HARNESS_END
