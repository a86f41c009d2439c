// SPDX-License-Identifier: Apache-2.0
// Fuzz corpus files as level-P questions (conformance/PROTOCOL.md): each parse-level target's
// input framing (fuzz/*.cc) decoded into the command that asks the same question, so a
// corpus file means the same thing to the fuzzer and to any shim.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mtasts/conformance/level_p.h"

namespace mtasts::cli::diff {

// Why the files of corpus/<target>/ have no level-P question; nullopt for the targets
// decode_corpus_file() handles.
std::optional<std::string> corpus_target_skip_reason(std::string_view target);

struct corpus_question {
  std::optional<conformance::level_p_input> input;
  std::string skipped_because;  // when there is no input
};

// The question a file of corpus/<target>/ asks, for a target without a skip reason:
//   fuzz_policy         parse policy FILE         (the body bytes)
//   fuzz_txt_record     parse txt FILE            (the record bytes)
//   fuzz_tlsrpt_record  parse tlsrpt FILE         (the record bytes, as one record)
//   fuzz_txt_selection  parse txt --records FILE  (LF ends a record, US splits strings)
//   fuzz_parse_tlsrpt_report  parse tlsrpt-report FILE  (the report bytes, JSON or gzip)
//   fuzz_mx_pattern     match -- PATTERN HOST     (FuzzedDataProvider split at "\<byte>")
//   fuzz_cert_name      cert-match -- HOST SAN... (the same split; SANs split at ',')
// Operands holding a NUL byte cannot be passed on a command line: skipped, with the reason.
corpus_question decode_corpus_file(std::string_view target, std::string_view bytes);

}  // namespace mtasts::cli::diff
