// SPDX-License-Identifier: Apache-2.0
// The typed vocabularies (vocabulary.h) say exactly what the fixture JSON Schema says: the
// same words, in the same order, for every enum the schema has.
#include "mtasts/conformance/vocabulary.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "mtasts/conformance/fixture.h"

namespace mtasts::conformance {
namespace {

json schema() {
  std::ifstream in(std::string(MTASTS_SOURCE_DIR) + "/fixtures/schemas/fixture.schema.json");
  return json::parse(in);
}

std::vector<std::string> schema_enum(const std::string& pointer) {
  return schema().at(json::json_pointer(pointer)).get<std::vector<std::string>>();
}

template <class Vocabulary>
std::vector<std::string> words_of(const Vocabulary& v) {
  std::vector<std::string> out;
  for (const auto& [value, name] : v.words) out.emplace_back(name);
  return out;
}

TEST(Vocabulary, StepActionsAreTheSchemasActions) {
  std::vector<std::string> names;
  for (const step_action_info& a : step_actions) names.emplace_back(a.name);
  EXPECT_EQ(names, schema_enum("/$defs/step/properties/action/enum"));
}

TEST(Vocabulary, EachActionsLevelFollowsItsShimCommand) {
  // Level P actions are the ones a shim answers with one command (PROTOCOL.md "Level P").
  for (const step_action_info& a : step_actions) {
    const bool one_command =
        a.name.starts_with("parse_") || a.name.starts_with("build_") || a.name.ends_with("match");
    EXPECT_EQ(a.level == protocol_level::p, one_command) << a.name;
  }
}

TEST(Vocabulary, CapabilitiesLevelsResultsAreTheSchemas) {
  EXPECT_EQ(words_of(capabilities), schema_enum("/$defs/test/properties/requires/items/enum"));
  EXPECT_EQ(words_of(test_levels), schema_enum("/$defs/test/properties/level/enum"));
  EXPECT_EQ(words_of(expected_results), schema_enum("/$defs/test/properties/result/enum"));
}

TEST(Vocabulary, WorldWordsAreTheSchemas) {
  EXPECT_EQ(words_of(rcodes),
            schema_enum("/$defs/step/properties/dns/items/properties/rcode/enum"));
  EXPECT_EQ(words_of(transports),
            schema_enum("/$defs/step/properties/https/items/properties/transport/enum"));
  EXPECT_EQ(words_of(tls_verdicts), schema_enum("/$defs/tls/oneOf/0/properties/verdict/enum"));
}

TEST(Vocabulary, EveryActionNeedsADeclaredCapability) {
  for (const step_action_info& a : step_actions) {
    EXPECT_FALSE(capabilities.name(a.needs).empty()) << a.name;
    EXPECT_EQ(step_action_from(a.name), a.action);
  }
  EXPECT_EQ(step_action_from("teleport"), std::nullopt);
}

}  // namespace
}  // namespace mtasts::conformance
