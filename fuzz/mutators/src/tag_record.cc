// SPDX-License-Identifier: Apache-2.0
#include "fuzz_mutators/tag_record.h"

namespace mtasts_fuzz::mutators {

namespace {

bool is_wsp(char c) { return c == ' ' || c == '\t'; }

bool all_wsp(std::string_view s) {
  for (char c : s)
    if (!is_wsp(c)) return false;
  return true;
}

tag_field field_of(std::string_view piece) {
  tag_field f;
  std::size_t i = 0;
  while (i < piece.size() && is_wsp(piece[i])) ++i;
  f.lead = piece.substr(0, i);
  piece.remove_prefix(i);
  std::size_t end = piece.size();
  while (end > 0 && is_wsp(piece[end - 1])) --end;
  f.trail = piece.substr(end);
  piece = piece.substr(0, end);
  const std::size_t eq = piece.find('=');
  if (eq == std::string_view::npos) {
    f.name = piece;
  } else {
    f.name = piece.substr(0, eq);
    f.eq = "=";
    f.value = piece.substr(eq + 1);
  }
  return f;
}

}  // namespace

std::size_t tag_field::size() const noexcept {
  return lead.size() + name.size() + eq.size() + value.size() + trail.size() + sep.size();
}

std::size_t tag_record::size() const noexcept {
  std::size_t n = 0;
  for (const tag_field& f : fields) n += f.size();
  return n;
}

tag_record split_tag_record(std::string_view text) {
  tag_record r;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t semi = text.find(';', pos);
    const std::string_view piece =
        text.substr(pos, semi == std::string_view::npos ? std::string_view::npos : semi - pos);
    const bool at_end = semi == std::string_view::npos;
    if (!r.fields.empty() && (piece.empty() || (at_end && all_wsp(piece)))) {
      // ";;" or trailing whitespace: part of the previous separator
      r.fields.back().sep += piece;
    } else {
      r.fields.push_back(field_of(piece));
    }
    if (at_end) break;
    r.fields.back().sep += ';';
    pos = semi + 1;
  }
  return r;
}

std::string join(const tag_record& record) {
  std::string s;
  s.reserve(record.size());
  for (const tag_field& f : record.fields) {
    s += f.lead;
    s += f.name;
    s += f.eq;
    s += f.value;
    s += f.trail;
    s += f.sep;
  }
  return s;
}

void restore_separators(tag_record& record) {
  for (std::size_t i = 0; i + 1 < record.fields.size(); ++i) {
    std::string& sep = record.fields[i].sep;
    if (sep.find(';') == std::string::npos) sep = "; ";
  }
}

}  // namespace mtasts_fuzz::mutators
