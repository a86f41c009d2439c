// SPDX-License-Identifier: Apache-2.0
// What a run keeps of a subject's text (runner.h): each reason cut at max_reason_bytes, at
// most max_reasons_per_test per test, max_kept_reason_bytes over the run; and a JSON file
// read whole at most max_json_file_bytes. Each at its boundary.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "mtasts/conformance/json_file.h"
#include "mtasts/conformance/runner.h"

namespace fs = std::filesystem;
using namespace mtasts::conformance;

namespace {

// A subject that crashes with a given detail, or reports a given observation.
class scripted_subject final : public subject {
 public:
  std::string detail;
  json observation;
  [[nodiscard]] std::string name() const override { return "scripted"; }
  [[nodiscard]] std::set<capability> capabilities() const override { return {capability::parse}; }
  subject_run run(const test_case& /*test*/) override {
    if (!detail.empty()) return {run_status::crashed, {}, detail};
    return {run_status::ran, {observation}, ""};
  }
};

class RunnerLimits : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mtasts-limits-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A fixture of `count` valid parse_txt tests expecting `expect`.
  run_summary run(scripted_subject& s, std::size_t count,
                  const json& expect = json{{"valid", true}}) {
    json tests = json::array();
    for (std::size_t i = 1; i <= count; ++i) {
      tests.push_back(json{{"tcId", i},
                           {"name", "rfc8461/3.1/t" + std::to_string(i)},
                           {"level", "MUST"},
                           {"result", "valid"},
                           {"requirements", {"R-3.1-3"}},
                           {"requires", {"parse"}},
                           {"steps",
                            {json{{"now", 0},
                                  {"action", "parse_txt"},
                                  {"input", "v=STSv1; id=a"},
                                  {"expect", expect}}}}});
    }
    const json f{{"schema", "mtasts-fixture/1"},
                 {"suite", "t"},
                 {"numberOfTests", count},
                 {"testGroups", {json{{"tests", tests}}}}};
    std::ofstream(dir_ / "t_test.json") << f.dump();
    run_options options;
    options.paths = {dir_.string()};
    return run_suite(s, options, expectations{});
  }
  fs::path dir_;
};

}  // namespace

TEST_F(RunnerLimits, ReasonAtTheLimitIsKeptWholeOneOverIsCut) {
  scripted_subject s;
  s.detail = std::string(max_reason_bytes, 'x');
  EXPECT_EQ(run(s, 1).results[0].reasons[0], s.detail);
  s.detail += "y";
  EXPECT_EQ(run(s, 1).results[0].reasons[0],
            std::string(max_reason_bytes, 'x') + " ... (1 bytes more)");
}

TEST_F(RunnerLimits, ReasonsArePrintable) {
  scripted_subject s;
  s.detail = "exit 5: \x1B[31m\xFF";
  EXPECT_EQ(run(s, 1).results[0].reasons[0], "exit 5: \\x1b[31m\\xff");
}

TEST_F(RunnerLimits, ReasonsPerTestAtTheLimitAreKeptOneOverIsCounted) {
  scripted_subject s;
  s.observation = json::object();  // every expected member is missing: one difference each
  auto reasons_for = [&](std::size_t differences) {
    json expect = json::object();
    for (std::size_t i = 0; i < differences; ++i) expect["k" + std::to_string(i)] = 0;
    return run(s, 1, expect).results[0].reasons;
  };
  EXPECT_EQ(reasons_for(max_reasons_per_test).size(), max_reasons_per_test);
  const std::vector<std::string> over = reasons_for(max_reasons_per_test + 1);
  ASSERT_EQ(over.size(), max_reasons_per_test + 1);
  EXPECT_EQ(over.back(), "... and 1 more reasons");
}

TEST_F(RunnerLimits, KeptReasonsPerRunAreBounded) {
  scripted_subject s;
  s.detail = std::string(max_reason_bytes, 'x');
  const std::size_t fit = max_kept_reason_bytes / max_reason_bytes;
  const run_summary at_limit = run(s, fit);
  for (const test_result& r : at_limit.results) EXPECT_EQ(r.reasons[0], s.detail);
  const run_summary over = run(s, fit + 1);
  EXPECT_EQ(over.results.back().reasons[0].rfind("(reasons left out:", 0), 0U)
      << over.results.back().reasons[0];
  EXPECT_EQ(over.results.front().reasons[0], s.detail);
}

TEST_F(RunnerLimits, JsonFileSizeAtTheLimitReadsOneOverIsAnError) {
  std::string text = "{}";
  text.resize(max_json_file_bytes, ' ');
  std::ofstream(dir_ / "e.json") << text;
  std::string error;
  EXPECT_TRUE(read_json_file((dir_ / "e.json").string(), error)) << error;
  std::ofstream(dir_ / "e.json", std::ios::app) << " ";
  EXPECT_FALSE(read_json_file((dir_ / "e.json").string(), error));
  EXPECT_EQ(error,
            (dir_ / "e.json").string() + ": 16777217 bytes, more than the limit of 16777216");
}
