// SPDX-License-Identifier: Apache-2.0
// Error positions of the policy parser agree with make_error (which counts LFs from the
// start of the body) for every kind of line, while the parser computes them per line so
// that a body of many rejected or ignored lines stays linear: 63 KB of `mode: xx` lines
// took 1.6 s, and 64 KB of `x` lines under the pmsr profile 7 s, when every line-level
// error rescanned the body (corpus/fuzz_policy/regressions/many_*).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mtasts/error.h"
#include "mtasts/options.h"
#include "mtasts/policy.h"

namespace {

using mtasts::policy_options;

std::vector<policy_options> option_sets() {
  std::vector<policy_options> sets(4);
  sets[1].allow_cr_line_endings = true;
  sets[2] = mtasts::find_profile("pmsr")->policy;
  sets[3] = mtasts::lenient_policy_options();
  return sets;
}

}  // namespace

TEST(PolicyErrorPosition, LineAndColumnAgreeWithMakeError) {
  const std::vector<std::string> bodies = {
      "version: STSv1\nmode: enforce\nmx: a\tb\nmax_age: 1\n",
      "version: STSv1\r\nmode: x\r\nmax_age: 1\r\nfoo\r\n",
      "version: STSv1\rmode: enforce\rmx: bad_host\rmax_age: 1\rfoo: a\x01",
      "\xEF\xBB\xBFversion: STSv1\nmode: enforce\nmx: *.*.x\n",
      "version: STSv1\n\nmode: none\nmax_age: 1\n",
      "version: STSv1\nmode : none\nmax_age: 1\n",
      "version: STSv1\rmode: none\rmax_age: 1\nx\ry z\n\xff: 1\n",
      "version: STSv1\nmode: none\nmax_age: 99999999999\n",
  };
  for (const policy_options& options : option_sets()) {
    for (const std::string& body : bodies) {
      const auto r = mtasts::parse_policy(body, options);
      if (r.ok()) continue;
      const mtasts::parse_error& e = r.error();
      const mtasts::parse_error expected = mtasts::make_error(e.code, body, e.offset);
      EXPECT_EQ(e.line, expected.line)
          << mtasts::token(e.code) << " in " << testing::PrintToString(body);
      EXPECT_EQ(e.column, expected.column)
          << mtasts::token(e.code) << " in " << testing::PrintToString(body);
    }
  }
}

TEST(PolicyErrorPosition, ManyIgnoredLinesKeepTheirPositions) {
  // Every bad `mode` line is an A-4 extension; the error names the first one (line 4).
  std::string body = "version: STSv1\nmode: none\nmax_age: 1\n";
  for (int i = 0; i < 5000; ++i) body += "mode: xx\n";
  body += "foo: a\x01\n";
  const auto r = mtasts::parse_policy(body);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, mtasts::error_code::POLICY_CONTROL_CHARACTER);
  EXPECT_EQ(r.error().line, 5004u);
  EXPECT_EQ(r.error().column, 7u);
}
