// SPDX-License-Identifier: Apache-2.0
// What the _mta-sts TXT record scan finds when it goes on past each error: the raw material
// of diagnose_txt_record (diagnose.cc), produced by parse_txt_record's own scan and id rules.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "mtasts/diagnose.h"
#include "mtasts/error.h"
#include "mtasts/extension.h"
#include "mtasts/options.h"

namespace mtasts::detail {

struct txt_findings {
  // Every error, in the order the scan meets them: errors[0] is parse_txt_record's error.
  std::vector<parse_error> errors;
  std::size_t scan_errors = 0;  // how many of errors the grammar scan found (the rest: id rules)
  // Every field that fits name=value, views into the record.
  std::vector<extension> fields;
  bool truncated = false;  // max_diagnostics ended the scan
};

// Scans record as parse_txt_record does under options, going on past every error.
txt_findings find_txt_problems(std::string_view record, const txt_options& options);

}  // namespace mtasts::detail
