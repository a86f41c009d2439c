// The JSON vocabulary shared by every command: the bytes rule, the error object and the
// extension list (conformance/schemas/parse-result.schema.json, $defs bytes/error/extensions).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "command_result.h"
#include "mtasts/error.h"
#include "mtasts/txt_record.h"

namespace mtasts::cli {

// The bytes rule: well-formed UTF-8 is a JSON string; anything else is
// {"base64": "<standard padded base64>"}. Every byte string of the input that reaches the
// output goes through here, so dumping never meets invalid UTF-8.
json bytes_to_json(std::string_view bytes);

// The inverse: a JSON string (its UTF-8 bytes) or an object holding exactly one "base64"
// member whose value is canonical padded base64. Anything else gives nullopt.
std::optional<std::string> bytes_from_json(const json& value);

// {"token","family","offset","line","column","message"} of a parse error.
json error_object(const parse_error& error);
// The same with "subject": which argument was invalid ("pattern" or "host"), for the
// matcher commands.
json error_object(const parse_error& error, std::string_view subject);

// [[name, value], ...] in input order, each element under the bytes rule.
json extension_list(const txt_extension_range& extensions);
json extension_list(const std::vector<std::pair<std::string, std::string>>& extensions);

// The text written to stdout for one result: compact (one line) or indented by two spaces,
// always followed by a newline. Never throws on string contents (see bytes_to_json).
std::string render(const json& value, bool pretty);

}  // namespace mtasts::cli
