// SPDX-License-Identifier: Apache-2.0
// Fuzz target: one _mta-sts TXT record (RFC 8461 §3.1), character-strings already joined.
// Input: the record bytes.
//
// Oracles: is_valid_txt_record == parse_txt_record().ok() under every option set; error
// invariants (token, family, offset, line/column); accepted records: id is an sts-id, views
// lie inside the input, output bounded by input, registered-name extensions carry an invalid
// value; serialize → parse is a fixed point; every relaxation accepts what strict accepts
// with identical fields; peer profiles: generic invariants only (diagnose_txt_record is
// fuzz_txt_diagnosis's). Under a
// fuzzing engine each input runs strict, the lenient set and one more option set
// (mtasts_fuzz::runs_set).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "mtasts/diagnose.h"

MTASTS_FUZZ_HARNESS_BEGIN

namespace {

using mtasts_fuzz::check_error;
using mtasts_fuzz::within;

struct txt_fields {
  std::string_view id;
  std::vector<mtasts::extension> extensions;
  friend bool operator==(const txt_fields&, const txt_fields&) = default;
};

txt_fields fields_of(const mtasts::txt_record& r) {
  txt_fields f{r.id, {}};
  for (const mtasts::extension& e : r.extensions()) f.extensions.push_back(e);
  return f;
}

bool is_sts_id(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  for (char c : s) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) return false;
  }
  return true;
}

// Parses under options and checks everything that holds for any option set. Relaxations
// additionally get the A-4 rule and the serialize fixed point.
mtasts::result<mtasts::txt_record> check_txt(std::string_view record,
                                             const mtasts::txt_options& options,
                                             bool relaxation_or_strict) {
  mtasts::result<mtasts::txt_record> r = mtasts::parse_txt_record(record, options);
  MTASTS_FUZZ_CHECK(mtasts::is_valid_txt_record(record, options) == r.ok(), "is_valid vs parse");
  if (!r.ok()) {
    check_error(r.error(), record, {"TXT_"});
    return r;
  }
  const mtasts::txt_record& rec = r.value();
  MTASTS_FUZZ_CHECK(within(rec.id, record), "id is not a view into the record");
  MTASTS_FUZZ_CHECK(record.substr(0, 7) == "v=STSv1", "accepted without the version");
  if (options.python_dict_fields) {
    // Behaviour (pmsr): any id; the fields are reported only when they fit the grammar and
    // the id is a valid one (never reported twice, as the id and as an extension).
    MTASTS_FUZZ_CHECK(
        rec.fields.empty() == !(is_sts_id(rec.id) && mtasts::is_valid_txt_record(record)),
        "fields reported for a record outside the grammar or with a malformed id");
  } else {
    MTASTS_FUZZ_CHECK(is_sts_id(rec.id), rec.id);
  }
  if (!rec.fields.empty() || !options.python_dict_fields)
    MTASTS_FUZZ_CHECK(rec.fields == record.substr(7), "fields is not the text after v=STSv1");
  std::size_t total = rec.id.size();
  for (const mtasts::extension& e : rec.extensions()) {
    MTASTS_FUZZ_CHECK(mtasts_fuzz::ext_name_oracle(e.name), e.name);
    MTASTS_FUZZ_CHECK(mtasts_fuzz::tag_value_oracle(e.value), e.value);
    MTASTS_FUZZ_CHECK(within(e.name, record) && within(e.value, record), "extension view");
    total += e.name.size() + e.value.size();
    if (relaxation_or_strict && e.name == "id") {
      MTASTS_FUZZ_CHECK(!is_sts_id(e.value), "a valid id was kept as an extension");
    }
  }
  MTASTS_FUZZ_CHECK(total <= record.size(), "output larger than input");
  if (relaxation_or_strict) {
    // serialize → parse is a fixed point.
    const std::string text = mtasts::serialize(rec);
    mtasts::result<mtasts::txt_record> again = mtasts::parse_txt_record(text, options);
    MTASTS_FUZZ_CHECK(again.ok(), text);
    MTASTS_FUZZ_CHECK(fields_of(again.value()) == fields_of(rec), text);
    MTASTS_FUZZ_CHECK(mtasts::serialize(again.value()) == text, text);
  }
  return r;
}

bool strict_accepts(std::string_view record) { return mtasts::is_valid_txt_record(record); }

}  // namespace

extern "C" int MtastsFuzzVerdict(const std::uint8_t* data, std::size_t size) {
  return strict_accepts(mtasts_fuzz::as_view(data, size)) ? 1 : 0;
}

extern "C" const char* MtastsFuzzTokens(const std::uint8_t* data, std::size_t size) {
  const std::string_view record = mtasts_fuzz::as_view(data, size);
  mtasts_fuzz::token_collector tokens;
  tokens.add(mtasts::parse_txt_record(record));
  for (const auto& set : mtasts_fuzz::txt_relaxations()) {
    tokens.add(mtasts::parse_txt_record(record, set.options));
  }
  for (const mtasts::parser_profile& p : mtasts_fuzz::peer_profiles()) {
    tokens.add(mtasts::parse_txt_record(record, p.txt));
  }
  return tokens.str();
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 65536) return 0;  // max_len: a TXT RR holds at most 65535 octets of RDATA
  const std::string_view record = mtasts_fuzz::as_view(data, size);
  mtasts_fuzz::input_scope scope(record);

  // Option sets: relaxations (set 0 is lenient_txt_options()), the "strict" profile, peers.
  struct option_set {
    std::string_view name;
    mtasts::txt_options options;
    bool relaxation;
  };
  static const std::vector<option_set> sets = [] {
    std::vector<option_set> v;
    for (const auto& [name, options] : mtasts_fuzz::txt_relaxations()) {
      v.push_back({name, options, true});
    }
    v.push_back({"profile strict", mtasts::find_profile("strict").value().txt, true});
    for (const mtasts::parser_profile& p : mtasts_fuzz::peer_profiles()) {
      v.push_back({p.name, p.txt, false});
    }
    return v;
  }();

  const mtasts::result<mtasts::txt_record> strict = check_txt(record, {}, true);
  for (std::size_t i = 0; i < sets.size(); ++i) {
    if (!mtasts_fuzz::runs_set(record, i, sets.size())) continue;
    const std::string name(sets[i].name);
    const mtasts::result<mtasts::txt_record> r =
        check_txt(record, sets[i].options, sets[i].relaxation);
    if (!sets[i].relaxation || !strict.ok()) continue;
    MTASTS_FUZZ_CHECK(r.ok(), name);
    MTASTS_FUZZ_CHECK(fields_of(r.value()) == fields_of(strict.value()), name);
  }

  // A one-record answer is parsed as it is: selection agrees with the parser.
  const std::string_view one[] = {record};
  const auto selected = mtasts::select_txt_record(one);
  MTASTS_FUZZ_CHECK(selected.ok() == strict.ok(), "one-record selection vs parse");
  if (strict.ok()) {
    MTASTS_FUZZ_CHECK(selected.value().index == 0, "index");
    MTASTS_FUZZ_CHECK(fields_of(selected.value().record) == fields_of(strict.value()), "fields");
  } else {
    MTASTS_FUZZ_CHECK(selected.error().record == std::size_t{0}, "error names record 0");
    MTASTS_FUZZ_CHECK(selected.error().error == strict.error(), "selection error vs parse");
  }
  return 0;
}

MTASTS_FUZZ_HARNESS_END
