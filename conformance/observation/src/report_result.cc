// SPDX-License-Identifier: Apache-2.0
// Observations of TLS-RPT aggregate reports (see report_result.h).
#include "mtasts/observation/report_result.h"

#include <algorithm>
#include <limits>
#include <tuple>
#include <utility>
#include <vector>

#include "mtasts/tlsrpt_report.h"

namespace mtasts::observation {
namespace {

json header(bool valid) {
  json object = json::object();
  object["valid"] = valid;
  object["kind"] = std::string(tlsrpt_report_kind);
  return object;
}

std::uint64_t saturating_sum(std::uint64_t a, std::uint64_t b) noexcept {
  return b > std::numeric_limits<std::uint64_t>::max() - a
             ? std::numeric_limits<std::uint64_t>::max()
             : a + b;
}

void put_optional(json& object, const char* name, const std::optional<std::string>& value) {
  if (value) object[name] = *value;
}

json failure_object(const tlsrpt::failure_detail& f) {
  json detail = json::object();
  detail["result_type"] = f.result_type;
  detail["failed_session_count"] = f.failed_session_count;
  put_optional(detail, "sending_mta_ip", f.sending_mta_ip);
  put_optional(detail, "receiving_mx_hostname", f.receiving_mx_hostname);
  put_optional(detail, "receiving_mx_helo", f.receiving_mx_helo);
  put_optional(detail, "receiving_ip", f.receiving_ip);
  put_optional(detail, "failure_reason_code", f.failure_reason_code);
  put_optional(detail, "additional_information", f.additional_information);
  return detail;
}

json report_object(const tlsrpt::report& r, const std::vector<std::string>& warnings) {
  json object = header(true);
  object["organization_name"] = r.organization_name;
  object["start_datetime"] = r.start_datetime;
  object["end_datetime"] = r.end_datetime;
  object["contact_info"] = r.contact_info;
  object["report_id"] = r.report_id;
  object["policy_count"] = r.policies.size();
  std::uint64_t successes = 0, failures = 0;
  std::vector<std::string> result_types;
  json policies = json::array();
  for (const tlsrpt::policy_report& p : r.policies) {
    successes = saturating_sum(successes, p.total_successful_session_count);
    failures = saturating_sum(failures, p.total_failure_session_count);
    json entry = json::object();
    entry["policy_type"] = std::string(tlsrpt::to_string(p.policy.type));
    entry["policy_domain"] = p.policy.policy_domain;
    entry["policy_string"] = p.policy.policy_string;
    entry["mx_host"] = p.policy.mx_host;
    entry["total_successful_session_count"] = p.total_successful_session_count;
    entry["total_failure_session_count"] = p.total_failure_session_count;
    json details = json::array();
    for (const tlsrpt::failure_detail& f : p.failure_details) {
      if (std::find(result_types.begin(), result_types.end(), f.result_type) == result_types.end())
        result_types.push_back(f.result_type);
      details.push_back(failure_object(f));
    }
    entry["failure_details"] = std::move(details);
    policies.push_back(std::move(entry));
  }
  object["total_successful_session_count"] = successes;
  object["total_failure_session_count"] = failures;
  object["result_types"] = result_types;
  object["policies"] = std::move(policies);
  object["warnings"] = warnings;
  return object;
}

observed observe_result(const tlsrpt::report_parse_result& parsed) {
  if (parsed.ok()) return {report_object(*parsed.value, parsed.warnings), verdict::yes};
  json object = header(false);
  const error_code code = parsed.code.value_or(error_code::TLSRPT_REPORT_NOT_JSON);
  object["error"] = {{"token", std::string(token(code))},
                     {"family", std::string(family(code))},
                     {"pointer", parsed.pointer},
                     {"message", parsed.error.empty() ? std::string(message(code)) : parsed.error}};
  return {std::move(object), verdict::no};
}

// --- the build question ------------------------------------------------------------------

struct input_refusal {
  std::string what;
};

[[noreturn]] void refuse(const std::string& pointer, const std::string& what) {
  throw input_refusal{(pointer.empty() ? std::string("/") : pointer) + ": " + what};
}

const json& required_member(const json& object, const std::string& pointer, const char* name) {
  const auto it = object.find(name);
  if (it == object.end()) refuse(pointer, std::string("missing member \"") + name + "\"");
  return *it;
}

std::string string_member(const json& object, const std::string& pointer, const char* name) {
  const json& value = required_member(object, pointer, name);
  if (!value.is_string()) refuse(pointer + "/" + name, "expected a string");
  return value.get<std::string>();
}

std::optional<std::string> optional_string(const json& object, const std::string& pointer,
                                           const char* name) {
  if (!object.contains(name)) return std::nullopt;
  return string_member(object, pointer, name);
}

std::vector<std::string> string_list(const json& object, const std::string& pointer,
                                     const char* name) {
  std::vector<std::string> out;
  const auto it = object.find(name);
  if (it == object.end()) return out;
  if (!it->is_array()) refuse(pointer + "/" + name, "expected an array of strings");
  for (const json& s : *it) {
    if (!s.is_string()) refuse(pointer + "/" + name, "expected an array of strings");
    out.push_back(s.get<std::string>());
  }
  return out;
}

tlsrpt::policy_description policy_member(const json& session, const std::string& pointer) {
  const std::string at = pointer + "/policy";
  const json& p = required_member(session, pointer, "policy");
  if (!p.is_object()) refuse(at, "expected an object");
  tlsrpt::policy_description d;
  const auto type = tlsrpt::policy_type_from_string(string_member(p, at, "policy_type"));
  if (!type) refuse(at + "/policy_type", "expected \"sts\", \"tlsa\" or \"no-policy-found\"");
  d.type = *type;
  d.policy_domain = optional_string(p, at, "policy_domain").value_or("");
  d.policy_string = string_list(p, at, "policy_string");
  d.mx_host = string_list(p, at, "mx_host");
  return d;
}

// RFC 8460 §4.1: one report per UTC day, 00:00:00Z to the next 00:00:00Z.
std::pair<tlsrpt::unix_seconds, tlsrpt::unix_seconds> day_range(const json& input) {
  const std::string day = string_member(input, "", "day");
  const std::optional<tlsrpt::unix_seconds> start = tlsrpt::parse_rfc3339(day + "T00:00:00Z");
  if (day.size() != 10 || !start) refuse("/day", "expected a date YYYY-MM-DD");
  return {*start, *start + 86400};
}

void add_session(tlsrpt::aggregator& sessions, const json& session, const std::string& at) {
  if (!session.is_object()) refuse(at, "expected a session object");
  const std::size_t policy = sessions.add_policy(policy_member(session, at));
  std::uint64_t count = 1;
  if (session.contains("count")) {
    // A count read from JSON text is unsigned; one built in code may be signed.
    const json& c = session["count"];
    const bool positive =
        c.is_number_unsigned() || (c.is_number_integer() && c.get<std::int64_t>() > 0);
    if (!positive || c.get<std::uint64_t>() == 0 ||
        c.get<std::uint64_t>() > tlsrpt::max_exact_integer)
      refuse(at + "/count", "expected an integer from 1 to 2^53-1");
    count = c.get<std::uint64_t>();
  }
  const std::string result = string_member(session, at, "result");
  if (result == "success") {
    sessions.add_success(policy, count);
    return;
  }
  if (result != "failure") refuse(at + "/result", "expected \"success\" or \"failure\"");
  tlsrpt::session_failure failure;
  failure.sending_mta_ip = optional_string(session, at, "sending_mta_ip");
  failure.receiving_mx_hostname = optional_string(session, at, "receiving_mx_hostname");
  failure.receiving_mx_helo = optional_string(session, at, "receiving_mx_helo");
  failure.receiving_ip = optional_string(session, at, "receiving_ip");
  failure.failure_reason_code = optional_string(session, at, "failure_reason_code");
  failure.additional_information = optional_string(session, at, "additional_information");
  const bool has_type = session.contains("result_type");
  if (has_type == session.contains("error"))
    refuse(at, "a failure names exactly one of \"result_type\" and \"error\"");
  if (has_type) {
    failure.result_type = string_member(session, at, "result_type");
    sessions.add_failure(policy, failure, count);
    return;
  }
  // An engine failure, mapped to its result type as the engine's caller would (RFC 8460 §4.3);
  // failures that are not reported (§4.3.4) leave the report unchanged.
  const std::optional<error_code> code = error_code_from_token(string_member(session, at, "error"));
  if (!code) refuse(at + "/error", "expected a token of error_tokens.def");
  sessions.add_failure(policy, *code, failure, count);
}

}  // namespace

observed observe_tlsrpt_report(std::string_view bytes) {
  return observe_result(tlsrpt::parse_report_bytes(bytes));
}

build_observed observe_tlsrpt_report_build(const json& input) {
  build_observed out;
  try {
    if (!input.is_object()) refuse("", "expected an object");
    tlsrpt::report_metadata metadata;
    metadata.organization_name = string_member(input, "", "organization_name");
    metadata.contact_info = string_member(input, "", "contact_info");
    metadata.report_id = string_member(input, "", "report_id");
    std::tie(metadata.start, metadata.end) = day_range(input);
    const json& sessions = required_member(input, "", "sessions");
    if (!sessions.is_array()) refuse("/sessions", "expected an array");
    tlsrpt::aggregator aggregate;
    for (std::size_t i = 0; i < sessions.size(); ++i)
      add_session(aggregate, sessions[i], "/sessions/" + std::to_string(i));
    // The report as written, read back: what a receiver gets.
    const std::string text = tlsrpt::to_json(aggregate.build(metadata));
    observed result = observe_result(tlsrpt::parse_report(text));
    result.value["report"] = json::parse(text);
    out.result = std::move(result);
  } catch (const input_refusal& refusal) {
    out.input_error = refusal.what;
  }
  return out;
}

}  // namespace mtasts::observation
