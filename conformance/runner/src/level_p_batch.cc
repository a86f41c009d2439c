// SPDX-License-Identifier: Apache-2.0
// Level P in batch (see level_p_batch.h).
#include "mtasts/conformance/level_p_batch.h"

#include <optional>
#include <utility>

#include "mtasts/conformance/shim_limits.h"
#include "mtasts/observation/bytes.h"
#include "mtasts/observation/json_input.h"

namespace mtasts::conformance {
namespace {

constexpr int unimplemented_exit = 89;

// The parse and build commands, which take FILE, by their words.
struct file_command {
  const char* first;
  const char* second;
  bool records;
  step_action action;
};
constexpr file_command file_commands[] = {
    {"parse", "txt", false, step_action::parse_txt},
    {"parse", "txt", true, step_action::parse_txt_records},
    {"parse", "policy", false, step_action::parse_policy},
    {"parse", "tlsrpt", false, step_action::parse_tlsrpt},
    {"parse", "tlsrpt-report", false, step_action::parse_tlsrpt_report},
    {"build", "tlsrpt-report", false, step_action::build_tlsrpt_report},
};

std::optional<level_p_input> refuse(std::string& error, std::string why) {
  error = std::move(why);
  return std::nullopt;
}

}  // namespace

json batch_request(const level_p_input& in, std::uint64_t id) {
  json command = json::array();
  const bool with_file = level_p_reads_file(in.action);
  for (const std::string& word : level_p_args(in, std::string())) {
    command.push_back(observation::bytes_to_json(word));
  }
  if (with_file) command.erase(command.end() - 1);  // FILE travels as "file"
  json request = {{"id", id}, {"command", std::move(command)}};
  if (with_file) request["file"] = observation::bytes_to_json(in.file_bytes);
  return request;
}

std::optional<level_p_input> batch_request_input(const json& request, std::string& error) {
  if (!request.is_object()) return refuse(error, "a request is a JSON object");
  if (!request.contains("id") || !request["id"].is_number_unsigned())
    return refuse(error, "/id: expected an unsigned integer");
  if (!request.contains("command") || !request["command"].is_array())
    return refuse(error, "/command: expected an array");
  std::vector<std::string> words;
  for (const json& w : request["command"]) {
    std::optional<std::string> bytes = observation::bytes_from_json(w);
    if (!bytes) return refuse(error, "/command: expected strings or {\"base64\"} objects");
    words.push_back(std::move(*bytes));
  }
  level_p_input in;
  for (const file_command& c : file_commands) {
    const std::size_t size = c.records ? 3 : 2;
    if (words.size() != size || words[0] != c.first || words[1] != c.second) continue;
    if (c.records && words[2] != "--records") continue;
    if (!request.contains("file")) return refuse(error, "/file: missing");
    std::optional<std::string> file = observation::bytes_from_json(request["file"]);
    if (!file) return refuse(error, "/file: expected a string or a {\"base64\"} object");
    in.action = c.action;
    in.file_bytes = std::move(*file);
    return in;
  }
  const bool with_file = request.contains("file");
  if (words.size() == 4 && words[0] == "match" && words[1] == "--") {
    if (with_file) return refuse(error, "/file: only parse and build take one");
    in.action = step_action::match;
    in.operands = {words[2], words[3]};
    return in;
  }
  if (!words.empty() && words[0] == "cert-match") {
    std::size_t at = 1;
    if (at < words.size() && words[at] == "--policy-host") {
      in.policy_host = true;
      ++at;
    }
    if (at < words.size() && words[at] == "--" && words.size() >= at + 2) {
      if (with_file) return refuse(error, "/file: only parse and build take one");
      in.action = step_action::cert_match;
      in.operands.assign(words.begin() + static_cast<std::ptrdiff_t>(at + 1), words.end());
      return in;
    }
  }
  return refuse(error, "/command: not a level-P question");
}

json batch_answer_line(std::uint64_t id, int exit_code, const json& answer) {
  json line = {{"id", id}, {"exit", exit_code}};
  if (exit_code != unimplemented_exit) line["answer"] = answer;
  return line;
}

level_p_answer batch_shim::lost(level_p_status status, std::string cause, std::string detail) {
  level_p_answer a;
  a.status = status;
  a.crash_cause = std::move(cause);
  if (child_) {
    child_->kill_group();
    const std::optional<int> code = child_->wait(std::chrono::steady_clock::now() + timeout_);
    if (code) a.exit_code = *code;
    const std::string tail = output_tail(child_->stderr_text());
    if (!tail.empty()) detail += ": " + tail;
  }
  a.detail = std::move(detail);
  child_.reset();  // the whole tree ends; the next question starts a new process
  return a;
}

level_p_answer batch_shim::ask(const level_p_input& in) {
  const deadline until = std::chrono::steady_clock::now() + timeout_;
  if (!child_) {
    std::string error;
    child_ = child_process::start(argv_, error);
    if (!child_) {
      level_p_answer a;
      a.status = level_p_status::crashed;
      a.crash_cause = "start";
      a.detail = error;
      return a;
    }
    ++starts_;
  }
  const std::uint64_t id = next_id_++;
  const std::string request = batch_request(in, id).dump() + "\n";
  if (child_->write(request, until) != child_process::io_status::ok)
    return lost(level_p_status::crashed, "exit", "stopped reading its input");
  std::string line;
  switch (child_->read_line(line, max_shim_line_bytes, until)) {
    case child_process::io_status::ok:
      break;
    case child_process::io_status::timeout:
      return lost(level_p_status::timed_out, "", "no answer in time");
    case child_process::io_status::too_large:
      return lost(level_p_status::crashed, "size",
                  "printed a line of more than " + std::to_string(max_shim_line_bytes) + " bytes");
    default:
      return lost(level_p_status::crashed, "exit", "closed its output before answering");
  }
  observation::json_read read = observation::read_json(line);
  if (!read.document || !read.document->is_object())
    return lost(level_p_status::crashed, "json",
                "malformed answer line: " + (read.document ? output_tail(line) : read.error));
  json& doc = *read.document;
  if (!doc.contains("id") || doc["id"] != id)
    return lost(level_p_status::crashed, "json",
                "answer line for another question (expected id " + std::to_string(id) +
                    "): " + output_tail(line));
  if (!doc.contains("exit") || !doc["exit"].is_number_integer())
    return lost(level_p_status::crashed, "json", "/exit: expected an integer");
  const int code = doc["exit"].get<int>();
  if (code == unimplemented_exit) {
    level_p_answer a;
    a.status = level_p_status::unimplemented;
    a.exit_code = code;
    a.detail = "exit 89";
    return a;
  }
  if (code != 0 && code != 1 && code != 3)
    return lost(level_p_status::crashed, "exit",
                "/exit: " + std::to_string(code) + " is not an answer (0, 1, 3 or 89)");
  if (!doc.contains("answer") || !doc["answer"].is_object())
    return lost(level_p_status::crashed, "json", "/answer: expected an object");
  level_p_answer a;
  a.exit_code = code;
  a.output = std::move(doc["answer"]);
  return a;
}

}  // namespace mtasts::conformance
