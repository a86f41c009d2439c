// SPDX-License-Identifier: Apache-2.0
// An implementation under test: it runs one fixture test and reports an observation per
// step (fixtures/FORMAT.md "Observation"). Our engine is one subject; shims are others.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "mtasts/conformance/fixture.h"
#include "mtasts/conformance/shim_config.h"
#include "mtasts/conformance/vocabulary.h"
#include "mtasts/engine/idna.h"

namespace mtasts::conformance {

enum class run_status {
  ran,            // observations are valid
  unimplemented,  // the subject lacks a capability the test requires (shim exit 89)
  crashed,        // the subject died or broke the protocol; detail says how
  timed_out,
};

struct subject_run {
  run_status status = run_status::ran;
  std::vector<json> observations;  // one per step that ran
  std::string detail;
};

class subject {
 public:
  virtual ~subject() = default;
  [[nodiscard]] virtual std::string name() const = 0;
  [[nodiscard]] virtual std::set<capability> capabilities() const = 0;
  virtual subject_run run(const test_case& test) = 0;
  // Before comparing step `index`: fit the expectation to what this subject can report
  // (a shim's error messages, fields it does not print). The default changes nothing.
  virtual void adapt(const test_case& /*test*/, std::size_t /*index*/, json& /*expected*/,
                     json& /*observed*/) const {}
};

// The built-in engine and parsers, in process.
class engine_subject final : public subject {
 public:
  // idna converts the U-labels of a fixture's domain and hosts; the default refuses them.
  explicit engine_subject(engine::idna_port& idna = engine::default_idna()) : idna_(&idna) {}
  [[nodiscard]] std::string name() const override { return "mtasts"; }
  [[nodiscard]] std::set<capability> capabilities() const override;
  subject_run run(const test_case& test) override;

 private:
  engine::idna_port* idna_;
};

// Another implementation through its shim (conformance/PROTOCOL.md): level P commands for
// parse-level tests, a D1 session for the others; one process per test.
class shim_subject final : public subject {
 public:
  // Runs `command --capabilities`; nullptr and `error` when the shim does not answer.
  static std::unique_ptr<shim_subject> create(std::vector<std::string> command,
                                              const shim_config& config, std::string& error);
  [[nodiscard]] std::string name() const override { return name_; }
  [[nodiscard]] std::set<capability> capabilities() const override { return capabilities_; }
  [[nodiscard]] const std::set<std::string>& levels() const { return levels_; }
  [[nodiscard]] const std::string& version() const { return version_; }
  subject_run run(const test_case& test) override;
  void adapt(const test_case& test, std::size_t index, json& expected,
             json& observed) const override;

 private:
  shim_subject(std::vector<std::string> command, const shim_config& config)
      : command_(std::move(command)), config_(config) {}
  subject_run run_parse_level(const test_case& test);

  std::vector<std::string> command_;
  shim_config config_;  // a copy: usage is shared with the caller's config (shim_config.h)
  std::string name_, version_;
  std::set<capability> capabilities_;
  std::set<std::string> levels_;
};

}  // namespace mtasts::conformance
