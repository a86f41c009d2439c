// SPDX-License-Identifier: Apache-2.0
// Properties of the _mta-sts TXT record parser (RFC 8461 §3.1) and record selection.
#include <string>
#include <string_view>
#include <vector>

#include "generators.h"
#include "property_support.h"

namespace {

using mtasts_props::extensions_of;

void assert_same_fields(const mtasts::txt_record& a, const mtasts::txt_record& b) {
  RC_ASSERT(a.id == b.id);
  RC_ASSERT(extensions_of(a.extensions()) == extensions_of(b.extensions()));
}

// A generated record parses to the model's fields, and serialize → parse is a fixed point.
RC_GTEST_PROP(TxtRecordProperties, RoundTrip, ()) {
  const mtasts_props::txt_model m = *mtasts_props::gen_txt_record();
  const auto r = mtasts::parse_txt_record(m.text);
  RC_ASSERT(r.ok());
  RC_ASSERT(std::string(r.value().id) == m.id);
  RC_ASSERT(extensions_of(r.value().extensions()) == m.extensions);
  RC_ASSERT(mtasts::is_valid_txt_record(m.text));
  const std::string text = mtasts::serialize(r.value());
  const auto again = mtasts::parse_txt_record(text);
  RC_ASSERT(again.ok());
  assert_same_fields(again.value(), r.value());
  RC_ASSERT(mtasts::serialize(again.value()) == text);
}

// Parsing any bytes terminates with a result obeying the error invariants.
RC_GTEST_PROP(TxtRecordProperties, ParseNeverCrashes, (const std::string& bytes)) {
  const auto r = mtasts::parse_txt_record(bytes);
  RC_ASSERT(mtasts::is_valid_txt_record(bytes) == r.ok());
  if (!r.ok()) mtasts_props::assert_error_invariants(r.error(), bytes, "TXT_");
}

// A near-valid mutant is rejected with a token, or accepted with fields that serialize back
// to a record with the same fields.
RC_GTEST_PROP(TxtRecordProperties, MutantRejectedWithTokenOrRoundTrips, ()) {
  const mtasts_props::txt_model m = *mtasts_props::gen_txt_record();
  const std::string mutant = *mtasts_props::gen_mutant(m.text);
  const auto r = mtasts::parse_txt_record(mutant);
  RC_CLASSIFY(r.ok(), "accepted");
  if (!r.ok()) {
    mtasts_props::assert_error_invariants(r.error(), mutant, "TXT_");
    return;
  }
  const std::string text = mtasts::serialize(r.value());  // views of again point into it
  const auto again = mtasts::parse_txt_record(text);
  RC_ASSERT(again.ok());
  assert_same_fields(again.value(), r.value());
}

// Every relaxation accepts what strict accepts, with identical fields.
RC_GTEST_PROP(TxtRecordProperties, RelaxationsContainStrict, ()) {
  const mtasts_props::txt_model m = *mtasts_props::gen_txt_record();
  const std::string input =
      *rc::gen::oneOf(rc::gen::just(m.text), mtasts_props::gen_mutant(m.text));
  const auto strict = mtasts::parse_txt_record(input);
  mtasts::txt_options trailing, empty;
  trailing.allow_trailing_whitespace = true;
  empty.allow_empty_fields = true;
  for (const mtasts::txt_options& o : {mtasts::lenient_txt_options(), trailing, empty}) {
    const auto relaxed = mtasts::parse_txt_record(input, o);
    if (!strict.ok()) continue;
    RC_ASSERT(relaxed.ok());
    assert_same_fields(relaxed.value(), strict.value());
  }
}

// R-3.1-6/R-3.1-7: among unrelated records, the generated one is selected.
RC_GTEST_PROP(TxtRecordProperties, SelectionFindsTheOneRecord, ()) {
  const mtasts_props::txt_model m = *mtasts_props::gen_txt_record();
  RC_PRE(m.text.substr(0, 8) == "v=STSv1;");  // with others present the filter is literal
  std::vector<std::string> answer = *rc::gen::container<std::vector<std::string>>(
      rc::gen::element<std::string>("v=spf1 -all", "v=TLSRPTv1; rua=mailto:a@example.com",
                                    "google-site-verification=x", "v=STSv1 ;id=1", ""));
  const auto at = static_cast<std::size_t>(*rc::gen::inRange<std::size_t>(0, answer.size() + 1));
  answer.insert(answer.begin() + static_cast<std::ptrdiff_t>(at), m.text);
  const std::vector<std::string_view> views(answer.begin(), answer.end());
  const auto r = mtasts::select_txt_record(views);
  RC_ASSERT(r.ok());
  RC_ASSERT(r.value().index == at);
  RC_ASSERT(std::string(r.value().record.id) == m.id);
}

}  // namespace
