// The --records FILE (see records_file.h).
#include "records_file.h"

#include <string>

#include "cli_error.h"
#include "command_result.h"
#include "mtasts/observation/bytes.h"

namespace mtasts::cli {

std::vector<observation::character_strings> parse_records_file(std::string_view text) {
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
  std::string error;
  auto records = observation::txt_answer_from_json(document, observation::bytes_from_json, error);
  if (!records) throw cli_error("records file: " + error);
  return std::move(*records);
}

}  // namespace mtasts::cli
