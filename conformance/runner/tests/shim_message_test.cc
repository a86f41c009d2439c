// SPDX-License-Identifier: Apache-2.0
// D1 shim messages (mtasts/conformance/shim_message.h): a wrongly typed field is named in the
// error and never throws; a question gets its answer from the step's world.
#include "mtasts/conformance/shim_message.h"

#include <gtest/gtest.h>

#include <string>

namespace mtasts::conformance {
namespace {

const json& step() {
  static const json s = json::parse(R"({"now": 100, "action": "lookup", "expect": {},
    "dns": [{"name": "_mta-sts.example.com", "rcode": "NOERROR", "txt": [["v=STSv1; id=1"]]}],
    "https": [{"url": "https://mta-sts.example.com/.well-known/mta-sts.txt", "body": "x"}],
    "mx": [{"host": "mx.example.com"}]})");
  return s;
}

shim_message interpret(const std::string& line) {
  step_world world(step(), 100);
  shim_output_budget budget;
  return interpret_shim_message(line, world, budget);
}

TEST(ShimMessage, WronglyTypedFieldsAreNamed) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"type":"dns","name":5})", "/name: expected a string"},
      {R"({"type":"dns"})", "/name: missing (expected a string)"},
      {R"({"type":"dns","name":"a","rrtype":null})", "/rrtype: expected a string"},
      {R"({"type":"dns","name":"a","rrtype":"MX"})", "/rrtype: expected TXT, A or AAAA"},
      {R"({"type":"https","url":{}})", "/url: expected a string"},
      {R"({"type":"smtp","host":[1]})", "/host: expected a string"},
      {R"({"type":5})", "/type: expected a string"},
      {R"({"name":"x"})", "/type: missing (expected a string)"},
      {R"({"type":"result","observation":[]})", "/observation: expected an object"},
      {R"({"type":"unimplemented","detail":1})", "/detail: expected a string"},
      {R"({"type":"teleport"})", "/type: unknown message type \"teleport\""},
      {R"([1])", "expected a JSON object"},
      {R"({"type":"dns","type":"dns","name":"a"})", "duplicate key \"type\""},
  };
  for (const auto& [line, says] : cases) {
    const shim_message m = interpret(line);
    EXPECT_EQ(m.kind, shim_message_kind::malformed) << line;
    EXPECT_NE(m.detail.find(says), std::string::npos) << line << " -> " << m.detail;
  }
}

TEST(ShimMessage, DeepMessagesStopAtTheDepthLimit) {
  const shim_message m = interpret(R"({"type":"clock","x":)" + std::string(100000, '[') +
                                   std::string(100000, ']') + "}");
  EXPECT_EQ(m.kind, shim_message_kind::malformed);
  EXPECT_NE(m.detail.find("nested deeper than 64 levels"), std::string::npos) << m.detail;
}

TEST(ShimMessage, QuestionsAreAnsweredFromTheStep) {
  shim_message m = interpret(R"({"type":"dns","name":"_mta-sts.example.com"})");
  ASSERT_EQ(m.kind, shim_message_kind::question) << m.detail;
  EXPECT_EQ(m.answer["rcode"], "NOERROR");
  EXPECT_EQ(m.answer["txt"], json::parse(R"([["v=STSv1; id=1"]])"));
  m = interpret(R"({"type":"dns","name":"mx.example.com","rrtype":"AAAA"})");
  EXPECT_EQ(m.answer["addresses"], json::array({"2001:db8::25"}));
  m = interpret(R"({"type":"clock"})");
  EXPECT_EQ(m.answer, json::parse(R"({"type":"clock","now":100})"));
  m = interpret(R"({"type":"smtp","host":"other.example"})");
  EXPECT_EQ(m.answer["connect_error"], true);
}

TEST(ShimMessage, ResultsCarryWhatWasAskedOfTheWorld) {
  step_world world(step(), 100);
  shim_output_budget budget;
  interpret_shim_message(R"({"type":"dns","name":"_mta-sts.example.com"})", world, budget);
  const shim_message m =
      interpret_shim_message(R"({"type":"result","observation":{"valid":true}})", world, budget);
  ASSERT_EQ(m.kind, shim_message_kind::result);
  EXPECT_EQ(m.observation["queries"], json::array({"_mta-sts.example.com"}));
  EXPECT_EQ(m.observation["fetches"], 0);
}

TEST(ShimMessage, UnimplementedKeepsAPrintableDetail) {
  const shim_message m = interpret(R"({"type":"unimplemented","detail":"no \u001b[31m"})");
  ASSERT_EQ(m.kind, shim_message_kind::unimplemented);
  EXPECT_EQ(m.detail, "no \\x1b[31m");
}

TEST(ShimMessage, ValuesAreSpentFromTheTestsBudget) {
  step_world world(step(), 100);
  shim_output_budget budget;
  budget.values = 3;
  EXPECT_EQ(interpret_shim_message(R"({"type":"clock"})", world, budget).kind,
            shim_message_kind::question);
  EXPECT_EQ(budget.values, 1U);
  const shim_message m = interpret_shim_message(R"({"type":"clock"})", world, budget);
  EXPECT_EQ(m.kind, shim_message_kind::malformed);
  EXPECT_NE(m.detail.find("more than 1 values"), std::string::npos) << m.detail;
  EXPECT_NE(m.detail.find("a test's answers hold at most 262144 JSON values"), std::string::npos)
      << m.detail;
}

}  // namespace
}  // namespace mtasts::conformance
