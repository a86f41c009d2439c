// SPDX-License-Identifier: Apache-2.0
// Parse-only fuzz target: a policy body (RFC 8461 §3.2), strict options, up to one byte over
// the size cap. It calls the allocation-free entry points an embedder with bounded memory uses
// (parse_policy into caller storage, is_valid_policy) once each; checked: no crash, both agree,
// an error is a registered POLICY_/MX_PATTERN_ token inside the body (POLICY_TOO_LARGE exactly
// when the body is over the cap), an accepted policy's views lie inside the body. The other
// promises (the owning API, relaxations, typical vs exact path, round trip, diagnosis) are
// fuzz_policy's. Input and corpus: those of fuzz_policy.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_support.h"

MTASTS_FUZZ_HARNESS_BEGIN

namespace {

// Caller storage for any body under the cap: a body of n bytes has at most n + 1 lines. Sized
// once, so no input allocates.
constexpr std::size_t kCap = mtasts::policy_options{}.max_size;
mtasts::policy_storage storage() {
  static std::vector<std::string_view> mx(kCap + 1);
  static std::vector<mtasts::extension> extensions(kCap + 1);
  return {mx, extensions};
}

}  // namespace

extern "C" std::size_t MtastsFuzzInputCap() { return kCap; }

extern "C" int MtastsFuzzVerdict(const std::uint8_t* data, std::size_t size) {
  return mtasts::is_valid_policy(mtasts_fuzz::as_view(data, size)) ? 1 : 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body = mtasts_fuzz::as_view(data, size);
  mtasts_fuzz::input_scope scope(body);
  const mtasts::result<mtasts::policy_view> r = mtasts::parse_policy(body, storage());
  MTASTS_FUZZ_CHECK(mtasts::is_valid_policy(body) == r.ok(), "is_valid vs parse");
  const bool over_cap = size > kCap;
  if (!r.ok()) {
    mtasts_fuzz::check_error(r.error(), body, {"POLICY_", "MX_PATTERN_"});
    MTASTS_FUZZ_CHECK((r.error().code == mtasts::error_code::POLICY_TOO_LARGE) == over_cap,
                      mtasts_fuzz::describe(r.error()));
    return 0;
  }
  MTASTS_FUZZ_CHECK(!over_cap, "a body over the cap was accepted");
  const mtasts::policy_view& p = r.value();
  MTASTS_FUZZ_CHECK(p.version == "STSv1", p.version);
  MTASTS_FUZZ_CHECK(mtasts_fuzz::within(p.version, body), "version outside the body");
  for (std::string_view mx : p.mx) MTASTS_FUZZ_CHECK(mtasts_fuzz::within(mx, body), mx);
  for (const mtasts::extension& e : p.extensions) {
    MTASTS_FUZZ_CHECK(mtasts_fuzz::within(e.name, body) && mtasts_fuzz::within(e.value, body),
                      e.name);
  }
  return 0;
}

MTASTS_FUZZ_HARNESS_END
