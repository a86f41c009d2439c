// SPDX-License-Identifier: Apache-2.0
// `mtasts record`: a live check written down as a replayable fixture.
#include "record_command.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "cli_error.h"
#include "domain_argument.h"
#include "mtasts/conformance/atomic_file.h"
#include "mtasts/conformance/time_format.h"
#include "mtasts/conformance/vocabulary.h"
#include "mtasts/observation/bytes.h"
#include "mtasts/utf8.h"

namespace mtasts::cli {
namespace {

using njson = observation::json;
using observation::bytes_to_json;

// The verdict the engine gave on the chain (replay uses it) and the chain as presented
// (informational: `observed_pem`; a `chain` would be a level-D2 spec of test PKI files).
njson tls_json(const std::optional<engine::cert_chain>& chain, std::string_view host,
               engine::name_rule rule, const live::live_world& world, engine::unix_seconds now) {
  const engine::cert_status verdict =
      chain ? world.certificate_verdict(*chain, host, rule, now).status
            : engine::cert_status::untrusted;
  njson tls{{"verdict", std::string(conformance::tls_verdicts.name(verdict))}};
  if (chain && !chain->certificates.empty()) tls["observed_pem"] = chain->certificates;
  return tls;
}

// Bytes in a message, shown by the bytes rule: a JSON string or {"base64": ...}.
std::string shown(std::string_view bytes) { return bytes_to_json(bytes).dump(); }

// What a fixture cannot hold stops the recording with a reason, before anything is written:
// fixtures keep header fields and MX host names as text (fixtures/FORMAT.md), and have no
// rcode for an answer that could not be read.
[[noreturn]] void cannot_record(const std::string& why) {
  throw cli_error("cannot record this world: " + why);
}

void require_text(std::string_view bytes, const std::string& what) {
  if (!is_valid_utf8(bytes)) {
    cannot_record(what + " " + shown(bytes) + " is not UTF-8, and a fixture holds it as text");
  }
}

njson dns_json(const std::string& name, const engine::txt_answer& a) {
  if (a.status == engine::dns_status::malformed) {
    cannot_record("the DNS answer for " + name +
                  " could not be read (DNS_MALFORMED), and a fixture has no rcode for that");
  }
  njson d{{"name", name}, {"rcode", std::string(conformance::rcodes.name(a.status))}};
  if (a.cname) d["cname"] = *a.cname;
  if (!a.records.empty()) {
    njson txt = njson::array();
    for (const auto& strings : a.records) {
      njson rec = njson::array();
      for (const std::string& s : strings) rec.push_back(bytes_to_json(s));
      txt.push_back(rec);
    }
    d["txt"] = txt;
  }
  return d;
}

njson https_json(const engine::https_request& q, const engine::https_response& r,
                 const live::live_world& world, engine::unix_seconds now) {
  njson h{{"url", q.url}, {"transport", std::string(conformance::transports.name(r.transport))}};
  if (r.transport != engine::transport_status::completed) return h;
  // R-3.3-2: the engine judged the chain for the Policy Host, the request's SNI.
  h["tls"] = tls_json(r.chain, q.sni, engine::name_rule::policy_host, world, now);
  h["status"] = r.status;
  njson headers = njson::array();
  for (const auto& [name, value] : r.headers) {
    require_text(name, "the header name");
    require_text(value, "the value of header " + shown(name));
    headers.push_back(njson::array({name, value}));
  }
  h["headers"] = headers;
  h["body"] = bytes_to_json(r.body);
  return h;
}

njson mx_json(const engine::mx_observation& o, const live::live_world& world,
              engine::unix_seconds now) {
  require_text(o.host, "the MX host");
  njson m{{"host", o.host}, {"starttls", o.starttls_offered}, {"tls_failed", o.tls_failed}};
  if (o.starttls_offered && !o.tls_failed) {
    // R-4.2-2: the chain as judged for the MX host.
    m["tls"] = tls_json(o.chain, o.host, engine::name_rule::mx_host, world, now);
  }
  return m;
}

// A test name fit for the schema's ^rfc84(61|60)/[0-9.]+/[a-z0-9-]+$.
std::string test_name(const std::string& domain, bool starttls) {
  std::string slug;
  for (const char c : domain) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    slug += ok ? c : '-';
  }
  if (slug.empty()) slug = "domain";
  return std::string(starttls ? "rfc8461/5/recorded-deliver-" : "rfc8461/5.1/recorded-lookup-") +
         slug;
}

}  // namespace

