// SPDX-License-Identifier: Apache-2.0
// Oracle fuzz target: diagnose_txt_record, the operator-facing explanation of an _mta-sts
// TXT record (mtasts/diagnose.h), against the parser it explains. Input and corpus: those of
// fuzz_txt_record.
//
// For strict, every relaxation and every peer profile (under a fuzzing engine strict and one
// set chosen by the input, see runs_set): the first error is the parse error, there is no
// error when the parse succeeds, warnings come after it, at most max_diagnostics, each inside
// the record with a caret inside its evidence, a message and a fix in printable ASCII
// (mtasts_fuzz::check_diagnosis).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "mtasts/diagnose.h"

MTASTS_FUZZ_HARNESS_BEGIN

namespace {

void check(std::string_view record, const mtasts::txt_options& options) {
  const mtasts::result<mtasts::txt_record> parsed = mtasts::parse_txt_record(record, options);
  mtasts_fuzz::check_diagnosis(mtasts::diagnose_txt_record(record, options), parsed, record);
}

const std::vector<mtasts::txt_options>& option_sets() {
  static const std::vector<mtasts::txt_options> sets = [] {
    std::vector<mtasts::txt_options> v;
    for (const auto& set : mtasts_fuzz::txt_relaxations()) v.push_back(set.options);
    for (const mtasts::parser_profile& p : mtasts_fuzz::peer_profiles()) v.push_back(p.txt);
    return v;
  }();
  return sets;
}

}  // namespace

extern "C" int MtastsFuzzVerdict(const std::uint8_t* data, std::size_t size) {
  return mtasts::is_valid_txt_record(mtasts_fuzz::as_view(data, size)) ? 1 : 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 65536) return 0;  // max_len: a TXT RR holds at most 65535 octets of RDATA
  const std::string_view record = mtasts_fuzz::as_view(data, size);
  mtasts_fuzz::input_scope scope(record);
  check(record, {});
  const std::vector<mtasts::txt_options>& sets = option_sets();
  for (std::size_t i = 0; i < sets.size(); ++i) {
    // Strict and one set chosen by the input (all of them in replay): a diagnosis costs
    // tens of allocations, so each input explains itself twice, not three times.
    if (mtasts_fuzz::runs_set(record, i + 1, sets.size() + 1)) check(record, sets[i]);
  }
  return 0;
}

MTASTS_FUZZ_HARNESS_END
