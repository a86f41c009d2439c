// SPDX-License-Identifier: Apache-2.0
// `mtasts diff`: corpus framings decode to the question the fuzz target asks, results reduce
// to what a parser change can alter, and changes are named by their transition.
#include <gtest/gtest.h>

#include "diff_corpus.h"
#include "diff_result.h"
#include "diff_snapshots.h"

namespace {

using mtasts::cli::diff::json;

json parsed(const std::string& text) { return json::parse(text); }

TEST(DiffCorpus, MxPatternSplitsLikeFuzzedDataProvider) {
  // "\\" is one backslash; a backslash and any other byte end the pattern.
  const auto q = mtasts::cli::diff::decode_corpus_file("fuzz_mx_pattern", "*.a\\\\b\\ mx.a.b");
  ASSERT_TRUE(q.input);
  EXPECT_EQ(q.input->action, mtasts::conformance::step_action::match);
  EXPECT_EQ(q.input->operands, (std::vector<std::string>{"*.a\\b", "mx.a.b"}));
  const auto no_separator = mtasts::cli::diff::decode_corpus_file("fuzz_mx_pattern", "abc\\");
  ASSERT_TRUE(no_separator.input);
  EXPECT_EQ(no_separator.input->operands, (std::vector<std::string>{"abc\\", ""}));
}

TEST(DiffCorpus, CertNameGivesHostThenEachSan) {
  const auto q = mtasts::cli::diff::decode_corpus_file("fuzz_cert_name", "*.a.b,x.a.b\\ mx.a.b");
  ASSERT_TRUE(q.input);
  EXPECT_EQ(q.input->action, mtasts::conformance::step_action::cert_match);
  EXPECT_FALSE(q.input->policy_host);
  EXPECT_EQ(q.input->operands, (std::vector<std::string>{"mx.a.b", "*.a.b", "x.a.b"}));
}

TEST(DiffCorpus, NulInAnOperandIsSkipped) {
  const auto q =
      mtasts::cli::diff::decode_corpus_file("fuzz_mx_pattern", std::string("a\0b\\ host", 10));
  EXPECT_FALSE(q.input);
  EXPECT_FALSE(q.skipped_because.empty());
}

TEST(DiffCorpus, TxtSelectionBecomesARecordsFile) {
  const auto q = mtasts::cli::diff::decode_corpus_file("fuzz_txt_selection",
                                                       "v=STSv1; \x1Fid=1;\n\nv=spf1\xFF");
  ASSERT_TRUE(q.input);
  EXPECT_EQ(q.input->action, mtasts::conformance::step_action::parse_txt_records);
  EXPECT_EQ(parsed(q.input->file_bytes),
            parsed(R"([["v=STSv1; ","id=1;"],[""],[{"base64":"dj1zcGYx/w=="}]])"));
  EXPECT_EQ(mtasts::cli::diff::decode_corpus_file("fuzz_txt_selection", "").input->file_bytes,
            "[]");
}

TEST(DiffCorpus, RawTargetsAndSkippedTargets) {
  const auto q = mtasts::cli::diff::decode_corpus_file("fuzz_policy", "version: STSv1\n");
  ASSERT_TRUE(q.input);
  EXPECT_EQ(q.input->action, mtasts::conformance::step_action::parse_policy);
  EXPECT_EQ(q.input->file_bytes, "version: STSv1\n");
  EXPECT_FALSE(mtasts::cli::diff::corpus_target_skip_reason("fuzz_tlsrpt_record"));
  EXPECT_TRUE(mtasts::cli::diff::corpus_target_skip_reason("fuzz_uri"));
  EXPECT_TRUE(mtasts::cli::diff::corpus_target_skip_reason("fuzz_engine"));
}

TEST(DiffCorpus, ReportBytesAsReceivedAreTheReportFile) {
  const std::string gzip_start("\x1f\x8b\x08\x00", 4);
  const auto q = mtasts::cli::diff::decode_corpus_file("fuzz_parse_tlsrpt_report", gzip_start);
  ASSERT_TRUE(q.input);
  EXPECT_EQ(q.input->action, mtasts::conformance::step_action::parse_tlsrpt_report);
  EXPECT_EQ(q.input->file_bytes, gzip_start);
  EXPECT_FALSE(mtasts::cli::diff::corpus_target_skip_reason("fuzz_parse_tlsrpt_report"));
  EXPECT_EQ(mtasts::cli::diff::corpus_target_skip_reason("fuzz_parse_host"),
            "host-name validation alone is not a level-P command");
  EXPECT_EQ(mtasts::cli::diff::corpus_target_skip_reason("fuzz_shim_message"),
            "shim messages for the runner, not parser inputs");
}

TEST(DiffResult, CanonicalDropsWhatFollowsFromTheRest) {
  mtasts::conformance::level_p_answer a;
  a.exit_code = 1;
  a.output = parsed(R"({"valid":false,"kind":"policy","error":{"token":"POLICY_MODE_VALUE",
    "family":"POLICY_MODE","offset":23,"line":2,"column":7,"message":"m"},
    "diagnostics":[{"severity":"error","token":"POLICY_MODE_VALUE"}]})");
  EXPECT_EQ(mtasts::cli::diff::canonical_result(a),
            parsed(R"({"valid":false,"error":{"token":"POLICY_MODE_VALUE","offset":23}})"));
  a.status = mtasts::conformance::level_p_status::crashed;
  a.crash_cause = "exit";
  a.exit_code = 2;
  EXPECT_EQ(mtasts::cli::diff::canonical_result(a), parsed(R"({"crash":"exit 2"})"));
}

