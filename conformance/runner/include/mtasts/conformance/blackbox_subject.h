// SPDX-License-Identifier: Apache-2.0
// An unmodified implementation certified over real sockets (conformance/PROTOCOL.md
// "Level N"): per test, `mtasts replay-serve` serves the fixture's DNS, HTTPS and SMTP inside
// a private network namespace, the implementation runs there with the test CA trusted, and
// its output plus what the servers saw (requests, fetches) make the observation.
#pragma once

#include <memory>
#include <set>
#include <string>

#include "mtasts/conformance/blackbox_profile.h"
#include "mtasts/conformance/network_namespace.h"
#include "mtasts/conformance/subject.h"

namespace mtasts::conformance {

class blackbox_subject final : public subject {
 public:
  // `mtasts_binary` runs `replay-serve`. With `pool` null, the servers listen on loopback
  // ports they pick themselves (for machines without namespaces); only profiles with
  // LoopbackPorts can run then.
  blackbox_subject(blackbox_profile profile, std::string mtasts_binary, std::string data_dir,
                   std::unique_ptr<namespace_pool> pool);
  [[nodiscard]] std::string name() const override { return profile_.impl; }
  [[nodiscard]] std::set<capability> capabilities() const override;
  subject_run run(const test_case& test) override;
  void adapt(const test_case& test, std::size_t index, json& expected,
             json& observed) const override;
  [[nodiscard]] bool isolated() const { return pool_ != nullptr; }

 private:
  // Which of the expected fields this subject can observe.
  [[nodiscard]] std::set<std::string> comparable() const;

  blackbox_profile profile_;
  std::string mtasts_binary_, data_dir_;
  std::unique_ptr<namespace_pool> pool_;
};

}  // namespace mtasts::conformance
