// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the _smtp._tls TLS-RPT record (RFC 8460 §3) and record selection.
//
// Input: the record bytes (character-strings already joined). The same bytes split at each LF
// also form a TXT answer for select_tlsrpt_record (framing as in fuzz_txt_selection: each LF
// ends a record). A record that parses has no LF, so for the verdict the input is one record.
// Verdict (seed names): y_ = parse_tlsrpt_record accepts the whole input (strict).
//
// Oracles: is_valid == parse().ok() under every option set; error invariants; accepted: views
// inside the input, output bounded by input, every rua entry a URI per an independent RFC 3986
// recognizer with ',', '!' and ';' excluded (uri_reference.h), extension names and values fit
// the grammar, an extension named rua is not a URI; serialize → parse fixed point;
// strict ⊆ relaxations with identical fields; duplicate_rua behaviours: `last` has the same
// verdict as strict, `reject` accepts only what strict accepts; selection agrees with a
// reference model of R-8460-3-7 and with the parser on the chosen record. Under a fuzzing
// engine each input runs strict, the lenient set and one more option set (runs_set).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "uri_reference.h"

MTASTS_FUZZ_HARNESS_BEGIN

namespace {

using mtasts_fuzz::check_error;
using mtasts_fuzz::within;

struct tlsrpt_fields {
  std::vector<std::string_view> rua;
  std::vector<mtasts::extension> extensions;
  friend bool operator==(const tlsrpt_fields&, const tlsrpt_fields&) = default;
};

tlsrpt_fields fields_of(const mtasts::tlsrpt_record& r) {
  tlsrpt_fields f{r.rua, {}};
  for (const mtasts::extension& e : r.extensions()) f.extensions.push_back(e);
  return f;
}

mtasts::result<mtasts::tlsrpt_record> check_tlsrpt(std::string_view record,
                                                   const mtasts::tlsrpt_options& options,
                                                   bool relaxation_or_strict) {
  mtasts::result<mtasts::tlsrpt_record> r = mtasts::parse_tlsrpt_record(record, options);
  MTASTS_FUZZ_CHECK(mtasts::is_valid_tlsrpt_record(record, options) == r.ok(), "is_valid");
  if (!r.ok()) {
    check_error(r.error(), record, {"TLSRPT_"});
    return r;
  }
  const mtasts::tlsrpt_record& rec = r.value();
  MTASTS_FUZZ_CHECK(record.substr(0, 10) == "v=TLSRPTv1", "accepted without the version");
  MTASTS_FUZZ_CHECK(rec.fields == record.substr(10), "fields is not the text after the version");
  MTASTS_FUZZ_CHECK(!rec.rua.empty(), "accepted without rua");
  std::size_t total = 0;
  for (std::string_view uri : rec.rua) {
    MTASTS_FUZZ_CHECK(within(uri, record), "rua view");
    MTASTS_FUZZ_CHECK(mtasts_fuzz::ref::uri(uri, true), uri);
    MTASTS_FUZZ_CHECK(mtasts::is_uri(uri), uri);
    total += uri.size();
  }
  for (const mtasts::extension& e : rec.extensions()) {
    MTASTS_FUZZ_CHECK(mtasts_fuzz::ext_name_oracle(e.name), e.name);
    MTASTS_FUZZ_CHECK(mtasts_fuzz::tag_value_oracle(e.value), e.value);
    MTASTS_FUZZ_CHECK(within(e.name, record) && within(e.value, record), "extension view");
    total += e.name.size() + e.value.size();
    if (relaxation_or_strict && e.name == "rua") {
      MTASTS_FUZZ_CHECK(!mtasts_fuzz::ref::uri(e.value, true), "a valid rua kept as extension");
    }
  }
  MTASTS_FUZZ_CHECK(total <= record.size(), "output larger than input");
  if (relaxation_or_strict) {
    const std::string text = mtasts::serialize(rec);
    const mtasts::result<mtasts::tlsrpt_record> again = mtasts::parse_tlsrpt_record(text, options);
    MTASTS_FUZZ_CHECK(again.ok(), again.ok() ? text : mtasts_fuzz::describe(again.error()));
    MTASTS_FUZZ_CHECK(fields_of(again.value()) == fields_of(rec), text);
    MTASTS_FUZZ_CHECK(mtasts::serialize(again.value()) == text, text);
  }
  return r;
}

void check_selection(const std::vector<std::string_view>& records,
                     const mtasts::tlsrpt_options& options) {
  const auto r = mtasts::select_tlsrpt_record(records, options);
  // Reference model of R-8460-3-7.
  std::optional<std::size_t> index;
  mtasts::error_code error = mtasts::error_code::TLSRPT_SELECT_NONE;
  if (records.size() == 1) {
    index = 0;
  } else {
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (records[i].substr(0, 11) != "v=TLSRPTv1;") continue;
      if (index) {
        index.reset();
        error = mtasts::error_code::TLSRPT_SELECT_MULTIPLE;
        break;
      }
      index = i;
    }
  }
  if (!index) {
    MTASTS_FUZZ_CHECK(!r.ok() && !r.error().record && r.error().error.code == error,
                      "selection vs model");
    check_error(r.error().error, {}, {"TLSRPT_SELECT_"});
    return;
  }
  const mtasts::result<mtasts::tlsrpt_record> parsed =
      mtasts::parse_tlsrpt_record(records[*index], options);
  if (!parsed.ok()) {
    MTASTS_FUZZ_CHECK(!r.ok() && r.error().record == index, "error names the wrong record");
    MTASTS_FUZZ_CHECK(r.error().error == parsed.error(), "selection error vs parse");
    return;
  }
  MTASTS_FUZZ_CHECK(r.ok() && r.value().index == *index, "selected the wrong record");
  MTASTS_FUZZ_CHECK(fields_of(r.value().record) == fields_of(parsed.value()), "fields");
}

}  // namespace

