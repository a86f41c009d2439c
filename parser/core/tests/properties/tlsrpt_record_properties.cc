// SPDX-License-Identifier: Apache-2.0
// Properties of the TLS-RPT record parser (RFC 8460 §3).
#include <string>
#include <string_view>
#include <vector>

#include "generators.h"
#include "property_support.h"

namespace {

using mtasts_props::extensions_of;

std::vector<std::string> rua_of(const mtasts::tlsrpt_record& r) {
  return {r.rua.begin(), r.rua.end()};
}

RC_GTEST_PROP(TlsrptRecordProperties, RoundTrip, ()) {
  const mtasts_props::tlsrpt_model m = *mtasts_props::gen_tlsrpt_record();
  const auto r = mtasts::parse_tlsrpt_record(m.text);
  RC_ASSERT(r.ok());
  RC_ASSERT(rua_of(r.value()) == m.rua);
  RC_ASSERT(extensions_of(r.value().extensions()) == m.extensions);
  const std::string text = mtasts::serialize(r.value());
  const auto again = mtasts::parse_tlsrpt_record(text);
  RC_ASSERT(again.ok());
  RC_ASSERT(rua_of(again.value()) == m.rua);
  RC_ASSERT(extensions_of(again.value().extensions()) == m.extensions);
  RC_ASSERT(mtasts::serialize(again.value()) == text);
}

// Every generated rua URI is an RFC 3986 URI.
RC_GTEST_PROP(TlsrptRecordProperties, RuaUrisAreUris, ()) {
  const std::string uri = *mtasts_props::gen_rua_uri();
  RC_ASSERT(mtasts::is_uri(uri));
  RC_ASSERT(mtasts::uri_prefix_length(uri) == uri.size());
}

RC_GTEST_PROP(TlsrptRecordProperties, ParseNeverCrashes, (const std::string& bytes)) {
  const auto r = mtasts::parse_tlsrpt_record(bytes);
  RC_ASSERT(mtasts::is_valid_tlsrpt_record(bytes) == r.ok());
  if (!r.ok()) mtasts_props::assert_error_invariants(r.error(), bytes, "TLSRPT_");
}

RC_GTEST_PROP(TlsrptRecordProperties, MutantRejectedWithTokenOrRoundTrips, ()) {
  const mtasts_props::tlsrpt_model m = *mtasts_props::gen_tlsrpt_record();
  const std::string mutant = *mtasts_props::gen_mutant(m.text);
  const auto r = mtasts::parse_tlsrpt_record(mutant);
  RC_CLASSIFY(r.ok(), "accepted");
  if (!r.ok()) {
    mtasts_props::assert_error_invariants(r.error(), mutant, "TLSRPT_");
    return;
  }
  const std::string text = mtasts::serialize(r.value());  // views of again point into it
  const auto again = mtasts::parse_tlsrpt_record(text);
  RC_ASSERT(again.ok());
  RC_ASSERT(rua_of(again.value()) == rua_of(r.value()));
  RC_ASSERT(extensions_of(again.value().extensions()) == extensions_of(r.value().extensions()));
}

RC_GTEST_PROP(TlsrptRecordProperties, RelaxationsContainStrict, ()) {
  const mtasts_props::tlsrpt_model m = *mtasts_props::gen_tlsrpt_record();
  const std::string input =
      *rc::gen::oneOf(rc::gen::just(m.text), mtasts_props::gen_mutant(m.text));
  const auto strict = mtasts::parse_tlsrpt_record(input);
  mtasts::tlsrpt_options trailing, empty;
  trailing.allow_trailing_whitespace = true;
  empty.allow_empty_fields = true;
  for (const mtasts::tlsrpt_options& o : {mtasts::lenient_tlsrpt_options(), trailing, empty}) {
    const auto relaxed = mtasts::parse_tlsrpt_record(input, o);
    if (!strict.ok()) continue;
    RC_ASSERT(relaxed.ok());
    RC_ASSERT(rua_of(relaxed.value()) == rua_of(strict.value()));
    RC_ASSERT(extensions_of(relaxed.value().extensions()) ==
              extensions_of(strict.value().extensions()));
  }
}

}  // namespace
