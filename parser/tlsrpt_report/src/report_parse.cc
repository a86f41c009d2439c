// SPDX-License-Identifier: Apache-2.0
// Parsing incoming RFC 8460 §4 reports, tolerant of the deviations seen in the wild.
#include <exception>
#include <limits>
#include <nlohmann/json.hpp>
#include <utility>

#include "mtasts/tlsrpt_report.h"

namespace mtasts::tlsrpt {
namespace {

using nlohmann::json;

// A rejection: where (a JSON pointer) and what was expected there.
struct rejection {
  std::string message;
};

std::string child(const std::string& pointer, std::string_view name) {
  std::string escaped;
  for (char c : name) {  // RFC 6901 §3
    if (c == '~') {
      escaped += "~0";
    } else if (c == '/') {
      escaped += "~1";
    } else {
      escaped += c;
    }
  }
  return pointer + "/" + escaped;
}

std::string child(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

[[noreturn]] void reject(const std::string& pointer, std::string_view what) {
  throw rejection{(pointer.empty() ? std::string("/") : pointer) + ": " + std::string(what)};
}

const json* member(const json& object, const char* name) {
  const auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

const json& required(const json& object, const std::string& pointer, const char* name) {
  const json* value = member(object, name);
  if (value == nullptr) reject(pointer, std::string("missing required field \"") + name + "\"");
  return *value;
}

std::string as_string(const json& value, const std::string& pointer) {
  if (!value.is_string()) reject(pointer, "expected a string");
  return value.get<std::string>();
}

std::optional<std::string> optional_string(const json& object, const std::string& pointer,
                                           const char* name) {
  const json* value = member(object, name);
  if (value == nullptr || value->is_null()) return std::nullopt;
  return as_string(*value, child(pointer, name));
}

// RFC 8460 §4.4: counts are integers; negative, fractional or oversized numbers are errors.
std::uint64_t as_count(const json& value, const std::string& pointer) {
  if (value.is_number_unsigned()) return value.get<std::uint64_t>();
  if (value.is_number_integer()) {
    const auto n = value.get<std::int64_t>();
    if (n >= 0) return static_cast<std::uint64_t>(n);  // "-0"
    reject(pointer, "expected a non-negative integer, got " + std::to_string(n));
  }
  reject(pointer, "expected a non-negative integer");
}

std::string as_datetime(const json& value, const std::string& pointer) {
  std::string text = as_string(value, pointer);
  if (!parse_rfc3339(text)) reject(pointer, "expected an RFC 3339 date-time");
  return text;
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
    reject(pointer, "expected a string or an array of strings");
  }
  return out;
}

policy_description parse_policy(const json& value, const std::string& pointer,
                                std::vector<std::string>& warnings) {
  if (!value.is_object()) reject(pointer, "expected an object");
  policy_description p;
  const std::string type_pointer = child(pointer, "policy-type");
  const auto type =
      policy_type_from_string(as_string(required(value, pointer, "policy-type"), type_pointer));
  if (!type) reject(type_pointer, "expected \"sts\", \"tlsa\" or \"no-policy-found\"");
  p.type = *type;
  // policy-string and mx-host have no value for some failures (sts-policy-fetch-error).
  if (const json* s = member(value, "policy-string")) {
    const std::string sp = child(pointer, "policy-string");
    if (!s->is_array() && !s->is_null()) reject(sp, "expected an array of strings");
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
  if (!value.is_object()) reject(pointer, "expected an object");
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
  if (!value.is_object()) reject(pointer, "expected an object");
  policy_report p;
  p.policy = parse_policy(required(value, pointer, "policy"), child(pointer, "policy"), warnings);
  const std::string summary_pointer = child(pointer, "summary");
  const json& summary = required(value, pointer, "summary");
  if (!summary.is_object()) reject(summary_pointer, "expected an object");
  p.total_successful_session_count =
      as_count(required(summary, summary_pointer, "total-successful-session-count"),
               child(summary_pointer, "total-successful-session-count"));
  p.total_failure_session_count =
      as_count(required(summary, summary_pointer, "total-failure-session-count"),
               child(summary_pointer, "total-failure-session-count"));
  if (const json* details = member(value, "failure-details"); details && !details->is_null()) {
    const std::string dp = child(pointer, "failure-details");
    if (!details->is_array()) reject(dp, "expected an array");
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

report parse_root(const json& root, std::vector<std::string>& warnings) {
  const std::string top;
  if (!root.is_object()) reject(top, "expected a JSON object");
  report r;
  r.organization_name = as_string(required(root, top, "organization-name"), "/organization-name");
  const json& range = required(root, top, "date-range");
  if (!range.is_object()) reject("/date-range", "expected an object");
  r.start_datetime =
      as_datetime(required(range, "/date-range", "start-datetime"), "/date-range/start-datetime");
  r.end_datetime =
      as_datetime(required(range, "/date-range", "end-datetime"), "/date-range/end-datetime");
  if (auto contact = optional_string(root, top, "contact-info")) {
    r.contact_info = std::move(*contact);
  } else {
    warnings.push_back("/contact-info: missing");
  }
  r.report_id = as_string(required(root, top, "report-id"), "/report-id");
  const json& policies = required(root, top, "policies");
  // R-8460-4-2: policies MUST be an array, even for a single policy.
  if (!policies.is_array()) reject("/policies", "expected an array");
  for (std::size_t i = 0; i < policies.size(); ++i) {
    r.policies.push_back(parse_policy_entry(policies[i], child("/policies", i), warnings));
  }
  return r;
}

}  // namespace

report_parse_result parse_report(std::string_view text) noexcept {
  report_parse_result result;
  try {
    json root;
    try {
      root = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
      result.error = std::string("not JSON: ") + e.what();
      return result;
    }
    std::vector<std::string> warnings;
    report r = parse_root(root, warnings);
    result.value = std::move(r);
    result.warnings = std::move(warnings);
  } catch (const rejection& r) {
    result.value.reset();
    result.warnings.clear();
    result.error = r.message;
  } catch (const std::exception& e) {
    result.value.reset();
    result.warnings.clear();
    try {
      result.error = std::string("cannot parse the report: ") + e.what();
    } catch (...) {
      result.error.clear();
    }
  } catch (...) {
    result.value.reset();
    result.warnings.clear();
  }
  if (!result.value && result.error.empty()) {
    try {
      result.error = "cannot parse the report";
    } catch (...) {  // out of memory: ok() is false all the same
    }
  }
  return result;
}

}  // namespace mtasts::tlsrpt
