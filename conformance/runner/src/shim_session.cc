// SPDX-License-Identifier: Apache-2.0
// A D1 session with a shim (see shim_session.h).
#include "shim_session.h"

#include <algorithm>
#include <memory>

#include "mtasts/conformance/shim_message.h"
#include "mtasts/conformance/world.h"

namespace mtasts::conformance {
namespace {

constexpr int unimplemented_exit = 89;

// {"type": "begin", ...}: the test, its domain and the cache before it (times in seconds).
json begin_message(const test_case& test, const std::string& domain) {
  json cache = json::array(), failures = json::array();
  for (json e : test.body.value("cache_before", json::array())) {
    e["fetched_at"] = fixture_time(e["fetched_at"]);
    cache.push_back(std::move(e));
  }
  for (json f : test.body.value("failures_before", json::array())) {
    f["at"] = fixture_time(f["at"]);
    failures.push_back(std::move(f));
  }
  json begin{{"type", "begin"},   {"protocol", "mtasts-shim/1"},
             {"test", test.name}, {"domain", domain},
             {"cache", cache},    {"failures", failures}};
  // Level D2: the trust anchors the shim's TLS stack must use, and no other.
  if (test.presents_chain) begin["roots_pem"] = test.body.value("roots_pem", std::string());
  return begin;
}

// {"type": "step", ...}: what the shim must do in step i.
json step_message(const json& step, step_action action, std::size_t i, std::int64_t now,
                  const std::string& domain) {
  json message{{"type", "step"},
               {"index", i},
               {"action", std::string(describe(action).name)},
               {"now", now},
               {"domain", domain}};
  if (step.contains("applied_id")) message["applied_id"] = step["applied_id"];
  if (step.contains("mx")) {
    json hosts = json::array();
    for (const json& m : step["mx"]) hosts.push_back(json{{"host", m["host"]}});
    message["mx"] = std::move(hosts);
  }
  return message;
}

class session {
 public:
  session(std::unique_ptr<child_process> child, const test_case& test, int timeout_seconds)
      : child_(std::move(child)),
        test_(test),
        timeout_seconds_(timeout_seconds),
        until_(std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds)) {}

  subject_run run() {
    const std::string domain = test_.body.value("domain", "example.com");
    if (!send(begin_message(test_, domain))) return stopped_reading();
    const json& steps = test_.body["steps"];
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (std::optional<subject_run> stop = run_step(steps[i], i, domain)) return *stop;
    }
    send(json{{"type", "end"}});
    child_->close_stdin();
    const std::optional<int> code = child_->wait(until_);
    if (!code)
      return {run_status::timed_out, std::move(out_.observations), "did not exit after end"};
    if (*code == unimplemented_exit) return {run_status::unimplemented, {}, "exit 89"};
    if (*code != 0) return broken("exit " + std::to_string(*code) + " after end");
    return std::move(out_);
  }

 private:
  // One step: the step message, then the shim's questions until its result. A run that
  // ends here (unimplemented, a crash, a timeout) is returned.
  std::optional<subject_run> run_step(const json& step, std::size_t i, const std::string& domain) {
    step_world world(step, fixture_time(step["now"]));
    if (!send(step_message(step, test_.actions[i], i, world.now, domain))) return stopped_reading();
    for (;;) {
      std::string line;
      const std::size_t cap = std::min(max_shim_line_bytes, budget_.bytes);
      const auto io = child_->read_line(line, cap, until_);
      if (io == child_process::io_status::timeout) {
        child_->kill_group();
        return subject_run{run_status::timed_out, std::move(out_.observations),
                           "no answer within " + std::to_string(timeout_seconds_) + " s at step " +
                               std::to_string(i)};
      }
      if (io == child_process::io_status::too_large) {
        budget_.bytes = 0;
        return broken("a line over " + std::to_string(cap) + " bytes" + budget_note(budget_));
      }
      if (io != child_process::io_status::ok) return exited_during(i);
      budget_.bytes -= std::min(budget_.bytes, line.size() + 1);
      shim_message m = interpret_shim_message(line, world, budget_);
      line = std::string();  // the text is read; only what it meant is kept
      switch (m.kind) {
        case shim_message_kind::unimplemented:
          return subject_run{run_status::unimplemented, {}, std::move(m.detail)};
        case shim_message_kind::result:
          out_.observations.push_back(std::move(m.observation));
          return std::nullopt;
        case shim_message_kind::malformed:
          return broken("malformed message at step " + std::to_string(i) + ": " + m.detail);
        case shim_message_kind::question:
          if (!send(m.answer)) return stopped_reading();
          break;
      }
    }
  }

  bool send(const json& message) {
    return child_->write(message.dump(-1, ' ', false, json::error_handler_t::replace) + "\n",
                         until_) == child_process::io_status::ok;
  }

  subject_run broken(const std::string& what) {
    child_->kill_group();
    const std::string& err = child_->stderr_text();
    return {run_status::crashed, std::move(out_.observations),
            what + (err.empty() ? "" : "; stderr: " + output_tail(err))};
  }

  // A shim that exits 89 may do so before reading what the runner sends: the write then
  // fails, and the exit status, not the broken pipe, says what happened.
  subject_run stopped_reading() {
    const std::optional<int> code =
        child_->wait(std::chrono::steady_clock::now() + std::chrono::seconds(2));
    if (code && *code == unimplemented_exit)
      return {run_status::unimplemented, {}, "exit 89: " + output_tail(child_->stderr_text())};
    return broken("stopped reading stdin");
  }

  // Exit 89 at any point means unimplemented (PROTOCOL.md "Capabilities").
  subject_run exited_during(std::size_t i) {
    const std::optional<int> code = child_->wait(until_);
    if (code && *code == unimplemented_exit)
      return {run_status::unimplemented, {}, "exit 89: " + output_tail(child_->stderr_text())};
    return broken("exited (" + (code ? std::to_string(*code) : "timeout") + ") during step " +
                  std::to_string(i));
  }

  std::unique_ptr<child_process> child_;
  const test_case& test_;
  int timeout_seconds_;
  deadline until_;
  shim_output_budget budget_;  // what the shim may still print in this test
  subject_run out_;
};

}  // namespace

subject_run run_shim_session(const std::vector<std::string>& command, const test_case& test,
                             int timeout_seconds) {
  std::vector<std::string> argv = command;
  argv.emplace_back("session");
  std::string error;
  std::unique_ptr<child_process> child = child_process::start(argv, error);
  if (!child) return {run_status::crashed, {}, error};
  return session(std::move(child), test, timeout_seconds).run();
}

}  // namespace mtasts::conformance
