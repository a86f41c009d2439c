// SPDX-License-Identifier: Apache-2.0
// What a fuzz-diff run reports: the summary (text, and JSON under
// conformance/schemas/fuzz-diff.schema.json) and the fixture candidates of its new classes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "deviation_table.h"
#include "fixture_questions.h"
#include "question_generator.h"

namespace mtasts::cli::fuzz_diff {

struct kind_counts {
  std::size_t asked = 0, agree = 0, known = 0, fresh = 0, unimplemented = 0, failed = 0;
  // Agreement over the questions both answered (agree / (agree + known + fresh)); 1 when none.
  [[nodiscard]] double agreement() const;
};

struct implementation_summary {
  std::string name, version;
  std::size_t processes = 0;
  double busy_seconds = 0;
  std::map<question_kind, kind_counts> kinds;  // generated inputs only
  std::size_t fixture_questions = 0;           // asked in the known pass
};

struct run_summary {
  std::uint64_t seed = 0;
  std::string reference;  // "strict" or a profile name
  std::vector<question_kind> kinds;
  std::uint64_t inputs = 0;
  double seconds = 0;
  std::array<std::uint64_t, 3> origins{};  // by origin
  std::vector<implementation_summary> implementations;
};

conformance::json summary_json(const run_summary& run, const deviation_table& table);
std::string summary_text(const run_summary& run, const deviation_table& table);

// The candidates of the new classes with an example: a JSON list and the same as Python
// authoring calls for tools/fixtures/ (fixturelib/parselib vocabulary), ready to review.
conformance::json candidates_json(const run_summary& run, const deviation_table& table,
                                  const requirement_guess& requirements);
std::string candidates_python(const conformance::json& candidates);

}  // namespace mtasts::cli::fuzz_diff
