// SPDX-License-Identifier: Apache-2.0
// `mtasts shim init --lang python|node DIR`: writes a skeleton shim (conformance/PROTOCOL.md)
// and its README from the templates in DATA_DIR/conformance/shim-templates/<lang>/, so a new
// implementation starts from a handshake that works.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace mtasts::cli {

struct shim_init_request {
  std::string lang;  // a directory of conformance/shim-templates/
  std::string dir;   // created when missing
  std::string name;  // the implementation's name (default: DIR's last component)
};

// Exit 0 when every file was written; 2 when one exists already (naming each, writing
// none), the language is unknown, or a file cannot be written.
int run_shim_init(const shim_init_request& request);

void add_shim_command(CLI::App& app, std::optional<std::function<int()>>& chosen);

}  // namespace mtasts::cli
