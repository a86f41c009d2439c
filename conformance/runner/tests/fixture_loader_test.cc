// A malformed fixture gets a precise error (file, JSON pointer, what was expected) and
// never stops the other files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "mtasts/conformance/fixture.h"
#include "mtasts/conformance/runner.h"

namespace fs = std::filesystem;
using namespace mtasts::conformance;

namespace {

class LoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mtasts-loader-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  static json valid_file() {
    return json::parse(R"({"schema":"mtasts-fixture/1","suite":"t","numberOfTests":1,"notes":{},
      "testGroups":[{"tests":[{"tcId":1,"name":"rfc8461/3.1/t","level":"MUST","result":"valid",
      "requirements":["R-3.1-3"],"requires":["parse"],"steps":[{"now":"2026-11-28T00:00:00Z",
      "action":"parse_txt","input":"v=STSv1; id=a","expect":{"valid":true,"id":"a"}}]}]}]})");
  }
  fs::path dir_;
};

bool has_error(const load_result& r, const std::string& pointer, const std::string& fragment) {
  for (const fixture_error& e : r.errors) {
    if (e.pointer == pointer && e.message.find(fragment) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_F(LoaderTest, ValidFileLoads) {
  const load_result r = load_fixture_file(write("a_test.json", valid_file().dump()));
  EXPECT_TRUE(r.errors.empty());
  ASSERT_EQ(r.file.tests.size(), 1u);
  EXPECT_EQ(r.file.tests[0].name, "rfc8461/3.1/t");
  EXPECT_EQ(r.file.tests[0].pointer, "/testGroups/0/tests/0");
}

TEST_F(LoaderTest, NotJson) {
  const load_result r = load_fixture_file(write("a_test.json", "{"));
  EXPECT_TRUE(has_error(r, "/", "not valid JSON"));
}

TEST_F(LoaderTest, ErrorsCarryJsonPointers) {
  json f = valid_file();
  f["testGroups"][0]["tests"][0]["steps"][0]["now"] = "yesterday";
  f["testGroups"][0]["tests"][0]["steps"][0]["action"] = "teleport";
  f["testGroups"][0]["tests"][0]["level"] = "MUSTN'T";
  f["testGroups"][0]["tests"][0]["flags"] = {"Undefined"};
  const load_result r = load_fixture_file(write("a_test.json", f.dump()));
  EXPECT_TRUE(has_error(r, "/testGroups/0/tests/0/steps/0/now", "expected a time"));
  EXPECT_TRUE(has_error(r, "/testGroups/0/tests/0/steps/0/action", "unknown action"));
  EXPECT_TRUE(has_error(r, "/testGroups/0/tests/0/level", "MUST, SHOULD or MAY"));
  EXPECT_TRUE(has_error(r, "/testGroups/0/tests/0/flags", "not defined in /notes"));
  EXPECT_TRUE(r.file.tests.empty());
}

TEST_F(LoaderTest, WrongCountAndDuplicateIds) {
  json f = valid_file();
  f["testGroups"][0]["tests"].push_back(f["testGroups"][0]["tests"][0]);
  const load_result r = load_fixture_file(write("a_test.json", f.dump()));
  EXPECT_TRUE(has_error(r, "/testGroups/0/tests/1/tcId", "duplicate tcId 1"));
  EXPECT_TRUE(has_error(r, "/numberOfTests", "says 1 but the file has 2"));
}

TEST_F(LoaderTest, BadBytesAndDnsShapes) {
  json f = valid_file();
  auto& step = f["testGroups"][0]["tests"][0]["steps"][0];
  step["input"] = json{{"base64", 3}};
  step["dns"] = json::array({json{{"name", "x"}, {"rcode", "MAYBE"}, {"txt", {"flat"}}}});
  const load_result r = load_fixture_file(write("a_test.json", f.dump()));
  EXPECT_TRUE(has_error(r, "/testGroups/0/tests/0/steps/0/input", "expected bytes"));
  EXPECT_TRUE(has_error(r, "/testGroups/0/tests/0/steps/0/dns/0/rcode", "NOERROR"));
  EXPECT_TRUE(
      has_error(r, "/testGroups/0/tests/0/steps/0/dns/0/txt/0", "array of character-strings"));
}

TEST_F(LoaderTest, AcceptableNeedsAFlag) {
  json f = valid_file();
  f["testGroups"][0]["tests"][0]["result"] = "acceptable";
  const load_result r = load_fixture_file(write("a_test.json", f.dump()));
  EXPECT_TRUE(has_error(r, "/testGroups/0/tests/0/flags", "names the ambiguity"));
}

TEST_F(LoaderTest, BrokenFileDoesNotStopTheOthers) {
  write("good_test.json", valid_file().dump());
  write("broken_test.json", "[1, 2");
  engine_subject subject;
  run_options options;
  options.paths = {dir_.string()};
  const run_summary s = run_suite(subject, options, expectations{});
  EXPECT_EQ(s.errors.size(), 1u);
  ASSERT_EQ(s.results.size(), 1u);
  EXPECT_EQ(s.results[0].status, test_status::pass);
}

TEST_F(LoaderTest, ExpectationsDecideWhatIsUnexpected) {
  json f = valid_file();
  f["testGroups"][0]["tests"][0]["steps"][0]["expect"]["id"] = "b";  // our engine says "a"
  write("a_test.json", f.dump());
  engine_subject subject;
  run_options options;
  options.paths = {dir_.string()};
  run_summary s = run_suite(subject, options, expectations{});
  ASSERT_EQ(s.results.size(), 1u);
  EXPECT_EQ(s.results[0].status, test_status::should_have_passed);
  EXPECT_EQ(s.unexpected(), 1u);
  expectations e;
  e.tests["rfc8461/3.1/t"] = {test_status::should_have_passed, "known"};
  s = run_suite(subject, options, e);
  EXPECT_EQ(s.unexpected(), 0u);
  EXPECT_NE(junit_report(s, "x").find("tests=\"1\""), std::string::npos);
}
