// SPDX-License-Identifier: Apache-2.0
// A tag record (`v=STSv1; id=abc; ext=1`, `v=TLSRPTv1; rua=mailto:...`) split into fields.
// Every byte of the input lands in exactly one part, so join(split(x)) == x for any bytes,
// valid or not.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mtasts_fuzz::mutators {

struct tag_field {
  std::string lead;   // SP / HTAB before the name
  std::string name;   // up to the first '=' (or the whole field when it has none)
  std::string eq;     // "=" or "" (a field without '=')
  std::string value;  // after '=', without trailing SP / HTAB
  std::string trail;  // SP / HTAB after the value
  std::string sep;    // what follows: ";" (";;", "; \t" at the end, ...) or "" for the last

  std::size_t size() const noexcept;
  friend bool operator==(const tag_field&, const tag_field&) = default;
};

struct tag_record {
  std::vector<tag_field> fields;
  std::size_t size() const noexcept;
};

// Splits at each ';'. Empty pieces between separators (";;") and a final piece of only
// whitespace belong to the separator before them.
tag_record split_tag_record(std::string_view text);
std::string join(const tag_record& record);

// Gives every field but the last a separator holding ';' (after fields were moved).
void restore_separators(tag_record& record);

}  // namespace mtasts_fuzz::mutators
