// `mtasts match PATTERN HOST`: RFC 8461 §4.1, a policy mx pattern against an MX host.
#pragma once

#include <string_view>

#include "command_result.h"

namespace mtasts::cli {

// {"match": bool}, exit ok / negative; when PATTERN is not a valid mx pattern
// (parse_mx_pattern) or HOST not a valid host name (parse_host_name), checked in that order:
// {"match": false, "error": {..., "subject": "pattern"|"host"}}, exit invalid_subject.
command_result run_match(std::string_view pattern, std::string_view host);

}  // namespace mtasts::cli
