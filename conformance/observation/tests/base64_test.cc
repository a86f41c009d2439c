// SPDX-License-Identifier: Apache-2.0
// Standard padded base64 (RFC 4648 §4) for the bytes rule.
#include "mtasts/observation/base64.h"

#include <gtest/gtest.h>

#include <string>

namespace mtasts::observation {
namespace {

using namespace std::string_literals;

TEST(Base64, EncodesTheRfc4648TestVectors) {
  // RFC 4648 §10.
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(Base64, UsesThePlusSlashAlphabet) {
  EXPECT_EQ(base64_encode("\xFB\xFF\xBF"), "+/+/");
  EXPECT_EQ(base64_encode("\xFF"), "/w==");
  EXPECT_EQ(base64_encode("\0\0\0"s), "AAAA");
}

TEST(Base64, DecodesTheRfc4648TestVectors) {
  EXPECT_EQ(base64_decode(""), "");
  EXPECT_EQ(base64_decode("Zg=="), "f");
  EXPECT_EQ(base64_decode("Zm8="), "fo");
  EXPECT_EQ(base64_decode("Zm9v"), "foo");
  EXPECT_EQ(base64_decode("Zm9vYmFy"), "foobar");
  EXPECT_EQ(base64_decode("+/+/"), "\xFB\xFF\xBF");
}

TEST(Base64, RoundTripsEveryByteAndEveryLength) {
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  for (std::size_t length = 0; length <= all.size(); ++length) {
    const std::string bytes = all.substr(all.size() - length);
    const std::string text = base64_encode(bytes);
    EXPECT_EQ(text.size() % 4, 0U);
    EXPECT_EQ(base64_decode(text), bytes) << "length " << length;
  }
}

TEST(Base64, RejectsNonCanonicalText) {
  EXPECT_EQ(base64_decode("Zg"), std::nullopt);        // padding missing
  EXPECT_EQ(base64_decode("Zg="), std::nullopt);       // length not a multiple of 4
  EXPECT_EQ(base64_decode("Zh=="), std::nullopt);      // unused bits not zero
  EXPECT_EQ(base64_decode("Zm9="), std::nullopt);      // unused bits not zero
  EXPECT_EQ(base64_decode("Zg==Zg=="), std::nullopt);  // padding in the middle
  EXPECT_EQ(base64_decode("Z==="), std::nullopt);
  EXPECT_EQ(base64_decode("===="), std::nullopt);
  EXPECT_EQ(base64_decode("Zm=v"), std::nullopt);
  EXPECT_EQ(base64_decode("Zm9\n"), std::nullopt);  // no line breaks
  EXPECT_EQ(base64_decode("Zm 9"), std::nullopt);
  EXPECT_EQ(base64_decode("Zm9-"), std::nullopt);  // base64url alphabet
  EXPECT_EQ(base64_decode("Zm9_"), std::nullopt);
  EXPECT_EQ(base64_decode("Zm9\xC3"), std::nullopt);
}

}  // namespace
}  // namespace mtasts::observation
