// Reading a JSON document from a file; see json_file.h.
#include "mtasts/conformance/json_file.h"

#include <fstream>
#include <sstream>

namespace mtasts::conformance {

std::optional<json> read_json_file(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot read";
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  json doc = json::parse(text.str(), nullptr, false);
  if (doc.is_discarded()) {
    error = path + ": not JSON";
    return std::nullopt;
  }
  return doc;
}

}  // namespace mtasts::conformance
