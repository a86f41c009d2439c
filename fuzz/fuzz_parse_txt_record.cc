// SPDX-License-Identifier: Apache-2.0
// Parse-only fuzz target: one _mta-sts TXT record (RFC 8461 §3.1), strict options. It calls the
// public parser once (and is_valid once) and checks only what costs nothing more: no crash,
// is_valid agrees, an error is a registered TXT_ token placed inside the input, an accepted id
// lies inside the input. The promises that need more parses (relaxations, round trip,
// diagnosis) are fuzz_txt_record's. Input and corpus: those of fuzz_txt_record.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"

MTASTS_FUZZ_HARNESS_BEGIN

extern "C" int MtastsFuzzVerdict(const std::uint8_t* data, std::size_t size) {
  return mtasts::is_valid_txt_record(mtasts_fuzz::as_view(data, size)) ? 1 : 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view record = mtasts_fuzz::as_view(data, size);
  mtasts_fuzz::input_scope scope(record);
  const mtasts::result<mtasts::txt_record> r = mtasts::parse_txt_record(record);
  MTASTS_FUZZ_CHECK(mtasts::is_valid_txt_record(record) == r.ok(), "is_valid vs parse");
  if (!r.ok()) {
    mtasts_fuzz::check_error(r.error(), record, {"TXT_"});
  } else {
    MTASTS_FUZZ_CHECK(mtasts_fuzz::within(r.value().id, record), "id outside the record");
    MTASTS_FUZZ_CHECK(mtasts_fuzz::within(r.value().fields, record), "fields outside the record");
  }
  return 0;
}

MTASTS_FUZZ_HARNESS_END
