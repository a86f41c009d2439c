// SPDX-License-Identifier: Apache-2.0
// Level N: an unmodified implementation against real DNS, HTTPS and SMTP servers that replay
// one fixture test; see blackbox_subject.h and conformance/PROTOCOL.md "Level N".
#include "mtasts/conformance/blackbox_subject.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "mtasts/conformance/child_process.h"
#include "mtasts/conformance/containment.h"
#include "mtasts/observation/json_input.h"

namespace mtasts::conformance {
namespace {

namespace fs = std::filesystem;
using std::chrono::steady_clock;

constexpr std::size_t max_output = std::size_t{1} << 20;
// A replay server gets this long after SIGTERM to flush its log and exit; then SIGKILL.
constexpr std::chrono::seconds server_stop_grace{3};

deadline after(std::chrono::milliseconds d) { return steady_clock::now() + d; }

// The port of a ready file's "127.0.0.1:PORT"; 0 when it is not one.
unsigned port_of(const std::string& endpoint) {
  const std::size_t colon = endpoint.rfind(':');
  if (colon == std::string::npos) return 0;
  try {
    const unsigned long port = std::stoul(endpoint.substr(colon + 1));
    return port <= 65535 ? static_cast<unsigned>(port) : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A temporary directory in $TMPDIR removed with its contents when the test ends (or by an
// interrupt: containment.h). The implementation's HOME and TMPDIR.
struct scratch_dir {
  fs::path path;
  scratch_dir() {
    const std::optional<std::string> made = make_temp_path([]() -> std::optional<std::string> {
      std::string templ = temp_directory() + "/mtasts-bb-XXXXXX";
      if (::mkdtemp(templ.data()) == nullptr) return std::nullopt;
      return templ;
    });
    if (made) path = *made;
  }
  ~scratch_dir() {
    if (!path.empty()) remove_temp_path(path.string());
  }
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;
};

// Holds a namespace from the pool for one test.
struct namespace_lease {
  namespace_pool* pool;
  std::string name;
  explicit namespace_lease(namespace_pool* p) : pool(p) {
    if (pool) name = pool->acquire();
  }
  ~namespace_lease() {
    if (pool) pool->release(name);
  }
  namespace_lease(const namespace_lease&) = delete;
  namespace_lease& operator=(const namespace_lease&) = delete;
};

// Stops a replay server: SIGTERM (it flushes its log and exits), then SIGKILL.
void stop_server(child_process& server) {
  server.terminate_group();
  if (!server.wait(after(server_stop_grace))) server.kill_group();
}

// The replay servers' log (JSON lines) → the observation fields only they can see: the URLs
// requested, and fetch attempts (requests, plus TLS connections that ended before one).
void add_server_view(const std::string& log, json& observation) {
  json requests = json::array();
  std::size_t fetches = 0;
  std::istringstream lines(log);
  std::string line;
  while (std::getline(lines, line)) {
    observation::json_read read = observation::read_json(line);
    if (!read.document || !read.document->is_object()) continue;
    const json& event = *read.document;
    const auto url = event.find("url");
    const std::string kind = observation::string_or(event, "kind");
    if (kind == "https_tls") ++fetches;
    if (kind == "https" && url != event.end() && url->is_string()) {
      ++fetches;
      requests.push_back(*url);  // replay-serve drops the port
    }
  }
  observation["fetches"] = fetches;
  observation["requests"] = std::move(requests);
}

// What the servers cannot see in this step: a connection to an address where nothing listens
// leaves no trace, and a TLS failure leaves no URL.
void drop_unobservable(const json& step, json& side) {
  if (!step.contains("https")) return;
  for (const json& exchange : step["https"]) {
    const std::string transport = exchange.value("transport", "completed");
    const json tls = exchange.value("tls", json::object());
    if (transport == "connect_error") {
      side.erase("fetches");
      side.erase("requests");
    } else if (transport != "completed" || tls.value("verdict", "valid") != "valid" ||
               tls.contains("chain")) {
      // A chain (level D2) may fail the handshake: whether a URL is seen is the client's.
      side.erase("requests");
    }
  }
}

}  // namespace

blackbox_subject::blackbox_subject(blackbox_profile profile, std::string mtasts_binary,
                                   std::string data_dir, std::unique_ptr<namespace_pool> pool)
    : profile_(std::move(profile)),
      mtasts_binary_(std::move(mtasts_binary)),
      data_dir_(std::move(data_dir)),
      pool_(std::move(pool)) {}

std::set<capability> blackbox_subject::capabilities() const {
  // Every command discovers; none has `clock` or `cache`: the implementation runs on its own
  // clock with an empty cache.
  std::set<capability> caps;
  for (const auto& [action, argv] : profile_.commands)
    caps.insert({capability::discover, describe(action).needs});
  return caps;
}

std::set<std::string> blackbox_subject::comparable() const {
  std::set<std::string> fields = profile_.reports;
  fields.insert({"requests", "fetches"});  // what the replay servers saw
  return fields;
}

void blackbox_subject::adapt(const test_case& test, std::size_t index, json& expected,
                             json& observed) const {
  const std::set<std::string> fields = comparable();
  for (json* side : {&expected, &observed}) {
    for (auto it = side->begin(); it != side->end();) {
      if (fields.count(it.key())) {
        ++it;
      } else {
        it = side->erase(it);
      }
    }
    if (test.body["steps"].size() > index) drop_unobservable(test.body["steps"][index], *side);
  }
}

subject_run blackbox_subject::run(const test_case& test) {
  subject_run out;
  const json& steps = test.body["steps"];
  auto unimplemented = [&](const std::string& why) {
    out.status = run_status::unimplemented;
    out.detail = why;
    return out;
  };
  if (steps.size() != 1) return unimplemented("level N runs single-step tests only");
  const json& step = steps[0];
  const step_action action = test.actions.front();
  const auto command = profile_.commands.find(action);
  if (command == profile_.commands.end())
    return unimplemented("no command for " + std::string(describe(action).name));
  for (const char* state : {"cache_before", "failures_before"}) {
    if (test.body.contains(state) && !test.body[state].empty())
      return unimplemented(std::string("needs a way to set ") + state);
  }
  bool observable = false;
  for (const std::string& field : comparable())
    observable = observable || step["expect"].contains(field);
  if (!observable) return unimplemented("expects nothing this implementation can report");
  if (!pool_ && !profile_.loopback_ports)
    return unimplemented(
        "needs a network namespace (run as root), or a profile with LoopbackPorts");

  scratch_dir scratch;
  if (scratch.path.empty()) {
    out.status = run_status::crashed;
    out.detail = "runner: cannot create a temporary directory";
    return out;
  }
  const namespace_lease lease(pool_.get());
  std::vector<std::string> prefix;
  if (pool_) prefix = namespace_pool::exec_prefix(lease.name);
  // In a namespace the standard ports; without one, port 0: the servers pick free ports and
  // the ready file names them, so parallel jobs and runs never race for a port.
  unsigned dns_port = 53, https_port = 443, smtp_port = 25;
  if (!pool_) dns_port = https_port = smtp_port = 0;

  const fs::path ready = scratch.path / "ready.json";
  const fs::path log = scratch.path / "servers.jsonl";
  std::vector<std::string> serve = prefix;
  for (const std::string& a :
       {mtasts_binary_, std::string("replay-serve"), test.file, std::string("--test"), test.name,
        std::string("--ready-file"), ready.string(), std::string("--log"), log.string(),
        std::string("--dns-port"), std::to_string(dns_port), std::string("--https-port"),
        std::to_string(https_port), std::string("--smtp-port"), std::to_string(smtp_port)})
    serve.push_back(a);
  std::string error;
  std::unique_ptr<child_process> server = child_process::start(serve, error);
  if (!server) {
    out.status = run_status::crashed;
    out.detail = "runner: replay-serve: " + error;
    return out;
  }
  const deadline ready_by = after(std::chrono::seconds(10));
  while (!fs::exists(ready)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (steady_clock::now() > ready_by || server->exited()) {
      stop_server(*server);
      out.status = run_status::crashed;
      out.detail = "runner: replay-serve did not start: " + output_tail(server->stderr_text());
      return out;
    }
  }
  const observation::json_read ready_doc = observation::read_json(read_file(ready));
  const std::string ca_file =
      ready_doc.document ? observation::string_or(*ready_doc.document, "ca_file") : "";
  if (!pool_ && ready_doc.document) {
    const observation::json& doc = *ready_doc.document;
    dns_port = port_of(observation::string_or(doc, "dns"));
    https_port = port_of(observation::string_or(doc, "https"));
    const auto smtp = doc.find("smtp_port");
    smtp_port = smtp != doc.end() && smtp->is_number_unsigned() ? smtp->get<unsigned>() : 0;
  }
  if (!pool_ && (dns_port == 0 || https_port == 0)) {
    stop_server(*server);
    out.status = run_status::crashed;
    out.detail = "runner: replay-serve's ready file names no DNS or HTTPS port: " + ready.string();
    return out;
  }

  const std::map<std::string, std::string> values = {
      {"domain", test.body.value("domain", "example.com")},
      {"ca_file", ca_file},
      {"resolver", "127.0.0.1:" + std::to_string(dns_port)},
      {"dns_port", std::to_string(dns_port)},
      {"https_port", std::to_string(https_port)},
      {"smtp_port", std::to_string(smtp_port)},
      {"mtasts", mtasts_binary_},
      {"data_dir", data_dir_}};
  // A scrubbed environment: no proxy variables, nothing of the runner's own settings; its
  // temporary files go to the scratch directory. `env` finds the command on this PATH.
  child_process::options scrubbed;
  scrubbed.environment = {"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8",
                          "HOME=" + scratch.path.string(), "TMPDIR=" + scratch.path.string()};
  for (const auto& [k, v] : profile_.env)
    scrubbed.environment->push_back(k + "=" + expand_placeholders(v, values));
  std::vector<std::string> argv = prefix;
  argv.emplace_back("env");
  for (const std::string& a : command->second) argv.push_back(expand_placeholders(a, values));

  std::unique_ptr<child_process> impl = child_process::start(argv, scrubbed, error);
  if (!impl) {
    stop_server(*server);
    out.status = run_status::crashed;
    out.detail = "cannot start " + command->second.front() + ": " + error;
    return out;
  }
  const deadline until = after(std::chrono::seconds(profile_.config.timeout_seconds));
  impl->close_stdin();
  std::string stdout_text;
  const child_process::io_status read = impl->read_to_end(stdout_text, max_output, until);
  const std::optional<int> exit_status = impl->wait(until);
  stop_server(*server);
  const std::string server_log = read_file(log);
  if (read == child_process::io_status::timeout || !exit_status) {
    out.status = run_status::timed_out;
    out.detail = "no result within " + std::to_string(profile_.config.timeout_seconds) + " s";
    return out;
  }
  if (read == child_process::io_status::too_large) {
    out.status = run_status::crashed;
    out.detail = "printed more than 1 MiB";
    return out;
  }
  if (impl->signalled()) {
    out.status = run_status::crashed;
    out.detail = "killed by signal " + std::to_string(*exit_status - 128) + ": " +
                 output_tail(impl->stderr_text());
    return out;
  }

  std::string observation_text = stdout_text;
  if (!profile_.output_filter.empty()) {
    std::vector<std::string> filter = {"env", "MTASTS_EXIT_STATUS=" + std::to_string(*exit_status)};
    for (const std::string& a : profile_.output_filter)
      filter.push_back(expand_placeholders(a, values));
    std::unique_ptr<child_process> f = child_process::start(filter, error);
    if (!f) {
      out.status = run_status::crashed;
      out.detail = "runner: output filter: " + error;
      return out;
    }
    const deadline filter_by = after(std::chrono::seconds(10));
    f->write(stdout_text, filter_by);
    f->close_stdin();
    observation_text.clear();
    f->read_to_end(observation_text, max_output, filter_by);
    const std::optional<int> filter_status = f->wait(filter_by);
    if (filter_status != 0) {
      out.status = run_status::crashed;
      out.detail = "output not understood (exit " + std::to_string(*exit_status) +
                   "): " + output_tail(stdout_text) + " | " + output_tail(f->stderr_text());
      return out;
    }
  }
  observation::json_read parsed = observation::read_json(
      observation_text, {observation::max_json_depth, observation::max_json_values, max_output});
  if (!parsed.document || !parsed.document->is_object()) {
    out.status = run_status::crashed;
    out.detail = "exit " + std::to_string(*exit_status) + ", output is not an observation (" +
                 (parsed.document ? std::string("not an object") : parsed.error) +
                 "): " + output_tail(stdout_text) + " " + output_tail(impl->stderr_text());
    return out;
  }
  json observation = std::move(*parsed.document);
  add_server_view(server_log, observation);
  out.observations.push_back(std::move(observation));
  return out;
}

}  // namespace mtasts::conformance
