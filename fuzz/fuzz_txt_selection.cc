// SPDX-License-Identifier: Apache-2.0
// Fuzz target: choosing the _mta-sts record from a whole TXT answer (RFC 8461 §3.1, R-3.1-6,
// R-3.1-7, R-3.1-9) and joining a record's character-strings.
//
// Input framing (text-friendly, so seeds can be written with printf):
//   - the input is a list of TXT records, one per line: each LF (0x0A) ends a record; a final
//     record without LF counts too. The empty input is an empty answer (no records); "\n" is
//     one empty record; "a\n\nb" is three records ("a", "", "b").
//   - inside a record, each US byte (0x1F) separates two character-strings, which are joined
//     with join_character_strings before selection ("v=STSv1; \x1Fid=1;" is the record
//     "v=STSv1; id=1;" sent as two strings).
// LF and US cannot appear in a record that parses (they are control characters); the
// fuzz_txt_record target covers them inside a record.
//
// Oracles: joining into an exact buffer succeeds and into a smaller one fails with
// BUFFER_TOO_SMALL; selection agrees with a reference model of the R-3.1-6/7 rule and with
// parse_txt_record on the chosen record; error invariants against the named record; strict ⊆
// relaxations with the same index and fields; peer profiles: generic invariants only. Under a
// fuzzing engine each input runs strict, the lenient set and one more option set (runs_set).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "input_framing.h"

MTASTS_FUZZ_HARNESS_BEGIN

namespace {

using mtasts_fuzz::check_error;

struct answer {
  std::vector<std::string> joined;        // owns the joined records
  std::vector<std::string_view> records;  // views of joined
};

// Decodes the framing above and joins each record's character-strings, checking the joiner.
answer decode(std::string_view input) {
  answer a;
  for (const std::vector<std::string_view>& strings : mtasts_fuzz::split_txt_answer(input)) {
    std::string expected;
    for (std::string_view s : strings) expected += s;
    std::string buffer(expected.size(), '\0');
    mtasts::result<std::string_view> joined = mtasts::join_character_strings(strings, buffer);
    MTASTS_FUZZ_CHECK(joined.ok() && joined.value() == expected, "join into an exact buffer");
    MTASTS_FUZZ_CHECK(joined.value().data() == buffer.data(), "join result is not in the buffer");
    if (!expected.empty()) {
      std::string small(expected.size() - 1, '\0');
      mtasts::result<std::string_view> too_small = mtasts::join_character_strings(strings, small);
      MTASTS_FUZZ_CHECK(!too_small.ok(), "join into a short buffer");
      MTASTS_FUZZ_CHECK(too_small.error().code == mtasts::error_code::BUFFER_TOO_SMALL,
                        mtasts_fuzz::describe(too_small.error()));
      MTASTS_FUZZ_CHECK(too_small.error().offset == small.size(),
                        mtasts_fuzz::describe(too_small.error()));
    }
    a.joined.push_back(std::move(expected));
  }
  for (const std::string& s : a.joined) a.records.emplace_back(s);
  return a;
}

// Reference model of R-3.1-6/R-3.1-7: the index of the one candidate, or the error token.
struct model_result {
  std::optional<std::size_t> index;
  mtasts::error_code error = mtasts::error_code::TXT_SELECT_NONE;
};
model_result model_select(const std::vector<std::string_view>& records, std::string_view prefix) {
  if (records.empty()) return {};
  if (records.size() == 1) return {0};
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (records[i].substr(0, prefix.size()) != prefix) continue;
    if (found) return {std::nullopt, mtasts::error_code::TXT_SELECT_MULTIPLE};
    found = i;
  }
  return {found};
}

std::vector<mtasts::extension> extensions_of(const mtasts::txt_record& r) {
  std::vector<mtasts::extension> out;
  for (const mtasts::extension& e : r.extensions()) out.push_back(e);
  return out;
}

