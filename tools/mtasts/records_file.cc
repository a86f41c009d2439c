#include "records_file.h"

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <utility>

#include "cli_error.h"
#include "command_result.h"
#include "json_output.h"
#include "mtasts/txt_record.h"

namespace mtasts::cli {

namespace {

constexpr std::string_view shape_hint =
    "expected a string, {\"base64\": \"...\"} or an array of them";

std::string position(std::size_t record) { return "record " + std::to_string(record); }

std::string decode_string(const json& value, const std::string& where) {
  std::optional<std::string> bytes = bytes_from_json(value);
  if (!bytes) {
    if (value.is_object() && value.contains("base64")) {
      throw cli_error("records file: " + where +
                      ": {\"base64\": ...} must be the only member and canonical padded base64");
    }
    throw cli_error("records file: " + where + ": " + std::string(shape_hint));
  }
  return std::move(*bytes);
}

}  // namespace

std::vector<character_strings> parse_records_file(std::string_view text) {
  json document;
  try {
    document = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& error) {
    // what() is "[json.exception.parse_error.101] parse error at line 1, column 2: ...".
    std::string_view detail = error.what();
    if (const std::size_t bracket = detail.find("] "); bracket != std::string_view::npos) {
      detail.remove_prefix(bracket + 2);
    }
    throw cli_error("records file is not valid JSON: " + std::string(detail));
  }
  if (!document.is_array()) {
    throw cli_error("records file: the top level must be an array of records");
  }
  std::vector<character_strings> records;
  records.reserve(document.size());
  for (std::size_t r = 0; r < document.size(); ++r) {
    const json& record = document[r];
    character_strings strings;
    if (record.is_array()) {
      for (std::size_t s = 0; s < record.size(); ++s) {
        strings.push_back(decode_string(record[s], position(r) + " string " + std::to_string(s)));
      }
    } else {
      strings.push_back(decode_string(record, position(r)));
    }
    records.push_back(std::move(strings));
  }
  return records;
}

std::vector<std::string> join_records(const std::vector<character_strings>& records) {
  std::vector<std::string> joined;
  joined.reserve(records.size());
  for (const character_strings& strings : records) {
    std::vector<std::string_view> views(strings.begin(), strings.end());
    std::size_t total = 0;
    for (const std::string& s : strings) total += s.size();
    std::string buffer(total, '\0');
    const result<std::string_view> record =
        join_character_strings(views, std::span<char>(buffer.data(), buffer.size()));
    if (!record.ok()) {
      // Unreachable: the buffer holds exactly the sum of the lengths.
      throw cli_error("cannot join character-strings: " +
                      std::string(message(record.error().code)));
    }
    joined.emplace_back(record.value());
  }
  return joined;
}

}  // namespace mtasts::cli
