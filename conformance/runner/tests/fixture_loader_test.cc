// SPDX-License-Identifier: Apache-2.0
// A malformed fixture gets a precise error (file, JSON pointer, what was expected) and
// never stops the other files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "mtasts/conformance/fixture.h"
#include "mtasts/conformance/reports.h"
#include "mtasts/conformance/runner.h"
#include "mtasts/observation/bytes.h"
#include "mtasts/observation/json_input.h"

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
  EXPECT_TRUE(has_error(r, "/", "syntax error"));
  EXPECT_EQ(r.errors.at(0).message.rfind("line 1, column ", 0), 0u);
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

// A test's `peers` (what deployed implementations answer) is informative, but its shape is
// checked like the rest: an answer object or prose, a peer name, strings where strings go.
TEST_F(LoaderTest, PeerAnswersAreCheckedForShape) {
  json f = valid_file();
  f["testGroups"][0]["tests"][0]["peers"] =
      json::array({json{{"peer", "pmsr"}, {"answer", {{"valid", false}}}, {"profile", "pmsr"}},
                   json{{"peer", "mox"}, {"says", "rejects the record"}, {"version", "@1c95876"}}});
  EXPECT_TRUE(load_fixture_file(write("a_test.json", f.dump())).errors.empty());
  f["testGroups"][0]["tests"][0]["peers"] =
      json::array({json{{"peer", "pmsr"}}, json{{"answer", {{"valid", true}}}},
                   json{{"peer", "mox"}, {"answer", "yes"}}, json{{"peer", 3}, {"says", "x"}}, 7});
  const load_result r = load_fixture_file(write("b_test.json", f.dump()));
  const std::string p = "/testGroups/0/tests/0/peers/";
  EXPECT_TRUE(has_error(r, p + "0", "\"answer\" or \"says\""));
  EXPECT_TRUE(has_error(r, p + "1", "missing member \"peer\""));
  EXPECT_TRUE(has_error(r, p + "2/answer", "an object"));
  EXPECT_TRUE(has_error(r, p + "3/peer", "a string"));
  EXPECT_TRUE(has_error(r, p + "4", "a peer answer object"));
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
  EXPECT_NE(junit_report(s, report_context{}).find("tests=\"1\""), std::string::npos);
}

TEST_F(LoaderTest, NotJsonSaysWhere) {
  const load_result r = load_fixture_file(write("a_test.json", "{\n  \"schema\": tru\n}"));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message.rfind("line 2, column ", 0), 0u) << r.errors[0].message;
  EXPECT_NE(r.errors[0].message.find("syntax error"), std::string::npos) << r.errors[0].message;
}

// The test object sits 5 levels down (file, testGroups, group, tests, test).
TEST_F(LoaderTest, DepthAtTheLimitLoadsOneOverIsAnError) {
  auto with_comment_depth = [&](std::size_t depth) {
    json f = valid_file();
    f["testGroups"][0]["tests"][0]["comment"] = "@";
    std::string text = f.dump();
    text.replace(text.find("\"@\""), 3, std::string(depth, '[') + std::string(depth, ']'));
    return load_fixture_file(write("a_test.json", text));
  };
  EXPECT_TRUE(with_comment_depth(mtasts::observation::max_json_depth - 5).errors.empty());
  const load_result over = with_comment_depth(mtasts::observation::max_json_depth - 4);
  EXPECT_TRUE(has_error(over, "/", "nested deeper than 64 levels"));
  EXPECT_TRUE(has_error(with_comment_depth(100000), "/", "nested deeper than 64 levels"));
}

TEST_F(LoaderTest, DuplicateKeysAreAnError) {
  std::string text = valid_file().dump();
  text.replace(text.find("\"result\":\"valid\""), 16, R"("result":"valid","result":"invalid")");
  const load_result r = load_fixture_file(write("a_test.json", text));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message.find("duplicate key \"result\""), std::string::npos);
  EXPECT_EQ(r.errors[0].message.rfind("line 1, column ", 0), 0u) << r.errors[0].message;
}

