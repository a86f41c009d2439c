#include "cert_match_command.h"

#include "cli_error.h"
#include "json_output.h"
#include "mtasts/cert_name.h"
#include "mtasts/host_name.h"

namespace mtasts::cli {

command_result run_cert_match(const cert_match_request& request) {
  if (request.policy_host && request.partial_wildcard) {
    // RFC 8461 §3.3: partial-label wildcards never apply to the Policy Host.
    throw cli_error("--partial-wildcard cannot be combined with --policy-host");
  }
  const result<std::string_view> host = parse_host_name(request.host);
  if (!host.ok()) {
    json object = json::object();
    object["match"] = false;
    object["matched"] = nullptr;
    object["error"] = error_object(host.error(), "host");
    return {std::move(object), exit_status::invalid_subject};
  }

  cert_match_options options;
  options.allow_partial_wildcard = request.partial_wildcard;
  const std::string* matched = nullptr;
  for (const std::string& name : request.names) {
    const bool match = request.policy_host ? cert_name_matches_policy_host(name, host.value())
                                           : cert_name_matches_mx_host(name, host.value(), options);
    if (match) {
      matched = &name;
      break;
    }
  }
  json object = json::object();
  object["match"] = matched != nullptr;
  object["matched"] = matched != nullptr ? bytes_to_json(*matched) : json(nullptr);
  return {std::move(object), matched != nullptr ? exit_status::ok : exit_status::negative};
}

}  // namespace mtasts::cli
