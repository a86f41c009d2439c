// SPDX-License-Identifier: Apache-2.0
// The CLI's rendering of one result on stdout (output.h).
#include "output.h"

#include <gtest/gtest.h>

#include <string>

#include "mtasts/observation/bytes.h"

namespace mtasts::cli {
namespace {

using observation::bytes_to_json;

TEST(Render, NeverThrowsOnOutputBuiltWithIt) {
  json object = json::object();
  object["value"] = bytes_to_json("\xFF\xFE broken \xC0\x80");
  std::string text;
  ASSERT_NO_THROW(text = render(object, false));
  EXPECT_EQ(text, "{\"value\":{\"base64\":\"//4gYnJva2VuIMCA\"}}\n");
}

TEST(Render, CompactIsOneLineAndPrettyIndentsByTwo) {
  json object = json::object();
  object["valid"] = true;
  object["kind"] = "txt";
  EXPECT_EQ(render(object, false), "{\"valid\":true,\"kind\":\"txt\"}\n");
  EXPECT_EQ(render(object, true), "{\n  \"valid\": true,\n  \"kind\": \"txt\"\n}\n");
}

}  // namespace
}  // namespace mtasts::cli
