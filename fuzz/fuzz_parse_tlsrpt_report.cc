// SPDX-License-Identifier: Apache-2.0
// Parse-only fuzz target: an RFC 8460 TLS-RPT aggregate report as received (§5.3: JSON, or
// gzip-compressed JSON told apart by its magic bytes), read by tlsrpt::parse_report_bytes.
// One parse; checked: no crash, no hang, memory bounded by max_report_bytes (also for gzip
// bombs), and the result is either a report or a registered TLSRPT_REPORT_ token with a JSON
// pointer ("" or starting with "/") and a message. Input: the report bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "mtasts/tlsrpt_report.h"

MTASTS_FUZZ_HARNESS_BEGIN

extern "C" std::size_t MtastsFuzzInputCap() { return mtasts::tlsrpt::max_report_bytes; }

extern "C" int MtastsFuzzVerdict(const std::uint8_t* data, std::size_t size) {
  return mtasts::tlsrpt::parse_report_bytes(mtasts_fuzz::as_view(data, size)).ok() ? 1 : 0;
}

extern "C" const char* MtastsFuzzTokens(const std::uint8_t* data, std::size_t size) {
  mtasts_fuzz::token_collector tokens;
  const auto r = mtasts::tlsrpt::parse_report_bytes(mtasts_fuzz::as_view(data, size));
  if (r.code) tokens.add(*r.code);
  return tokens.str();
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = mtasts_fuzz::as_view(data, size);
  mtasts_fuzz::input_scope scope(bytes);
  const mtasts::tlsrpt::report_parse_result r = mtasts::tlsrpt::parse_report_bytes(bytes);
  MTASTS_FUZZ_CHECK(r.ok() != r.code.has_value(), "a report and an error, or neither");
  if (r.ok()) {
    MTASTS_FUZZ_CHECK(r.pointer.empty() && r.error.empty(), "an accepted report with an error");
    MTASTS_FUZZ_CHECK(size <= mtasts::tlsrpt::max_report_bytes, "accepted over the size limit");
    return 0;
  }
  const std::string_view token = mtasts::token(*r.code);
  MTASTS_FUZZ_CHECK(token.substr(0, 14) == "TLSRPT_REPORT_", std::string(token));
  MTASTS_FUZZ_CHECK(r.pointer.empty() || r.pointer[0] == '/', r.pointer);
  MTASTS_FUZZ_CHECK(!r.error.empty(), "a rejection without a message");
  return 0;
}

MTASTS_FUZZ_HARNESS_END