mtasts::result<mtasts::txt_selection, mtasts::selection_error> check_selection(
    const std::vector<std::string_view>& records, const mtasts::txt_options& options) {
  const mtasts::result<mtasts::txt_selection, mtasts::selection_error> r =
      mtasts::select_txt_record(records, options);
  const model_result want =
      model_select(records, options.selection_prefix_without_semicolon ? "v=STSv1" : "v=STSv1;");
  if (!want.index) {
    MTASTS_FUZZ_CHECK(!r.ok(), "selected although the model has no single candidate");
    MTASTS_FUZZ_CHECK(!r.error().record.has_value(), "selection error names a record");
    MTASTS_FUZZ_CHECK(r.error().error.code == want.error, mtasts_fuzz::describe(r.error().error));
    MTASTS_FUZZ_CHECK(r.error().error.offset == 0, "selection error offset");
    check_error(r.error().error, {}, {"TXT_SELECT_"});
    return r;
  }
  const std::string_view chosen = records[*want.index];
  const mtasts::result<mtasts::txt_record> parsed = mtasts::parse_txt_record(chosen, options);
  if (!parsed.ok()) {
    MTASTS_FUZZ_CHECK(!r.ok(), "selected a record that does not parse");
    MTASTS_FUZZ_CHECK(r.error().record == want.index, "error names the wrong record");
    MTASTS_FUZZ_CHECK(r.error().error == parsed.error(), "error differs from parse_txt_record");
    check_error(r.error().error, chosen, {"TXT_"});
    return r;
  }
  MTASTS_FUZZ_CHECK(r.ok(), "the one candidate parses but selection failed");
  MTASTS_FUZZ_CHECK(r.value().index == *want.index, "selected the wrong record");
  MTASTS_FUZZ_CHECK(r.value().record.id == parsed.value().id, "id differs from parse");
  MTASTS_FUZZ_CHECK(mtasts_fuzz::within(r.value().record.id, chosen), "id is not in the record");
  MTASTS_FUZZ_CHECK(extensions_of(r.value().record) == extensions_of(parsed.value()), "ext");
  return r;
}

}  // namespace

extern "C" int MtastsFuzzVerdict(const std::uint8_t* data, std::size_t size) {
  const answer a = decode(mtasts_fuzz::as_view(data, size));
  return mtasts::select_txt_record(a.records).ok() ? 1 : 0;
}

extern "C" const char* MtastsFuzzTokens(const std::uint8_t* data, std::size_t size) {
  const answer a = decode(mtasts_fuzz::as_view(data, size));
  mtasts_fuzz::token_collector tokens;
  auto add = [&](const mtasts::result<mtasts::txt_selection, mtasts::selection_error>& r) {
    if (!r.ok()) tokens.add(r.error().error.code);
  };
  add(mtasts::select_txt_record(a.records));
  for (const mtasts::parser_profile& p : mtasts_fuzz::peer_profiles()) {
    add(mtasts::select_txt_record(a.records, p.txt));
  }
  return tokens.str();
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 65536) return 0;  // max_len: a DNS message holds at most 65535 octets
  const std::string_view input = mtasts_fuzz::as_view(data, size);
  mtasts_fuzz::input_scope scope(input);
  const answer a = decode(input);

  const mtasts::result<mtasts::txt_selection, mtasts::selection_error> strict =
      check_selection(a.records, {});
  const auto& relaxations = mtasts_fuzz::txt_relaxations();
  const auto& peers = mtasts_fuzz::peer_profiles();
  const std::size_t sets = relaxations.size() + peers.size();
  for (std::size_t i = 0; i < relaxations.size(); ++i) {
    if (!mtasts_fuzz::runs_set(input, i, sets)) continue;
    const std::string name(relaxations[i].name);
    const mtasts::result<mtasts::txt_selection, mtasts::selection_error> relaxed =
        check_selection(a.records, relaxations[i].options);
    if (!strict.ok()) continue;
    MTASTS_FUZZ_CHECK(relaxed.ok(), name);
    MTASTS_FUZZ_CHECK(relaxed.value().index == strict.value().index, name);
    MTASTS_FUZZ_CHECK(relaxed.value().record.id == strict.value().record.id, name);
    MTASTS_FUZZ_CHECK(extensions_of(relaxed.value().record) == extensions_of(strict.value().record),
                      name);
  }
  for (std::size_t i = 0; i < peers.size(); ++i) {
    if (mtasts_fuzz::runs_set(input, relaxations.size() + i, sets)) {
      check_selection(a.records, peers[i].txt);
    }
  }
  return 0;
}

MTASTS_FUZZ_HARNESS_END
