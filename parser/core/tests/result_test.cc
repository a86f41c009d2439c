// SPDX-License-Identifier: Apache-2.0
// result<T, E>: one documented behaviour for every use, and no trap for bool values.
#include "mtasts/result.h"

#include <gtest/gtest.h>

#include <string>
#include <type_traits>

#include "mtasts/txt_record.h"

namespace {

using mtasts::error_code;
using mtasts::parse_error;
using mtasts::result;

// A result<bool>'s truthiness would read as its value: it has none.
static_assert(!std::is_constructible_v<bool, result<bool>>);
static_assert(std::is_constructible_v<bool, result<int>>);

TEST(Result, HoldsAValueOrAnError) {
  const result<int> v = 7;
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(static_cast<bool>(v));
  EXPECT_EQ(v.value(), 7);
  EXPECT_EQ(*v, 7);
  const result<int> e = parse_error{error_code::HOST_EMPTY, 0, 1, 1};
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, error_code::HOST_EMPTY);
}

TEST(Result, TakesAnyErrorType) {
  const result<mtasts::txt_selection, mtasts::selection_error> none =
      mtasts::selection_error{parse_error{error_code::TXT_SELECT_NONE, 0, 1, 1}, std::nullopt};
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().error.code, error_code::TXT_SELECT_NONE);
  EXPECT_FALSE(none.error().record.has_value());
}

TEST(ResultDeathTest, ValueOfAnErrorAborts) {
  const result<std::string> e = parse_error{error_code::HOST_EMPTY, 0, 1, 1};
  EXPECT_DEATH((void)e.value(), "");
  EXPECT_DEATH((void)*e, "");
}

TEST(ResultDeathTest, ErrorOfAValueAborts) {
  const result<std::string> v = std::string("x");
  EXPECT_DEATH((void)v.error(), "");
}

}  // namespace
