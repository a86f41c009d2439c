// Runs fixture tests against the built-in engine and parsers, in process, through the
// replay ports: the reference subject every other implementation is compared with.
#include <memory>

#include "cert_match_command.h"
#include "match_command.h"
#include "mtasts/conformance/subject.h"
#include "mtasts/conformance/world.h"
#include "mtasts/engine/engine.h"
#include "mtasts/engine/replay.h"
#include "parse_command.h"

namespace mtasts::conformance {
namespace {

using namespace mtasts::engine;

json to_plain(const cli::json& ordered) { return json::parse(ordered.dump()); }

}  // namespace

std::set<std::string> engine_subject::capabilities() const {
  return {"parse", "match", "discover", "cache", "clock", "apply", "tlsrpt"};
}

subject_run engine_subject::run(const test_case& test) {
  subject_run out;
  const std::string domain = test.body.value("domain", "example.com");
  memory_cache cache;
  if (test.body.contains("cache_before")) {
    for (const json& e : test.body["cache_before"]) {
      cache.put(e["domain"].get<std::string>(),
                cache_entry{e["id"].get<std::string>(), policy_from_json(e["policy"]),
                            fixture_time(e["fetched_at"])});
    }
  }
  if (test.body.contains("failures_before")) {
    for (const json& f : test.body["failures_before"]) {
      cache.record_failed_fetch(f["domain"].get<std::string>(), f["id"].get<std::string>(),
                                fixture_time(f["at"]));
    }
  }
  for (const json& step : test.body["steps"]) {
    replay_dns dns;
    replay_https https;
    fixed_clock clock(fixture_time(step["now"]));
    replay_x509 x509;
    load_step_world(step, dns, https);
    mtasts::engine::engine eng(dns, https, clock, cache, x509);
    const std::string action = step["action"].get<std::string>();
    json obs;
    if (action == "lookup" || action == "refresh" || action == "deliver") {
      const lookup_result r = action == "refresh" ? eng.refresh(domain) : eng.lookup(domain);
      obs = lookup_observation(r);
      json requests = json::array();
      for (const https_request& q : https.requests()) requests.push_back(q.url);
      obs["requests"] = requests;
      obs["queries"] = dns.queries();
      if (action == "deliver") add_delivery_observation(eng.decide(r, step_mx(step)), obs);
    } else if (action == "lookup_tlsrpt") {
      const mtasts::engine::engine::tlsrpt_lookup_result r = eng.lookup_tlsrpt(domain);
      obs = json{{"rua", r.rua},
                 {"events",
                  r.failure ? json::array({std::string(token(r.failure->code))}) : json::array()},
                 {"queries", dns.queries()}};
    } else if (action == "may_fail_permanently") {
      obs = json{{"may_fail_permanently",
                  eng.may_fail_permanently(domain, step["applied_id"].get<std::string>())},
                 {"queries", dns.queries()}};
    } else if (action == "parse_txt") {
      obs = to_plain(cli::parse_txt(fixture_bytes(step["input"]), {}).output);
    } else if (action == "parse_policy") {
      obs = to_plain(cli::parse_policy_body(fixture_bytes(step["input"]), {}).output);
    } else if (action == "parse_tlsrpt") {
      obs = to_plain(cli::parse_tlsrpt(fixture_bytes(step["input"]), {}).output);
    } else if (action == "parse_txt_records") {
      std::vector<std::string> records;
      for (const json& rec : step["input"]) {
        std::string joined;
        if (rec.is_array()) {
          for (const json& s : rec) joined += fixture_bytes(s);
        } else {
          joined = fixture_bytes(rec);
        }
        records.push_back(std::move(joined));
      }
      obs = to_plain(cli::select_txt(records, {}).output);
    } else if (action == "match") {
      obs = to_plain(cli::run_match(step["input"]["pattern"].get<std::string>(),
                                    step["input"]["host"].get<std::string>())
                         .output);
    } else if (action == "cert_match") {
      cli::cert_match_request req;
      req.host = step["input"]["host"].get<std::string>();
      for (const json& n : step["input"]["names"]) req.names.push_back(n.get<std::string>());
      req.policy_host = step["input"].value("policy_host", false);
      obs = to_plain(cli::run_cert_match(req).output);
    }
    obs["cache_after"] = cache_entry_json(cache.get(domain));
    out.observations.push_back(std::move(obs));
  }
  return out;
}

}  // namespace mtasts::conformance
