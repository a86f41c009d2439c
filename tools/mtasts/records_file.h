// The --records JSON: a whole DNS TXT answer, for the selection rules of RFC 8461 §3.1
// (R-3.1-6/R-3.1-7) and RFC 8460 §3 (R-8460-3-7).
//
//   [ ["v=STSv1; ", "id=2024"],   a record given as its character-strings, in order
//     "v=spf1 -all",             a plain string: a record of one character-string
//     {"base64": "/w=="} ]       any string may be written under the bytes rule
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mtasts::cli {

// One record as the character-strings DNS returned for it.
using character_strings = std::vector<std::string>;

// Parses the file's text. Throws cli_error (exit 2) when it is not valid JSON or not of
// the shape above; the message names the record and string at fault.
std::vector<character_strings> parse_records_file(std::string_view text);

// Joins every record's character-strings with nothing in between (R-3.1-9, R-8460-3-8)
// through mtasts::join_character_strings, with a buffer sized to the sum of the lengths.
std::vector<std::string> join_records(const std::vector<character_strings>& records);

}  // namespace mtasts::cli
