// SPDX-License-Identifier: Apache-2.0
// One implementation `mtasts fuzz-diff` asks: a peer behind its shim in batch mode
// (conformance/PROTOCOL.md "Batch"), or our engine in process under a parser profile
// (`mtasts:PROFILE`). Counts what it was asked and how long it took to answer.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "mtasts/conformance/level_p.h"
#include "mtasts/conformance/level_p_batch.h"
#include "mtasts/conformance/shim_config.h"
#include "mtasts/options.h"
#include "question_generator.h"

namespace mtasts::cli::fuzz_diff {

class implementation {
 public:
  // SPEC is `mtasts:PROFILE`, a shim config file, or the name of a shipped config
  // (`pmsr` for <data dir>/conformance/shim-configs/pmsr.json). Throws cli_error when it is
  // none of these, when the shim does not answer --capabilities, or has no batch level.
  static std::unique_ptr<implementation> open(const std::string& spec,
                                              std::chrono::milliseconds timeout);

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::string& version() const { return version_; }
  // Whether it answers questions of this kind (capabilities, or the profile's kinds).
  [[nodiscard]] bool answers(question_kind kind) const;
  // Its config (ErrorMap, MxDeduplicated); nullptr for our engine.
  [[nodiscard]] const conformance::shim_config* config() const {
    return config_ ? &*config_ : nullptr;
  }
  [[nodiscard]] bool is_engine() const { return profile_.has_value(); }

  conformance::level_p_answer ask(const conformance::level_p_input& question);

  [[nodiscard]] std::size_t asked() const { return asked_; }
  [[nodiscard]] std::chrono::steady_clock::duration busy() const { return busy_; }
  // Shim processes started (restarts after crashes and hangs show here); 0 for the engine.
  [[nodiscard]] std::size_t processes() const { return batch_ ? batch_->starts() : 0; }
  void stop() {
    if (batch_) batch_->stop();
  }

 private:
  implementation() = default;
  std::string name_, version_;
  std::optional<parser_profile> profile_;
  std::optional<conformance::shim_config> config_;
  std::set<conformance::capability> capabilities_;
  std::unique_ptr<conformance::batch_shim> batch_;
  std::size_t asked_ = 0;
  std::chrono::steady_clock::duration busy_{};
};

// Our engine's answer under a profile, as a level-P answer (exit 89 for a kind the profile
// does not model).
conformance::level_p_answer engine_answer(const conformance::level_p_input& question,
                                          const parser_profile& profile);

// Whether the profile models the kind's input (match questions: every profile).
bool profile_models(const parser_profile& profile, question_kind kind);

}  // namespace mtasts::cli::fuzz_diff
