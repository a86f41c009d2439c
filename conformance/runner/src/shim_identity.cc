// SPDX-License-Identifier: Apache-2.0
// `SHIM --capabilities` (see shim_identity.h).
#include "mtasts/conformance/shim_identity.h"

#include <memory>

#include "mtasts/conformance/child_process.h"
#include "mtasts/conformance/fixture.h"
#include "mtasts/conformance/impl_name.h"
#include "mtasts/conformance/shim_limits.h"
#include "mtasts/observation/json_input.h"

namespace mtasts::conformance {

identity_answer ask_identity(const std::vector<std::string>& command,
                             std::chrono::seconds timeout) {
  identity_answer answer;
  std::vector<std::string> argv = command;
  argv.emplace_back("--capabilities");
  std::unique_ptr<child_process> child = child_process::start(argv, answer.error);
  if (!child) {
    answer.status = identity_status::not_started;
    return answer;
  }
  child->close_stdin();
  const deadline until = std::chrono::steady_clock::now() + timeout;
  std::string out;
  const auto io = child->read_to_end(out, max_capabilities_bytes, until);
  const std::optional<int> code = child->wait(until);
  if (code == 127) {  // the shell's "command not found", as child_process reports exec failures
    answer.status = identity_status::not_started;
    answer.error = "cannot start: " + output_tail(child->stderr_text());
    return answer;
  }
  if (io != child_process::io_status::ok || !code || *code != 0) {
    answer.error = "--capabilities failed (exit " + (code ? std::to_string(*code) : "timeout") +
                   "): " + output_tail(child->stderr_text());
    return answer;
  }
  observation::json_read read = observation::read_json(
      out, {observation::max_json_depth, observation::max_json_values, max_capabilities_bytes});
  const json doc = read.document ? std::move(*read.document) : json();
  const auto protocol = doc.is_object() ? doc.find("protocol") : doc.end();
  if (!doc.is_object() || protocol == doc.end() || *protocol != "mtasts-shim/1" ||
      !doc.contains("capabilities") || !doc["capabilities"].is_array() || !doc.contains("levels") ||
      !doc["levels"].is_array()) {
    answer.error =
        "--capabilities must print {\"protocol\": \"mtasts-shim/1\", \"levels\": [...], "
        "\"capabilities\": [...]}; got: " +
        output_tail(out);
    return answer;
  }
  shim_identity& id = answer.identity;
  if (doc.contains("name") && doc["name"].is_string()) id.name = doc["name"].get<std::string>();
  // The declared name may become the implementation's name, and so a file name.
  if (!id.name.empty()) {
    if (const std::optional<std::string> bad = impl_name_problem(id.name)) {
      answer.error = "--capabilities: /name: " + *bad;
      return answer;
    }
  }
  if (doc.contains("version") && doc["version"].is_string())
    id.version = doc["version"].get<std::string>();
  for (const json& c : doc["capabilities"]) {
    if (!c.is_string()) continue;
    if (const auto known = capabilities.from(c.get_ref<const std::string&>())) {
      id.capabilities.insert(*known);
    } else {
      id.unknown_capabilities.push_back(c.get<std::string>());
    }
  }
  for (const json& l : doc["levels"]) {
    if (l.is_string()) id.levels.insert(l.get<std::string>());
  }
  answer.status = identity_status::answered;
  return answer;
}

}  // namespace mtasts::conformance
