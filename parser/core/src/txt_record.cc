// SPDX-License-Identifier: Apache-2.0
// The _mta-sts TXT record (RFC 8461 §3.1).
#include "mtasts/txt_record.h"

#include <cstring>

#include "char_class.h"
#include "kept_view.h"
#include "rua_list.h"
#include "tag_record.h"
#include "txt_findings.h"

namespace mtasts {
namespace {

using detail::is_sts_id;

// Collects the id occurrences of one record while the scanner checks the grammar. Each is
// kept as its value, a view into the record (its name is the "id=" just before it). Only the
// counts are set up front: the visitor is built on every call.
struct txt_visitor {
  std::size_t id_named_fields = 0;  // fields named "id": first_, second_, last_id_named
  std::size_t valid_ids = 0;        // of them valid sts-ids: first_valid_id, last_valid_id
  bool has_bad_id = false;          // first_bad_id
  detail::kept_view first_id_named, second_id_named, last_id_named;
  detail::kept_view first_valid_id, last_valid_id, first_bad_id;

  std::optional<std::size_t> special(std::size_t /*value_offset*/) { return std::nullopt; }
  std::optional<parse_error> special_error() { return std::nullopt; }
  void field(const detail::tag_field& f) {
    if (f.name != "id") return;  // RFC 8461 §3.2: unknown fields are ignored
    ++id_named_fields;
    if (id_named_fields == 1) first_id_named = f.value;
    if (id_named_fields == 2) second_id_named = f.value;
    last_id_named = f.value;
    // RFC 8461 §3.1: sts-id = %s"id=" 1*32(ALPHA / DIGIT); anything else is an extension.
    // (f.value is never empty; the scanner has checked its bytes.)
    if (f.value.size() <= 32 && f.alnum_value) {
      if (++valid_ids == 1) first_valid_id = f.value;
      last_valid_id = f.value;
    } else if (!has_bad_id) {
      has_bad_id = true;
      first_bad_id = f.value;
    }
  }
};

// The common record: "v=STSv1" field-delim "id=" 1*32(ALPHA / DIGIT) [field-delim], the
// final delimiter's WSP included, and nothing else. Every option gives such a record the
// same outcome (one valid id, no empty field, no trailing WSP without ";"), so it is
// answered without the generic scanner; anything else returns nullopt.
std::optional<txt_record> typical_record(std::string_view r) noexcept {
  using detail::is_wsp;
  constexpr std::string_view version = detail::sts_tag_grammar.version;
  if (r.substr(0, version.size()) != version) return std::nullopt;
  std::size_t i = version.size();
  const std::size_t n = r.size();
  auto delimiter = [&] {  // *WSP ";" *WSP
    while (i < n && is_wsp(r[i])) ++i;
    if (i == n || r[i] != ';') return false;
    ++i;
    while (i < n && is_wsp(r[i])) ++i;
    return true;
  };
  if (!delimiter() || r.substr(i, 3) != "id=") return std::nullopt;
  const std::size_t id_begin = i + 3;
  i = id_begin;
  while (i < n && detail::in_class(r[i], detail::alnum_class)) ++i;
  const std::size_t id_end = i;
  if (id_end == id_begin || id_end - id_begin > 32) return std::nullopt;
  if (i < n && (!delimiter() || i != n)) return std::nullopt;
  return txt_record{r.substr(id_begin, id_end - id_begin), r.substr(version.size())};
}

// The rules that apply once the record fits the grammar: which id counts (R-3.1-3, A-3, A-4).
// (Always inlined: parse_txt_record's only call is on the hot path.)
MTASTS_ALWAYS_INLINE result<txt_record> choose_id(std::string_view record,
                                                  const txt_visitor& visitor,
                                                  const txt_options& options) {
  auto fail = [&](error_code code, std::size_t at) { return make_error(code, record, at); };
  auto value_offset = [&](std::string_view value) {
    return static_cast<std::size_t>(value.data() - record.data());
  };
  // Behaviour (mox B6, KumoMTA): a repeated id is an error.
  if (options.duplicate_id == duplicate_field::reject && visitor.id_named_fields > 1) {
    const std::size_t name_offset = value_offset(visitor.second_id_named.view()) - 3;  // "id="
    return fail(error_code::TXT_ID_DUPLICATE, name_offset);
  }
  const bool last = options.duplicate_id == duplicate_field::last;
  const std::string_view first_valid = visitor.valid_ids > 0 ? visitor.first_valid_id.view() : "";
  const std::string_view last_valid = visitor.valid_ids > 0 ? visitor.last_valid_id.view() : "";
  std::string_view chosen;  // empty: none
  switch (options.malformed_id) {
    case malformed_registered_field::extension:
      // RFC 8461 §3.2: the first occurrence counts; malformed ids are extensions.
      chosen = last ? last_valid : first_valid;
      break;
    case malformed_registered_field::reject:
      // Behaviour: every id field must be valid.
      if (visitor.has_bad_id)
        return fail(error_code::TXT_ID_SYNTAX, value_offset(visitor.first_bad_id.view()));
      chosen = last ? last_valid : first_valid;
      break;
    case malformed_registered_field::validate_chosen:
      // Behaviour: the duplicate rule picks a field by name; only that one is checked.
      if (visitor.id_named_fields > 0) {
        chosen = (last ? visitor.last_id_named : visitor.first_id_named).view();
        if (!is_sts_id(chosen)) return fail(error_code::TXT_ID_SYNTAX, value_offset(chosen));
      }
      break;
  }
  if (chosen.empty()) {
    // R-3.1-3: v=STSv1 and id are required. Point at a malformed id when there is one.
    if (visitor.has_bad_id)
      return fail(error_code::TXT_ID_SYNTAX, value_offset(visitor.first_bad_id.view()));
    return fail(error_code::TXT_ID_MISSING, record.size());
  }
  // The diagnosis reaches here past a missing version too: a record shorter than it has no
  // fields to report.
  const std::size_t version_size = detail::sts_tag_grammar.version.size();
  return txt_record{
      chosen, record.size() < version_size ? std::string_view{} : record.substr(version_size)};
}

// Whitespace as Python's str.strip() sees it in ASCII text.
constexpr bool is_python_space(char c) noexcept {
  return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f');
}

std::string_view python_strip(std::string_view s) noexcept {
  while (!s.empty() && is_python_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_python_space(s.back())) s.remove_suffix(1);
  return s;
}

// Behaviour (pmsr): the record read as a dict of its ';'-separated fields, without grammar.
// A record that is not ASCII text is dropped by pmsr before it is read (no record at all).
result<txt_record> python_dict_record(std::string_view record) {
  auto fail = [&](error_code code, std::size_t at) { return make_error(code, record, at); };
  for (std::size_t i = 0; i < record.size(); ++i) {
    if (static_cast<unsigned char>(record[i]) > 0x7F) return fail(error_code::TXT_NON_ASCII, i);
  }
  // pmsr keeps only records that start with "v=STSv1", a lone one included.
  if (!record.starts_with("v=STSv1")) return fail(error_code::TXT_VERSION_MISSING, 0);
  std::optional<std::string_view> version, id;
  std::size_t version_at = 0;
  std::size_t begin = 0;
  while (begin <= record.size()) {
    std::size_t end = record.find(';', begin);
    if (end == std::string_view::npos) end = record.size();
    const std::string_view field = python_strip(record.substr(begin, end - begin));
    if (!field.empty()) {
      const std::size_t eq = field.find('=');
      const std::string_view name = field.substr(0, eq);
      const std::string_view value = eq == std::string_view::npos ? "" : field.substr(eq + 1);
      if (name == "v") {
        version = value;
        version_at = static_cast<std::size_t>(field.data() - record.data());
      }
      if (name == "id") id = value;  // a later field replaces an earlier one
    }
    begin = end + 1;
  }
  if (*version != "STSv1") return fail(error_code::TXT_VERSION_VALUE, version_at);
  if (!id) return fail(error_code::TXT_ID_MISSING, record.size());
  // The fields are reported (as extensions) only when they fit the grammar, which is what
  // extensions() reads, and the id is a valid sts-id, which extensions() skips (a malformed one
  // would be reported twice, as the id and as an extension); a record of the typical shape is
  // thus answered as under every option.
  const bool reportable = is_sts_id(*id) && parse_txt_record(record, txt_options{}).ok();
  return txt_record{
      *id, reportable ? record.substr(detail::sts_tag_grammar.version.size()) : std::string_view{}};
}

detail::tag_scan_options scan_options(const txt_options& options) {
  return {options.allow_trailing_whitespace, options.allow_empty_fields};
}

// What diagnose_txt_record needs: the scan goes on past each error, and every field is kept.
struct recovering_txt_visitor : txt_visitor {
  detail::txt_findings& out;
  // The kept views are written before they are read (their counters say so), as in the
  // strict parse; the analyzer cannot see through the counters.
  // NOLINTNEXTLINE(clang-analyzer-optin.cplusplus.UninitializedObject)
  explicit recovering_txt_visitor(detail::txt_findings& findings) : txt_visitor{}, out(findings) {}
  bool recover(const parse_error& e) {
    out.errors.push_back(e);
    if (out.errors.size() < max_diagnostics) return true;
    out.truncated = true;
    return false;
  }
  void field(const detail::tag_field& f) {
    out.fields.push_back(extension{f.name, f.value});
    txt_visitor::field(f);
  }
};

}  // namespace

result<txt_record> parse_txt_record(std::string_view record, const txt_options& options) {
  if (options.python_dict_fields) return python_dict_record(record);
  if (std::optional<txt_record> typical = typical_record(record)) return *typical;
  txt_visitor visitor;
  if (auto e = detail::scan_tag_record(record, detail::sts_tag_grammar, scan_options(options),
                                       visitor)) {
    return *e;
  }
  return choose_id(record, visitor, options);
}

detail::txt_findings detail::find_txt_problems(std::string_view record,
                                               const txt_options& options) {
  txt_findings findings;
  if (options.python_dict_fields) {  // no grammar to diagnose: the parse's one answer
    result<txt_record> parsed = python_dict_record(record);
    if (!parsed.ok()) findings.errors.push_back(parsed.error());
    return findings;
  }
  recovering_txt_visitor visitor(findings);
  // The generic scan: the typical reader answers only records without errors.
  if (auto e = detail::scan_tag_record(record, detail::sts_tag_grammar, scan_options(options),
                                       visitor)) {
    // Only the limit and an empty record end the scan; the limit's error is in findings.
    if (findings.errors.empty() || !(findings.errors.back() == *e)) findings.errors.push_back(*e);
    return findings;
  }
  findings.scan_errors = findings.errors.size();
  if (findings.truncated) return findings;
  result<txt_record> chosen = choose_id(record, visitor, options);
  if (!chosen.ok()) findings.errors.push_back(chosen.error());
  return findings;
}

bool is_valid_txt_record(std::string_view record, const txt_options& options) {
  return parse_txt_record(record, options).ok();
}

result<std::string_view> join_character_strings(std::span<const std::string_view> strings,
                                                std::span<char> buffer) {
  // R-3.1-9: concatenate with nothing in between.
  std::size_t used = 0;
  for (std::string_view piece : strings) {
    if (piece.size() > buffer.size() - used) {
      return parse_error{error_code::BUFFER_TOO_SMALL, buffer.size(), 1,
                         static_cast<std::uint32_t>(buffer.size() + 1)};
    }
    if (!piece.empty()) std::memcpy(buffer.data() + used, piece.data(), piece.size());
    used += piece.size();
  }
  return std::string_view(buffer.data(), used);
}

std::string join_character_strings(std::span<const std::string> strings) {
  std::size_t total = 0;
  for (const std::string& piece : strings) total += piece.size();
  std::string joined;
  joined.reserve(total);
  for (const std::string& piece : strings) joined += piece;  // R-3.1-9: nothing in between
  return joined;
}

void txt_extension_range::iterator::advance() {
  // The record was validated by the parser: fields are "name=value" separated by
  // *WSP ";" *WSP, so a plain split suffices.
  while (true) {
    std::size_t p = 0;
    while (p < rest_.size() && (detail::is_wsp(rest_[p]) || rest_[p] == ';')) ++p;
    if (p == rest_.size()) {
      done_ = true;
      return;
    }
    done_ = false;
    const std::size_t eq = rest_.find('=', p);
    const std::string_view name = rest_.substr(p, eq - p);
    const std::size_t value_start = eq + 1;
    if (tlsrpt_ && name == "rua") {
      const detail::rua_scan rua =
          detail::scan_rua_list(rest_, value_start, [](std::string_view) {});
      if (!rua.error) {
        rest_ = rest_.substr(rua.end);
        continue;  // the registered rua field, not an extension
      }
    }
    const std::size_t value_end = detail::scan_tag_value(rest_, value_start);
    const std::string_view value = rest_.substr(value_start, value_end - value_start);
    rest_ = rest_.substr(value_end);
    if (!tlsrpt_ && name == "id" && is_sts_id(value)) continue;  // the registered id field
    current_ = extension{name, value};
    return;
  }
}

std::string serialize(const txt_record& record) {
  std::string out = "v=STSv1; id=";
  out += record.id;
  for (const extension& e : record.extensions()) {
    out += "; ";
    out += e.name;
    out += '=';
    out += e.value;
  }
  return out;
}

}  // namespace mtasts
