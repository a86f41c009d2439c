// Another implementation through its shim (conformance/PROTOCOL.md). Level P runs one
// command per parse-level step; level D1 runs one session per test and answers the shim's
// DNS, HTTPS, SMTP and clock questions from the fixture's world.

#include <fstream>

#include "base64.h"
#include "mtasts/conformance/child_process.h"
#include "mtasts/conformance/level_p.h"
#include "mtasts/conformance/subject.h"
#include "mtasts/conformance/time_format.h"
#include "mtasts/conformance/world.h"
#include "mtasts/error.h"
#include "utf8.h"

namespace mtasts::conformance {
namespace {

using namespace mtasts::engine;

constexpr std::size_t max_line = std::size_t{16} << 20;
constexpr int unimplemented_exit = 89;

deadline after_seconds(int seconds) {
  return std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
}

json txt_answer_json(const txt_answer& a) {
  static constexpr const char* rcodes[] = {"NOERROR", "NXDOMAIN", "SERVFAIL", "TIMEOUT"};
  json out{{"type", "dns"}, {"rcode", rcodes[static_cast<int>(a.status)]}};
  if (a.cname) out["cname"] = *a.cname;
  if (!a.records.empty()) {
    json records = json::array();
    for (const std::vector<std::string>& rec : a.records) {
      json strings = json::array();
      // Bytes that are not UTF-8 travel as {"base64"}, as in fixtures.
      for (const std::string& s : rec)
        strings.push_back(cli::is_valid_utf8(s) ? json(s)
                                                : json{{"base64", cli::base64_encode(s)}});
      records.push_back(std::move(strings));
    }
    out["txt"] = records;
  }
  return out;
}

json https_answer_json(const https_response& r) {
  static constexpr const char* transports[] = {"completed", "connect_error", "tls_error",
                                               "timeout"};
  json headers = json::array();
  for (const auto& [n, v] : r.headers) headers.push_back(json::array({n, v}));
  return json{
      {"type", "https"},
      {"transport", transports[static_cast<int>(r.transport)]},
      {"tls",
       {{"verdict",
         std::string(cert_verdict_name(r.transport_verified.value_or(cert_status::valid)))}}},
      {"status", r.status},
      {"headers", headers},
      {"body_base64", cli::base64_encode(r.body)}};
}

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  while (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

// The host part of an https:// URL.
std::string url_host(const std::string& url) {
  const std::size_t start = url.find("://");
  if (start == std::string::npos) return {};
  const std::size_t end = url.find_first_of(":/?#", start + 3);
  return url.substr(start + 3, end == std::string::npos ? std::string::npos : end - start - 3);
}

// Documentation addresses for every host the step's world serves (PROTOCOL.md step 3).
json address_answer(const json& step, const std::string& name, const std::string& rrtype) {
  bool known = false;
  if (step.contains("https")) {
    for (const json& h : step["https"])
      known = known || lower(url_host(h["url"].get<std::string>())) == lower(name);
  }
  if (step.contains("mx")) {
    for (const json& m : step["mx"])
      known = known || lower(m["host"].get<std::string>()) == lower(name);
  }
  if (!known) return json{{"type", "dns"}, {"rcode", "NXDOMAIN"}};
  return json{{"type", "dns"},
              {"rcode", "NOERROR"},
              {"addresses", json::array({rrtype == "AAAA" ? "2001:db8::25" : "192.0.2.25"})}};
}

json smtp_answer(const json& step, const std::string& host) {
  if (step.contains("mx")) {
    for (const json& m : step["mx"]) {
      if (lower(m["host"].get<std::string>()) != lower(host)) continue;
      return json{{"type", "smtp"},
                  {"starttls", m.value("starttls", true)},
                  {"tls_failed", m.value("tls_failed", false)},
                  {"tls", {{"verdict", m.contains("tls") ? m["tls"]["verdict"] : json("valid")}}}};
    }
  }
  return json{{"type", "smtp"}, {"connect_error", true}};
}

// Translates implementation messages through the ErrorMap: tokens stay tokens, mapped
// messages become their token or family, unmapped ones stay as they are (and fail).
std::string mapped(const shim_config& config, const std::string& message) {
  if (error_code_from_token(message)) return message;
  return config.map_error(message).value_or(message);
}

bool is_family_only(const std::string& s) {
  if (error_code_from_token(s)) return false;
  for (const error_code c : all_error_codes()) {
    if (family(c) == s) return true;
  }
  return false;
}

std::string family_of(const std::string& token_or_family) {
  if (const auto code = error_code_from_token(token_or_family)) return std::string(family(*code));
  return token_or_family;
}

void dedupe_lowercase(json& mx) {
  json out = json::array();
  std::set<std::string> seen;
  for (const json& m : mx) {
    if (!m.is_string()) return;
    if (seen.insert(lower(m.get<std::string>())).second) out.push_back(m);
  }
  mx = out;
}

}  // namespace

std::unique_ptr<shim_subject> shim_subject::create(std::vector<std::string> command,
                                                   const shim_config& config, std::string& error) {
  std::vector<std::string> argv = command;
  argv.emplace_back("--capabilities");
  std::unique_ptr<child_process> child = child_process::start(argv, error);
  if (!child) return nullptr;
  child->close_stdin();
  std::string out;
  const deadline until = after_seconds(config.timeout_seconds);
  const auto io = child->read_to_end(out, 1 << 20, until);
  const std::optional<int> code = child->wait(until);
  if (io != child_process::io_status::ok || !code || *code != 0) {
    error = "--capabilities failed (exit " + (code ? std::to_string(*code) : "timeout") +
            "): " + output_tail(child->stderr_text());
    return nullptr;
  }
  const json doc = json::parse(out, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || doc.value("protocol", "") != "mtasts-shim/1" ||
      !doc.contains("capabilities") || !doc["capabilities"].is_array() || !doc.contains("levels") ||
      !doc["levels"].is_array()) {
    error =
        "--capabilities must print {\"protocol\": \"mtasts-shim/1\", \"levels\": [...], "
        "\"capabilities\": [...]}; got: " +
        output_tail(out);
    return nullptr;
  }
  std::unique_ptr<shim_subject> s(new shim_subject(std::move(command), config));
  s->name_ = doc.value("name", config.impl);
  s->version_ = doc.value("version", "");
  for (const json& c : doc["capabilities"]) {
    if (c.is_string()) s->capabilities_.insert(c.get<std::string>());
  }
  for (const json& l : doc["levels"]) {
    if (l.is_string()) s->levels_.insert(l.get<std::string>());
  }
  return s;
}

subject_run shim_subject::run(const test_case& test) {
  bool all_parse = true, any_parse = false;
  for (const json& step : test.body["steps"]) {
    const bool p = is_level_p_action(step["action"].get<std::string>());
    all_parse = all_parse && p;
    any_parse = any_parse || p;
  }
  if (all_parse) {
    if (!levels_.count("P")) return {run_status::unimplemented, {}, "the shim has no level P"};
    return run_parse_level(test);
  }
  if (any_parse) return {run_status::unimplemented, {}, "mixes parse and scenario steps"};
  if (!levels_.count("D1") && !levels_.count("D2"))
    return {run_status::unimplemented, {}, "the shim has no level D1"};
  return run_session(test);
}

subject_run shim_subject::run_parse_level(const test_case& test) {
  subject_run out;
  const deadline until = after_seconds(config_.timeout_seconds);
  for (const json& step : test.body["steps"]) {
    level_p_answer answer = run_level_p(command_, level_p_input_from_step(step), until);
    switch (answer.status) {
      case level_p_status::answered:
        out.observations.push_back(std::move(answer.output));
        break;
      case level_p_status::unimplemented:
        return {run_status::unimplemented, {}, answer.detail};
      case level_p_status::crashed:
        return {run_status::crashed, {}, answer.detail};
      case level_p_status::timed_out:
        return {run_status::timed_out,
                {},
                "no answer within " + std::to_string(config_.timeout_seconds) + " s"};
    }
  }
  return out;
}

subject_run shim_subject::run_session(const test_case& test) {
  subject_run out;
  const deadline until = after_seconds(config_.timeout_seconds);
  std::vector<std::string> argv = command_;
  argv.emplace_back("session");
  std::string error;
  std::unique_ptr<child_process> child = child_process::start(argv, error);
  if (!child) return {run_status::crashed, {}, error};
  auto broken = [&](const std::string& what) -> subject_run {
    child->kill_group();
    return {
        run_status::crashed, std::move(out.observations),
        what +
            (child->stderr_text().empty() ? "" : "; stderr: " + output_tail(child->stderr_text()))};
  };
  // A shim that exits 89 may do so before reading what the runner sends: the write then
  // fails, and the exit status, not the broken pipe, says what happened.
  auto stopped_reading = [&]() -> subject_run {
    const std::optional<int> code =
        child->wait(std::chrono::steady_clock::now() + std::chrono::seconds(2));
    if (code && *code == unimplemented_exit)
      return {run_status::unimplemented, {}, "exit 89: " + output_tail(child->stderr_text())};
    return broken("stopped reading stdin");
  };
  auto send = [&](const json& message) {
    return child->write(message.dump(-1, ' ', false, json::error_handler_t::replace) + "\n",
                        until) == child_process::io_status::ok;
  };
  const std::string domain = test.body.value("domain", "example.com");
  json cache = json::array(), failures = json::array();
  if (test.body.contains("cache_before")) {
    for (json e : test.body["cache_before"]) {
      e["fetched_at"] = fixture_time(e["fetched_at"]);
      cache.push_back(std::move(e));
    }
  }
  if (test.body.contains("failures_before")) {
    for (json f : test.body["failures_before"]) {
      f["at"] = fixture_time(f["at"]);
      failures.push_back(std::move(f));
    }
  }
  if (!send(json{{"type", "begin"},
                 {"protocol", "mtasts-shim/1"},
                 {"test", test.name},
                 {"domain", domain},
                 {"cache", cache},
                 {"failures", failures}}))
    return stopped_reading();

  const json& steps = test.body["steps"];
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const json& step = steps[i];
    replay_dns dns;
    replay_https https;
    load_step_world(step, dns, https);
    const std::int64_t now = fixture_time(step["now"]);
    json message{{"type", "step"},
                 {"index", i},
                 {"action", step["action"]},
                 {"now", now},
                 {"domain", domain}};
    if (step.contains("applied_id")) message["applied_id"] = step["applied_id"];
    if (step.contains("mx")) {
      json hosts = json::array();
      for (const json& m : step["mx"]) hosts.push_back(json{{"host", m["host"]}});
      message["mx"] = hosts;
    }
    if (!send(message)) return stopped_reading();
    for (;;) {
      std::string line;
      const auto io = child->read_line(line, max_line, until);
      if (io == child_process::io_status::timeout) {
        child->kill_group();
        return {run_status::timed_out, std::move(out.observations),
                "no answer within " + std::to_string(config_.timeout_seconds) + " s at step " +
                    std::to_string(i)};
      }
      if (io == child_process::io_status::too_large) return broken("a line over 16 MiB");
      if (io != child_process::io_status::ok) {
        // Exit 89 at any point means unimplemented (PROTOCOL.md "Capabilities").
        const std::optional<int> code = child->wait(until);
        if (code && *code == unimplemented_exit)
          return {run_status::unimplemented, {}, "exit 89: " + output_tail(child->stderr_text())};
        return broken("exited (" + (code ? std::to_string(*code) : "timeout") + ") during step " +
                      std::to_string(i));
      }
      const json msg = json::parse(line, nullptr, false);
      if (msg.is_discarded() || !msg.is_object() || !msg.contains("type") ||
          !msg["type"].is_string())
        return broken("malformed message: " + output_tail(line));
      const std::string type = msg["type"].get<std::string>();
      bool ok = true;
      if (type == "dns") {
        const std::string name = msg.value("name", "");
        const std::string rrtype = msg.value("rrtype", "TXT");
        ok = send(rrtype == "TXT" ? txt_answer_json(dns.query_txt(name))
                                  : address_answer(step, name, rrtype));
      } else if (type == "https") {
        https_request request;
        request.url = msg.value("url", "");
        ok = send(https_answer_json(https.fetch(request)));
      } else if (type == "smtp") {
        ok = send(smtp_answer(step, msg.value("host", "")));
      } else if (type == "clock") {
        ok = send(json{{"type", "clock"}, {"now", now}});
      } else if (type == "unimplemented") {
        return {run_status::unimplemented, {}, msg.value("detail", "declared by the shim")};
      } else if (type == "result") {
        if (!msg.contains("observation") || !msg["observation"].is_object())
          return broken("a result without an observation object");
        json obs = msg["observation"];
        // What was asked of the world is the runner's to report (PROTOCOL.md step 4).
        json requests = json::array();
        for (const https_request& q : https.requests()) requests.push_back(q.url);
        obs["fetches"] = requests.size();
        obs["requests"] = requests;
        obs["queries"] = dns.queries();
        out.observations.push_back(std::move(obs));
        break;
      } else {
        return broken("unknown message type \"" + type + "\"");
      }
      if (!ok) return stopped_reading();
    }
  }
  send(json{{"type", "end"}});
  child->close_stdin();
  const std::optional<int> code = child->wait(until);
  if (!code) return {run_status::timed_out, std::move(out.observations), "did not exit after end"};
  if (*code == unimplemented_exit) return {run_status::unimplemented, {}, "exit 89"};
  if (*code != 0) return broken("exit " + std::to_string(*code) + " after end");
  return out;
}

void shim_subject::adapt(const test_case& /*test*/, std::size_t /*index*/, json& expected,
                         json& observed) const {
  // Level P: a rejection may carry the implementation's message instead of a token, and
  // positions only when the shim prints them.
  if (observed.contains("error") && observed["error"].is_object() && expected.contains("error") &&
      expected["error"].is_object()) {
    json& oe = observed["error"];
    json& ee = expected["error"];
    if (!oe.contains("token") && oe.contains("message") && oe["message"].is_string()) {
      const std::string m = mapped(config_, oe["message"].get<std::string>());
      if (is_family_only(m)) {
        oe["family"] = m;
        if (ee.contains("token")) ee["family"] = family_of(ee["token"].get<std::string>());
        ee.erase("token");
      } else {
        oe["token"] = m;
      }
    }
    for (const char* field : {"offset", "line", "column", "family"}) {
      if (!oe.contains(field)) ee.erase(field);
    }
  }
  // Fields a shim need not print: extensions (PROTOCOL.md "Comparison for shims").
  if (expected.contains("extensions") && !observed.contains("extensions"))
    expected.erase("extensions");
  // The same inside policy objects, and the selected record's index (the id names it).
  for (const char* holder : {"policy", "cache_after"}) {
    json* exp_policy = nullptr;
    const json* obs_policy = nullptr;
    if (std::string_view(holder) == "policy") {
      if (expected.contains("policy") && expected["policy"].is_object() &&
          observed.contains("policy") && observed["policy"].is_object()) {
        exp_policy = &expected["policy"];
        obs_policy = &observed["policy"];
      }
    } else if (expected.contains("cache_after") && expected["cache_after"].is_object() &&
               expected["cache_after"].contains("policy") && observed.contains("cache_after") &&
               observed["cache_after"].is_object() && observed["cache_after"].contains("policy")) {
      exp_policy = &expected["cache_after"]["policy"];
      obs_policy = &observed["cache_after"]["policy"];
    }
    if (exp_policy && exp_policy->is_object() && obs_policy->is_object() &&
        exp_policy->contains("extensions") && !obs_policy->contains("extensions"))
      exp_policy->erase("extensions");
  }
  if (expected.contains("record") && !observed.contains("record")) expected.erase("record");
  // PROTOCOL.md times are Unix seconds; fixtures write RFC 3339.
  if (observed.contains("cache_after") && observed["cache_after"].is_object() &&
      observed["cache_after"].contains("fetched_at") &&
      observed["cache_after"]["fetched_at"].is_number_integer())
    observed["cache_after"]["fetched_at"] =
        format_rfc3339_utc(observed["cache_after"]["fetched_at"].get<std::int64_t>());
  // Level D1: implementation messages → events through the ErrorMap; when any maps only
  // to a family, the expected events compare as families.
  if (observed.contains("messages") && observed["messages"].is_array() &&
      !observed.contains("events")) {
    json events = json::array();
    bool families = false;
    for (const json& m : observed["messages"]) {
      const std::string e = m.is_string() ? mapped(config_, m.get<std::string>()) : m.dump();
      families = families || is_family_only(e);
      events.push_back(e);
    }
    observed["events"] = events;
    if (families && expected.contains("events")) {
      json exp_families = json::array();
      for (const json& e : expected["events"])
        exp_families.push_back(family_of(e.get<std::string>()));
      expected["event_families"] = exp_families;
      expected.erase("events");
    }
  }
  if (config_.mx_deduplicated) {
    if (expected.contains("mx") && expected["mx"].is_array()) dedupe_lowercase(expected["mx"]);
    if (expected.contains("policy") && expected["policy"].is_object() &&
        expected["policy"].contains("mx"))
      dedupe_lowercase(expected["policy"]["mx"]);
  }
}

}  // namespace mtasts::conformance
