// SPDX-License-Identifier: Apache-2.0
// Shims that misbehave (crash, hang, flood, print garbage, exit outside the protocol) are
// reported as such for the test they were running, and the run goes on; the ErrorMap,
// DisabledTests and AcceptableFlags change verdicts exactly as conformance/PROTOCOL.md says.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "mtasts/conformance/runner.h"
#include "mtasts/conformance/subject.h"

namespace fs = std::filesystem;
using namespace mtasts::conformance;

namespace {

constexpr const char* capabilities_line =
    R"(echo '{"protocol":"mtasts-shim/1","name":"fake","levels":["P","D1"],)"
    R"("capabilities":["parse","discover"]}'; exit 0)";

// Four tests: a TXT parse (valid), a policy parse (invalid: bad mode), an acceptable one,
// and a lookup (D1).
json suite() {
  return json::parse(R"({"schema":"mtasts-fixture/1","suite":"t","numberOfTests":4,
    "notes":{"Ambiguous":{"description":"d","ambiguity":"A-7"}},
    "testGroups":[{"tests":[
    {"tcId":1,"name":"rfc8461/3.1/txt","level":"MUST","result":"valid","requirements":["R-3.1-3"],
     "requires":["parse"],"steps":[{"now":0,"action":"parse_txt","input":"v=STSv1; id=a",
     "expect":{"valid":true,"id":"a"}}]},
    {"tcId":2,"name":"rfc8461/3.2/mode","level":"MUST","result":"invalid","requirements":["R-3.2-4"],
     "requires":["parse"],"steps":[{"now":0,"action":"parse_policy","input":"version: STSv1\n",
     "expect":{"valid":false,"error":{"token":"POLICY_MODE_VALUE","offset":3}}}]},
    {"tcId":3,"name":"rfc8461/3.2/ambiguous","level":"MUST","result":"acceptable",
     "flags":["Ambiguous"],"requirements":["A-7"],"requires":["parse"],"steps":[{"now":0,
     "action":"parse_txt","input":"v=STSv1; id=b","expect":{"valid":true,"id":"b"},
     "alternatives":[{"valid":false}]}]},
    {"tcId":4,"name":"rfc8461/3.1/lookup","level":"MUST","result":"invalid",
     "requirements":["R-3.1-7"],"requires":["discover"],"steps":[{"now":0,"action":"lookup",
     "dns":[{"name":"_mta-sts.example.com","rcode":"NOERROR","txt":[["v=STSv1; id=x"]]}],
     "expect":{"outcome":"none","events":["DNS_NODATA"]}}]}]}]})");
}

class ShimTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mtasts-shim-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "t_test.json") << suite().dump();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A shell script shim: `--capabilities` answers, everything else runs `body`.
  std::vector<std::string> shim(const std::string& body) {
    const fs::path p = dir_ / "shim.sh";
    std::ofstream(p) << "#!/bin/sh\nif [ \"$1\" = --capabilities ]; then " << capabilities_line
                     << "; fi\n"
                     << body << "\n";
    ::chmod(p.c_str(), 0755);
    return {"/bin/sh", p.string()};
  }

  run_summary run(const std::vector<std::string>& command, shim_config& config) {
    std::string error;
    std::unique_ptr<shim_subject> s = shim_subject::create(command, config, error);
    EXPECT_TRUE(s) << error;
    if (!s) return {};
    run_options options;
    options.paths = {dir_.string()};
    options.config = &config;
    options.jobs = 2;
    return run_suite(*s, options, expectations{});
  }

  static test_status status_of(const run_summary& s, const std::string& name) {
    for (const test_result& r : s.results) {
      if (r.test->name == name) return r.status;
    }
    ADD_FAILURE() << "no result for " << name;
    return test_status::pass;
  }

  fs::path dir_;
};

}  // namespace

TEST_F(ShimTest, NoCapabilitiesIsAnError) {
  const fs::path p = dir_ / "mute.sh";
  std::ofstream(p) << "#!/bin/sh\necho '{}'\n";
  shim_config config;
  std::string error;
  EXPECT_FALSE(shim_subject::create({"/bin/sh", p.string()}, config, error));
  EXPECT_NE(error.find("mtasts-shim/1"), std::string::npos) << error;
}

TEST_F(ShimTest, CorrectAnswersPassAndTheErrorMapTranslates) {
  shim_config config;
  std::string error;
  const json doc = json::parse(R"({"ErrorMap":{"invalid_sts_mode":"POLICY_MODE"}})");
  config = *shim_config::parse(doc, "inline", error);
  const run_summary s = run(shim(R"sh(case "$2" in
      txt) case "$(cat "$3")" in *id=a) echo '{"valid":true,"id":"a"}';;
             *) echo '{"valid":true,"id":"b"}';; esac; exit 0;;
      policy) echo '{"valid":false,"error":{"message":"invalid_sts_mode"}}'; exit 1;;
    esac; exit 89)sh"),
                            config);
  EXPECT_EQ(status_of(s, "rfc8461/3.1/txt"), test_status::pass);
  // Mapped to the family: the expected token's family matches, the offset is not printed.
  EXPECT_EQ(status_of(s, "rfc8461/3.2/mode"), test_status::pass);
  EXPECT_EQ(status_of(s, "rfc8461/3.2/ambiguous"), test_status::acceptable_pass);
  // `session` exits 89: unimplemented.
  EXPECT_EQ(status_of(s, "rfc8461/3.1/lookup"), test_status::unimplemented);
  EXPECT_TRUE(config.unused({"Ambiguous"}).empty());
}