TEST(DiffResult, Transitions) {
  const json valid = parsed(R"({"valid":true,"mode":"enforce","max_age":1})");
  const json testing = parsed(R"({"valid":true,"mode":"testing","max_age":1})");
  const json mode_at_3 =
      parsed(R"({"valid":false,"error":{"token":"POLICY_MODE_VALUE","offset":3}})");
  const json mode_at_9 =
      parsed(R"({"valid":false,"error":{"token":"POLICY_MODE_VALUE","offset":9}})");
  const json mx = parsed(R"({"valid":false,"error":{"token":"POLICY_MX_SYNTAX","offset":3}})");
  using mtasts::cli::diff::transition;
  EXPECT_EQ(transition(valid, mode_at_3), "valid → POLICY_MODE_VALUE");
  EXPECT_EQ(transition(mode_at_3, valid), "POLICY_MODE_VALUE → valid");
  EXPECT_EQ(transition(mode_at_3, mx), "POLICY_MODE_VALUE → POLICY_MX_SYNTAX");
  EXPECT_EQ(transition(valid, testing), "valid → valid (fields changed: mode)");
  EXPECT_EQ(transition(mode_at_3, mode_at_9), "POLICY_MODE_VALUE: same token, offset moved");
  EXPECT_EQ(transition(parsed(R"({"match":true})"), parsed(R"({"match":false})")),
            "match → no match");
  EXPECT_EQ(transition(mtasts::cli::diff::unimplemented_result(), valid),
            "UNIMPLEMENTED → answered");
  EXPECT_EQ(transition(valid, parsed(R"({"crash":"signal"})")), "valid → CRASH (signal)");
}

TEST(DiffSnapshots, LongArraysBecomeACountAndAHash) {
  json result = parsed(R"({"valid":true,"mx":["a"]})");
  for (int i = 0; i < 100; ++i) result["extensions"].push_back(json::array({"mode", "xx"}));
  const json stored = mtasts::cli::diff::snapshot_form(result);
  EXPECT_EQ(stored["mx"], result["mx"]);
  EXPECT_EQ(stored["extensions"]["items"], 100);
  EXPECT_EQ(stored["extensions"]["fnv1a64"].get<std::string>().size(), 16U);
  result["extensions"][99][1] = "xy";
  EXPECT_NE(mtasts::cli::diff::snapshot_form(result), stored);
}

}  // namespace
