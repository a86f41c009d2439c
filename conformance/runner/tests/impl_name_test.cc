// SPDX-License-Identifier: Apache-2.0
// An implementation name is one safe file-name word: a path, a dot name, an empty or an
// overlong name is refused with what is wrong, wherever the name comes from.
#include "mtasts/conformance/impl_name.h"

#include <gtest/gtest.h>

#include "mtasts/conformance/shim_config.h"

using namespace mtasts::conformance;

TEST(ImplName, AcceptsTheShippedNames) {
  for (const char* name :
       {"mtasts", "mtasts-shim", "mailauth7-strict", "pmsr", "mta-sts-query", "A.b_c-9"})
    EXPECT_EQ(impl_name_problem(name), std::nullopt) << name;
}

TEST(ImplName, RefusesPathsAndDotNames) {
  EXPECT_EQ(impl_name_problem("../../x"),
            "\"../../x\" holds '/': an implementation name is letters, digits, '.', '_' and '-'");
  EXPECT_EQ(impl_name_problem("."), "\".\" names a directory");
  EXPECT_EQ(impl_name_problem(".."), "\"..\" names a directory");
  EXPECT_EQ(impl_name_problem(""),
            "the implementation name is empty: an implementation name is letters, digits, '.', "
            "'_' and '-'");
  EXPECT_EQ(impl_name_problem("a b"),
            "\"a?b\" holds ' ': an implementation name is letters, digits, '.', '_' and '-'");
  EXPECT_EQ(impl_name_problem(std::string("a\nb", 3)),
            "\"a?b\" holds byte 0x0a: an implementation name is letters, digits, '.', '_' and '-'");
}

TEST(ImplName, LengthAtAndOverTheLimit) {
  EXPECT_EQ(impl_name_problem(std::string(max_impl_name_bytes, 'a')), std::nullopt);
  EXPECT_EQ(impl_name_problem(std::string(max_impl_name_bytes + 1, 'a')),
            "the implementation name is 65 bytes, more than 64");
}

TEST(ImplName, ShimConfigImplIsChecked) {
  std::string error;
  EXPECT_FALSE(shim_config::parse(json{{"impl", "../../x"}}, "c.json", error));
  EXPECT_EQ(error,
            "c.json: /impl: \"../../x\" holds '/': an implementation name is letters, digits, "
            "'.', '_' and '-'");
  EXPECT_TRUE(shim_config::parse(json{{"impl", "peer-1.2"}}, "c.json", error));
}
