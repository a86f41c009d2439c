// SPDX-License-Identifier: Apache-2.0
// Level P in batch: the request and answer lines, and the runner's side against shims that
// answer, crash, hang, answer for another question or print too much.
#include "mtasts/conformance/level_p_batch.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace mtasts::conformance {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

level_p_input file_question(step_action action, std::string bytes) {
  level_p_input in;
  in.action = action;
  in.file_bytes = std::move(bytes);
  return in;
}

level_p_input operand_question(step_action action, std::vector<std::string> operands,
                               bool policy_host = false) {
  level_p_input in;
  in.action = action;
  in.operands = std::move(operands);
  in.policy_host = policy_host;
  return in;
}

TEST(BatchRequest, EveryActionRoundTrips) {
  const std::vector<level_p_input> questions = {
      file_question(step_action::parse_txt, "v=STSv1; id=a"),
      file_question(step_action::parse_txt_records, "[\"v=STSv1; id=a\"]"),
      file_question(step_action::parse_policy, std::string("version: STSv1\n\xff\0", 17)),
      file_question(step_action::parse_tlsrpt, "v=TLSRPTv1; rua=mailto:a@b.example"),
      file_question(step_action::parse_tlsrpt_report, "{}"),
      file_question(step_action::build_tlsrpt_report, "{}"),
      operand_question(step_action::match, {"*.example.com", std::string("-mx\0.example.com", 16)}),
      operand_question(step_action::cert_match, {"mx.example.com", "*.example.com", "\xff"}),
      operand_question(step_action::cert_match, {"mta-sts.example.com"}, true),
  };
  for (std::size_t i = 0; i < questions.size(); ++i) {
    const json request = batch_request(questions[i], i);
    EXPECT_EQ(request["id"], i);
    std::string error;
    const std::optional<level_p_input> back = batch_request_input(request, error);
    ASSERT_TRUE(back) << request.dump() << ": " << error;
    EXPECT_EQ(back->action, questions[i].action) << request.dump();
    EXPECT_EQ(back->file_bytes, questions[i].file_bytes) << request.dump();
    EXPECT_EQ(back->operands, questions[i].operands) << request.dump();
    EXPECT_EQ(back->policy_host, questions[i].policy_host) << request.dump();
  }
  // The wire form of the protocol's table: FILE travels as "file", never in "command".
  EXPECT_EQ(batch_request(questions[0], 7).dump(),
            R"({"id":7,"command":["parse","txt"],"file":"v=STSv1; id=a"})");
  EXPECT_EQ(batch_request(questions[2], 0)["file"], json({{"base64", "dmVyc2lvbjogU1RTdjEK/wA="}}));
  EXPECT_EQ(batch_request(questions[8], 1).dump(),
            R"({"id":1,"command":["cert-match","--policy-host","--","mta-sts.example.com"]})");
}

TEST(BatchRequest, RefusesWhatIsNotARequest) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"([1])", "a request is a JSON object"},
      {R"({"command":["parse","txt"],"file":""})", "/id: expected an unsigned integer"},
      {R"({"id":-1,"command":["parse","txt"],"file":""})", "/id: expected an unsigned integer"},
      {R"({"id":1})", "/command: expected an array"},
      {R"({"id":1,"command":["parse","txt"]})", "/file: missing"},
      {R"({"id":1,"command":["parse","txt"],"file":5})",
       "/file: expected a string or a {\"base64\"} object"},
      {R"({"id":1,"command":["match","--","a","b"],"file":""})",
       "/file: only parse and build take one"},
      {R"({"id":1,"command":["match","a","b"]})", "/command: not a level-P question"},
      {R"({"id":1,"command":["parse","txt","--records","x"],"file":""})",
       "/command: not a level-P question"},
      {R"({"id":1,"command":["cert-match","--"]})", "/command: not a level-P question"},
      {R"({"id":1,"command":[1]})", "/command: expected strings or {\"base64\"} objects"},
  };
  for (const auto& [text, why] : cases) {
    std::string error;
    EXPECT_FALSE(batch_request_input(json::parse(text), error)) << text;
    EXPECT_EQ(error, why) << text;
  }
}

TEST(BatchAnswerLine, OmitsTheAnswerOfAnUnimplementedQuestion) {
  EXPECT_EQ(batch_answer_line(3, 1, json{{"valid", false}}).dump(),
            R"({"id":3,"exit":1,"answer":{"valid":false}})");
  EXPECT_EQ(batch_answer_line(4, 89, json::object()).dump(), R"({"id":4,"exit":89})");
}

