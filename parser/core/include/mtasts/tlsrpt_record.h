// SPDX-License-Identifier: Apache-2.0
// The _smtp._tls TLS-RPT record (RFC 8460 §3).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/extension.h"
#include "mtasts/options.h"
#include "mtasts/result.h"
#include "mtasts/txt_record.h"

namespace mtasts {

struct tlsrpt_record {
  std::vector<std::string_view> rua;  // the URIs, in order, as written
  std::string_view fields;            // everything after "v=TLSRPTv1"

  // Fields after the version that are not a valid rua field.
  [[nodiscard]] txt_extension_range extensions() const { return {fields, true}; }
};

// Parses one record (character-strings already joined, R-8460-3-8).
result<tlsrpt_record> parse_tlsrpt_record(std::string_view record,
                                          const tlsrpt_options& options = {});

bool is_valid_tlsrpt_record(std::string_view record, const tlsrpt_options& options = {});

struct tlsrpt_selection {
  std::size_t index = 0;
  tlsrpt_record record;
};
// R-8460-3-7: with several records, those not starting with "v=TLSRPTv1;" are
// discarded; exactly one must remain and parse. A single record is parsed as it is.
// On failure the error's offsets refer to the record named by `record`.
result<tlsrpt_selection, selection_error> select_tlsrpt_record(
    std::span<const std::string_view> records, const tlsrpt_options& options = {});

// Canonical form: "v=TLSRPTv1; rua=a,b" then "; name=value" per extension.
std::string serialize(const tlsrpt_record& record);

}  // namespace mtasts
