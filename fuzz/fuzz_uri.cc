// SPDX-License-Identifier: Apache-2.0
// Fuzz target: RFC 3986 URI validation (mtasts/uri.h), used by the TLS-RPT rua list.
// Input: the candidate URI bytes.
// Verdict (seed names): y_ = is_uri() accepts.
//
// Oracles: is_uri agrees with an independent recognizer written from the ABNF
// (uri_reference.h); uri_prefix_length stays inside the input and, when non-zero, ends a URI;
// a text that starts with `scheme ":"` has a URI prefix at least that long ("scheme:" alone is a
// URI with an empty path); uri_scheme of a URI is its scheme.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "uri_reference.h"

MTASTS_FUZZ_HARNESS_BEGIN

namespace {

std::size_t scheme_colon_length(std::string_view s) {
  if (s.empty() || !mtasts_fuzz::ref::alpha(s[0])) return 0;
  std::size_t i = 1;
  while (i < s.size() && (mtasts_fuzz::ref::alpha(s[i]) || mtasts_fuzz::ref::digit(s[i]) ||
                          s[i] == '+' || s[i] == '-' || s[i] == '.'))
    ++i;
  return i < s.size() && s[i] == ':' ? i + 1 : 0;
}

}  // namespace

extern "C" int MtastsFuzzVerdict(const std::uint8_t* data, std::size_t size) {
  return mtasts::is_uri(mtasts_fuzz::as_view(data, size)) ? 1 : 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  const std::string_view s = mtasts_fuzz::as_view(data, size);
  mtasts_fuzz::input_scope scope(s);

  const bool accepted = mtasts::is_uri(s);
  MTASTS_FUZZ_CHECK(
      accepted == mtasts_fuzz::ref::uri(s),
      accepted ? "is_uri accepts what the ABNF rejects" : "is_uri rejects what the ABNF accepts");
  const std::size_t prefix = mtasts::uri_prefix_length(s);
  MTASTS_FUZZ_CHECK(prefix <= s.size(), "prefix past the end");
  MTASTS_FUZZ_CHECK(accepted == (!s.empty() && prefix == s.size()), "is_uri vs prefix length");
  if (prefix > 0) {
    MTASTS_FUZZ_CHECK(mtasts_fuzz::ref::uri(s.substr(0, prefix)), "prefix is not a URI");
  }
  const std::size_t scheme = scheme_colon_length(s);
  if (!mtasts_fuzz::skipped_check("uri_prefix_scheme")) {
    MTASTS_FUZZ_CHECK(prefix >= scheme, "shorter than the URI \"scheme:\" (uri_prefix_scheme)");
  }
  if (accepted) {
    MTASTS_FUZZ_CHECK(mtasts::uri_scheme(s) == s.substr(0, scheme - 1), "uri_scheme");
  }
  return 0;
}

MTASTS_FUZZ_HARNESS_END
