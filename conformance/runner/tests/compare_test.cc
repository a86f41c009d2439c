// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "mtasts/conformance/compare.h"

using mtasts::conformance::compare_observation;
using mtasts::conformance::json;

namespace {
std::vector<std::string> diffs(const json& expected, const json& observed) {
  std::vector<std::string> out;
  for (const auto& d : compare_observation(expected, observed)) out.push_back(d.to_string());
  return out;
}
}  // namespace

TEST(Compare, OnlyExpectedMembersAreCompared) {
  const json observed = {{"outcome", "fetched"}, {"fetches", 1}, {"alert", false}};
  EXPECT_TRUE(diffs({{"outcome", "fetched"}}, observed).empty());
  const auto d = diffs({{"fetches", 2}}, observed);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0], "/fetches: expected 2, got 1");
}

TEST(Compare, MissingMemberIsADifference) {
  EXPECT_EQ(diffs({{"policy", nullptr}}, json::object()).size(), 1u);
}

TEST(Compare, ArraysCompareExactly) {
  EXPECT_EQ(diffs({{"events", {"A"}}}, {{"events", {"A", "B"}}}).size(), 1u);
  EXPECT_EQ(diffs({{"events", {"B", "A"}}}, {{"events", {"A", "B"}}}).size(), 2u);
  EXPECT_TRUE(diffs({{"events", json::array()}}, {{"events", json::array()}}).empty());
}

TEST(Compare, R_4_1_2_MxComparesCaseInsensitively) {
  const json observed = {{"policy", {{"mx", {"MX1.Example.COM"}}}}};
  EXPECT_TRUE(diffs({{"policy", {{"mx", {"mx1.example.com"}}}}}, observed).empty());
  // Only mx values: other strings stay exact.
  EXPECT_EQ(diffs({{"id", "ABC"}}, {{"id", "abc"}}).size(), 1u);
}

TEST(Compare, EventFamiliesCompareFamiliesOnly) {
  const json observed = {{"events", {"FETCH_CERT_EXPIRED", "DNS_TIMEOUT"}}};
  EXPECT_TRUE(diffs({{"event_families", {"FETCH_CERT", "DISCOVERY"}}}, observed).empty());
  EXPECT_EQ(diffs({{"event_families", {"FETCH", "DISCOVERY"}}}, observed).size(), 1u);
}

TEST(Compare, NullAndValueDiffer) {
  EXPECT_EQ(diffs({{"policy", nullptr}}, {{"policy", {{"mode", "none"}}}}).size(), 1u);
  EXPECT_EQ(diffs({{"policy", {{"mode", "none"}}}}, {{"policy", nullptr}}).size(), 1u);
}