njson recorded_fixture(const std::string& domain, bool starttls, const live::live_run& run,
                       const live::live_world& world) {
  njson dns = njson::array();
  for (const auto& [name, answer] : world.dns().exchanges()) dns.push_back(dns_json(name, answer));
  njson https = njson::array();
  for (const auto& [q, r] : world.https().exchanges()) {
    https.push_back(https_json(q, r, world, run.now));
  }
  const std::string now = conformance::format_rfc3339_utc(run.now);
  njson step{
      {"now", now}, {"action", starttls ? "deliver" : "lookup"}, {"dns", dns}, {"https", https}};
  if (starttls) {
    njson mx = njson::array();
    for (const engine::mx_observation& o : run.mx) mx.push_back(mx_json(o, world, run.now));
    step["mx"] = mx;
  }
  step["expect"] = live_observation(run, world);
  njson requires_caps = njson::array({"discover"});
  if (starttls) requires_caps.push_back("apply");
  njson requirements = njson::array({"R-3.1-1"});
  if (starttls) requirements.push_back("R-4-1");
  njson test{{"tcId", 1},
             {"name", test_name(domain, starttls)},
             {"comment", "Recorded by `mtasts record " + domain + (starttls ? " --starttls" : "") +
                             "` at " + now + "."},
             {"requirements", requirements},
             {"level", "MUST"},
             {"result", "valid"},
             {"requires", requires_caps},
             {"domain", domain},
             {"steps", njson::array({step})}};
  return njson{{"schema", "mtasts-fixture/1"},
               {"suite", "recorded"},
               {"numberOfTests", 1},
               {"header", njson::array({"What mtasts record saw for " + domain + " at " + now +
                                        "; replay with `mtasts conform FILE`."})},
               {"testGroups",
                njson::array({njson{{"type", "ScenarioTest"}, {"tests", njson::array({test})}}})}};
}

int run_record(const record_request& request) {
  // An unwritable FILE fails before the recording, not after it.
  if (const std::optional<std::string> error = conformance::check_writable(request.output))
    throw cli_error(*error);
  const std::string domain = policy_domain_argument(request.domain);
  const std::unique_ptr<live::live_world> made = open_live_world(request.network);
  live::live_world& world = *made;
  const live::live_run run = request.starttls ? world.deliver(domain) : world.lookup(domain);
  const njson fixture = recorded_fixture(domain, request.starttls, run, world);
  // The whole fixture is rendered first and written atomically: a failure anywhere leaves an
  // existing FILE as it was.
  const std::string text = fixture.dump(2) + "\n";
  if (const std::optional<std::string> error =
          conformance::write_file_atomically(request.output, text))
    throw cli_error(*error);
  if (!request.network.quiet) {
    // The verdict is in the fixture; recording a broken domain is still a recording (exit 0).
    const operator_report report = report_of_run("record", domain, run, world, false);
    const exit_status verdict = report_status(report);
    std::cerr << "mtasts: wrote " << request.output << " (the domain: "
              << (verdict == exit_status::ok         ? "OK"
                  : verdict == exit_status::negative ? "has problems, see mtasts check"
                                                     : "could not be checked")
              << ")" << std::endl;
  }
  return 0;
}

void add_record_command(CLI::App& app, std::optional<std::function<int()>>& chosen) {
  static record_request request;
  CLI::App* sub = app.add_subcommand(
      "record",
      "run `check` and write every DNS answer, HTTPS exchange and MX session it saw as a "
      "fixture that `mtasts conform FILE` replays");
  sub->add_option("DOMAIN", request.domain, "the Policy Domain")->required();
  sub->add_option("-o,--output", request.output, "the fixture file to write")
      ->type_name("FILE")
      ->required();
  sub->add_flag("--starttls", request.starttls,
                "record a deliver step: MX look-up and a STARTTLS probe of each MX");
  add_network_options(*sub, request.network);
  sub->callback([&chosen] { chosen = [] { return run_record(request); }; });
}

}  // namespace mtasts::cli
