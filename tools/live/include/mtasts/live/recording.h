// Decorators around the live ports that remember every exchange in order (for `mtasts
// record` and for the observation's `queries` / `requests`) and report each network step
// through an optional progress callback.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "mtasts/engine/ports.h"
#include "mtasts/live/smtp_probe.h"

namespace mtasts::live {

using progress_fn = std::function<void(const std::string& line)>;

class recording_dns final : public engine::dns_port {
 public:
  recording_dns(engine::dns_port& inner, progress_fn progress)
      : inner_(inner), progress_(std::move(progress)) {}
  engine::txt_answer query_txt(std::string_view name) override;
  [[nodiscard]] const std::vector<std::pair<std::string, engine::txt_answer>>& exchanges() const {
    return exchanges_;
  }
  [[nodiscard]] std::vector<std::string> queries() const;

 private:
  engine::dns_port& inner_;
  progress_fn progress_;
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
  recording_prober(mx_prober& inner, progress_fn progress)
      : inner_(inner), progress_(std::move(progress)) {}
  probe_result probe(const std::string& host) override;
  [[nodiscard]] const std::vector<probe_result>& sessions() const { return sessions_; }

 private:
  mx_prober& inner_;
  progress_fn progress_;
  std::vector<probe_result> sessions_;
};

}  // namespace mtasts::live
