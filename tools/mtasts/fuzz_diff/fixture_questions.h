// SPDX-License-Identifier: Apache-2.0
// The fixtures' level-P questions with what fuzz-diff needs of their tests: the name (a known
// deviation cites it), the requirement ids (a candidate's guess starts from them) and the
// expected result. They are the generator's seeds and the run's first questions: a
// disagreement they show is already in the suite.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "mtasts/conformance/level_p.h"
#include "question_generator.h"

namespace mtasts::cli::fuzz_diff {

struct fixture_question {
  std::string test;                       // rfc8461/3.2/mode-enforce (#i for a later step)
  std::vector<std::string> requirements;  // the test's
  std::string expected_token;             // the error token the step expects, if any
  question_kind kind = question_kind::txt;
  conformance::level_p_input question;
};

// Every level-P step of a fuzz-diff kind in the fixture files under dir. Throws cli_error
// when a file does not load.
std::vector<fixture_question> load_fixture_questions(const std::filesystem::path& dir);

// Requirement ids to propose for a candidate: those most often cited by the fixture tests
// whose expectation names `token` (an error token), else by the tests of the kind.
class requirement_guess {
 public:
  explicit requirement_guess(const std::vector<fixture_question>& questions);
  std::vector<std::string> guess(question_kind kind, const std::string& token) const;

 private:
  std::map<std::string, std::map<std::string, std::size_t>> by_token_;
  std::map<question_kind, std::map<std::string, std::size_t>> by_kind_;
};

}  // namespace mtasts::cli::fuzz_diff
