// SPDX-License-Identifier: Apache-2.0
// The fixtures' level-P questions (see fixture_questions.h).
#include "fixture_questions.h"

#include <algorithm>

#include "cli_error.h"
#include "mtasts/conformance/fixture.h"

namespace mtasts::cli::fuzz_diff {
namespace {

// The error token a step's expectation names, if any.
std::string expected_token(const conformance::json& step) {
  if (!step.contains("expect") || !step["expect"].is_object()) return {};
  const conformance::json& e = step["expect"];
  if (e.contains("error") && e["error"].is_object() && e["error"].contains("token") &&
      e["error"]["token"].is_string())
    return e["error"]["token"].get<std::string>();
  return {};
}

std::vector<std::string> most_cited(const std::map<std::string, std::size_t>& counts) {
  std::vector<std::pair<std::size_t, std::string>> ranked;
  ranked.reserve(counts.size());
  for (const auto& [id, n] : counts) ranked.emplace_back(n, id);
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < ranked.size() && i < 2; ++i) out.push_back(ranked[i].second);
  return out;
}

}  // namespace

std::vector<fixture_question> load_fixture_questions(const std::filesystem::path& dir) {
  std::vector<fixture_question> out;
  for (const std::string& path : conformance::find_fixture_files({dir.string()})) {
    const conformance::load_result loaded = conformance::load_fixture_file(path);
    if (!loaded.errors.empty()) throw cli_error(loaded.errors.front().to_string());
    for (const conformance::test_case& test : loaded.file.tests) {
      const conformance::json& steps = test.body["steps"];
      for (std::size_t i = 0; i < steps.size(); ++i) {
        const std::optional<question_kind> kind = question_kind_of(test.actions[i]);
        if (!kind) continue;
        fixture_question q;
        q.test = test.name;
        if (steps.size() > 1) q.test += "#" + std::to_string(i);
        q.requirements = test.requirements;
        q.expected_token = expected_token(steps[i]);
        q.kind = *kind;
        q.question = conformance::level_p_input_from_step(test.actions[i], steps[i]);
        out.push_back(std::move(q));
      }
    }
  }
  return out;
}

requirement_guess::requirement_guess(const std::vector<fixture_question>& questions) {
  for (const fixture_question& q : questions) {
    for (const std::string& r : q.requirements) {
      ++by_kind_[q.kind][r];
      if (!q.expected_token.empty()) ++by_token_[q.expected_token][r];
    }
  }
}

std::vector<std::string> requirement_guess::guess(question_kind kind,
                                                  const std::string& token) const {
  if (const auto it = by_token_.find(token); !token.empty() && it != by_token_.end())
    return most_cited(it->second);
  if (const auto it = by_kind_.find(kind); it != by_kind_.end()) return most_cited(it->second);
  return {};
}

}  // namespace mtasts::cli::fuzz_diff
