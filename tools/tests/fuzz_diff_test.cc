// SPDX-License-Identifier: Apache-2.0
// `mtasts fuzz-diff`: the generator's determinism and reach, the comparison by kind, delta
// debugging, the class table and the batch form of the reference shim.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "answer_compare.h"
#include "batch_command.h"
#include "deviation_table.h"
#include "fuzz_diff_report.h"
#include "implementation.h"
#include "minimise.h"
#include "mtasts/conformance/level_p_batch.h"
#include "mtasts/observation/parse_result.h"
#include "question_generator.h"

namespace mtasts::cli::fuzz_diff {
namespace {

using conformance::level_p_answer;
using conformance::level_p_input;
using conformance::level_p_status;
using conformance::step_action;

std::string key(const level_p_input& q) {
  std::string k = std::string(conformance::describe(q.action).name) + "|" + q.file_bytes;
  for (const std::string& o : q.operands) k += "|" + o;
  return k + (q.policy_host ? "|policy-host" : "");
}

std::vector<level_p_input> some_seeds() {
  level_p_input policy{step_action::parse_policy,
                       "version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 86400\n",
                       {},
                       false};
  level_p_input txt{step_action::parse_txt, "v=STSv1; id=20240101", {}, false};
  level_p_input match{step_action::match, {}, {"*.example.com", "mx.example.com"}, false};
  return {policy, txt, match};
}

TEST(QuestionGenerator, TheSameSeedGivesTheSameQuestions) {
  question_generator a(42, some_seeds()), b(42, some_seeds()), c(43, some_seeds());
  std::size_t differ = 0;
  for (int i = 0; i < 600; ++i) {
    const question_kind kind = all_question_kinds[i % all_question_kinds.size()];
    const generated_question x = a.next(kind), y = b.next(kind), z = c.next(kind);
    EXPECT_EQ(key(x.question), key(y.question)) << i;
    EXPECT_EQ(x.from, y.from);
    EXPECT_EQ(x.question.action, action_of(kind));
    differ += key(x.question) != key(z.question) ? 1 : 0;
  }
  EXPECT_GT(differ, 500U);  // another seed, other questions
}

TEST(QuestionGenerator, ReachesBothVerdictsAndStaysWithinItsSize) {
  question_generator g(7, some_seeds());
  const parser_profile strict = *find_profile("strict");
  for (question_kind kind :
       {question_kind::txt, question_kind::policy, question_kind::tlsrpt,
        question_kind::txt_records, question_kind::match, question_kind::cert_match}) {
    std::size_t yes = 0, no = 0;
    std::set<std::string> distinct;
    for (int i = 0; i < 2000; ++i) {
      const generated_question q = g.next(kind);
      EXPECT_LE(q.question.file_bytes.size(), max_generated_bytes + 1024);
      distinct.insert(key(q.question));
      const level_p_answer a = engine_answer(q.question, strict);
      ASSERT_EQ(a.status, level_p_status::answered) << to_string(kind) << ": " << a.detail;
      (a.exit_code == 0 ? yes : no) += 1;
    }
    // Measured on this generator: every kind has both verdicts in quantity.
    EXPECT_GT(yes, 150U) << to_string(kind);
    EXPECT_GT(no, 150U) << to_string(kind);
    EXPECT_GT(distinct.size(), 1000U) << to_string(kind);
  }
}

TEST(QuestionGenerator, GrammarPoliciesAreOftenValid) {
  question_generator g(1, {});
  std::size_t valid = 0;
  for (int i = 0; i < 1000; ++i)
    valid += observation::observe_policy(g.grammar_policy()).outcome == observation::verdict::yes;
  EXPECT_GT(valid, 250U);   // measured: 29%
  EXPECT_LT(valid, 1000U);  // and it strays from the grammar now and then
}

level_p_answer answered(json output, int exit_code) {
  level_p_answer a;
  a.output = std::move(output);
  a.exit_code = exit_code;
  return a;
}

const json valid_policy = json::parse(
    R"({"valid":true,"kind":"policy","version":"STSv1","mode":"enforce","max_age":86400,"mx":["mx.example.com"],"extensions":[]})");
const json rejected_policy =
    json::parse(R"({"valid":false,"kind":"policy","error":{"token":"POLICY_MODE_VALUE"}})");

TEST(CompareAnswers, AcceptAgainstRejectIsAClassNamingTheRfcToken) {
  const comparison c = compare_answers(question_kind::policy, rejected_policy, 1,
                                       answered(valid_policy, 0), nullptr);
  EXPECT_EQ(c.outcome, comparison_outcome::disagree);
  EXPECT_EQ(c.signature, "policy: RFC rejects (POLICY_MODE_VALUE), implementation accepts");
  EXPECT_EQ(c.reference_says, "rejects (POLICY_MODE_VALUE)");
  EXPECT_EQ(c.implementation_says, "accepts");
}

TEST(CompareAnswers, FieldsCompareOnlyWhenPrintedAndMxIgnoresCase) {
  json theirs = valid_policy;
  theirs.erase("extensions");
  theirs["mx"] = json::array({"MX.example.COM"});
  EXPECT_EQ(
      compare_answers(question_kind::policy, valid_policy, 0, answered(theirs, 0), nullptr).outcome,
      comparison_outcome::agree);
  theirs["mode"] = "none";
  theirs["mx"] = json::array({"mx.example.com", "mx.example.com"});
  const comparison c =
      compare_answers(question_kind::policy, valid_policy, 0, answered(theirs, 0), nullptr);
  EXPECT_EQ(c.signature, "policy: both accept, implementation differs in mode, mx");
}

TEST(CompareAnswers, MxDeduplicatedComparesTheMxAsASet) {
  std::string error;
  const std::optional<conformance::shim_config> config =
      conformance::shim_config::parse(json{{"impl", "x"}, {"MxDeduplicated", true}}, "test", error);
  ASSERT_TRUE(config) << error;
  json ours = valid_policy, theirs = valid_policy;
  ours["mx"] = json::array({"a.example", "A.example", "b.example"});
  theirs["mx"] = json::array({"a.example", "b.example"});
  EXPECT_EQ(compare_answers(question_kind::policy, ours, 0, answered(theirs, 0), &*config).outcome,
            comparison_outcome::agree);
  EXPECT_EQ(compare_answers(question_kind::policy, ours, 0, answered(theirs, 0), nullptr).outcome,
            comparison_outcome::disagree);
}

TEST(CompareAnswers, RejectionsCompareByFamilyThroughTheErrorMap) {
  std::string error;
  const std::optional<conformance::shim_config> config = conformance::shim_config::parse(
      json{{"impl", "x"},
           {"ErrorMap", {{"bad mode", "POLICY_MODE_MISSING"}, {"bad mx", "MX_PATTERN"}}}},
      "test", error);
  ASSERT_TRUE(config) << error;
  auto theirs = [](const std::string& message) {
    return answered(json{{"valid", false}, {"error", {{"message", message}}}}, 1);
  };
  // Same family (POLICY_MODE), a family the map gives, an unmapped message: no class.
  EXPECT_EQ(compare_answers(question_kind::policy, rejected_policy, 1, theirs("bad mode"), &*config)
                .outcome,
            comparison_outcome::agree);
  EXPECT_EQ(compare_answers(question_kind::policy, rejected_policy, 1, theirs("whatever"), &*config)
                .outcome,
            comparison_outcome::agree);
  const comparison c =
      compare_answers(question_kind::policy, rejected_policy, 1, theirs("bad mx"), &*config);
  EXPECT_EQ(c.signature, "policy: both reject, RFC in POLICY_MODE, implementation in MX_PATTERN");
  // A profile check compares verdicts and fields only.
  EXPECT_EQ(compare_answers(question_kind::policy, rejected_policy, 1, theirs("bad mx"), &*config,
                            {"profile", false})
                .outcome,
            comparison_outcome::agree);
}

TEST(CompareAnswers, ARecordsQuestionWrongInsideARecordSignsAsTxt) {
  const json rfc =
      json::parse(R"({"valid":false,"kind":"txt","error":{"token":"TXT_ID_SYNTAX"},"record":0})");
  const json theirs = json::parse(R"({"valid":true,"kind":"txt","id":"a b","record":0})");
  EXPECT_EQ(
      compare_answers(question_kind::txt_records, rfc, 1, answered(theirs, 0), nullptr).signature,
      "txt: RFC rejects (TXT_ID_SYNTAX), implementation accepts");
}

TEST(CompareAnswers, MatchersCompareTheVerdictAndTheRefusedOperand) {
  const json no_match = {{"match", false}};
  const json bad_pattern = {{"match", false},
                            {"error", {{"token", "MX_PATTERN_WILDCARD"}, {"subject", "pattern"}}}};
  const comparison c = compare_answers(question_kind::match, bad_pattern, 3,
                                       answered(json{{"match", true}}, 0), nullptr);
  EXPECT_EQ(c.signature, "match: RFC refuses the pattern, implementation matches");
  EXPECT_EQ(
      compare_answers(question_kind::match, no_match, 1, answered(no_match, 1), nullptr).outcome,
      comparison_outcome::agree);
}

TEST(CompareAnswers, CrashesAndUnimplementedAreNotDisagreements) {
  level_p_answer crash;
  crash.status = level_p_status::crashed;
  crash.crash_cause = "signal";
  const comparison c = compare_answers(question_kind::txt, rejected_policy, 1, crash, nullptr);
  EXPECT_EQ(c.outcome, comparison_outcome::failed);
  EXPECT_EQ(c.signature, "txt: implementation crashes (signal)");
  level_p_answer unimpl;
  unimpl.status = level_p_status::unimplemented;
  EXPECT_EQ(compare_answers(question_kind::txt, rejected_policy, 1, unimpl, nullptr).outcome,
            comparison_outcome::unimplemented);
}

TEST(Minimise, KeepsOnlyWhatTheDisagreementNeeds) {
  level_p_input in{
      step_action::parse_policy,
      "version: STSv1\nmode: enforce\nmx: a.example\nmx: b.example\nmode: none\nmax_age: 5\n",
      {},
      false};
  std::size_t asked = 0;
  const minimised m = minimise(question_kind::policy, in, [&](const level_p_input& q) {
    ++asked;
    return q.file_bytes.find("mode: e") != std::string::npos &&
           q.file_bytes.find("mode: n") != std::string::npos;
  });
  // The line end goes too: nothing in the disagreement needs it.
  EXPECT_EQ(m.question.file_bytes, "mode: emode: n");
  EXPECT_EQ(m.questions_asked, asked);
  EXPECT_LE(asked, max_minimise_questions);
}

TEST(Minimise, StaysWithinItsBudget) {
  level_p_input in{step_action::parse_txt, std::string(5000, 'a'), {}, false};
  std::size_t asked = 0;
  const minimised m = minimise(
      question_kind::txt, in, [&](const level_p_input&) { return ++asked % 7 == 0; }, 50);
  EXPECT_LE(asked, 50U);
  EXPECT_GT(asked, 40U);
  EXPECT_EQ(m.questions_asked, asked);
}

TEST(Minimise, HostOperandsLoseLabelsThenCharacters) {
  level_p_input in{step_action::match, {}, {"*.a.b.example.com", "x.y.z.example.com"}, false};
  const minimised m = minimise(question_kind::match, in, [](const level_p_input& q) {
    return q.operands[0].find('*') != std::string::npos;
  });
  EXPECT_EQ(m.question.operands[0], "*");
  EXPECT_EQ(m.question.operands[1].size(), 1U);  // a string is never cut to nothing
}

TEST(Minimise, RecordsFilesStayJson) {
  level_p_input in{
      step_action::parse_txt_records, R"(["v=spf1 -all",["v=STSv1; ","id=a"],"x"])", {}, false};
  const minimised m = minimise(question_kind::txt_records, in, [](const level_p_input& q) {
    return q.file_bytes.find("id=a") != std::string::npos;
  });
  EXPECT_EQ(m.question.file_bytes, R"([["v=STSv1; ","id=a"]])");
}

TEST(DeviationTable, KnownClassesAreCountedButNotNew) {
  deviation_table t;
  t.add_known("pmsr", question_kind::policy, "sig-a", false, "rfc8461/3.2/x");
  auto [known, known_first] = t.count("pmsr", question_kind::policy, "sig-a", false);
  ASSERT_NE(known, nullptr);
  EXPECT_FALSE(known_first);
  auto [fresh, fresh_first] = t.count("pmsr", question_kind::policy, "sig-b", false);
  EXPECT_TRUE(fresh_first);
  EXPECT_FALSE(t.count("pmsr", question_kind::policy, "sig-b", false).second);
  EXPECT_FALSE(t.count("mailauth", question_kind::policy, "sig-a", false).first->known_from.size());
  EXPECT_EQ(fresh->generated, 2U);
  EXPECT_EQ(t.classes().size(), 3U);
}

TEST(DeviationTable, StopsGrowingAtItsLimit) {
  deviation_table t;
  for (std::size_t i = 0; i < max_classes + 10; ++i)
    t.count("x", question_kind::txt, std::to_string(i), false);
  EXPECT_EQ(t.classes().size(), max_classes);
  EXPECT_EQ(t.overflow(), 10U);
}

TEST(EngineAnswer, AProfileAnswersOnlyTheKindsItModels) {
  const parser_profile mailauth = *find_profile("mailauth-strict");
  EXPECT_EQ(
      engine_answer(level_p_input{step_action::parse_txt, "v=STSv1; id=a", {}, false}, mailauth)
          .status,
      level_p_status::unimplemented);
  EXPECT_EQ(
      engine_answer(level_p_input{step_action::parse_policy, "x", {}, false}, mailauth).exit_code,
      1);
}

TEST(BatchCommand, AnswersAsTheCommandsDoAndStopsOnANonRequest) {
  std::istringstream in(
      R"({"id":0,"command":["parse","txt"],"file":"v=STSv1; id=a"})"
      "\n\n"
      R"({"id":5,"command":["match","--","*.example.com","mx.example.com"]})"
      "\n"
      R"({"id":6,"command":["parse","tlsrpt"],"file":"v=TLSRPTv1; rua=mailto:a@b.example"})"
      "\n"
      R"({"id":7,"command":["parse","nothing"]})"
      "\n");
  std::ostringstream out, err;
  EXPECT_EQ(run_batch(in, out, err, "mailauth-strict"), 2);
  std::istringstream lines(out.str());
  std::string line;
  std::vector<json> answers;
  while (std::getline(lines, line)) answers.push_back(json::parse(line));
  ASSERT_EQ(answers.size(), 3U) << out.str();
  EXPECT_EQ(answers[0], json::parse(R"({"id":0,"exit":89})"));  // the profile models no TXT
  EXPECT_EQ(answers[1], json::parse(R"({"id":5,"exit":0,"answer":{"match":true}})"));
  EXPECT_EQ(answers[2]["exit"], 89);
  EXPECT_EQ(err.str(), "mtasts batch: line 5: /command: not a level-P question\n");
}

TEST(BatchCommand, RefusesALineOverItsLimit) {
  std::istringstream in(std::string(max_batch_request_bytes + 1, 'x'));
  std::ostringstream out, err;
  EXPECT_EQ(run_batch(in, out, err, "strict"), 2);
  EXPECT_NE(err.str().find("longer than"), std::string::npos);
}

TEST(Candidates, AreWrittenForNewClassesWithAnExample) {
  deviation_table t;
  auto [cls, first] =
      t.count("pmsr", question_kind::policy,
              "policy: RFC rejects (POLICY_MODE_VALUE), implementation accepts", false);
  ASSERT_TRUE(first);
  deviation_example e;
  e.minimised = level_p_input{step_action::parse_policy, "mode: x\n", {}, false};
  e.original = e.minimised;
  e.reference_answer = json::parse(
      R"({"valid":false,"kind":"policy","error":{"token":"POLICY_MODE_VALUE","family":"POLICY_MODE","offset":6,"line":1,"column":7,"message":"m"}})");
  e.implementation_answer = json{{"valid", true}};
  e.reference_says = "rejects (POLICY_MODE_VALUE)";
  e.implementation_says = "accepts";
  cls->example = e;
  t.add_known("pmsr", question_kind::policy, "known", false, "rfc8461/3.2/y");
  run_summary run;
  run.seed = 3;
  run.implementations.push_back({"pmsr", "1.1.2", 1, 0, {}, 0});
  const json c = candidates_json(run, t, requirement_guess({}));
  ASSERT_EQ(c.size(), 1U);
  EXPECT_EQ(
      c[0]["expect"],
      json::parse(
          R"({"valid":false,"error":{"token":"POLICY_MODE_VALUE","offset":6,"line":1,"column":7}})"));
  EXPECT_EQ(c[0]["result"], "invalid");
  EXPECT_EQ(c[0]["peers"][0]["answer"], json::parse(R"({"valid":true})"));
  EXPECT_TRUE(c[0]["name"].get<std::string>().starts_with("rfc8461/3.2/fuzzdiff-pmsr-"));
  const std::string py = candidates_python(c);
  EXPECT_NE(py.find("parse_test(\"rfc8461/3.2/fuzzdiff-pmsr-"), std::string::npos) << py;
  EXPECT_NE(py.find("\"mode: x\\n\""), std::string::npos) << py;
  EXPECT_NE(py.find("{\"valid\": False, \"error\""), std::string::npos) << py;
}

}  // namespace
}  // namespace mtasts::cli::fuzz_diff
