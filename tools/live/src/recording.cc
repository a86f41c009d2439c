// SPDX-License-Identifier: Apache-2.0
// Recording decorators (see recording.h).
#include "mtasts/live/recording.h"

#include "mtasts/conformance/vocabulary.h"
#include "mtasts/observation/printable_text.h"

namespace mtasts::live {
namespace {

// Names and URLs come from the network (an MX host's bytes as the zone spells them): no
// byte of theirs may reach a terminal raw.
std::string shown(std::string_view bytes) { return observation::printable_text(bytes); }

}  // namespace

std::string_view to_string(engine::name_rule r) {
  return r == engine::name_rule::policy_host ? "Policy Host" : "MX host";
}

std::string_view rcode_name(engine::dns_status s) {
  return s == engine::dns_status::malformed ? "MALFORMED" : conformance::rcodes.name(s);
}

std::string dns_question_line(std::string_view server, std::string_view type,
                              std::string_view name) {
  std::string line = "dns: asking ";
  if (!server.empty()) line += std::string(server) + " ";
  return line + "for " + std::string(type) + " " + shown(name) + " ...";
}

engine::txt_answer recording_dns::query_txt(std::string_view name) {
  if (progress_) progress_(dns_question_line(server_, "TXT", name));
  engine::txt_answer answer = inner_.query_txt(name);
  if (progress_) {
    std::string line = "dns: TXT " + shown(name) + ": " + std::string(rcode_name(answer.status));
    if (answer.cname) line += ", CNAME " + shown(*answer.cname);
    if (answer.status == engine::dns_status::noerror) {
      line += ", " + std::to_string(answer.records.size()) + " TXT record(s)";
    }
    if (detail_) {
      if (const std::string d = detail_(); !d.empty()) line += " (" + shown(d) + ")";
    }
    progress_(line);
  }
  exchanges_.emplace_back(std::string(name), answer);
  return answer;
}

std::vector<std::string> recording_dns::queries() const {
  std::vector<std::string> out;
  out.reserve(exchanges_.size());
  for (const auto& [name, answer] : exchanges_) out.push_back(name);
  return out;
}

engine::https_response recording_https::fetch(const engine::https_request& request) {
  if (progress_) progress_("https: fetching " + shown(request.url) + " ...");
  engine::https_response response = inner_.fetch(request);
  if (progress_) {
    std::string line = "https: GET " + shown(request.url) + ": " +
                       std::string(conformance::transports.name(response.transport));
    if (response.transport == engine::transport_status::completed) {
      if (response.chain) {
        line += ", " + std::to_string(response.chain->certificates.size()) + " certificate(s)";
      }
      if (response.status != 0) {
        line += ", HTTP " + std::to_string(response.status) + ", " +
                std::to_string(response.body.size()) + " byte(s)";
      }
      if (response.body_truncated) line += " (truncated)";
    }
    if (detail_) {
      if (const std::string d = detail_(); !d.empty()) line += " (" + shown(d) + ")";
    }
    progress_(line);
  }
  exchanges_.emplace_back(request, response);
  return response;
}

probe_result recording_prober::probe(const std::string& host) {
  if (progress_) {
    progress_("smtp: probing " + shown(host) + " port " + std::to_string(port_) + " ...");
  }
  probe_result r = inner_.probe(host);
  if (progress_) {
    const engine::mx_observation& o = r.observation;
    std::string line = "smtp: " + shown(host) + ": ";
    if (!o.starttls_offered) {
      line += "no STARTTLS";
    } else if (o.tls_failed) {
      line += "TLS failed";
    } else {
      line +=
          "TLS, " + std::to_string(o.chain ? o.chain->certificates.size() : 0U) + " certificate(s)";
    }
    if (!r.note.empty()) line += " (" + shown(r.note) + ")";
    progress_(line);
  }
  sessions_.push_back(r);
  return r;
}

engine::cert_status recording_x509::verify(const engine::cert_chain& chain, std::string_view host,
                                           engine::name_rule rule, engine::unix_seconds at) {
  judgement j{chain, std::string(host), rule, at, judge_.verify_detailed(chain, host, rule, at)};
  if (progress_) {
    std::string line = "x509: " + std::string(to_string(rule)) + " " + shown(j.host) +
                       ": certificate " +
                       std::string(conformance::tls_verdicts.name(j.verification.status));
    if (!j.verification.reason.empty()) line += " (" + shown(j.verification.reason) + ")";
    progress_(line);
  }
  judgements_.push_back(std::move(j));
  return judgements_.back().verification.status;
}

const recording_x509::judgement* recording_x509::find(const engine::cert_chain& chain,
                                                      std::string_view host,
                                                      engine::name_rule rule) const {
  for (auto it = judgements_.rbegin(); it != judgements_.rend(); ++it) {
    if (it->rule == rule && it->host == host && it->chain.certificates == chain.certificates) {
      return &*it;
    }
  }
  return nullptr;
}

}  // namespace mtasts::live
