// SPDX-License-Identifier: Apache-2.0
// --update-expectations merges: the tests that ran get their new entries (or lose them when
// they now have the default status), and every entry of a test that did not run is kept:
// a --test subset, a run without --strict or a run that skipped a file loses nothing.
#include <gtest/gtest.h>

#include "mtasts/conformance/runner.h"

using namespace mtasts::conformance;

namespace {

test_case make_test(const std::string& name, expected_result result = expected_result::valid) {
  test_case t;
  t.name = name;
  t.result = result;
  t.flags = {"Ambiguous"};
  return t;
}

test_result make_result(const test_case& t, test_status status, std::string reason = "") {
  test_result r;
  r.test = &t;
  r.status = status;
  if (!reason.empty()) r.reasons.push_back(std::move(reason));
  return r;
}

expectations before() {
  expectations e;
  e.impl = "peer";
  e.tests["a/not-run"] = {test_status::crash, "kept: did not run"};
  e.tests["b/ran-fixed"] = {test_status::should_have_passed, "was broken"};
  e.tests["c/ran-changed"] = {test_status::timeout, "was slow"};
  e.tests["e/should-level"] = {test_status::wrong_error, "kept: SHOULD, not run"};
  return e;
}

}  // namespace

TEST(MergeExpectations, ReplacesTheTestsThatRanAndKeepsTheOthers) {
  const test_case fixed = make_test("b/ran-fixed");
  const test_case changed = make_test("c/ran-changed");
  const test_case added = make_test("d/ran-new");
  const test_case acceptable = make_test("f/acceptable", expected_result::acceptable);
  run_summary s;
  s.results.push_back(make_result(fixed, test_status::pass));
  s.results.push_back(make_result(changed, test_status::crash, "exit 2: boom"));
  s.results.push_back(make_result(added, test_status::unimplemented, "exit 89"));
  test_result alt = make_result(acceptable, test_status::acceptable_fail);
  alt.alternative = 1;
  s.results.push_back(alt);

  const expectations merged = merge_expectations(before(), s, "peer2");
  EXPECT_EQ(merged.impl, "peer2");
  ASSERT_EQ(merged.tests.size(), 5U);
  EXPECT_EQ(merged.tests.at("a/not-run").first, test_status::crash);
  EXPECT_EQ(merged.tests.at("a/not-run").second, "kept: did not run");
  EXPECT_EQ(merged.tests.count("b/ran-fixed"), 0U);  // PASS is the default: no entry
  EXPECT_EQ(merged.tests.at("c/ran-changed").first, test_status::crash);
  EXPECT_EQ(merged.tests.at("c/ran-changed").second, "exit 2: boom");
  EXPECT_EQ(merged.tests.at("d/ran-new").first, test_status::unimplemented);
  EXPECT_EQ(merged.tests.at("e/should-level").first, test_status::wrong_error);
  EXPECT_EQ(merged.tests.at("f/acceptable").second, "matched alternative 1 (flags: Ambiguous)");
}

TEST(MergeExpectations, AnEmptyRunChangesNothing) {
  const expectations merged = merge_expectations(before(), run_summary{}, "peer");
  EXPECT_EQ(render_expectations(merged), render_expectations(before()));
}
