// SPDX-License-Identifier: Apache-2.0
// RFC 8460 §5.3: reports in their gzip form, told apart from JSON by the magic bytes, and
// decompressed to at most max_report_bytes (a gzip bomb is refused there, precisely).
#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

#include "mtasts/tlsrpt_report.h"

namespace {

using mtasts::error_code;
using mtasts::tlsrpt::max_report_bytes;
using mtasts::tlsrpt::parse_report_bytes;

constexpr const char* kMinimal =
    R"({"organization-name": "o", "date-range": {"start-datetime": "2026-11-28T00:00:00Z",)"
    R"( "end-datetime": "2026-11-29T00:00:00Z"}, "contact-info": "r@o.example",)"
    R"( "report-id": "1", "policies": []})";

std::string gzip(const std::string& text) {
  z_stream s{};
  EXPECT_EQ(deflateInit2(&s, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string out(deflateBound(&s, static_cast<uLong>(text.size())) + 64, '\0');
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  s.avail_in = static_cast<uInt>(text.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&s, Z_FINISH), Z_STREAM_END);
  out.resize(s.total_out);
  deflateEnd(&s);
  return out;
}

}  // namespace

TEST(ReportGzip, JsonAndItsGzipFormReadAlike) {
  const auto plain = parse_report_bytes(kMinimal);
  ASSERT_TRUE(plain.ok()) << plain.error;
  const auto packed = parse_report_bytes(gzip(kMinimal));
  ASSERT_TRUE(packed.ok()) << packed.error;
  EXPECT_EQ(*plain.value, *packed.value);
}

TEST(ReportGzip, SeveralMembersAreOneText) {
  const std::string text = kMinimal;
  const auto r = parse_report_bytes(gzip(text.substr(0, 10)) + gzip(text.substr(10)));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value->organization_name, "o");
}

TEST(ReportGzip, TruncatedOrCorruptStreamsAreRefused) {
  const std::string packed = gzip(kMinimal);
  const auto truncated = parse_report_bytes(packed.substr(0, packed.size() - 5));
  EXPECT_EQ(truncated.code, error_code::TLSRPT_REPORT_GZIP);
  EXPECT_EQ(truncated.error, "/: gzip stream is truncated");
  std::string corrupt = packed;
  corrupt[12] = static_cast<char>(corrupt[12] ^ 0x55);
  EXPECT_EQ(parse_report_bytes(corrupt).code, error_code::TLSRPT_REPORT_GZIP);
  EXPECT_EQ(parse_report_bytes(packed + "junk").code, error_code::TLSRPT_REPORT_GZIP);
  EXPECT_EQ(parse_report_bytes("\x1f\x8b").code, error_code::TLSRPT_REPORT_GZIP);
}

TEST(ReportGzip, DecompressedSizeStopsAtTheLimit) {
  std::string text = kMinimal;
  text.append(max_report_bytes - text.size(), ' ');
  const auto at_limit = parse_report_bytes(gzip(text));
  EXPECT_TRUE(at_limit.ok()) << at_limit.error;
  text += ' ';
  const auto over = parse_report_bytes(gzip(text));
  EXPECT_EQ(over.code, error_code::TLSRPT_REPORT_TOO_LARGE);
  EXPECT_EQ(over.error, "/: decompressed report is larger than the limit of 16777216 bytes");
  // A bomb: 64 MiB of zeros in well under a megabyte, refused at max_report_bytes.
  std::string bomb_text(std::size_t{64} << 20, '\0');
  const std::string bomb = gzip(bomb_text);
  EXPECT_LT(bomb.size(), std::size_t{1} << 20);
  EXPECT_EQ(parse_report_bytes(bomb).code, error_code::TLSRPT_REPORT_TOO_LARGE);
}
