// Reading a JSON document from a file, with an error that names the file.
#pragma once

#include <optional>
#include <string>

#include "mtasts/conformance/fixture.h"

namespace mtasts::conformance {

// The document, or nullopt and `error` ("PATH: cannot read" / "PATH: not JSON").
std::optional<json> read_json_file(const std::string& path, std::string& error);

}  // namespace mtasts::conformance
