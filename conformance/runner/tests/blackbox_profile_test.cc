// SPDX-License-Identifier: Apache-2.0
// Level N profiles (conformance/PROTOCOL.md "Level N"): what a profile may say, and the
// placeholders its commands use.
#include "mtasts/conformance/blackbox_profile.h"

#include <gtest/gtest.h>

namespace mtasts::conformance {
namespace {

std::optional<blackbox_profile> parse(const char* text, std::string& error) {
  return blackbox_profile::parse(json::parse(text), "test.json", error);
}

TEST(BlackboxProfile, ReadsCommandsFilterReportsAndSharedMembers) {
  std::string error;
  const auto p = parse(R"({"impl": "x", "Commands": {"lookup": "x-query {domain}",
      "deliver": ["x", "--mx", "{domain}"]}, "OutputFilter": "python3 f.py",
      "Reports": ["outcome", "policy"], "Env": {"SSL_CERT_FILE": "{ca_file}"},
      "TimeoutSeconds": 7, "DisabledTests": {"a/*": "why"}, "LoopbackPorts": true})",
                       error);
  ASSERT_TRUE(p) << error;
  EXPECT_EQ(p->impl, "x");
  EXPECT_EQ(p->commands.at(step_action::lookup), (std::vector<std::string>{"x-query", "{domain}"}));
  EXPECT_EQ(p->commands.at(step_action::deliver),
            (std::vector<std::string>{"x", "--mx", "{domain}"}));
  EXPECT_EQ(p->output_filter, (std::vector<std::string>{"python3", "f.py"}));
  EXPECT_EQ(p->reports, (std::set<std::string>{"outcome", "policy"}));
  EXPECT_EQ(p->env.at("SSL_CERT_FILE"), "{ca_file}");
  EXPECT_TRUE(p->loopback_ports);
  EXPECT_EQ(p->config.timeout_seconds, 7);
  EXPECT_EQ(p->config.disabled("a/b"), std::optional<std::string>("why"));
}

TEST(BlackboxProfile, RejectsWhatItCannotHonour) {
  std::string error;
  EXPECT_FALSE(parse(R"({"Reports": []})", error));
  EXPECT_NE(error.find("/Commands"), std::string::npos) << error;
  EXPECT_FALSE(parse(R"({"Commands": {"refresh": "x"}, "Reports": []})", error));
  EXPECT_NE(error.find("unknown action"), std::string::npos) << error;
  EXPECT_FALSE(parse(R"({"Commands": {"lookup": ""}, "Reports": []})", error));
  EXPECT_FALSE(parse(R"({"Commands": {"lookup": "x"}, "Reports": ["verdict"]})", error));
  EXPECT_NE(error.find("unknown observation field"), std::string::npos) << error;
  EXPECT_FALSE(parse(R"({"Commands": {"lookup": "x"}, "Reports": [], "Shim": "y"})", error));
  EXPECT_NE(error.find("/Shim"), std::string::npos) << error;
  EXPECT_FALSE(
      parse(R"({"Commands": {"lookup": "x"}, "Reports": [], "TimeoutSeconds": 0})", error));
}

TEST(BlackboxProfile, ExpandsKnownPlaceholdersOnly) {
  const std::map<std::string, std::string> values = {{"domain", "example.com"},
                                                     {"https_port", "443"}};
  EXPECT_EQ(expand_placeholders("q {domain}:{https_port}", values), "q example.com:443");
  EXPECT_EQ(expand_placeholders("{unknown} {domain", values), "{unknown} {domain");
  EXPECT_EQ(expand_placeholders("", values), "");
  EXPECT_EQ(expand_placeholders("{domain}{domain}", values), "example.comexample.com");
}

TEST(BlackboxProfile, ShippedProfilesLoad) {
  for (const char* name : {"mta-sts-query", "mtasts-check"}) {
    std::string error;
    const auto p = blackbox_profile::load(
        std::string(MTASTS_SOURCE_DIR) + "/conformance/blackbox/" + name + ".json", error);
    ASSERT_TRUE(p) << error;
    EXPECT_EQ(p->impl, name);
    EXPECT_TRUE(p->commands.count(step_action::lookup));
  }
}

}  // namespace
}  // namespace mtasts::conformance
