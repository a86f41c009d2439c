// SPDX-License-Identifier: Apache-2.0
// Observations of parse-level questions (see parse_result.h).
#include "mtasts/observation/parse_result.h"

#include <optional>

#include "mtasts/cert_name.h"
#include "mtasts/host_name.h"
#include "mtasts/mx_pattern.h"
#include "mtasts/observation/bytes.h"
#include "mtasts/policy.h"
#include "mtasts/tlsrpt_record.h"

namespace mtasts::observation {
namespace {

json header(record_kind kind, bool valid) {
  json object = json::object();
  object["valid"] = valid;
  object["kind"] = std::string(to_string(kind));
  return object;
}

observed invalid(record_kind kind, const parse_error& error) {
  json object = header(kind, false);
  object["error"] = error_object(error);
  return {std::move(object), verdict::no};
}

json txt_object(const txt_record& record) {
  json object = header(record_kind::txt, true);
  object["id"] = bytes_to_json(record.id);
  object["extensions"] = extension_list(record.extensions());
  return object;
}

json tlsrpt_object(const tlsrpt_record& record) {
  json object = header(record_kind::tlsrpt, true);
  json rua = json::array();
  for (std::string_view uri : record.rua) rua.push_back(bytes_to_json(uri));
  object["rua"] = std::move(rua);
  object["extensions"] = extension_list(record.extensions());
  return object;
}

json policy_object(const policy& parsed) {
  json object = header(record_kind::policy, true);
  object["version"] = bytes_to_json(parsed.version);
  object["mode"] = std::string(mtasts::to_string(parsed.mode));
  object["max_age"] = parsed.max_age;
  json mx = json::array();
  for (const std::string& pattern : parsed.mx) mx.push_back(bytes_to_json(pattern));
  object["mx"] = std::move(mx);
  object["extensions"] = extension_list(parsed.extensions);
  return object;
}

json record_index(const std::optional<std::size_t>& index) {
  return index ? json(*index) : json(nullptr);
}

// A selection's result, whichever grammar: the record's object plus its index.
template <class Selection, class ToObject>
observed selection_observation(record_kind kind, const Selection& selected, ToObject to_object) {
  if (!selected.ok()) {
    observed out = invalid(kind, selected.error().error);
    out.value["record"] = record_index(selected.error().record);
    return out;
  }
  json object = to_object(selected.value().record);
  object["record"] = selected.value().index;
  return {std::move(object), verdict::yes};
}

observed bad_operand(json object, const parse_error& error, std::string_view subject) {
  object["error"] = error_object(error, subject);
  return {std::move(object), verdict::bad_operand};
}

}  // namespace

std::string_view to_string(record_kind kind) noexcept {
  switch (kind) {
    case record_kind::txt:
      return "txt";
    case record_kind::policy:
      return "policy";
    case record_kind::tlsrpt:
      return "tlsrpt";
  }
  return "txt";
}

json error_object(const parse_error& error) {
  json object = json::object();
  object["token"] = std::string(token(error.code));
  object["family"] = std::string(family(error.code));
  object["offset"] = error.offset;
  object["line"] = error.line;
  object["column"] = error.column;
  object["message"] = std::string(message(error.code));
  return object;
}

json error_object(const parse_error& error, std::string_view subject) {
  json object = error_object(error);
  object["subject"] = std::string(subject);
  return object;
}

json extension_list(const txt_extension_range& extensions) {
  json list = json::array();
  for (const extension& field : extensions) {
    list.push_back(json::array({bytes_to_json(field.name), bytes_to_json(field.value)}));
  }
  return list;
}

json extension_list(const std::vector<std::pair<std::string, std::string>>& extensions) {
  json list = json::array();
  for (const auto& [name, value] : extensions) {
    list.push_back(json::array({bytes_to_json(name), bytes_to_json(value)}));
  }
  return list;
}

observed observe_txt(std::string_view record, const txt_options& options) {
  const result<txt_record> parsed = parse_txt_record(record, options);
  if (!parsed.ok()) return invalid(record_kind::txt, parsed.error());
  return {txt_object(parsed.value()), verdict::yes};
}

observed observe_policy(std::string_view body, const policy_options& options) {
  const result<policy> parsed = parse_policy(body, options);
  if (!parsed.ok()) return invalid(record_kind::policy, parsed.error());
  return {policy_object(parsed.value()), verdict::yes};
}

observed observe_tlsrpt(std::string_view record, const tlsrpt_options& options) {
  const result<tlsrpt_record> parsed = parse_tlsrpt_record(record, options);
  if (!parsed.ok()) return invalid(record_kind::tlsrpt, parsed.error());
  return {tlsrpt_object(parsed.value()), verdict::yes};
}

observed observe_txt_selection(const std::vector<std::string>& records,
                               const txt_options& options) {
  const std::vector<std::string_view> views(records.begin(), records.end());
  return selection_observation(record_kind::txt, select_txt_record(views, options), txt_object);
}

observed observe_tlsrpt_selection(const std::vector<std::string>& records,
                                  const tlsrpt_options& options) {
  const std::vector<std::string_view> views(records.begin(), records.end());
  return selection_observation(record_kind::tlsrpt, select_tlsrpt_record(views, options),
                               tlsrpt_object);
}

observed observe_match(std::string_view pattern, std::string_view host, engine::idna_port& idna) {
  json object = json::object();
  object["match"] = false;
  const result<mx_pattern> parsed_pattern = parse_mx_pattern(pattern);
  if (!parsed_pattern.ok())
    return bad_operand(std::move(object), parsed_pattern.error(), "pattern");
  // R-6125-6.4.2: U-labels become A-labels first; parse_host_name drops one trailing dot
  // the MX target as DNS returns it.
  const result<std::string> a_labels = engine::to_a_labels(idna, host);
  if (!a_labels.ok()) return bad_operand(std::move(object), a_labels.error(), "host");
  const result<std::string_view> parsed_host = parse_host_name(a_labels.value());
  if (!parsed_host.ok()) return bad_operand(std::move(object), parsed_host.error(), "host");
  const bool match = mx_pattern_matches(parsed_pattern.value(), parsed_host.value());
  object["match"] = match;
  return {std::move(object), match ? verdict::yes : verdict::no};
}

observed observe_cert_match(const cert_match_question& question, engine::idna_port& idna) {
  json object = json::object();
  object["match"] = false;
  object["matched"] = nullptr;
  // R-6125-6.4.2: the reference identifier in A-labels; the SAN names stay as presented.
  const result<std::string> a_labels = engine::to_a_labels(idna, question.host);
  if (!a_labels.ok()) return bad_operand(std::move(object), a_labels.error(), "host");
  const result<std::string_view> host = parse_host_name(a_labels.value());
  if (!host.ok()) return bad_operand(std::move(object), host.error(), "host");
  cert_match_options options;
  options.allow_partial_wildcard = question.partial_wildcard && !question.policy_host;
  for (const std::string& name : question.names) {
    const bool match = question.policy_host
                           ? cert_name_matches_policy_host(name, host.value())
                           : cert_name_matches_mx_host(name, host.value(), options);
    if (match) {
      object["match"] = true;
      object["matched"] = bytes_to_json(name);
      return {std::move(object), verdict::yes};
    }
  }
  return {std::move(object), verdict::no};
}

}  // namespace mtasts::observation
