// SPDX-License-Identifier: Apache-2.0
// Choosing the _mta-sts record from a whole TXT answer (RFC 8461 §3.1).
#include "mtasts/txt_record.h"
#include "record_selection.h"

namespace mtasts {

result<txt_selection, selection_error> select_txt_record(std::span<const std::string_view> records,
                                                         const txt_options& options) {
  // R-3.1-6: the exact characters "v=STSv1;" (pmsr tests "v=STSv1" only).
  const std::string_view prefix =
      options.selection_prefix_without_semicolon ? "v=STSv1" : "v=STSv1;";
  const detail::selected_record chosen = detail::select_candidate(
      records, prefix, error_code::TXT_SELECT_NONE, error_code::TXT_SELECT_MULTIPLE);
  if (!chosen.index) return selection_error{*chosen.error, std::nullopt};
  // R-3.1-7: the one remaining record must parse.
  result<txt_record> parsed = parse_txt_record(records[*chosen.index], options);
  if (!parsed.ok()) return selection_error{parsed.error(), chosen.index};
  return txt_selection{*chosen.index, parsed.value()};
}

}  // namespace mtasts
