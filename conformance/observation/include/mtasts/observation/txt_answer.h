// SPDX-License-Identifier: Apache-2.0
// A whole DNS TXT answer as JSON: the input of the selection rules of RFC 8461 §3.1
// (R-3.1-6/R-3.1-7) and RFC 8460 §3 (R-8460-3-7), in `mtasts parse --records FILE` and in the
// fixtures' parse_txt_records steps.
//
//   [ ["v=STSv1; ", "id=2024"],   a record given as its character-strings, in order
//     "v=spf1 -all",             a plain string: a record of one character-string
//     {"base64": "/w=="} ]       any string may be written under the bytes rule
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mtasts/observation/json.h"

namespace mtasts::observation {

// One record as the character-strings DNS returned for it.
using character_strings = std::vector<std::string>;

// How one byte string is read: bytes_from_json (the bytes rule) or fixture_bytes.
using byte_reader = std::optional<std::string> (*)(const json&);

// The records of an answer, or nullopt with `error` naming the record and string at fault.
std::optional<std::vector<character_strings>> txt_answer_from_json(const json& answer,
                                                                   byte_reader read,
                                                                   std::string& error);

// Joins every record's character-strings with nothing in between (R-3.1-9, R-8460-3-8)
// through mtasts::join_character_strings.
std::vector<std::string> join_records(const std::vector<character_strings>& records);

}  // namespace mtasts::observation
