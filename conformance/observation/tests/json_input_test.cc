// SPDX-License-Identifier: Apache-2.0
// Bounded JSON reading (mtasts/observation/json_input.h): every limit at its boundary, and
// errors that say where.
#include "mtasts/observation/json_input.h"

#include <gtest/gtest.h>

#include <string>

namespace mtasts::observation {
namespace {

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(JsonInput, ReadsADocumentAndCountsItsValues) {
  const json_read r = read_json(R"({"a": [1, "x", null], "b": {"c": true}})");
  ASSERT_TRUE(r.document) << r.error;
  EXPECT_EQ(*r.document, json::parse(R"({"a": [1, "x", null], "b": {"c": true}})"));
  EXPECT_EQ(r.values, 7U);
  EXPECT_EQ(r.document->begin().key(), "a");  // members keep their order
}

TEST(JsonInput, DepthAtTheLimitPassesOneOverFails) {
  EXPECT_TRUE(read_json(nested(max_json_depth)).document);
  const json_read over = read_json(nested(max_json_depth + 1));
  EXPECT_FALSE(over.document);
  EXPECT_EQ(over.error, "line 1, column 65: nested deeper than 64 levels");
}

TEST(JsonInput, DeepInputNeverRecurses) {
  const json_read r = read_json(nested(1000000));
  EXPECT_FALSE(r.document);
  EXPECT_NE(r.error.find("nested deeper than 64 levels"), std::string::npos);
}

TEST(JsonInput, ValuesAtTheLimitPassOneOverFails) {
  std::string at_limit = "[0";
  for (std::size_t i = 2; i < max_json_values; ++i) at_limit += ",0";
  at_limit += "]";  // the array and max_json_values - 1 zeros
  const json_read ok = read_json(at_limit);
  ASSERT_TRUE(ok.document) << ok.error;
  EXPECT_EQ(ok.values, max_json_values);
  const json_read over = read_json(at_limit.substr(0, at_limit.size() - 1) + ",0]");
  EXPECT_FALSE(over.document);
  EXPECT_NE(over.error.find("more than 262144 values"), std::string::npos) << over.error;
}

TEST(JsonInput, BytesAtTheLimitPassOneOverFails) {
  const json_limits limits{max_json_depth, max_json_values, 5};
  EXPECT_TRUE(read_json("[1,2]", limits).document);
  const json_read over = read_json("[1,22]", limits);
  EXPECT_FALSE(over.document);
  EXPECT_EQ(over.error, "6 bytes, more than the limit of 5");
}

TEST(JsonInput, DuplicateKeysAreRejectedWhereTheSecondIs) {
  const json_read r = read_json("{\"a\": 1,\n \"b\": {\"a\": 2},\n \"a\": 3}");
  EXPECT_FALSE(r.document);
  EXPECT_EQ(r.error, "line 3, column 4: duplicate key \"a\"");
  EXPECT_TRUE(read_json(R"({"a": {"a": {"a": 1}}})").document);  // one per object is fine
}

TEST(JsonInput, SyntaxErrorsSayLineAndColumn) {
  const json_read r = read_json("{\n  \"a\": tru\n}");
  EXPECT_FALSE(r.document);
  EXPECT_EQ(r.error.rfind("line 2, column ", 0), 0U) << r.error;
  EXPECT_NE(r.error.find("syntax error"), std::string::npos) << r.error;
  EXPECT_FALSE(read_json("[1] [2]").document);  // one value only
  EXPECT_FALSE(read_json("").document);
}

TEST(JsonInput, ErrorsArePrintable) {
  const json_read r = read_json("[\"\xFF\x1B\"]");
  EXPECT_FALSE(r.document);
  EXPECT_EQ(r.error.find('\x1B'), std::string::npos) << r.error;
  EXPECT_EQ(r.error.find('\xFF'), std::string::npos) << r.error;
}

TEST(JsonInput, StringOrNeverThrows) {
  const json doc = json::parse(R"({"s": "x", "n": 5})");
  EXPECT_EQ(string_or(doc, "s"), "x");
  EXPECT_EQ(string_or(doc, "n", "d"), "d");
  EXPECT_EQ(string_or(doc, "missing", "d"), "d");
  EXPECT_EQ(string_or(json::array(), "s", "d"), "d");
}

TEST(JsonInput, LineAndColumn) {
  EXPECT_EQ(line_and_column("ab\ncd", 0), "line 1, column 1");
  EXPECT_EQ(line_and_column("ab\ncd", 4), "line 2, column 2");
  EXPECT_EQ(line_and_column("ab", 99), "line 1, column 3");
}

}  // namespace
}  // namespace mtasts::observation
