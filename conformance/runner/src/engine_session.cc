// SPDX-License-Identifier: Apache-2.0
// Our engine behind the D1 protocol: ports that ask the runner over JSON lines.
#include "mtasts/conformance/engine_session.h"

#include <iostream>
#include <stdexcept>

#include "mtasts/conformance/engine_observer.h"
#include "mtasts/conformance/world.h"
#include "mtasts/observation/bytes.h"
#include "mtasts/observation/engine_result.h"
#include "mtasts/observation/json_input.h"

namespace mtasts::conformance {
namespace {

using namespace mtasts::engine;

struct protocol_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class channel {
 public:
  channel(std::istream& in, std::ostream& out) : in_(in), out_(out) {}
  void send(const json& message) {
    out_ << message.dump(-1, ' ', false, json::error_handler_t::replace) << '\n' << std::flush;
  }
  json receive() {
    std::string line;
    if (!std::getline(in_, line)) throw protocol_error("end of input");
    observation::json_read m = observation::read_json(line);
    if (!m.document) throw protocol_error("malformed message: " + m.error);
    if (!m.document->is_object() || !m.document->contains("type"))
      throw protocol_error("malformed message: expected an object with \"type\"");
    return std::move(*m.document);
  }
  json ask(const json& question, const std::string& answer_type) {
    send(question);
    json answer = receive();
    if (observation::string_or(answer, "type") != answer_type)
      throw protocol_error("expected a \"" + answer_type + "\" answer");
    return answer;
  }

 private:
  std::istream& in_;
  std::ostream& out_;
};

class session_dns final : public dns_port {
 public:
  explicit session_dns(channel& c) : channel_(c) {}
  txt_answer query_txt(std::string_view name) override {
    return txt_answer_from(
        channel_.ask(json{{"type", "dns"}, {"name", std::string(name)}, {"rrtype", "TXT"}}, "dns"));
  }

 private:
  channel& channel_;
};

class session_https final : public https_port {
 public:
  explicit session_https(channel& c) : channel_(c) {}
  https_response fetch(const https_request& request) override {
    json answer = channel_.ask(json{{"type", "https"}, {"url", request.url}}, "https");
    if (answer.contains("body_base64")) {
      answer["body"] = json{{"base64", answer["body_base64"]}};
      answer.erase("body_base64");
    }
    https_response r = https_response_from(answer);
    if (r.body.size() > request.max_body) {
      r.body.resize(request.max_body + 1);  // as a transport that stops reading would
      r.body_truncated = true;
    }
    return r;
  }

 private:
  channel& channel_;
};

// A deliver step's MX sessions, each asked of the runner.
std::vector<mx_observation> ask_mx_sessions(channel& c, const json& step) {
  std::vector<mx_observation> mx;
  for (const json& m : step.value("mx", json::array())) {
    json answer = c.ask(json{{"type", "smtp"}, {"host", m["host"]}}, "smtp");
    answer["host"] = m["host"];
    if (answer.value("connect_error", false)) answer["tls_failed"] = true;
    mx.push_back(mx_observation_from(answer));
  }
  return mx;
}

json observe(channel& c, const json& step, memory_cache& cache, const std::string& domain,
             mtasts::engine::idna_port& idna, const std::string& roots_pem) {
  const std::optional<step_action> action = step_action_from(step.value("action", std::string()));
  if (!action) throw protocol_error("a step with an unknown action");
  if (describe(*action).level != protocol_level::d1) {
    return json{{"type", "unimplemented"},
                {"detail", "action " + std::string(describe(*action).name) + " is level P"}};
  }
  session_dns dns(c);
  session_https https(c);
  fixed_clock clock(step["now"].get<std::int64_t>());
  // D1: the runner's TLS verdicts are trusted. D2 (roots in `begin`): chains are verified.
  const std::unique_ptr<x509_port> x509 = x509_port_for(roots_pem);
  mtasts::engine::engine eng(dns, https, clock, cache, *x509, idna);
  json obs =
      observe_scenario_step(*action, eng, domain, step, [&] { return ask_mx_sessions(c, step); });
  obs["cache_after"] = observation::cache_entry_json(cache.get(domain));
  return json{{"type", "result"}, {"observation", obs}};
}

}  // namespace

json engine_shim_capabilities(const std::string& version) {
  json declared = json::array();
  for (const auto& [c, name] : capabilities.words) declared.push_back(name);
  return json{{"protocol", "mtasts-shim/1"},
              {"name", "mtasts"},
              {"version", version},
              {"levels", json::array({"P", "batch", "D1", "D2"})},
              {"capabilities", declared}};
}

int run_engine_session(std::istream& in, std::ostream& out, mtasts::engine::idna_port& idna) {
  channel c(in, out);
  try {
    const json begin = c.receive();
    if (observation::string_or(begin, "type") != "begin")
      throw protocol_error("expected \"begin\"");
    memory_cache cache;
    load_cache(begin.value("cache", json::array()), begin.value("failures", json::array()), cache);
    const std::string roots_pem = observation::string_or(begin, "roots_pem");
    for (;;) {
      const json m = c.receive();
      const std::string type = observation::string_or(m, "type");
      if (type == "end") return 0;
      if (type != "step") throw protocol_error("expected \"step\" or \"end\"");
      c.send(observe(c, m, cache, m.value("domain", begin.value("domain", "")), idna, roots_pem));
    }
  } catch (const protocol_error& e) {
    std::cerr << "mtasts session: " << e.what() << "\n";
    return 2;
  } catch (const json::exception& e) {
    std::cerr << "mtasts session: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace mtasts::conformance
