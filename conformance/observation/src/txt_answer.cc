// SPDX-License-Identifier: Apache-2.0
// TXT answers as JSON (see txt_answer.h).
#include "mtasts/observation/txt_answer.h"

#include <string_view>

#include "mtasts/txt_record.h"

namespace mtasts::observation {
namespace {

constexpr std::string_view shape_hint =
    "expected a string, {\"base64\": \"...\"} or an array of them";

bool read_string(const json& value, byte_reader read, const std::string& where,
                 character_strings& out, std::string& error) {
  std::optional<std::string> bytes = read(value);
  if (bytes) {
    out.push_back(std::move(*bytes));
    return true;
  }
  error = value.is_object() && value.contains("base64")
              ? where + ": {\"base64\": ...} must be the only member and canonical padded base64"
              : where + ": " + std::string(shape_hint);
  return false;
}

}  // namespace

std::optional<std::vector<character_strings>> txt_answer_from_json(const json& answer,
                                                                   byte_reader read,
                                                                   std::string& error) {
  if (!answer.is_array()) {
    error = "the top level must be an array of records";
    return std::nullopt;
  }
  std::vector<character_strings> records;
  records.reserve(answer.size());
  for (std::size_t r = 0; r < answer.size(); ++r) {
    const json& record = answer[r];
    const std::string where = "record " + std::to_string(r);
    character_strings strings;
    if (record.is_array()) {
      for (std::size_t s = 0; s < record.size(); ++s) {
        if (!read_string(record[s], read, where + " string " + std::to_string(s), strings, error))
          return std::nullopt;
      }
    } else if (!read_string(record, read, where, strings, error)) {
      return std::nullopt;
    }
    records.push_back(std::move(strings));
  }
  return records;
}

std::vector<std::string> join_records(const std::vector<character_strings>& records) {
  std::vector<std::string> joined;
  joined.reserve(records.size());
  for (const character_strings& strings : records)
    joined.push_back(join_character_strings(strings));
  return joined;
}

}  // namespace mtasts::observation
