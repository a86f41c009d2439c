#include "parse_command.h"

#include <optional>

#include "cli_error.h"
#include "input.h"
#include "json_output.h"
#include "mtasts/policy.h"
#include "mtasts/tlsrpt_record.h"
#include "mtasts/txt_record.h"
#include "records_file.h"

namespace mtasts::cli {

namespace {

json header(record_kind kind, bool valid) {
  json object = json::object();
  object["valid"] = valid;
  object["kind"] = std::string(to_string(kind));
  return object;
}

command_result invalid(record_kind kind, const parse_error& error) {
  json object = header(kind, false);
  object["error"] = error_object(error);
  return {std::move(object), exit_status::negative};
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

std::vector<std::string_view> views_of(const std::vector<std::string>& records) {
  return {records.begin(), records.end()};
}

parser_profile find_named_profile(const std::string& name) {
  std::optional<parser_profile> profile = find_profile(name);
  if (!profile) throw cli_error("unknown profile '" + name + "' (see `mtasts profiles`)");
  return *profile;
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

command_result parse_txt(std::string_view record, const txt_options& options) {
  const result<txt_record> parsed = parse_txt_record(record, options);
  if (!parsed.ok()) return invalid(record_kind::txt, parsed.error());
  return {txt_object(parsed.value()), exit_status::ok};
}

command_result parse_policy_body(std::string_view body, const policy_options& options) {
  const result<policy> parsed = parse_policy(body, options);
  if (!parsed.ok()) return invalid(record_kind::policy, parsed.error());
  return {policy_object(parsed.value()), exit_status::ok};
}

command_result parse_tlsrpt(std::string_view record, const tlsrpt_options& options) {
  const result<tlsrpt_record> parsed = parse_tlsrpt_record(record, options);
  if (!parsed.ok()) return invalid(record_kind::tlsrpt, parsed.error());
  return {tlsrpt_object(parsed.value()), exit_status::ok};
}

command_result select_txt(const std::vector<std::string>& records, const txt_options& options) {
  const std::vector<std::string_view> views = views_of(records);
  const txt_selection_result selected = select_txt_record(views, options);
  if (!selected.ok()) {
    command_result out = invalid(record_kind::txt, selected.error().error);
    out.output["record"] = record_index(selected.error().record);
    return out;
  }
  json object = txt_object(selected.value().record);
  object["record"] = selected.value().index;
  return {std::move(object), exit_status::ok};
}

command_result select_tlsrpt(const std::vector<std::string>& records,
                             const tlsrpt_options& options) {
  const std::vector<std::string_view> views = views_of(records);
  const tlsrpt_selection_result selected = select_tlsrpt_record(views, options);
  if (!selected.ok()) {
    command_result out = invalid(record_kind::tlsrpt, selected.error().error);
    out.output["record"] = record_index(selected.error().record);
    return out;
  }
  json object = tlsrpt_object(selected.value().record);
  object["record"] = selected.value().index;
  return {std::move(object), exit_status::ok};
}

command_result run_parse(const parse_request& request) {
  const parser_profile profile = find_named_profile(request.profile);
  if (!request.records_file.empty()) {
    if (request.kind == record_kind::policy) {
      throw cli_error("--records applies to txt and tlsrpt, not to policy");
    }
    const std::vector<std::string> records =
        join_records(parse_records_file(read_input(request.records_file)));
    return request.kind == record_kind::txt ? select_txt(records, profile.txt)
                                            : select_tlsrpt(records, profile.tlsrpt);
  }
  const std::string bytes = read_input(request.file);
  switch (request.kind) {
    case record_kind::txt:
      return parse_txt(bytes, profile.txt);
    case record_kind::policy:
      return parse_policy_body(bytes, profile.policy);
    case record_kind::tlsrpt:
      return parse_tlsrpt(bytes, profile.tlsrpt);
  }
  throw cli_error("unknown record kind");
}

}  // namespace mtasts::cli
