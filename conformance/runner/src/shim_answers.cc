// SPDX-License-Identifier: Apache-2.0
// The runner's answers to a D1 shim's questions (see shim_answers.h).
#include "mtasts/conformance/shim_answers.h"

#include "mtasts/ascii.h"
#include "mtasts/conformance/vocabulary.h"
#include "mtasts/observation/base64.h"
#include "mtasts/observation/bytes.h"

namespace mtasts::conformance {
namespace {

// A host name as compared here (ASCII lower case, without a trailing dot).
std::string host_key(std::string_view name) { return dns_name_key(name); }

// The host part of an https:// URL.
std::string url_host(const std::string& url) {
  const std::size_t start = url.find("://");
  if (start == std::string::npos) return {};
  const std::size_t end = url.find_first_of(":/?#", start + 3);
  return url.substr(start + 3, end == std::string::npos ? std::string::npos : end - start - 3);
}

bool serves_host(const json& step, const std::string& name) {
  const std::string key = host_key(name);
  if (step.contains("https")) {
    for (const json& h : step["https"]) {
      if (host_key(url_host(h["url"].get<std::string>())) == key) return true;
    }
  }
  if (step.contains("mx")) {
    for (const json& m : step["mx"]) {
      if (host_key(m["host"].get<std::string>()) == key) return true;
    }
  }
  return false;
}

json verdict_object(engine::cert_status status) {
  return json{{"verdict", std::string(tls_verdicts.name(status))}};
}

// The `tls` of an answer: a level-D2 entry's chain and leaf key, else its verdict.
json tls_object(const json& entry) {
  if (!entry.contains("tls")) return verdict_object(engine::cert_status::valid);
  const json& tls = entry["tls"];
  if (tls.contains("chain_pem"))
    return json{{"chain_pem", tls["chain_pem"]}, {"key_pem", tls.value("key_pem", std::string())}};
  return json{{"verdict", tls.value("verdict", std::string("valid"))}};
}

// The step's https entry whose leaf certificate is `leaf` (D2 answers carry its key).
const json* https_entry_presenting(const json& step, const std::string& leaf) {
  if (!step.contains("https")) return nullptr;
  for (const json& h : step["https"]) {
    if (h.contains("tls") && h["tls"].contains("chain_pem") && !h["tls"]["chain_pem"].empty() &&
        h["tls"]["chain_pem"][0] == leaf)
      return &h;
  }
  return nullptr;
}

}  // namespace

json dns_txt_answer(const engine::txt_answer& answer) {
  json out{{"type", "dns"}, {"rcode", std::string(rcodes.name(answer.status))}};
  if (answer.cname) out["cname"] = *answer.cname;
  if (!answer.records.empty()) {
    json records = json::array();
    for (const std::vector<std::string>& rec : answer.records) {
      json strings = json::array();
      for (const std::string& s : rec) strings.push_back(observation::bytes_to_json(s));
      records.push_back(std::move(strings));
    }
    out["txt"] = std::move(records);
  }
  return out;
}

json dns_address_answer(const json& step, const std::string& name, const std::string& rrtype) {
  if (!serves_host(step, name)) return json{{"type", "dns"}, {"rcode", "NXDOMAIN"}};
  return json{{"type", "dns"},
              {"rcode", "NOERROR"},
              {"addresses", json::array({rrtype == "AAAA" ? "2001:db8::25" : "192.0.2.25"})}};
}

json https_answer(const engine::https_response& response, const json& step) {
  json headers = json::array();
  for (const auto& [n, v] : response.headers) headers.push_back(json::array({n, v}));
  json tls = verdict_object(response.transport_verified.value_or(engine::cert_status::valid));
  if (response.chain && !response.chain->certificates.empty()) {
    const json* entry = https_entry_presenting(step, response.chain->certificates.front());
    tls = entry ? tls_object(*entry) : json{{"chain_pem", response.chain->certificates}};
  }
  return json{
      {"type", "https"},       {"transport", std::string(transports.name(response.transport))},
      {"tls", std::move(tls)}, {"status", response.status},
      {"headers", headers},    {"body_base64", observation::base64_encode(response.body)}};
}

json smtp_answer(const json& step, const std::string& host) {
  if (step.contains("mx")) {
    for (const json& m : step["mx"]) {
      if (host_key(m["host"].get<std::string>()) != host_key(host)) continue;
      return json{{"type", "smtp"},
                  {"starttls", m.value("starttls", true)},
                  {"tls_failed", m.value("tls_failed", false)},
                  {"tls", tls_object(m)}};
    }
  }
  return json{{"type", "smtp"}, {"connect_error", true}};
}

}  // namespace mtasts::conformance