TEST_F(LoaderTest, FileSizeAtTheLimitLoadsOneOverIsAnError) {
  std::string text = valid_file().dump();
  text.resize(max_fixture_file_bytes, ' ');
  EXPECT_TRUE(load_fixture_file(write("a_test.json", text)).errors.empty());
  text += ' ';
  const load_result r = load_fixture_file(write("a_test.json", text));
  EXPECT_TRUE(has_error(r, "/", "16777217 bytes, more than the limit of 16777216"));
}

TEST_F(LoaderTest, ExpandedBytesAreBoundedPerFile) {
  // Four bodies and the step's input (13 bytes, checked last) bring the file to the limit.
  auto with_bodies = [&](std::size_t last) {
    json f = valid_file();
    json& step = f["testGroups"][0]["tests"][0]["steps"][0];
    for (const std::size_t n :
         {mtasts::observation::max_fixture_bytes, mtasts::observation::max_fixture_bytes,
          mtasts::observation::max_fixture_bytes, last})
      step["https"].push_back(
          json{{"url", "https://a/"}, {"body", {{"repeat", "x"}, {"count", n}}}});
    return load_fixture_file(write("a_test.json", f.dump()));
  };
  const std::size_t last =
      max_fixture_file_expanded_bytes - 3 * mtasts::observation::max_fixture_bytes - 13;
  EXPECT_TRUE(with_bodies(last).errors.empty());
  const load_result over = with_bodies(last + 1);
  EXPECT_TRUE(
      has_error(over, "/testGroups/0/tests/0/steps/0/input", "expand to more than 67108864 bytes"));
}

TEST_F(LoaderTest, NumberOfTestsIsNonNegative) {
  json f = valid_file();
  f["numberOfTests"] = -1;
  const load_result r = load_fixture_file(write("a_test.json", f.dump()));
  EXPECT_TRUE(has_error(r, "/numberOfTests", "expected a non-negative integer"));
  for (const fixture_error& e : r.errors)
    EXPECT_EQ(e.message.find("18446744073709551615"), std::string::npos);
}

TEST_F(LoaderTest, TimesHaveOneRangeHoweverWritten) {
  auto loads_with_now = [&](const json& now) {
    json f = valid_file();
    f["testGroups"][0]["tests"][0]["steps"][0]["now"] = now;
    return load_fixture_file(write("a_test.json", f.dump())).errors.empty();
  };
  EXPECT_TRUE(loads_with_now(0));
  EXPECT_TRUE(loads_with_now("1970-01-01T00:00:00Z"));
  EXPECT_TRUE(loads_with_now(max_fixture_time));
  EXPECT_TRUE(loads_with_now("9999-12-31T23:59:59Z"));
  EXPECT_FALSE(loads_with_now(-1));
  EXPECT_FALSE(loads_with_now("1969-12-31T23:59:59Z"));
  EXPECT_FALSE(loads_with_now(max_fixture_time + 1));
  EXPECT_FALSE(loads_with_now(std::uint64_t{1} << 63));
}

TEST_F(LoaderTest, TcIdRangeIsKeptExactly) {
  auto loaded_id = [&](const json& id) -> std::optional<std::int64_t> {
    json f = valid_file();
    f["testGroups"][0]["tests"][0]["tcId"] = id;
    const load_result r = load_fixture_file(write("a_test.json", f.dump()));
    if (!r.errors.empty()) return std::nullopt;
    return r.file.tests[0].tc_id;
  };
  EXPECT_EQ(loaded_id(std::int64_t{1} << 40), std::int64_t{1} << 40);
  EXPECT_EQ(loaded_id(max_tc_id), max_tc_id);
  EXPECT_EQ(loaded_id(max_tc_id + 1), std::nullopt);
  EXPECT_EQ(loaded_id(0), std::nullopt);
  EXPECT_EQ(loaded_id(std::uint64_t{1} << 63), std::nullopt);
}
