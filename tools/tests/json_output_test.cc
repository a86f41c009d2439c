// The bytes rule and the shared JSON shapes of the CLI (json_output.h).
#include "json_output.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "mtasts/error.h"

namespace mtasts::cli {
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

TEST(BytesRule, RenderNeverThrowsOnOutputBuiltWithIt) {
  json object = json::object();
  object["value"] = bytes_to_json("\xFF\xFE broken \xC0\x80");
  std::string text;
  ASSERT_NO_THROW(text = render(object, false));
  EXPECT_EQ(text, "{\"value\":{\"base64\":\"//4gYnJva2VuIMCA\"}}\n");
}

TEST(Render, CompactIsOneLineAndPrettyIndentsByTwo) {
  json object = json::object();
  object["valid"] = true;
  object["kind"] = "txt";
  EXPECT_EQ(render(object, false), "{\"valid\":true,\"kind\":\"txt\"}\n");
  EXPECT_EQ(render(object, true), "{\n  \"valid\": true,\n  \"kind\": \"txt\"\n}\n");
}

TEST(ErrorObject, CarriesTheRegistryFieldsInOrder) {
  const parse_error error{error_code::POLICY_MAX_AGE_RANGE, 42, 3, 10};
  const json object = error_object(error);
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  EXPECT_EQ(keys,
            (std::vector<std::string>{"token", "family", "offset", "line", "column", "message"}));
  EXPECT_EQ(object.at("token"), "POLICY_MAX_AGE_RANGE");
  EXPECT_EQ(object.at("family"), "POLICY_MAX_AGE");
  EXPECT_EQ(object.at("offset"), 42);
  EXPECT_EQ(object.at("line"), 3);
  EXPECT_EQ(object.at("column"), 10);
  EXPECT_EQ(object.at("message"), std::string(message(error_code::POLICY_MAX_AGE_RANGE)));
}

TEST(ErrorObject, NamesTheSubjectForMatchers) {
  const parse_error error{error_code::HOST_CHARACTER, 0, 1, 1};
  const json object = error_object(error, "host");
  EXPECT_EQ(object.at("token"), "HOST_CHARACTER");
  EXPECT_EQ(object.at("subject"), "host");
}

TEST(ExtensionList, IsPairsInOrderUnderTheBytesRule) {
  const std::vector<std::pair<std::string, std::string>> extensions = {
      {"b", "2"}, {"a", "caf\xC3\xA9"}, {"c", "\xFF"}};
  EXPECT_EQ(extension_list(extensions),
            json::parse(R"([["b","2"],["a","café"],["c",{"base64":"/w=="}]])"));
  EXPECT_EQ(extension_list(std::vector<std::pair<std::string, std::string>>{}), json::array());
}

}  // namespace
}  // namespace mtasts::cli
