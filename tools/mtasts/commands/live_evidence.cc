// SPDX-License-Identifier: Apache-2.0
// Evidence lines from a live run (see live_evidence.h).
#include "live_evidence.h"

#include "mtasts/diagnose.h"
#include "mtasts/error.h"
#include "mtasts/live/https_evidence.h"

namespace mtasts::cli {
std::string shown_text(std::string_view bytes) { return "\"" + escape_invisible(bytes) + "\""; }

std::vector<std::string> txt_evidence(const live::live_world& world, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [asked, answer] : world.dns().exchanges()) {
    if (asked != name) continue;
    if (answer.status != engine::dns_status::noerror || answer.records.empty()) {
      out.push_back("TXT " + asked + ": " + std::string(live::rcode_name(answer.status)) +
                    (answer.status == engine::dns_status::noerror ? " (no TXT records)" : ""));
      continue;
    }
    for (const std::vector<std::string>& strings : answer.records) {
      std::string joined_strings;
      for (const std::string& s : strings) joined_strings += s;
      out.push_back(
          "TXT " + asked + ": " + shown_text(joined_strings) +
          (strings.size() > 1 ? " (" + std::to_string(strings.size()) + " strings, joined)" : ""));
    }
  }
  return out;
}

std::vector<std::string> certificate_evidence(const engine::cert_chain& chain,
                                              engine::unix_seconds now) {
  const engine::chain_summary summary = engine::summarize_chain(chain);
  if (summary.certificates.empty()) return {"certificate: none could be read"};
  const engine::certificate_summary& leaf = summary.certificates.front();
  std::string line = "certificate: names " +
                     (leaf.dns_names.empty() ? std::string("(no subjectAltName DNS names)")
                                             : comma_list(leaf.dns_names)) +
                     "; subject " + leaf.subject + "; issuer " + leaf.issuer + "; " +
                     engine::describe_validity(leaf, now) + "; chain of " +
                     std::to_string(summary.certificates.size());
  if (summary.unreadable > 0) line += " (+" + std::to_string(summary.unreadable) + " unreadable)";
  return {line};
}

std::vector<std::string> fetch_evidence(const live::live_world& world, engine::unix_seconds now) {
  std::vector<std::string> out;
  for (const auto& [request, response] : world.https().exchanges()) {
    out.push_back("GET " + request.url + ": " + live::describe_response(response));
    if (response.chain) {
      for (std::string& line : certificate_evidence(*response.chain, now))
        out.push_back(std::move(line));
    }
  }
  return out;
}

std::vector<std::string> mx_evidence(const live::live_world& world, std::string_view host,
                                     engine::unix_seconds now) {
  std::vector<std::string> out;
  for (const live::probe_result& p : world.prober().sessions()) {
    const engine::mx_observation& o = p.observation;
    if (o.host != host) continue;
    std::string line = "SMTP " + o.host + ": ";
    if (!o.starttls_offered) {
      line += "STARTTLS not offered";
    } else if (o.tls_failed) {
      line += "STARTTLS offered, TLS handshake failed";
    } else {
      line += "STARTTLS offered, TLS established";
    }
    if (!p.note.empty() && line.find(p.note) == std::string::npos) line += " (" + p.note + ")";
    out.push_back(line);
    if (o.chain) {
      for (std::string& c : certificate_evidence(*o.chain, now)) out.push_back(std::move(c));
    }
  }
  return out;
}

void attach_evidence(std::vector<finding>& findings, const live::live_world& world,
                     std::string_view domain, engine::unix_seconds now) {
  const std::string txt_name = "_mta-sts." + std::string(domain);
  for (finding& f : findings) {
    std::vector<std::string> lines;
    const std::optional<error_code> code = error_code_from_token(f.token);
    const std::string_view fam = code ? family(*code) : std::string_view();
    if (f.code == "txt-invalid" || f.code == "txt-dns-failure" || f.code == "txt-missing") {
      lines = txt_evidence(world, txt_name);
    } else if (f.code == "policy-invalid" || f.code == "policy-fetch-failed") {
      lines = fetch_evidence(world, now);
    } else if (f.code.rfind("tlsrpt-", 0) == 0) {
      lines = txt_evidence(world, "_smtp._tls." + std::string(domain));
    } else if (!f.subject.empty() && (fam == "MX_CERT" || fam == "MX_VALIDATION")) {
      lines = mx_evidence(world, f.subject, now);
    }
    for (std::string& line : lines) f.evidence.push_back(std::move(line));
  }
}

std::vector<seen_certificate> seen_certificates(const live::live_world& world) {
  std::vector<seen_certificate> out;
  for (const auto& [request, response] : world.https().exchanges()) {
    if (response.chain) {
      out.push_back(
          {request.sni, engine::name_rule::policy_host, engine::summarize_chain(*response.chain)});
    }
  }
  for (const live::probe_result& p : world.prober().sessions()) {
    if (p.observation.chain) {
      out.push_back({p.observation.host, engine::name_rule::mx_host,
                     engine::summarize_chain(*p.observation.chain)});
    }
  }
  return out;
}

}  // namespace mtasts::cli
