// SPDX-License-Identifier: Apache-2.0
// The deviation classes of a fuzz-diff run (docs/FUZZ-DIFF.md "Triage"): one per
// implementation and class signature, known (a fixture question shows it) or new, with how
// often generated inputs showed it and, for a new class, its first input and that input
// minimised. Bounded: past max_classes, further classes are only counted.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "mtasts/conformance/level_p.h"
#include "question_generator.h"

namespace mtasts::cli::fuzz_diff {

inline constexpr std::size_t max_classes = 2000;

// NOLINTNEXTLINE(bugprone-exception-escape): json's move is noexcept; the throw seen is inside it
struct deviation_example {
  std::uint64_t input_index = 0;  // which generated input (0-based) first showed it
  origin from = origin::grammar;
  conformance::level_p_input original, minimised;
  std::size_t minimise_questions = 0;
  conformance::json reference_answer, implementation_answer;  // for the minimised input
  int implementation_exit = 0;
  std::string reference_says, implementation_says;
  bool ambiguous = false;  // the lenient profile answers it otherwise than the strict one
};

struct deviation_class {
  std::string implementation;
  question_kind kind = question_kind::txt;
  std::string signature;
  bool failure = false;       // a crash or timeout, not an answer
  std::string known_from;     // the fixture test that shows it; empty for a new class
  std::size_t generated = 0;  // generated inputs that showed it
  std::optional<deviation_example> example;  // new classes
};

class deviation_table {
 public:
  // A class a fixture question shows (the first test named is kept).
  void add_known(const std::string& impl, question_kind kind, const std::string& signature,
                 bool failure, const std::string& test);
  // Counts one generated input showing the class; returns the class and whether this is its
  // first showing (nullptr once max_classes classes are held).
  std::pair<deviation_class*, bool> count(const std::string& impl, question_kind kind,
                                          const std::string& signature, bool failure);
  [[nodiscard]] std::vector<const deviation_class*> classes() const;  // by impl, then signature
  [[nodiscard]] std::size_t overflow() const { return overflow_; }

 private:
  std::map<std::pair<std::string, std::string>, deviation_class> classes_;
  std::size_t overflow_ = 0;
};

}  // namespace mtasts::cli::fuzz_diff
