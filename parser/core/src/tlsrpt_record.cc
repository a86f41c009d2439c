// SPDX-License-Identifier: Apache-2.0
// The _smtp._tls TLS-RPT record (RFC 8460 §3).
#include "mtasts/tlsrpt_record.h"

#include "record_selection.h"
#include "rua_list.h"
#include "tag_record.h"

namespace mtasts {
namespace {

struct tlsrpt_visitor {
  tlsrpt_visitor(std::string_view r, bool keep_every) : record(r), keep_every_rua(keep_every) {}
  std::string_view record;
  bool keep_every_rua;  // merge_rua_fields: every_rua is wanted
  std::size_t rua_fields = 0;
  std::optional<std::size_t> second_rua_offset;
  std::vector<std::string_view> first_rua, last_rua, every_rua;
  std::optional<parse_error> first_rua_error;  // why the first malformed rua did not fit
  std::optional<parse_error> pending_error;    // of the field being scanned

  // R-8460-3-3: tlsrpt-rua = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)
  std::optional<std::size_t> special(std::size_t value_offset) {
    std::vector<std::string_view> uris;
    const detail::rua_scan scan =
        detail::scan_rua_list(record, value_offset, [&](std::string_view u) { uris.push_back(u); });
    if (scan.error) {
      pending_error = scan.error;
      if (!first_rua_error) first_rua_error = scan.error;
      return std::nullopt;  // may still fit the extension production
    }
    ++rua_fields;
    if (rua_fields == 1) {
      first_rua = uris;
    } else if (!second_rua_offset) {
      second_rua_offset = value_offset - 4;
    }
    if (keep_every_rua) every_rua.insert(every_rua.end(), uris.begin(), uris.end());
    last_rua = std::move(uris);
    return scan.end;
  }
  std::optional<parse_error> special_error() { return pending_error; }
  void field(const detail::tag_field&) {}  // R-8460-3-10: unknown fields are ignored
};

}  // namespace

result<tlsrpt_record> parse_tlsrpt_record(std::string_view record, const tlsrpt_options& options) {
  tlsrpt_visitor visitor(record, options.merge_rua_fields);
  const detail::tag_scan_options scan{options.allow_trailing_whitespace,
                                      options.allow_empty_fields};
  if (auto e = detail::scan_tag_record(record, detail::tlsrpt_tag_grammar, scan, visitor))
    return *e;
  if (visitor.rua_fields == 0) {
    // RFC 8460 §3: rua is required; point at a malformed rua when there is one.
    if (visitor.first_rua_error) return *visitor.first_rua_error;
    return make_error(error_code::TLSRPT_RUA_MISSING, record, record.size());
  }
  if (visitor.rua_fields > 1 && options.duplicate_rua == duplicate_field::reject &&
      !options.merge_rua_fields) {
    return make_error(error_code::TLSRPT_RUA_DUPLICATE, record, *visitor.second_rua_offset);
  }
  // RFC 8460 has no duplicate rule; the first rua counts, as in RFC 8461 §3.2.
  tlsrpt_record out;
  out.rua = options.duplicate_rua == duplicate_field::last ? visitor.last_rua : visitor.first_rua;
  if (options.merge_rua_fields) out.rua = visitor.every_rua;  // behaviour: mox keeps them all
  out.fields = record.substr(detail::tlsrpt_tag_grammar.version.size());
  return out;
}

bool is_valid_tlsrpt_record(std::string_view record, const tlsrpt_options& options) {
  return parse_tlsrpt_record(record, options).ok();
}

result<tlsrpt_selection, selection_error> select_tlsrpt_record(
    std::span<const std::string_view> records, const tlsrpt_options& options) {
  // R-8460-3-7: keep records starting with "v=TLSRPTv1;"; exactly one must remain.
  const detail::selected_record chosen = detail::select_candidate(
      records, "v=TLSRPTv1;", error_code::TLSRPT_SELECT_NONE, error_code::TLSRPT_SELECT_MULTIPLE);
  if (!chosen.index) return selection_error{*chosen.error, std::nullopt};
  result<tlsrpt_record> parsed = parse_tlsrpt_record(records[*chosen.index], options);
  if (!parsed.ok()) return selection_error{parsed.error(), chosen.index};
  return tlsrpt_selection{*chosen.index, std::move(parsed).value()};
}

std::string serialize(const tlsrpt_record& record) {
  std::string out = "v=TLSRPTv1; rua=";
  for (std::size_t i = 0; i < record.rua.size(); ++i) {
    if (i > 0) out += ',';
    out += record.rua[i];
  }
  for (const extension& e : record.extensions()) {
    out += "; ";
    out += e.name;
    out += '=';
    out += e.value;
  }
  return out;
}

}  // namespace mtasts
