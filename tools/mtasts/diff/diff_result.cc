// SPDX-License-Identifier: Apache-2.0
// Canonical results and transitions for `mtasts diff`.
#include "diff_result.h"

#include <set>

namespace mtasts::cli::diff {
namespace {

using conformance::level_p_status;

json canonical_error(const json& error) {
  if (!error.is_object()) return error;
  json out = json::object();
  for (const char* field : {"token", "offset", "subject"}) {
    if (error.contains(field)) out[field] = error[field];
  }
  if (!error.contains("token")) {
    for (const char* field : {"message", "family"}) {
      if (error.contains(field)) out[field] = error[field];
    }
  }
  return out;
}

// The top-level fields whose values differ, comma-separated.
std::string changed_fields(const json& a, const json& b) {
  std::set<std::string> keys;
  for (const auto& [k, v] : a.items()) keys.insert(k);
  for (const auto& [k, v] : b.items()) keys.insert(k);
  std::string out;
  for (const std::string& k : keys) {
    if (a.contains(k) && b.contains(k) && a[k] == b[k]) continue;
    out += (out.empty() ? "" : ", ") + k;
  }
  return out;
}

}  // namespace

json canonical_result(const conformance::level_p_answer& answer) {
  switch (answer.status) {
    case level_p_status::unimplemented:
      return unimplemented_result();
    case level_p_status::timed_out:
      return json{{"timeout", true}};
    case level_p_status::crashed:
      return json{{"crash", answer.crash_cause == "exit"
                                ? "exit " + std::to_string(answer.exit_code)
                                : answer.crash_cause}};
    case level_p_status::answered:
      break;
  }
  json out(answer.output);  // sorted: canonical whatever order the shim printed
  out.erase("kind");
  // The explanation of a result, not a result: mtasts's parse prints it, a shim need not, and
  // its wording may change with no parser change.
  out.erase("diagnostics");
  if (out.contains("error")) out["error"] = canonical_error(out["error"]);
  // Exit 3 is an invalid pattern or host; a shim may say so by its exit status alone.
  if (answer.exit_code == 3 && !out.contains("error")) out["error"] = json{{"exit", 3}};
  return out;
}

json unimplemented_result() { return json{{"unimplemented", true}}; }

bool is_failure(const json& result) {
  return result.contains("crash") || result.contains("timeout");
}

std::string verdict_label(const json& result) {
  if (result.contains("crash")) return "CRASH (" + result["crash"].get<std::string>() + ")";
  if (result.contains("timeout")) return "TIMEOUT";
  if (result.contains("unimplemented")) return "UNIMPLEMENTED";
  if (result.contains("error")) {
    const json& e = result["error"];
    if (e.is_object() && e.contains("token") && e["token"].is_string())
      return e["token"].get<std::string>();
    if (e.is_object() && e.contains("message")) return "message " + e["message"].dump();
    if (e.is_object() && e.contains("family") && e["family"].is_string())
      return e["family"].get<std::string>() + " (family)";
    if (e.is_object() && e.contains("exit")) return "invalid pattern or host";
    return "error " + e.dump();
  }
  if (result.contains("valid") && result["valid"].is_boolean())
    return result["valid"].get<bool>() ? "valid" : "invalid";
  if (result.contains("match") && result["match"].is_boolean())
    return result["match"].get<bool>() ? "match" : "no match";
  return "unrecognised output";
}

std::string transition(const json& old_result, const json& new_result) {
  // A question one side does not take is a capability difference, whatever the answer.
  if (old_result.contains("unimplemented")) return "UNIMPLEMENTED → answered";
  if (new_result.contains("unimplemented")) return "answered → UNIMPLEMENTED";
  const std::string from = verdict_label(old_result);
  const std::string to = verdict_label(new_result);
  if (from != to) return from + " → " + to;
  const bool token = old_result.contains("error") && old_result["error"].is_object() &&
                     old_result["error"].contains("token");
  if (token) {
    json old_rest = old_result, new_rest = new_result;
    json old_error = old_rest["error"], new_error = new_rest["error"];
    old_error.erase("offset");
    new_error.erase("offset");
    old_rest.erase("error");
    new_rest.erase("error");
    if (old_error == new_error && old_rest == new_rest) return from + ": same token, offset moved";
    return from + ": same token (fields changed: " + changed_fields(old_result, new_result) + ")";
  }
  return from + " → " + to + " (fields changed: " + changed_fields(old_result, new_result) + ")";
}

}  // namespace mtasts::cli::diff
