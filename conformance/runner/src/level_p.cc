// SPDX-License-Identifier: Apache-2.0
// Level P questions and one shim run per question (conformance/PROTOCOL.md "Level P").
#include "mtasts/conformance/level_p.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <optional>

#include "mtasts/conformance/containment.h"
#include "mtasts/conformance/world.h"
#include "mtasts/observation/json_input.h"

namespace mtasts::conformance {

std::vector<std::string> split_shim_command(const std::string& command) {
  std::vector<std::string> out;
  std::string word;
  for (const char c : command) {
    if (c != ' ') {
      word += c;
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}
namespace {

constexpr int unimplemented_exit = 89;

// A temporary file in $TMPDIR holding the question's input bytes, removed when it goes out of
// scope (or by an interrupt: containment.h).
class temp_file {
 public:
  explicit temp_file(const std::string& bytes) {
    int fd = -1;
    const std::optional<std::string> made = make_temp_path([&]() -> std::optional<std::string> {
      std::string pattern = temp_directory() + "/mtasts-shim-XXXXXX";
      fd = ::mkostemp(pattern.data(), O_CLOEXEC);
      if (fd < 0) return std::nullopt;
      return pattern;
    });
    if (!made) return;
    path_ = *made;
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    ok_ = done == bytes.size();
  }
  ~temp_file() {
    if (path_.empty()) return;
    ::unlink(path_.c_str());
    forget_temp_path(path_);
  }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool ok_ = false;
};

level_p_answer crash(std::string cause, std::string detail, int exit_code = 0) {
  level_p_answer a;
  a.status = level_p_status::crashed;
  a.crash_cause = std::move(cause);
  a.detail = std::move(detail);
  a.exit_code = exit_code;
  return a;
}

level_p_answer not_answered(level_p_status status, std::string detail) {
  level_p_answer a;
  a.status = status;
  a.detail = std::move(detail);
  return a;
}

}  // namespace

bool level_p_reads_file(step_action action) {
  return action == step_action::parse_txt || action == step_action::parse_txt_records ||
         action == step_action::parse_policy || action == step_action::parse_tlsrpt ||
         action == step_action::parse_tlsrpt_report || action == step_action::build_tlsrpt_report;
}

level_p_input level_p_input_from_step(step_action action, const json& step) {
  level_p_input in;
  in.action = action;
  const json& input = step["input"];
  if (in.action == step_action::parse_txt_records ||
      in.action == step_action::build_tlsrpt_report) {
    in.file_bytes = input.dump();
  } else if (in.action == step_action::match) {
    in.operands = {fixture_bytes(input["pattern"]), fixture_bytes(input["host"])};
  } else if (in.action == step_action::cert_match) {
    in.policy_host = input.value("policy_host", false);
    in.operands.push_back(fixture_bytes(input["host"]));
    for (const json& n : input["names"]) in.operands.push_back(fixture_bytes(n));
  } else {
    in.file_bytes = fixture_bytes(input);
  }
  return in;
}

std::vector<std::string> level_p_args(const level_p_input& in, const std::string& file) {
  std::vector<std::string> args;
  switch (in.action) {
    case step_action::parse_txt:
      return {"parse", "txt", file};
    case step_action::parse_txt_records:
      return {"parse", "txt", "--records", file};
    case step_action::parse_policy:
      return {"parse", "policy", file};
    case step_action::parse_tlsrpt:
      return {"parse", "tlsrpt", file};
    case step_action::parse_tlsrpt_report:
      return {"parse", "tlsrpt-report", file};
    case step_action::build_tlsrpt_report:
      return {"build", "tlsrpt-report", file};
    case step_action::match:
      args = {"match"};
      break;
    default:  // cert_match
      args = {"cert-match"};
      if (in.policy_host) args.emplace_back("--policy-host");
      break;
  }
  args.emplace_back("--");
  args.insert(args.end(), in.operands.begin(), in.operands.end());
  return args;
}

level_p_answer run_level_p(const std::vector<std::string>& shim, const level_p_input& in,
                           deadline until, shim_output_budget* budget) {
  shim_output_budget whole;  // a question asked alone has a test's budget to itself
  shim_output_budget& left = budget ? *budget : whole;
  for (const std::string& operand : in.operands) {
    if (operand.find('\0') != std::string::npos)
      return crash("start", "an operand holds a NUL byte, which no command line can carry");
  }
  std::optional<temp_file> input;
  if (level_p_reads_file(in.action)) {
    input.emplace(in.file_bytes);
    if (!input->ok()) return crash("start", "cannot write the input file");
  }
  std::vector<std::string> argv = shim;
  for (std::string& a : level_p_args(in, input ? input->path() : std::string()))
    argv.push_back(std::move(a));
  std::string error;
  std::unique_ptr<child_process> child = child_process::start(argv, error);
  if (!child) return crash("start", error);
  child->close_stdin();
  std::string stdout_text;
  const std::size_t cap = std::min(max_shim_answer_bytes, left.bytes);
  const auto io = child->read_to_end(stdout_text, cap, until);
  if (io == child_process::io_status::timeout) {
    child->kill_group();
    return not_answered(level_p_status::timed_out, "no answer in time");
  }
  if (io == child_process::io_status::too_large) {
    left.bytes = 0;
    child->kill_group();
    return crash("size", "printed more than " + std::to_string(cap) + " bytes" + budget_note(left));
  }
  left.bytes -= std::min(left.bytes, stdout_text.size());
  const std::optional<int> code = child->wait(until);
  if (!code) return not_answered(level_p_status::timed_out, "did not exit in time");
  if (*code == unimplemented_exit)
    return not_answered(level_p_status::unimplemented,
                        "exit 89: " + output_tail(child->stderr_text()));
  if (child->signalled())
    return crash("signal",
                 "exit " + std::to_string(*code) + ": " + output_tail(child->stderr_text()), *code);
  if (*code != 0 && *code != 1 && *code != 3)
    return crash("exit", "exit " + std::to_string(*code) + ": " + output_tail(child->stderr_text()),
                 *code);
  level_p_answer answer;
  answer.exit_code = *code;
  observation::json_read read =
      observation::read_json(stdout_text, {observation::max_json_depth, left.values, cap});
  left.values -= std::min(left.values, read.values);
  if (!read.document)
    return crash("json", "malformed JSON on stdout: " + read.error + budget_note(left), *code);
  if (!read.document->is_object())
    return crash("json", "stdout is not a JSON object: " + output_tail(stdout_text), *code);
  answer.output = std::move(*read.document);
  return answer;
}

}  // namespace mtasts::conformance
