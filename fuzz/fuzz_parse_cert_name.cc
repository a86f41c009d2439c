// SPDX-License-Identifier: Apache-2.0
// Parse-only fuzz target: certificate DNS-ID matching for an MX host (RFC 8461 §4.2, RFC 6125
// §6.4). One any_cert_name_matches_mx_host over the SAN list; checked: no crash, and a match
// only for a valid host name. The per-name laws (Policy Host ⇒ MX host ⇒ partial wildcard,
// case, trailing dots) are fuzz_cert_name's. Input framing and corpus: those of
// fuzz_cert_name (SANs separated by ",").
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "input_framing.h"

MTASTS_FUZZ_HARNESS_BEGIN

extern "C" int MtastsFuzzVerdict(const std::uint8_t* data, std::size_t size) {
  const mtasts_fuzz::two_strings in = mtasts_fuzz::split_two_strings(data, size);
  const std::vector<std::string_view> sans = mtasts_fuzz::split(in.first, ',');
  return mtasts::any_cert_name_matches_mx_host(sans, in.rest) ? 1 : 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  mtasts_fuzz::input_scope scope(mtasts_fuzz::as_view(data, size));
  const mtasts_fuzz::two_strings in = mtasts_fuzz::split_two_strings(data, size);
  const std::vector<std::string_view> sans = mtasts_fuzz::split(in.first, ',');
  if (mtasts::any_cert_name_matches_mx_host(sans, in.rest)) {
    MTASTS_FUZZ_CHECK(mtasts::parse_host_name(in.rest).ok(), "a match for an invalid host");
  }
  return 0;
}

MTASTS_FUZZ_HARNESS_END
