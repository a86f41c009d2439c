// SPDX-License-Identifier: Apache-2.0
// Parse-only fuzz target: RFC 3986 URI recognition (mtasts/uri.h), as the TLS-RPT rua list
// uses it. One is_uri and one uri_prefix_length; checked: no crash, the prefix lies inside the
// input and covers it exactly when the input is a URI. Agreement with an independent ABNF
// recognizer is fuzz_uri's. Input and corpus: those of fuzz_uri.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"

MTASTS_FUZZ_HARNESS_BEGIN

extern "C" int MtastsFuzzVerdict(const std::uint8_t* data, std::size_t size) {
  return mtasts::is_uri(mtasts_fuzz::as_view(data, size)) ? 1 : 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view s = mtasts_fuzz::as_view(data, size);
  mtasts_fuzz::input_scope scope(s);
  const bool accepted = mtasts::is_uri(s);
  const std::size_t prefix = mtasts::uri_prefix_length(s);
  MTASTS_FUZZ_CHECK(prefix <= s.size(), "prefix past the end");
  MTASTS_FUZZ_CHECK(accepted == (!s.empty() && prefix == s.size()), "is_uri vs prefix length");
  return 0;
}

MTASTS_FUZZ_HARNESS_END
