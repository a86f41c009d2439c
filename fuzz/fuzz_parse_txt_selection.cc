// SPDX-License-Identifier: Apache-2.0
// Parse-only fuzz target: choosing the _mta-sts record from a TXT answer (RFC 8461 §3.1,
// R-3.1-6/7/9). Each record's character-strings are joined once, then one select_txt_record;
// checked: no crash, a chosen index names a record and its id lies inside it, an error names a
// record of the answer (or none, for the SELECT_ tokens) and is a registered TXT_ token inside
// that record. The reference model of the rule and the relaxations are fuzz_txt_selection's.
// Input framing and corpus: those of fuzz_txt_selection.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_support.h"
#include "input_framing.h"

MTASTS_FUZZ_HARNESS_BEGIN

namespace {

struct joined_answer {
  std::vector<std::string> owned;
  std::vector<std::string_view> records;
};

joined_answer join_answer(std::string_view input) {
  joined_answer a;
  for (const std::vector<std::string_view>& strings : mtasts_fuzz::split_txt_answer(input)) {
    std::size_t total = 0;
    for (std::string_view s : strings) total += s.size();
    std::string joined(total, '\0');
    MTASTS_FUZZ_CHECK(mtasts::join_character_strings(strings, joined).ok(), "join");
    a.owned.push_back(std::move(joined));
  }
  for (const std::string& s : a.owned) a.records.emplace_back(s);
  return a;
}

}  // namespace

extern "C" int MtastsFuzzVerdict(const std::uint8_t* data, std::size_t size) {
  const joined_answer a = join_answer(mtasts_fuzz::as_view(data, size));
  return mtasts::select_txt_record(a.records).ok() ? 1 : 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  mtasts_fuzz::input_scope scope(mtasts_fuzz::as_view(data, size));
  const joined_answer a = join_answer(mtasts_fuzz::as_view(data, size));
  const auto r = mtasts::select_txt_record(a.records);
  if (r.ok()) {
    MTASTS_FUZZ_CHECK(r.value().index < a.records.size(), "chosen index outside the answer");
    MTASTS_FUZZ_CHECK(mtasts_fuzz::within(r.value().record.id, a.records[r.value().index]),
                      "id outside the chosen record");
    return 0;
  }
  const mtasts::selection_error& e = r.error();
  if (e.record.has_value()) {
    MTASTS_FUZZ_CHECK(*e.record < a.records.size(), "error names no record of the answer");
    mtasts_fuzz::check_error(e.error, a.records[*e.record], {"TXT_"});
  } else {
    mtasts_fuzz::check_error(e.error, {}, {"TXT_SELECT_"});
  }
  return 0;
}

MTASTS_FUZZ_HARNESS_END
