// SPDX-License-Identifier: Apache-2.0
// Recording decorators (see recording.h).
#include "mtasts/live/recording.h"

#include "mtasts/conformance/vocabulary.h"

namespace mtasts::live {

std::string_view to_string(engine::name_rule r) {
  return r == engine::name_rule::policy_host ? "Policy Host" : "MX host";
}

std::string_view rcode_name(engine::dns_status s) {
  return s == engine::dns_status::malformed ? "MALFORMED" : conformance::rcodes.name(s);
}

engine::txt_answer recording_dns::query_txt(std::string_view name) {
  engine::txt_answer answer = inner_.query_txt(name);
  if (progress_) {
    std::string line =
        "dns: TXT " + std::string(name) + ": " + std::string(rcode_name(answer.status));
    if (answer.cname) line += ", CNAME " + *answer.cname;
    if (answer.status == engine::dns_status::noerror) {
      line += ", " + std::to_string(answer.records.size()) + " TXT record(s)";
    }
    if (detail_) {
      if (const std::string d = detail_(); !d.empty()) line += " (" + d + ")";
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
  engine::https_response response = inner_.fetch(request);
  if (progress_) {
    std::string line = "https: GET " + request.url + ": " +
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
      if (const std::string d = detail_(); !d.empty()) line += " (" + d + ")";
    }
    progress_(line);
  }
  exchanges_.emplace_back(request, response);
  return response;
}

probe_result recording_prober::probe(const std::string& host) {
  if (progress_) progress_("smtp: probing " + host);
  probe_result r = inner_.probe(host);
  if (progress_) {
    const engine::mx_observation& o = r.observation;
    std::string line = "smtp: " + host + ": ";
    if (!o.starttls_offered) {
      line += "no STARTTLS";
    } else if (o.tls_failed) {
      line += "TLS failed";
    } else {
      line +=
          "TLS, " + std::to_string(o.chain ? o.chain->certificates.size() : 0U) + " certificate(s)";
    }
    if (!r.note.empty()) line += " (" + r.note + ")";
    progress_(line);
  }
  sessions_.push_back(r);
  return r;
}

engine::cert_status recording_x509::verify(const engine::cert_chain& chain, std::string_view host,
                                           engine::name_rule rule, engine::unix_seconds at) {
  judgement j{chain, std::string(host), rule, at, judge_.verify_detailed(chain, host, rule, at)};
  if (progress_) {
    std::string line = "x509: " + std::string(to_string(rule)) + " " + j.host + ": certificate " +
                       std::string(conformance::tls_verdicts.name(j.verification.status));
    if (!j.verification.reason.empty()) line += " (" + j.verification.reason + ")";
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
