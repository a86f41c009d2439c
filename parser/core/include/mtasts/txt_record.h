// SPDX-License-Identifier: Apache-2.0
// The _mta-sts TXT record (RFC 8461 §3.1).
#pragma once

#include <cstddef>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "mtasts/extension.h"
#include "mtasts/options.h"
#include "mtasts/result.h"

namespace mtasts {

// Iterates the extension fields of a record that has already been validated: every field
// after v=STSv1 that is not an sts-id. Allocation-free; re-scans the record text.
class txt_extension_range {
 public:
  class iterator {
   public:
    using value_type = extension;
    using difference_type = std::ptrdiff_t;
    using iterator_category = std::input_iterator_tag;
    iterator() = default;
    iterator(std::string_view rest, bool tlsrpt) : rest_(rest), tlsrpt_(tlsrpt) { advance(); }
    const extension& operator*() const { return current_; }
    const extension* operator->() const { return &current_; }
    iterator& operator++() {
      advance();
      return *this;
    }
    iterator operator++(int) {
      iterator old = *this;
      advance();
      return old;
    }
    friend bool operator==(const iterator& a, const iterator& b) {
      return a.done_ == b.done_ && (a.done_ || a.rest_.data() == b.rest_.data());
    }

   private:
    void advance();
    std::string_view rest_;
    extension current_;
    bool tlsrpt_ = false;
    bool done_ = true;
  };

  txt_extension_range() = default;
  // fields: the record text after the version field; tlsrpt selects which registered
  // field (id or rua) is not an extension.
  txt_extension_range(std::string_view fields, bool tlsrpt) : fields_(fields), tlsrpt_(tlsrpt) {}
  [[nodiscard]] iterator begin() const { return {fields_, tlsrpt_}; }
  [[nodiscard]] iterator end() const { return {}; }
  [[nodiscard]] bool empty() const { return begin() == end(); }

 private:
  std::string_view fields_;
  bool tlsrpt_ = false;
};

// A parsed record. Views point into the text given to parse_txt_record.
struct txt_record {
  std::string_view id;
  std::string_view fields;  // everything after "v=STSv1"; extensions() scans it

  [[nodiscard]] txt_extension_range extensions() const { return {fields, false}; }
};

// Parses one record (its character-strings already joined). Never allocates.
result<txt_record> parse_txt_record(std::string_view record, const txt_options& options = {});

// R-3.1-9: joins a record's character-strings, in order, with nothing in between, into
// buffer. Returns the joined view (into buffer) or BUFFER_TOO_SMALL. Never allocates.
result<std::string_view> join_character_strings(std::span<const std::string_view> strings,
                                                std::span<char> buffer);
// R-3.1-9: the same into a string of its own (one allocation).
std::string join_character_strings(std::span<const std::string> strings);

// The outcome of applying the R-3.1-6/R-3.1-7 selection rule to a whole TXT answer.
struct txt_selection {
  std::size_t index = 0;  // which record of the answer was chosen
  txt_record record;
};
// Why the selection rules of a whole TXT answer found no record (R-3.1-6/R-3.1-7 for
// _mta-sts, R-8460-3-7 for _smtp._tls).
struct selection_error {
  parse_error error;
  // The record the error belongs to; empty for *_SELECT_NONE / *_SELECT_MULTIPLE.
  std::optional<std::size_t> record;
};

// R-3.1-6/R-3.1-7: records are already-joined strings. With several records, those not
// starting with the exact characters "v=STSv1;" are discarded; exactly one must remain
// and parse. A single record is parsed as it is.
// On failure the error's offsets refer to the record named by `record`.
result<txt_selection, selection_error> select_txt_record(std::span<const std::string_view> records,
                                                         const txt_options& options = {});

// Canonical form: "v=STSv1; id=<id>" then "; name=value" per extension, in order.
std::string serialize(const txt_record& record);

// Cheap validity check: is_valid_txt_record(x) == parse_txt_record(x).ok().
bool is_valid_txt_record(std::string_view record, const txt_options& options = {});

}  // namespace mtasts
