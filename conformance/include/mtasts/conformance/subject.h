// An implementation under test: it runs one fixture test and reports an observation per
// step (fixtures/FORMAT.md "Observation"). Our engine is one subject; shims are others.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "mtasts/conformance/fixture.h"

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
  [[nodiscard]] virtual std::set<std::string> capabilities() const = 0;
  virtual subject_run run(const test_case& test) = 0;
};

// The built-in engine and parsers, in process.
class engine_subject final : public subject {
 public:
  [[nodiscard]] std::string name() const override { return "mtasts"; }
  [[nodiscard]] std::set<std::string> capabilities() const override;
  subject_run run(const test_case& test) override;
};

}  // namespace mtasts::conformance
