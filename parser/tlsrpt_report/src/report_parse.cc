// SPDX-License-Identifier: Apache-2.0
// Parsing incoming RFC 8460 §4 reports, tolerant of the deviations seen in the wild.
#include <exception>
#include <limits>
#include <nlohmann/json.hpp>
#include <utility>

#include "mtasts/tlsrpt_report.h"
#include "report_reader.h"

namespace mtasts::tlsrpt {
namespace {

using nlohmann::json;

[[noreturn]] void reject(error_code code, const std::string& pointer, std::string what) {
  throw rejection{code, pointer, std::move(what)};
}

[[noreturn]] void wrong_type(const std::string& pointer, std::string_view expected) {
  reject(error_code::TLSRPT_REPORT_MEMBER_TYPE, pointer, "expected " + std::string(expected));
}

const json* member(const json& object, const char* name) {
  const auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

const json& required(const json& object, const std::string& pointer, const char* name) {
  const json* value = member(object, name);
  if (value == nullptr)
    reject(error_code::TLSRPT_REPORT_MISSING_MEMBER, child(pointer, name),
           "missing required member");
  return *value;
}

std::string as_string(const json& value, const std::string& pointer) {
  if (!value.is_string()) wrong_type(pointer, "a string");
  return value.get<std::string>();
}

std::optional<std::string> optional_string(const json& object, const std::string& pointer,
                                           const char* name) {
  const json* value = member(object, name);
  if (value == nullptr || value->is_null()) return std::nullopt;
  return as_string(*value, child(pointer, name));
}

// RFC 8460 §4.4: counts are integers; negative or fractional numbers are errors (the reader
// already refused integers above 2^53-1, R-8460-4-1).
std::uint64_t as_count(const json& value, const std::string& pointer) {
  if (value.is_number_unsigned()) return value.get<std::uint64_t>();
  if (value.is_number_integer()) {
    const auto n = value.get<std::int64_t>();
    if (n >= 0) return static_cast<std::uint64_t>(n);  // "-0"
    reject(error_code::TLSRPT_REPORT_COUNT, pointer,
           "expected a non-negative integer, got " + std::to_string(n));
  }
  if (value.is_number_float()) {
    reject(error_code::TLSRPT_REPORT_COUNT, pointer,
           "expected a non-negative integer, got a fraction or an exponent");
  }
  wrong_type(pointer, "a non-negative integer");
}

std::pair<std::string, unix_seconds> as_datetime(const json& value, const std::string& pointer) {
  std::string text = as_string(value, pointer);
  const std::optional<unix_seconds> at = parse_rfc3339(text);
  if (!at) reject(error_code::TLSRPT_REPORT_DATETIME, pointer, "expected an RFC 3339 date-time");
  return {std::move(text), *at};
}

// a string, or an array of strings (one large reporter sends mx-host that way).
std::vector<std::string> string_or_array(const json& value, const std::string& pointer) {
  std::vector<std::string> out;
  if (value.is_string()) {
    out.push_back(value.get<std::string>());
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      out.push_back(as_string(value[i], child(pointer, i)));
  } else if (!value.is_null()) {
    wrong_type(pointer, "a string or an array of strings");
  }
  return out;
}

policy_description parse_policy(const json& value, const std::string& pointer,
                                std::vector<std::string>& warnings) {
  if (!value.is_object()) wrong_type(pointer, "an object");
  policy_description p;
  const std::string type_pointer = child(pointer, "policy-type");
  const auto type =
      policy_type_from_string(as_string(required(value, pointer, "policy-type"), type_pointer));
  if (!type) {
    reject(error_code::TLSRPT_REPORT_POLICY_TYPE, type_pointer,
           "expected \"sts\", \"tlsa\" or \"no-policy-found\"");
  }
  p.type = *type;
  // policy-string and mx-host have no value for some failures (sts-policy-fetch-error).
  if (const json* s = member(value, "policy-string")) {
    const std::string sp = child(pointer, "policy-string");
    if (!s->is_array() && !s->is_null()) wrong_type(sp, "an array of strings");
    p.policy_string = string_or_array(*s, sp);
  }
  if (auto domain = optional_string(value, pointer, "policy-domain")) {
    p.policy_domain = std::move(*domain);
  } else {
    warnings.push_back(child(pointer, "policy-domain") + ": missing");
  }
  if (const json* mx = member(value, "mx-host"))
    p.mx_host = string_or_array(*mx, child(pointer, "mx-host"));
  return p;
}

failure_detail parse_failure(const json& value, const std::string& pointer,
                             std::vector<std::string>& warnings) {
  if (!value.is_object()) wrong_type(pointer, "an object");
  failure_detail f;
  const std::string type_pointer = child(pointer, "result-type");
  f.result_type = as_string(required(value, pointer, "result-type"), type_pointer);
  if (!is_registered_result_type(f.result_type)) {
    // Kept as written: the registry is Expert Review and grows (RFC 8460 §6.6).
    warnings.push_back(type_pointer + ": unregistered result-type \"" + f.result_type + "\"");
  }
  f.sending_mta_ip = optional_string(value, pointer, "sending-mta-ip");
  f.receiving_mx_hostname = optional_string(value, pointer, "receiving-mx-hostname");
  f.receiving_mx_helo = optional_string(value, pointer, "receiving-mx-helo");
  f.receiving_ip = optional_string(value, pointer, "receiving-ip");
  f.failed_session_count = as_count(required(value, pointer, "failed-session-count"),
                                    child(pointer, "failed-session-count"));
  f.additional_information = optional_string(value, pointer, "additional-information");
  f.failure_reason_code = optional_string(value, pointer, "failure-reason-code");
  return f;
}

policy_report parse_policy_entry(const json& value, const std::string& pointer,
                                 std::vector<std::string>& warnings) {
  if (!value.is_object()) wrong_type(pointer, "an object");
  policy_report p;
  p.policy = parse_policy(required(value, pointer, "policy"), child(pointer, "policy"), warnings);
  const std::string summary_pointer = child(pointer, "summary");
  const json& summary = required(value, pointer, "summary");
  if (!summary.is_object()) wrong_type(summary_pointer, "an object");
  p.total_successful_session_count =
      as_count(required(summary, summary_pointer, "total-successful-session-count"),
               child(summary_pointer, "total-successful-session-count"));
  p.total_failure_session_count =
      as_count(required(summary, summary_pointer, "total-failure-session-count"),
               child(summary_pointer, "total-failure-session-count"));
  if (const json* details = member(value, "failure-details"); details && !details->is_null()) {
    const std::string dp = child(pointer, "failure-details");
    if (!details->is_array()) wrong_type(dp, "an array");
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < details->size(); ++i) {
      p.failure_details.push_back(parse_failure((*details)[i], child(dp, i), warnings));
      const std::uint64_t n = p.failure_details.back().failed_session_count;
      sum = n > std::numeric_limits<std::uint64_t>::max() - sum
                ? std::numeric_limits<std::uint64_t>::max()
                : sum + n;
    }
    if (sum > p.total_failure_session_count) {
      warnings.push_back(
          summary_pointer +
          ": total-failure-session-count is less than the sum of failed-session-count");
    }
  }
  return p;
}

// R-8460-4.4: the required members and their values; the rest is A-28's to tolerate.
report parse_root(const json& root, std::vector<std::string>& warnings) {
  const std::string top;
  if (!root.is_object()) wrong_type(top, "a JSON object");
  report r;
  r.organization_name = as_string(required(root, top, "organization-name"), "/organization-name");
  const json& range = required(root, top, "date-range");
  if (!range.is_object()) wrong_type("/date-range", "an object");
  auto [start, start_at] =
      as_datetime(required(range, "/date-range", "start-datetime"), "/date-range/start-datetime");
  auto [end, end_at] =
      as_datetime(required(range, "/date-range", "end-datetime"), "/date-range/end-datetime");
  if (end_at < start_at) {  // R-8460-4.4: a range, compared as instants (offsets applied)
    reject(error_code::TLSRPT_REPORT_DATE_RANGE, "/date-range/end-datetime",
           "end-datetime is before start-datetime");
  }
  r.start_datetime = std::move(start);
  r.end_datetime = std::move(end);
  if (auto contact = optional_string(root, top, "contact-info")) {
    r.contact_info = std::move(*contact);
  } else {
    warnings.push_back("/contact-info: missing");
  }
  r.report_id = as_string(required(root, top, "report-id"), "/report-id");
  const json& policies = required(root, top, "policies");
  // R-8460-4-2: policies MUST be an array, even for a single policy.
  if (!policies.is_array()) {
    reject(error_code::TLSRPT_REPORT_POLICIES_NOT_ARRAY, "/policies", "expected an array");
  }
  for (std::size_t i = 0; i < policies.size(); ++i) {
    r.policies.push_back(parse_policy_entry(policies[i], child("/policies", i), warnings));
  }
  return r;
}

}  // namespace

report_parse_result parse_report(std::string_view text) noexcept {
  report_parse_result result;
  const auto refuse = [&result](const rejection& r) {
    result.value.reset();
    result.warnings.clear();
    result.code = r.code;
    result.pointer = r.pointer;
    result.error = (r.pointer.empty() ? std::string("/") : r.pointer) + ": " + r.what;
  };
  try {
    std::variant<json, rejection> read = read_report_json(text);
    if (const rejection* r = std::get_if<rejection>(&read)) {
      refuse(*r);
      return result;
    }
    std::vector<std::string> warnings;
    report r = parse_root(std::get<json>(read), warnings);
    result.value = std::move(r);
    result.warnings = std::move(warnings);
  } catch (const rejection& r) {
    try {
      refuse(r);
    } catch (...) {  // out of memory: the code alone
      result.code = r.code;
    }
  } catch (...) {  // out of memory
    result.value.reset();
    result.warnings.clear();
    result.code = error_code::TLSRPT_REPORT_TOO_LARGE;
  }
  return result;
}

}  // namespace mtasts::tlsrpt
