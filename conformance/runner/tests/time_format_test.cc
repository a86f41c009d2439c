// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "mtasts/conformance/time_format.h"

using mtasts::conformance::format_rfc3339_utc;
using mtasts::conformance::parse_rfc3339_utc;

TEST(TimeFormat, KnownInstants) {
  EXPECT_EQ(parse_rfc3339_utc("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_rfc3339_utc("2026-11-28T12:00:00Z"), 1795867200);
  EXPECT_EQ(parse_rfc3339_utc("2000-02-29T00:00:00Z"), 951782400);
  EXPECT_EQ(parse_rfc3339_utc("2899-12-31T23:59:59Z"), 29348006399);  // date -u -d .. +%s
}

TEST(TimeFormat, RejectsMalformed) {
  for (const char* bad : {"2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z",
                          "2026-11-28 12:00:00Z", "2026-11-28T12:00:00", "2026-11-28T24:00:00Z",
                          "2026-11-28T12:00:00+01:00", "", "x"}) {
    EXPECT_FALSE(parse_rfc3339_utc(bad).has_value()) << bad;
  }
}

TEST(TimeFormat, RoundTripsAcrossTheFixtureRange) {
  for (std::int64_t t = 978307200; t < 29348927999; t += 86399 * 97 + 13) {
    const auto back = parse_rfc3339_utc(format_rfc3339_utc(t));
    ASSERT_TRUE(back.has_value()) << t;
    EXPECT_EQ(*back, t);
  }
  EXPECT_EQ(format_rfc3339_utc(0), "1970-01-01T00:00:00Z");
}
