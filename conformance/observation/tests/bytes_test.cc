// SPDX-License-Identifier: Apache-2.0
// The bytes rule and fixture byte values (mtasts/observation/bytes.h).
#include "mtasts/observation/bytes.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace mtasts::observation {
namespace {

using namespace std::string_literals;

TEST(BytesRule, WellFormedUtf8IsAJsonString) {
  EXPECT_EQ(bytes_to_json("mx1.example.com"), json("mx1.example.com"));
  EXPECT_EQ(bytes_to_json(""), json(""));
  EXPECT_EQ(bytes_to_json("caf\xC3\xA9"), json("caf\xC3\xA9"));
  EXPECT_EQ(bytes_to_json("a\0b"s), json("a\0b"s));
}

TEST(BytesRule, AnythingElseIsABase64Object) {
  const json value = bytes_to_json("v=STSv1; id=\xFF");
  ASSERT_TRUE(value.is_object());
  ASSERT_EQ(value.size(), 1U);
  EXPECT_EQ(value.at("base64"), "dj1TVFN2MTsgaWQ9/w==");
  EXPECT_EQ(bytes_to_json("\xED\xA0\x80"), json::parse(R"({"base64":"7aCA"})"));  // surrogate
  EXPECT_EQ(bytes_to_json("\xC3"), json::parse(R"({"base64":"ww=="})"));          // truncated
}

TEST(BytesRule, RoundTripsThroughBytesFromJson) {
  const std::vector<std::string> samples = {
      "", "ascii", "caf\xC3\xA9", "\xFF", "\x80\x81\x82", "a\0\xFE"s, "\xF4\x90\x80\x80"};
  for (const std::string& bytes : samples) {
    EXPECT_EQ(bytes_from_json(bytes_to_json(bytes)), bytes);
  }
}

TEST(BytesRule, BytesFromJsonAcceptsOnlyTheTwoForms) {
  EXPECT_EQ(bytes_from_json(json("x")), "x");
  EXPECT_EQ(bytes_from_json(json::parse(R"({"base64":"/w=="})")), "\xFF");
  EXPECT_EQ(bytes_from_json(json::parse(R"({"base64":"/w="})")), std::nullopt);
  EXPECT_EQ(bytes_from_json(json::parse(R"({"base64":"/w==","x":1})")), std::nullopt);
  EXPECT_EQ(bytes_from_json(json::parse(R"({"b64":"/w=="})")), std::nullopt);
  EXPECT_EQ(bytes_from_json(json::parse(R"({"base64":255})")), std::nullopt);
  EXPECT_EQ(bytes_from_json(json(42)), std::nullopt);
  EXPECT_EQ(bytes_from_json(json(nullptr)), std::nullopt);
  EXPECT_EQ(bytes_from_json(json::parse(R"(["x"])")), std::nullopt);
}

TEST(FixtureBytes, ReadsTheBytesRuleAndRepetitions) {
  EXPECT_EQ(fixture_bytes(json("x")), "x");
  EXPECT_EQ(fixture_bytes(json::parse(R"({"base64":"/w=="})")), "\xFF");
  EXPECT_EQ(fixture_bytes(json::parse(R"({"repeat":"ab","count":3})")), "ababab");
  EXPECT_EQ(fixture_bytes(json::parse(R"({"repeat":"ab","count":0})")), "");
  EXPECT_EQ(fixture_bytes_size(json::parse(R"({"repeat":"ab","count":3})")), 6U);
  EXPECT_EQ(fixture_bytes_size(json::parse(R"({"base64":"/w=="})")), 1U);
}

TEST(FixtureBytes, RefusesMalformedRepetitionsAndTheLimitPlusOne) {
  for (const char* bad :
       {R"({"repeat":"","count":3})", R"({"repeat":"a","count":-1})", R"({"repeat":"a"})",
        R"({"repeat":"a","count":1,"x":1})", R"({"repeat":1,"count":1})"}) {
    EXPECT_EQ(fixture_bytes(json::parse(bad)), std::nullopt) << bad;
    EXPECT_EQ(fixture_bytes_size(json::parse(bad)), std::nullopt) << bad;
  }
  json at_limit = json::parse(R"({"repeat":"ab"})");
  at_limit["count"] = max_fixture_bytes / 2;
  EXPECT_EQ(fixture_bytes_size(at_limit), max_fixture_bytes);
  json over = json::parse(R"({"repeat":"a"})");
  over["count"] = max_fixture_bytes + 1;
  EXPECT_EQ(fixture_bytes_size(over), std::nullopt);
  EXPECT_EQ(fixture_bytes(over), std::nullopt);
}

}  // namespace
}  // namespace mtasts::observation
