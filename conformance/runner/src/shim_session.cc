// A D1 session with a shim (see shim_session.h).
#include "shim_session.h"

#include <memory>

#include "mtasts/conformance/shim_answers.h"
#include "mtasts/conformance/world.h"

namespace mtasts::conformance {
namespace {

using namespace mtasts::engine;

constexpr std::size_t max_line = std::size_t{16} << 20;
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
  return json{{"type", "begin"},   {"protocol", "mtasts-shim/1"},
              {"test", test.name}, {"domain", domain},
              {"cache", cache},    {"failures", failures}};
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
    replay_dns dns;
    replay_https https;
    load_step_world(step, dns, https);
    const std::int64_t now = fixture_time(step["now"]);
    if (!send(step_message(step, test_.actions[i], i, now, domain))) return stopped_reading();
    for (;;) {
      std::string line;
      const auto io = child_->read_line(line, max_line, until_);
      if (io == child_process::io_status::timeout) {
        child_->kill_group();
        return subject_run{run_status::timed_out, std::move(out_.observations),
                           "no answer within " + std::to_string(timeout_seconds_) + " s at step " +
                               std::to_string(i)};
      }
      if (io == child_process::io_status::too_large) return broken("a line over 16 MiB");
      if (io != child_process::io_status::ok) return exited_during(i);
      const json msg = json::parse(line, nullptr, false);
      if (msg.is_discarded() || !msg.is_object() || !msg.contains("type") ||
          !msg["type"].is_string())
        return broken("malformed message: " + output_tail(line));
      const std::string type = msg["type"].get<std::string>();
      if (type == "unimplemented")
        return subject_run{
            run_status::unimplemented, {}, msg.value("detail", "declared by the shim")};
      if (type == "result") {
        if (!msg.contains("observation") || !msg["observation"].is_object())
          return broken("a result without an observation object");
        out_.observations.push_back(with_world_questions(msg["observation"], dns, https));
        return std::nullopt;
      }
      const std::optional<json> answer = answer_question(type, msg, step, now, dns, https);
      if (!answer) return broken("unknown message type \"" + type + "\"");
      if (!send(*answer)) return stopped_reading();
    }
  }

  // The runner's answer to a dns, https, smtp or clock question; nullopt for other types.
  static std::optional<json> answer_question(const std::string& type, const json& msg,
                                             const json& step, std::int64_t now, replay_dns& dns,
                                             replay_https& https) {
    if (type == "dns") {
      const std::string name = msg.value("name", "");
      const std::string rrtype = msg.value("rrtype", "TXT");
      return rrtype == "TXT" ? dns_txt_answer(dns.query_txt(name))
                             : dns_address_answer(step, name, rrtype);
    }
    if (type == "https") {
      https_request request;
      request.url = msg.value("url", "");
      return https_answer(https.fetch(request));
    }
    if (type == "smtp") return smtp_answer(step, msg.value("host", ""));
    if (type == "clock") return json{{"type", "clock"}, {"now", now}};
    return std::nullopt;
  }

  // What was asked of the world is the runner's to report (PROTOCOL.md step 4).
  static json with_world_questions(json obs, const replay_dns& dns, const replay_https& https) {
    json requests = json::array();
    for (const https_request& q : https.requests()) requests.push_back(q.url);
    obs["fetches"] = requests.size();
    obs["requests"] = std::move(requests);
    obs["queries"] = dns.queries();
    return obs;
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
