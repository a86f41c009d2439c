// SPDX-License-Identifier: Apache-2.0
// Structure-level mutations of a tag record: the _mta-sts TXT record (RFC 8461 §3.1) and the
// _smtp._tls record (RFC 8460 §3). The input is split into fields (tag_record.h), one to three
// operators edit the fields, and the fields are joined back.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_mutators/grammar.h"
#include "fuzz_mutators/mutation_context.h"
#include "fuzz_mutators/rng.h"
#include "fuzz_mutators/tag_record.h"

namespace mtasts_fuzz::mutators {

enum class tag_operator : std::uint8_t {
  duplicate_field,    // a copy of a field at another position
  delete_field,       // one field fewer (never the only one)
  swap_fields,        // two fields exchange places; separators stay where they were
  replace_name,       // registered name, case change, one character off, other grammar's name
  replace_value,      // a value from the field's table (interesting_values.h)
  change_separator,   // ';' <-> ';;', ' ; ', none, final ';' toggled, BOM at the start
  insert_whitespace,  // SP, HTAB, other controls around a name, '=', a value or a separator
  splice_field,       // a field of the crossover partner inserted or replacing one
  grow_to_boundary,   // a field repeated until the record is exactly a boundary size
};
inline constexpr std::size_t tag_operator_count = 9;

class tag_record_mutator {
 public:
  // g is grammar::sts_txt or grammar::tlsrpt.
  explicit tag_record_mutator(grammar g) noexcept : grammar_(g) {}

  // One to three operators; the result never exceeds max_size. Returns the input unchanged
  // when no operator could change it within max_size.
  std::string mutate(std::string_view input, std::size_t max_size, rng& random,
                     std::string_view partner = {}) const;
  // Fields of `first` combined with fields of `second`; empty when that fails.
  std::string cross_over(std::string_view first, std::string_view second, std::size_t max_size,
                         rng& random) const;

  // One operator on a split record; false when it does not apply (and record is unchanged).
  bool apply(tag_operator op, tag_record& record, mutation_context& ctx) const;

  bool duplicate_field(tag_record& record, mutation_context& ctx) const;
  bool delete_field(tag_record& record, mutation_context& ctx) const;
  bool swap_fields(tag_record& record, mutation_context& ctx) const;
  bool replace_name(tag_record& record, mutation_context& ctx) const;
  bool replace_value(tag_record& record, mutation_context& ctx) const;
  bool change_separator(tag_record& record, mutation_context& ctx) const;
  bool insert_whitespace(tag_record& record, mutation_context& ctx) const;
  bool splice_field(tag_record& record, mutation_context& ctx) const;
  bool grow_to_boundary(tag_record& record, mutation_context& ctx) const;

  // A minimal valid record of the grammar, used when the input has no field at all.
  std::string_view minimal_record() const noexcept;

 private:
  grammar grammar_;
};

}  // namespace mtasts_fuzz::mutators
