// SPDX-License-Identifier: Apache-2.0
// Parse-only fuzz target: one _smtp._tls TXT record (RFC 8460 §3), strict options. One parse
// and one is_valid; checked: no crash, is_valid agrees, an error is a registered TLSRPT_ token
// inside the input, every accepted rua lies inside the input. Relaxations, selection and the
// round trip are fuzz_tlsrpt_record's. Input and corpus: those of fuzz_tlsrpt_record.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"

MTASTS_FUZZ_HARNESS_BEGIN

extern "C" int MtastsFuzzVerdict(const std::uint8_t* data, std::size_t size) {
  return mtasts::is_valid_tlsrpt_record(mtasts_fuzz::as_view(data, size)) ? 1 : 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view record = mtasts_fuzz::as_view(data, size);
  mtasts_fuzz::input_scope scope(record);
  const mtasts::result<mtasts::tlsrpt_record> r = mtasts::parse_tlsrpt_record(record);
  MTASTS_FUZZ_CHECK(mtasts::is_valid_tlsrpt_record(record) == r.ok(), "is_valid vs parse");
  if (!r.ok()) {
    mtasts_fuzz::check_error(r.error(), record, {"TLSRPT_"});
    return 0;
  }
  MTASTS_FUZZ_CHECK(!r.value().rua.empty(), "accepted without a rua");
  for (std::string_view uri : r.value().rua) {
    MTASTS_FUZZ_CHECK(mtasts_fuzz::within(uri, record), "rua outside the record");
  }
  return 0;
}

MTASTS_FUZZ_HARNESS_END
