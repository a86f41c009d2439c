// SPDX-License-Identifier: Apache-2.0
// The error object and extension list of parse observations (mtasts/observation/parse_result.h).
#include "mtasts/observation/parse_result.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace mtasts::observation {
namespace {

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
}  // namespace mtasts::observation
