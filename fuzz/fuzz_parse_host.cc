// SPDX-License-Identifier: Apache-2.0
// Parse-only fuzz target: an ASCII host name (mtasts/host_name.h: LDH labels of 1-63 octets,
// at most 253 octets, one optional trailing dot). One parse; checked: no crash, an error is a
// registered HOST_ token inside the input, an accepted name lies inside the input, is the
// input without its one trailing dot, and is at most 253 octets. Input: the name's bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"

MTASTS_FUZZ_HARNESS_BEGIN

namespace {
// RFC 1035 §2.3.4: 255 octets on the wire are 253 in text, plus the optional trailing dot.
constexpr std::size_t kLongestHostText = 254;
}  // namespace

extern "C" std::size_t MtastsFuzzInputCap() { return kLongestHostText; }

extern "C" int MtastsFuzzVerdict(const std::uint8_t* data, std::size_t size) {
  return mtasts::parse_host_name(mtasts_fuzz::as_view(data, size)).ok() ? 1 : 0;
}

extern "C" const char* MtastsFuzzTokens(const std::uint8_t* data, std::size_t size) {
  mtasts_fuzz::token_collector tokens;
  tokens.add(mtasts::parse_host_name(mtasts_fuzz::as_view(data, size)));
  return tokens.str();
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view host = mtasts_fuzz::as_view(data, size);
  mtasts_fuzz::input_scope scope(host);
  const mtasts::result<std::string_view> r = mtasts::parse_host_name(host);
  if (!r.ok()) {
    mtasts_fuzz::check_error(r.error(), host, {"HOST_"});
    return 0;
  }
  const std::string_view name = r.value();
  MTASTS_FUZZ_CHECK(mtasts_fuzz::within(name, host), "name outside the input");
  MTASTS_FUZZ_CHECK(name.size() <= 253 && !name.empty(), "name length");
  MTASTS_FUZZ_CHECK(name == host || (host.size() == name.size() + 1 && host.back() == '.'),
                    "accepted name is not the input without its trailing dot");
  return 0;
}

MTASTS_FUZZ_HARNESS_END
