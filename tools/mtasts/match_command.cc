#include "match_command.h"

#include "json_output.h"
#include "mtasts/host_name.h"
#include "mtasts/mx_pattern.h"

namespace mtasts::cli {

namespace {

command_result invalid_subject(const parse_error& error, std::string_view subject) {
  json object = json::object();
  object["match"] = false;
  object["error"] = error_object(error, subject);
  return {std::move(object), exit_status::invalid_subject};
}

}  // namespace

command_result run_match(std::string_view pattern, std::string_view host) {
  const result<mx_pattern> parsed_pattern = parse_mx_pattern(pattern);
  if (!parsed_pattern.ok()) return invalid_subject(parsed_pattern.error(), "pattern");
  // parse_host_name drops one trailing dot: the MX target as DNS returns it.
  const result<std::string_view> parsed_host = parse_host_name(host);
  if (!parsed_host.ok()) return invalid_subject(parsed_host.error(), "host");

  const bool match = mx_pattern_matches(parsed_pattern.value(), parsed_host.value());
  json object = json::object();
  object["match"] = match;
  return {std::move(object), match ? exit_status::ok : exit_status::negative};
}

}  // namespace mtasts::cli
