// SPDX-License-Identifier: Apache-2.0
// Aggregating session results into an RFC 8460 §4 report.
#include <algorithm>
#include <limits>
#include <utility>

#include "mtasts/tlsrpt_report.h"

namespace mtasts::tlsrpt {
namespace {

void saturating_add(std::uint64_t& total, std::uint64_t n) noexcept {
  total = n > std::numeric_limits<std::uint64_t>::max() - total
              ? std::numeric_limits<std::uint64_t>::max()
              : total + n;
}

}  // namespace

policy_description sts_policy_description(std::string_view policy_domain,
                                          const mtasts::policy& policy) {
  policy_description d;
  d.type = policy_type::sts;
  // RFC 8460 §4.5: one string per policy line, each mx line on its own.
  d.policy_string = policy_string_lines(serialize(policy));
  d.policy_domain = std::string(policy_domain);
  d.mx_host = policy.mx;
  return d;
}

std::vector<std::string> policy_string_lines(std::string_view policy_text) {
  std::vector<std::string> lines;
  while (!policy_text.empty()) {
    const std::size_t lf = policy_text.find('\n');
    std::string_view line = policy_text.substr(0, lf);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    if (lf == std::string_view::npos) break;
    policy_text.remove_prefix(lf + 1);
  }
  return lines;
}

std::size_t aggregator::add_policy(const policy_description& policy) {
  const auto found = std::find_if(policies_.begin(), policies_.end(),
                                  [&](const policy_report& p) { return p.policy == policy; });
  if (found != policies_.end()) return static_cast<std::size_t>(found - policies_.begin());
  policy_report entry;
  entry.policy = policy;
  policies_.push_back(std::move(entry));
  return policies_.size() - 1;
}

bool aggregator::add_success(std::size_t policy, std::uint64_t sessions) {
  if (policy >= policies_.size()) return false;
  saturating_add(policies_[policy].total_successful_session_count, sessions);
  return true;
}

bool aggregator::add_failure(std::size_t policy, const session_failure& failure,
                             std::uint64_t sessions) {
  if (policy >= policies_.size()) return false;
  policy_report& p = policies_[policy];
  saturating_add(p.total_failure_session_count, sessions);
  // One failure-details entry per identical (result-type, IPs, host names, reason, info).
  for (failure_detail& d : p.failure_details) {
    if (static_cast<const session_failure&>(d) == failure) {
      saturating_add(d.failed_session_count, sessions);
      return true;
    }
  }
  failure_detail d;
  static_cast<session_failure&>(d) = failure;
  d.failed_session_count = sessions;
  p.failure_details.push_back(std::move(d));
  return true;
}

bool aggregator::add_failure(std::size_t policy, error_code code, session_failure context,
                             std::uint64_t sessions) {
  if (policy >= policies_.size()) return false;
  // RFC 8460 §4.3 via the engine's mapping (rfc-digest §2.2); §4.3.4: some are not reported.
  const std::optional<std::string_view> type = engine::tlsrpt_result_type(code);
  if (!type) return false;
  context.result_type = std::string(*type);
  if (!context.failure_reason_code) context.failure_reason_code = std::string(token(code));
  return add_failure(policy, context, sessions);
}

bool aggregator::add_verdict(std::size_t policy, const engine::mx_verdict& verdict,
                             session_failure context, std::uint64_t sessions) {
  if (verdict.valid()) return add_success(policy, sessions);
  if (!context.receiving_mx_hostname) context.receiving_mx_hostname = verdict.host;
  return add_failure(policy, *verdict.failure, std::move(context), sessions);
}

report aggregator::build(const report_metadata& metadata) const {
  report r;
  r.organization_name = metadata.organization_name;
  r.start_datetime = format_rfc3339(metadata.start);
  r.end_datetime = format_rfc3339(metadata.end);
  r.contact_info = metadata.contact_info;
  r.report_id = metadata.report_id;
  r.policies = policies_;
  return r;
}

}  // namespace mtasts::tlsrpt