TEST_F(ShimTest, UnmappedMessageIsWrongErrorAndAcceptingIsShouldHaveFailed) {
  shim_config config;
  run_summary s =
      run(shim(R"sh(echo '{"valid":false,"error":{"message":"nope"}}'; exit 1)sh"), config);
  EXPECT_EQ(status_of(s, "rfc8461/3.2/mode"), test_status::wrong_error);
  EXPECT_EQ(status_of(s, "rfc8461/3.1/txt"), test_status::should_have_passed);
  // Rejecting the acceptable test matches its alternative.
  EXPECT_EQ(status_of(s, "rfc8461/3.2/ambiguous"), test_status::acceptable_fail);
  s = run(shim(R"sh(echo '{"valid":true,"mode":"none"}'; exit 0)sh"), config);
  EXPECT_EQ(status_of(s, "rfc8461/3.2/mode"), test_status::should_have_failed);
}

TEST_F(ShimTest, AcceptableFlagsHoldTheShimToItsDeclaration) {
  std::string error;
  shim_config config =
      *shim_config::parse(json::parse(R"({"AcceptableFlags":{"Ambiguous":"expect"}})"), "x", error);
  const run_summary s =
      run(shim(R"sh(echo '{"valid":false,"error":{"message":"nope"}}'; exit 1)sh"), config);
  EXPECT_EQ(status_of(s, "rfc8461/3.2/ambiguous"), test_status::should_have_passed);
}

TEST_F(ShimTest, MalformedOutputAndBadExitsCrashOnlyTheirTest) {
  shim_config config;
  const run_summary s = run(shim(R"sh(case "$2" in
      txt) echo 'not json'; exit 0;;
      policy) kill -SEGV $$;;
    esac; exit 7)sh"),
                            config);
  EXPECT_EQ(status_of(s, "rfc8461/3.1/txt"), test_status::crash);
  EXPECT_EQ(status_of(s, "rfc8461/3.2/mode"), test_status::crash);
  EXPECT_EQ(status_of(s, "rfc8461/3.1/lookup"), test_status::crash);  // exit 7
  EXPECT_EQ(s.results.size(), 4u);
}

TEST_F(ShimTest, HangIsATimeoutAndTheRunGoesOn) {
  shim_config config;
  config.timeout_seconds = 1;
  const run_summary s = run(shim(R"sh(case "$2" in
      txt) sleep 30;;
      policy) echo '{"valid":false,"error":{"token":"POLICY_MODE_VALUE"}}'; exit 1;;
    esac; exit 89)sh"),
                            config);
  EXPECT_EQ(status_of(s, "rfc8461/3.1/txt"), test_status::timeout);
  EXPECT_EQ(status_of(s, "rfc8461/3.2/mode"), test_status::pass);
}

TEST_F(ShimTest, FloodIsACrash) {
  shim_config config;
  const run_summary s = run(shim(R"sh(head -c 70000000 /dev/zero; exit 0)sh"), config);
  EXPECT_EQ(status_of(s, "rfc8461/3.1/txt"), test_status::crash);
}

TEST_F(ShimTest, SessionAnswersComeFromTheFixture) {
  shim_config config;
  // A D1 shim in shell: asks for the TXT record and reports what the runner answered.
  const run_summary s = run(shim(R"sh(read begin; read step
      echo '{"type":"dns","name":"_mta-sts.example.com","rrtype":"TXT"}'; read answer
      case "$answer" in *'"txt"'*) events='[]';; *) events='["DNS_NODATA"]';; esac
      echo "{\"type\":\"result\",\"observation\":{\"outcome\":\"none\",\"events\":$events}}"
      read end; exit 0)sh"),
                            config);
  // The record exists, so the shim reports no event: the invalid test is not matched.
  EXPECT_EQ(status_of(s, "rfc8461/3.1/lookup"), test_status::wrong_error);
  for (const test_result& r : s.results) {
    if (r.test->name != "rfc8461/3.1/lookup") continue;
    ASSERT_FALSE(r.reasons.empty());
    EXPECT_NE(r.reasons[0].find("/events"), std::string::npos) << r.reasons[0];
  }
}

TEST_F(ShimTest, DisabledTestsAndUnusedEntries) {
  std::string error;
  shim_config config =
      *shim_config::parse(json::parse(R"({"DisabledTests":{"rfc8461/3.1/*":"why","never/*":"stale"},
                      "ErrorMap":{"never printed":"POLICY_MODE"}})"),
                          "x", error);
  const run_summary s = run(shim("exit 89"), config);
  EXPECT_EQ(status_of(s, "rfc8461/3.1/txt"), test_status::disabled);
  EXPECT_EQ(status_of(s, "rfc8461/3.1/lookup"), test_status::disabled);
  EXPECT_EQ(status_of(s, "rfc8461/3.2/mode"), test_status::unimplemented);
  const std::vector<std::string> unused = config.unused({"Ambiguous", "Other"});
  ASSERT_EQ(unused.size(), 2u);
  EXPECT_NE(unused[0].find("never/*"), std::string::npos);
  EXPECT_NE(unused[1].find("never printed"), std::string::npos);
}

TEST(ShimConfig, RejectsUnknownTargetsAndMembers) {
  std::string error;
  EXPECT_FALSE(shim_config::parse(json::parse(R"({"ErrorMap":{"x":"NOT_A_TOKEN"}})"), "c", error));
  EXPECT_NE(error.find("/ErrorMap/x"), std::string::npos) << error;
  EXPECT_FALSE(shim_config::parse(json::parse(R"({"Typo":1})"), "c", error));
  EXPECT_NE(error.find("/Typo"), std::string::npos) << error;
  EXPECT_FALSE(
      shim_config::parse(json::parse(R"({"AcceptableFlags":{"F":"sometimes"}})"), "c", error));
}
