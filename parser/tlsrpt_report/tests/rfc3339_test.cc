// SPDX-License-Identifier: Apache-2.0
// RFC 3339 §5.6 date-times for date-range (RFC 8460 §4.4), formatted from Unix seconds.
#include <gtest/gtest.h>

#include <optional>

#include "mtasts/tlsrpt_report.h"

using mtasts::tlsrpt::format_rfc3339;
using mtasts::tlsrpt::parse_rfc3339;

TEST(Rfc3339, FormatsUtcSeconds) {
  EXPECT_EQ(format_rfc3339(1795824000), "2026-11-28T00:00:00Z");
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_rfc3339(951782400), "2000-02-29T00:00:00Z");
  EXPECT_EQ(format_rfc3339(1795824000 + 86399), "2026-11-28T23:59:59Z");
  EXPECT_EQ(format_rfc3339(253402300799), "9999-12-31T23:59:59Z");
  EXPECT_EQ(format_rfc3339(29379542400), "2901-01-01T00:00:00Z");
}

TEST(Rfc3339, ClampsToFourDigitYears) {
  EXPECT_EQ(format_rfc3339(253402300800), "9999-12-31T23:59:59Z");
  EXPECT_EQ(format_rfc3339(INT64_MAX), "9999-12-31T23:59:59Z");
  EXPECT_EQ(format_rfc3339(INT64_MIN), "0000-01-01T00:00:00Z");
}

TEST(Rfc3339, ParsesWhatItFormats) {
  for (const std::int64_t t :
       {std::int64_t{0}, std::int64_t{-1}, std::int64_t{951782400}, std::int64_t{1795824000},
        std::int64_t{253402300799}, std::int64_t{-62167219200}}) {
    EXPECT_EQ(parse_rfc3339(format_rfc3339(t)), t) << t;
  }
}

TEST(Rfc3339, ParsesOffsetsFractionsAndLowerCase) {
  EXPECT_EQ(parse_rfc3339("2026-11-28T02:00:00+02:00"), 1795824000);
  EXPECT_EQ(parse_rfc3339("2026-11-27T19:30:00-04:30"), 1795824000);
  EXPECT_EQ(parse_rfc3339("2026-11-28t00:00:00z"), 1795824000);
  EXPECT_EQ(parse_rfc3339("2026-11-28T00:00:00.999999Z"), 1795824000);
  EXPECT_EQ(parse_rfc3339("2016-12-31T23:59:60Z"), parse_rfc3339("2017-01-01T00:00:00Z"));
}

TEST(Rfc3339, RejectsMalformedDateTimes) {
  for (const char* bad : {"",
                          "2026-11-28",
                          "2026-11-28T00:00:00",
                          "2026-11-28 00:00:00Z",
                          "2026-11-28T00:00Z",
                          "2026-13-01T00:00:00Z",
                          "2026-00-01T00:00:00Z",
                          "2026-02-29T00:00:00Z",
                          "2100-02-29T00:00:00Z",
                          "2026-04-31T00:00:00Z",
                          "2026-11-28T24:00:00Z",
                          "2026-11-28T00:60:00Z",
                          "2026-11-28T00:00:61Z",
                          "2026-11-28T00:00:00.Z",
                          "2026-11-28T00:00:00+0200",
                          "2026-11-28T00:00:00+24:00",
                          "2026-11-28T00:00:00Z ",
                          "+2026-11-28T00:00:00Z",
                          "20261128T000000Z",
                          "2026-1-28T00:00:00Z"}) {
    EXPECT_EQ(parse_rfc3339(bad), std::nullopt) << bad;
  }
  EXPECT_TRUE(parse_rfc3339("2000-02-29T00:00:00Z").has_value());
}