// A Python batch shim whose behaviour each FILE chooses: "ok" answers, "crash" exits,
// "hang" sleeps, "wrong-id" answers for another question, "bad-exit" answers with exit 7,
// "no-answer" omits the answer, "garbage" prints a line that is not JSON, "unimpl" exits 89,
// "flood" prints a line longer than the limit.
class BatchShimTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mtasts-batch-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::create_directories(dir_);
    script_ = dir_ / "shim.py";
    std::ofstream(script_) << R"(import json, sys, time
assert sys.argv[1:] == ["batch"], sys.argv
for line in sys.stdin:
    q = json.loads(line)
    f = q.get("file", "")
    out = {"id": q["id"], "exit": 0, "answer": {"valid": True, "kind": "txt", "id": f}}
    if f == "crash": sys.exit(3)
    if f == "hang": time.sleep(30)
    if f == "wrong-id": out["id"] += 1
    if f == "bad-exit": out["exit"] = 7
    if f == "no-answer": del out["answer"]
    if f == "unimpl": out = {"id": q["id"], "exit": 89}
    if f == "garbage":
        print("not json", flush=True); continue
    if f == "flood":
        sys.stdout.write("x" * (17 << 20) + "\n"); sys.stdout.flush(); continue
    print(json.dumps(out), flush=True)
)";
  }
  void TearDown() override { fs::remove_all(dir_); }
  batch_shim shim(std::chrono::milliseconds timeout = 5s) {
    return batch_shim({"python3", script_.string()}, timeout);
  }
  fs::path dir_, script_;
};

TEST_F(BatchShimTest, AnswersInOrderFromOneProcess) {
  batch_shim s = shim();
  for (int i = 0; i < 50; ++i) {
    const level_p_answer a = s.ask(file_question(step_action::parse_txt, "id" + std::to_string(i)));
    ASSERT_EQ(a.status, level_p_status::answered) << a.detail;
    EXPECT_EQ(a.exit_code, 0);
    EXPECT_EQ(a.output["id"], "id" + std::to_string(i));
  }
  EXPECT_EQ(s.starts(), 1U);
}

TEST_F(BatchShimTest, EachBrokenAnswerIsThatQuestionsCrashAndTheNextStartsAfresh) {
  batch_shim s = shim();
  const std::vector<std::pair<std::string, std::string>> broken = {
      {"crash", "exit"},     {"wrong-id", "json"}, {"bad-exit", "exit"},
      {"no-answer", "json"}, {"garbage", "json"},  {"flood", "size"}};
  std::size_t expected_starts = 0;
  for (const auto& [file, cause] : broken) {
    const level_p_answer a = s.ask(file_question(step_action::parse_txt, file));
    EXPECT_EQ(a.status, level_p_status::crashed) << file;
    EXPECT_EQ(a.crash_cause, cause) << file << ": " << a.detail;
    ++expected_starts;
    const level_p_answer next = s.ask(file_question(step_action::parse_txt, "ok"));
    ASSERT_EQ(next.status, level_p_status::answered) << file << ": " << next.detail;
    EXPECT_EQ(next.output["id"], "ok");
    EXPECT_EQ(s.starts(), expected_starts + 1) << file;
  }
}

TEST_F(BatchShimTest, AHangIsATimeoutAndTheProcessIsReplaced) {
  batch_shim s = shim(1s);
  const auto started = std::chrono::steady_clock::now();
  const level_p_answer a = s.ask(file_question(step_action::parse_txt, "hang"));
  EXPECT_EQ(a.status, level_p_status::timed_out);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
  EXPECT_EQ(s.ask(file_question(step_action::parse_txt, "ok")).status, level_p_status::answered);
  EXPECT_EQ(s.starts(), 2U);
}

TEST_F(BatchShimTest, Exit89IsUnimplementedAndKeepsTheProcess) {
  batch_shim s = shim();
  EXPECT_EQ(s.ask(file_question(step_action::parse_txt, "unimpl")).status,
            level_p_status::unimplemented);
  EXPECT_EQ(s.ask(file_question(step_action::parse_txt, "ok")).status, level_p_status::answered);
  EXPECT_EQ(s.starts(), 1U);
}

TEST_F(BatchShimTest, ACommandThatCannotStartIsACrash) {
  batch_shim s({(dir_ / "missing").string()}, 1s);
  const level_p_answer a = s.ask(file_question(step_action::parse_txt, "ok"));
  EXPECT_EQ(a.status, level_p_status::crashed);
}

}  // namespace
}  // namespace mtasts::conformance