extern "C" int MtastsFuzzVerdict(const std::uint8_t* data, std::size_t size) {
  return mtasts::is_valid_tlsrpt_record(mtasts_fuzz::as_view(data, size)) ? 1 : 0;
}

extern "C" const char* MtastsFuzzTokens(const std::uint8_t* data, std::size_t size) {
  const std::string_view record = mtasts_fuzz::as_view(data, size);
  mtasts_fuzz::token_collector tokens;
  mtasts::tlsrpt_options last, reject;
  last.duplicate_rua = mtasts::duplicate_field::last;
  reject.duplicate_rua = mtasts::duplicate_field::reject;
  for (const mtasts::tlsrpt_options& o : {mtasts::tlsrpt_options{}, last, reject}) {
    tokens.add(mtasts::parse_tlsrpt_record(record, o));
  }
  std::vector<std::string_view> records = mtasts_fuzz::split(record, '\n');
  if (!records.empty() && records.back().empty()) records.pop_back();
  const auto selected = mtasts::select_tlsrpt_record(records);
  if (!selected.ok()) tokens.add(selected.error().error.code);
  return tokens.str();
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 65536) return 0;  // max_len: a TXT RR holds at most 65535 octets of RDATA
  const std::string_view record = mtasts_fuzz::as_view(data, size);
  mtasts_fuzz::input_scope scope(record);

  const mtasts::result<mtasts::tlsrpt_record> strict = check_tlsrpt(record, {}, true);
  const auto& relaxations = mtasts_fuzz::tlsrpt_relaxations();
  const auto& peers = mtasts_fuzz::peer_profiles();
  const std::size_t sets = relaxations.size() + 2 + peers.size();
  for (std::size_t i = 0; i < relaxations.size(); ++i) {
    if (!mtasts_fuzz::runs_set(record, i, sets)) continue;
    const std::string name(relaxations[i].name);
    const mtasts::result<mtasts::tlsrpt_record> relaxed =
        check_tlsrpt(record, relaxations[i].options, true);
    if (!strict.ok()) continue;
    MTASTS_FUZZ_CHECK(relaxed.ok(), name);
    MTASTS_FUZZ_CHECK(fields_of(relaxed.value()) == fields_of(strict.value()), name);
  }
  // Behaviours: which of several rua fields counts.
  if (mtasts_fuzz::runs_set(record, relaxations.size(), sets)) {
    mtasts::tlsrpt_options last;
    last.duplicate_rua = mtasts::duplicate_field::last;
    const mtasts::result<mtasts::tlsrpt_record> with_last = check_tlsrpt(record, last, false);
    MTASTS_FUZZ_CHECK(with_last.ok() == strict.ok(), "duplicate_rua=last changed the verdict");
  }
  if (mtasts_fuzz::runs_set(record, relaxations.size() + 1, sets)) {
    mtasts::tlsrpt_options reject;
    reject.duplicate_rua = mtasts::duplicate_field::reject;
    const mtasts::result<mtasts::tlsrpt_record> with_reject = check_tlsrpt(record, reject, false);
    if (with_reject.ok()) {
      MTASTS_FUZZ_CHECK(strict.ok() && fields_of(with_reject.value()) == fields_of(strict.value()),
                        "duplicate_rua=reject accepted more or differently");
    } else if (strict.ok()) {
      MTASTS_FUZZ_CHECK(with_reject.error().code == mtasts::error_code::TLSRPT_RUA_DUPLICATE,
                        mtasts_fuzz::describe(with_reject.error()));
    }
  }
  for (std::size_t i = 0; i < peers.size(); ++i) {
    if (mtasts_fuzz::runs_set(record, relaxations.size() + 2 + i, sets)) {
      check_tlsrpt(record, peers[i].tlsrpt, false);
    }
  }

  // Selection: the input as a one-record answer, and split into records at each LF.
  const std::string_view one[] = {record};
  check_selection({one[0]}, {});
  const auto single = mtasts::select_tlsrpt_record(one);
  MTASTS_FUZZ_CHECK(single.ok() == strict.ok(), "one-record selection vs parse");
  if (record.find('\n') != std::string_view::npos) {
    std::vector<std::string_view> records = mtasts_fuzz::split(record, '\n');
    if (!records.empty() && records.back().empty()) records.pop_back();
    if (records.size() <= 64) {
      check_selection(records, {});
      check_selection(records, mtasts::lenient_tlsrpt_options());
    }
  }
  return 0;
}

MTASTS_FUZZ_HARNESS_END
