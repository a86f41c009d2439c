// SPDX-License-Identifier: Apache-2.0
// Decorators around the live ports that remember every exchange in order (for `mtasts
// record` and for the observation's `queries` / `requests`) and report each network step,
// and each certificate judgement with its reason, through an optional progress callback.
// A network step gives two lines: one before the wait ("dns: asking 127.0.0.1:53 for TXT
// _mta-sts.example.com ...") so that a silent server is seen at once, and one with the result.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "mtasts/engine/ports.h"
#include "mtasts/live/smtp_probe.h"
#include "mtasts/x509_openssl.h"

namespace mtasts::live {

using progress_fn = std::function<void(const std::string& line)>;

class recording_dns final : public engine::dns_port {
 public:
  // detail: why the last query got no answer, when the inner port can tell. server: who is
  // asked ("127.0.0.1:5353"), for the line before each question; empty: not said.
  recording_dns(engine::dns_port& inner, progress_fn progress,
                std::function<std::string()> detail = {}, std::string server = {})
      : inner_(inner),
        progress_(std::move(progress)),
        detail_(std::move(detail)),
        server_(std::move(server)) {}
  engine::txt_answer query_txt(std::string_view name) override;
  [[nodiscard]] const std::vector<std::pair<std::string, engine::txt_answer>>& exchanges() const {
    return exchanges_;
  }
  [[nodiscard]] std::vector<std::string> queries() const;

 private:
  engine::dns_port& inner_;
  progress_fn progress_;
  std::function<std::string()> detail_;
  std::string server_;
  std::vector<std::pair<std::string, engine::txt_answer>> exchanges_;
};

class recording_https final : public engine::https_port {
 public:
  // detail: what went wrong in the last exchange, when the inner port can tell.
  recording_https(engine::https_port& inner, progress_fn progress,
                  std::function<std::string()> detail = {})
      : inner_(inner), progress_(std::move(progress)), detail_(std::move(detail)) {}
  engine::https_response fetch(const engine::https_request& request) override;
  [[nodiscard]] const std::vector<std::pair<engine::https_request, engine::https_response>>&
  exchanges() const {
    return exchanges_;
  }

 private:
  engine::https_port& inner_;
  progress_fn progress_;
  std::function<std::string()> detail_;
  std::vector<std::pair<engine::https_request, engine::https_response>> exchanges_;
};

class recording_prober final : public mx_prober {
 public:
  // port: the SMTP port the inner prober connects to, for the line before each probe.
  recording_prober(mx_prober& inner, progress_fn progress, int port)
      : inner_(inner), progress_(std::move(progress)), port_(port) {}
  probe_result probe(const std::string& host) override;
  [[nodiscard]] const std::vector<probe_result>& sessions() const { return sessions_; }

 private:
  mx_prober& inner_;
  progress_fn progress_;
  int port_ = 25;
  std::vector<probe_result> sessions_;
};

// The engine's x509_port: every judgement of the judge (mtasts::x509_openssl), with its reason.
class recording_x509 final : public engine::x509_port {
 public:
  struct judgement {
    engine::cert_chain chain;
    std::string host;
    engine::name_rule rule = engine::name_rule::policy_host;
    engine::unix_seconds at = 0;
    engine::x509_verification verification;
  };

  recording_x509(const engine::openssl_x509& judge, progress_fn progress)
      : judge_(judge), progress_(std::move(progress)) {}
  engine::cert_status verify(const engine::cert_chain& chain, std::string_view host,
                             engine::name_rule rule, engine::unix_seconds at) override;
  [[nodiscard]] const std::vector<judgement>& judgements() const { return judgements_; }
  // The latest judgement of chain for host under rule; null when none was asked for.
  [[nodiscard]] const judgement* find(const engine::cert_chain& chain, std::string_view host,
                                      engine::name_rule rule) const;

 private:
  const engine::openssl_x509& judge_;
  progress_fn progress_;
  std::vector<judgement> judgements_;
};

// The line said before a DNS question is sent: "dns: asking SERVER for TYPE NAME ...".
std::string dns_question_line(std::string_view server, std::string_view type,
                              std::string_view name);

// "Policy Host" or "MX host", for messages.
std::string_view to_string(engine::name_rule r);
// The fixtures' rcode word of a DNS outcome ("NOERROR", "TIMEOUT", ...), or "MALFORMED" for
// an answer that could not be read, which the live tools report but fixtures cannot hold.
std::string_view rcode_name(engine::dns_status s);

}  // namespace mtasts::live
