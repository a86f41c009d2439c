// SPDX-License-Identifier: Apache-2.0
// Writing a report as RFC 8460 §4 JSON.
#include <nlohmann/json.hpp>

#include "mtasts/tlsrpt_report.h"

namespace mtasts::tlsrpt {
namespace {

using json = nlohmann::ordered_json;  // fields in the order RFC 8460 §4.4 lists them

void put_optional(json& object, const char* name, const std::optional<std::string>& value) {
  if (value) object[name] = *value;
}

json policy_json(const policy_description& p) {
  json policy = json::object();
  policy["policy-type"] = std::string(to_string(p.type));
  if (!p.policy_string.empty()) policy["policy-string"] = p.policy_string;
  policy["policy-domain"] = p.policy_domain;
  // RFC 8460 §4.4 defines a string; several patterns can only be written as an array.
  if (p.mx_host.size() == 1) {
    policy["mx-host"] = p.mx_host.front();
  } else if (!p.mx_host.empty()) {
    policy["mx-host"] = p.mx_host;
  }
  return policy;
}

json failure_json(const failure_detail& f) {
  json detail = json::object();
  detail["result-type"] = f.result_type;
  put_optional(detail, "sending-mta-ip", f.sending_mta_ip);
  put_optional(detail, "receiving-mx-hostname", f.receiving_mx_hostname);
  put_optional(detail, "receiving-mx-helo", f.receiving_mx_helo);
  put_optional(detail, "receiving-ip", f.receiving_ip);
  detail["failed-session-count"] = f.failed_session_count;
  put_optional(detail, "additional-information", f.additional_information);
  put_optional(detail, "failure-reason-code", f.failure_reason_code);
  return detail;
}

}  // namespace

std::string to_json(const report& r, int indent) {
  json root = json::object();
  root["organization-name"] = r.organization_name;
  root["date-range"] = {{"start-datetime", r.start_datetime}, {"end-datetime", r.end_datetime}};
  root["contact-info"] = r.contact_info;
  root["report-id"] = r.report_id;
  json policies = json::array();  // R-8460-4-2: an array even for a single policy
  for (const policy_report& p : r.policies) {
    json entry = json::object();
    entry["policy"] = policy_json(p.policy);
    entry["summary"] = {{"total-successful-session-count", p.total_successful_session_count},
                        {"total-failure-session-count", p.total_failure_session_count}};
    json details = json::array();
    for (const failure_detail& f : p.failure_details) details.push_back(failure_json(f));
    entry["failure-details"] = std::move(details);
    policies.push_back(std::move(entry));
  }
  root["policies"] = std::move(policies);
  // R-8460-4-1, I-JSON: strings must be UTF-8; replace what is not instead of throwing.
  return root.dump(indent < 0 ? -1 : indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace mtasts::tlsrpt
