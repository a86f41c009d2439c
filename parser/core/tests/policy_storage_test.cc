// SPDX-License-Identifier: Apache-2.0
// Parsing a policy into caller-supplied storage (policy.h: policy_view, policy_storage) and
// its agreement with the owning overload.
#include <gtest/gtest.h>

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/error.h"
#include "mtasts/extension.h"
#include "mtasts/options.h"
#include "mtasts/policy.h"
#include "policy_test_support.h"

namespace {

using mtasts::error_code;
using mtasts::extension;
using mtasts::policy_mode;
using mtasts::policy_options;
using mtasts::policy_storage;
using namespace mtasts_test;
using namespace std::string_literals;

constexpr std::string_view kTwoMxOneExt =
    "version: STSv1\nmode: testing\nmx: a.example.com\nfoo: bar baz\nmx: *.B.example.com  \n"
    "max_age: 604800\n";

bool points_into(std::string_view part, std::string_view body) {
  return part.data() >= body.data() && part.data() + part.size() <= body.data() + body.size();
}

TEST(PolicyStorage, ParsesIntoFixedArrays) {
  std::array<std::string_view, 4> mx{};
  std::array<extension, 4> ext{};
  const auto r = mtasts::parse_policy(kTwoMxOneExt, policy_storage{mx, ext});
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const auto& v = r.value();
  EXPECT_EQ(v.version, "STSv1");
  EXPECT_EQ(v.mode, policy_mode::testing);
  EXPECT_EQ(v.max_age, 604800u);
  ASSERT_EQ(v.mx.size(), 2u);
  EXPECT_EQ(v.mx[0], "a.example.com");
  EXPECT_EQ(v.mx[1], "*.B.example.com");
  ASSERT_EQ(v.extensions.size(), 1u);
  EXPECT_EQ(v.extensions[0].name, "foo");
  EXPECT_EQ(v.extensions[0].value, "bar baz");
}

TEST(PolicyStorage, ListsLiveInTheCallersStorage) {
  std::array<std::string_view, 4> mx{};
  std::array<extension, 4> ext{};
  const auto r = mtasts::parse_policy(kTwoMxOneExt, policy_storage{mx, ext});
  ASSERT_TRUE(r.ok()) << describe(r.error());
  EXPECT_EQ(r.value().mx.data(), mx.data());
  EXPECT_EQ(r.value().extensions.data(), ext.data());
  EXPECT_EQ(mx[0], "a.example.com");
  EXPECT_EQ(ext[0].name, "foo");
}

TEST(PolicyStorage, ViewsPointIntoTheBody) {
  // Copy into a buffer of our own so that "into the body" is unambiguous.
  const std::string body(kTwoMxOneExt);
  std::array<std::string_view, 4> mx{};
  std::array<extension, 4> ext{};
  const auto r = mtasts::parse_policy(body, policy_storage{mx, ext});
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const auto& v = r.value();
  EXPECT_TRUE(points_into(v.version, body));
  EXPECT_EQ(v.version.data(), body.data() + 9);
  for (std::string_view m : v.mx) EXPECT_TRUE(points_into(m, body)) << m;
  EXPECT_EQ(v.mx[0].data(), body.data() + body.find("a.example.com"));
  EXPECT_EQ(v.mx[1].data(), body.data() + body.find("*.B"));
  for (const extension& e : v.extensions) {
    EXPECT_TRUE(points_into(e.name, body));
    EXPECT_TRUE(points_into(e.value, body));
  }
  EXPECT_EQ(v.extensions[0].value.data(), body.data() + body.find("bar baz"));
}

TEST(PolicyStorage, ExactlyEnoughStorage) {
  std::array<std::string_view, 2> mx{};
  std::array<extension, 1> ext{};
  const auto r = mtasts::parse_policy(kTwoMxOneExt, policy_storage{mx, ext});
  ASSERT_TRUE(r.ok()) << describe(r.error());
  EXPECT_EQ(r.value().mx.size(), 2u);
  EXPECT_EQ(r.value().extensions.size(), 1u);
}

TEST(PolicyStorage, NoStorageNeededWithoutLists) {
  const auto r = mtasts::parse_policy("version: STSv1\nmode: none\nmax_age: 0\n", policy_storage{});
  ASSERT_TRUE(r.ok()) << describe(r.error());
  EXPECT_TRUE(r.value().mx.empty());
  EXPECT_TRUE(r.value().extensions.empty());
  EXPECT_EQ(r.value().mode, policy_mode::none);
}

TEST(PolicyStorage, MxStorageExhausted) {
  std::array<std::string_view, 1> mx{};
  std::array<extension, 4> ext{};
  const auto r = mtasts::parse_policy(kTwoMxOneExt, policy_storage{mx, ext});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, error_code::POLICY_STORAGE_EXHAUSTED) << describe(r.error());
  EXPECT_EQ(r.error().line, 5u) << "the mx line that did not fit";
}

TEST(PolicyStorage, ExtensionStorageExhausted) {
  std::array<std::string_view, 4> mx{};
  std::array<extension, 1> ext{};
  const std::string body = std::string(kTwoMxOneExt) + "a: 1\n";
  const auto r = mtasts::parse_policy(body, policy_storage{mx, ext});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, error_code::POLICY_STORAGE_EXHAUSTED) << describe(r.error());
}

TEST(PolicyStorage, ZeroStorageWithAnMx) {
  const auto r = mtasts::parse_policy(kBase, policy_storage{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, error_code::POLICY_STORAGE_EXHAUSTED) << describe(r.error());
}

TEST(PolicyStorage, ExhaustedEvenWhenModeNone) {
  // mode none needs no mx, but the mx lines present are still stored.
  std::array<extension, 1> ext{};
  const auto r = mtasts::parse_policy(base_with_mode("none"), policy_storage{{}, ext});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, error_code::POLICY_STORAGE_EXHAUSTED) << describe(r.error());
}

TEST(PolicyStorage, A_4_MalformedRegisteredFieldUsesExtensionStorage) {
  // `mx: bad_host` is an extension, so it needs a slot in extensions.
  const std::string body = "version: STSv1\nmode: none\nmx: bad_host\nmax_age: 1\n";
  std::array<extension, 1> one{};
  const auto ok = mtasts::parse_policy(body, policy_storage{{}, one});
  ASSERT_TRUE(ok.ok()) << describe(ok.error());
  ASSERT_EQ(ok.value().extensions.size(), 1u);
  EXPECT_EQ(ok.value().extensions[0].name, "mx");
  EXPECT_EQ(ok.value().extensions[0].value, "bad_host");
  EXPECT_TRUE(ok.value().mx.empty());
  const auto exhausted = mtasts::parse_policy(body, policy_storage{});
  ASSERT_FALSE(exhausted.ok());
  EXPECT_EQ(exhausted.error().code, error_code::POLICY_STORAGE_EXHAUSTED);
}

TEST(PolicyStorage, StorageFromAVector) {
  std::string body = "version: STSv1\nmode: enforce\nmax_age: 86400\n";
  for (int i = 0; i < 500; ++i) body += "mx: mx" + std::to_string(i) + ".example.com\n";
  std::vector<std::string_view> mx(500);
  std::vector<extension> ext(0);
  const auto r = mtasts::parse_policy(body, policy_storage{mx, ext});
  ASSERT_TRUE(r.ok()) << describe(r.error());
  ASSERT_EQ(r.value().mx.size(), 500u);
  EXPECT_EQ(r.value().mx[499], "mx499.example.com");
  std::vector<std::string_view> too_small(499);
  const auto r2 = mtasts::parse_policy(body, policy_storage{too_small, ext});
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().code, error_code::POLICY_STORAGE_EXHAUSTED);
  // Validation alone needs no storage.
  EXPECT_TRUE(mtasts::is_valid_policy(body));
}

TEST(PolicyStorage, OptionsApplyToTheViewOverload) {
  std::array<std::string_view, 2> mx{};
  std::array<extension, 2> ext{};
  const std::string body = std::string(kBase) + "\n";
  const auto strict = mtasts::parse_policy(body, policy_storage{mx, ext});
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.error().code, error_code::POLICY_BLANK_LINE);
  policy_options o;
  o.allow_blank_lines = true;
  const auto relaxed = mtasts::parse_policy(body, policy_storage{mx, ext}, o);
  ASSERT_TRUE(relaxed.ok()) << describe(relaxed.error());
  EXPECT_EQ(relaxed.value().mx.size(), 1u);
}

// Bodies for the agreement tests: valid and invalid, exercising every list.
const std::vector<std::string>& sample_bodies() {
  static const std::vector<std::string> bodies = {
      std::string(kBase),
      to_crlf(kBase),
      std::string(kTwoMxOneExt),
      "version: STSv1\nmode: none\nmax_age: 0",
      "mx: a\nz: 1\nmode: testing\ny: 2 3\nmax_age: 1\nversion: STSv1\nmx: *.b\n",
      "version: STSv1\nmode: Enforce\nmode: enforce\nmx: bad_host\nmx: ok.example\nmax_age: 5\n",
      "version: STSv1\nmode: enforce\nmode: none\nmax_age: 0086400\nmax_age: 1\nmx: x\n",
      "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\nurl: https://x/y\n",
      "version: STSv1\nmode: enforce\nfoo: caf\xC3\xA9 \xE2\x80\xA8 x\nmx: m\nmax_age: 9\n",
      // invalid
      "",
      "\n",
      std::string(kBase) + "\n",
      "version: STSv1\rmode: enforce\r",
      "version: STSv1\nmode: enforce\nmax_age: 86400\n",
      "version: STSv1\nmode: enforce\nmx: a_b\nmax_age: 86400\n",
      "version: STSv1\nmode: enforce\nmx: a\nmax_age: 31557601\n",
      " version: STSv1\n",
      "version : STSv1\n",
      "\xEF\xBB\xBFversion: STSv1\nmode: none\nmax_age: 1\n",
      "version: STSv1\nmode: none\nmax_age: 1\nfoo: \xC0\x80\n",
  };
  return bodies;
}

TEST(PolicyStorage, OwningOverloadEqualsToPolicyOfView) {
  for (const std::string& body : sample_bodies()) {
    std::array<std::string_view, 8> mx{};
    std::array<extension, 8> ext{};
    const auto view = mtasts::parse_policy(body, policy_storage{mx, ext});
    const auto owning = mtasts::parse_policy(body);
    ASSERT_EQ(view.ok(), owning.ok()) << escape(body);
    if (owning.ok()) {
      EXPECT_TRUE(SamePolicy(mtasts::to_policy(view.value()), owning.value())) << escape(body);
    } else {
      EXPECT_EQ(view.error(), owning.error())
          << escape(body) << ": " << describe(view.error()) << " vs " << describe(owning.error());
    }
  }
}

TEST(PolicyStorage, ToPolicyCopiesEveryField) {
  std::array<std::string_view, 4> mx{};
  std::array<extension, 4> ext{};
  std::string body(kTwoMxOneExt);
  const auto r = mtasts::parse_policy(body, policy_storage{mx, ext});
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const mtasts::policy p = mtasts::to_policy(r.value());
  // The owning policy does not refer to the body any more.
  body.assign(body.size(), '#');
  EXPECT_EQ(p.version, "STSv1");
  EXPECT_EQ(p.mode, policy_mode::testing);
  EXPECT_EQ(p.max_age, 604800u);
  EXPECT_EQ(p.mx, (std::vector<std::string>{"a.example.com", "*.B.example.com"}));
  ASSERT_EQ(p.extensions.size(), 1u);
  EXPECT_EQ(p.extensions[0].first, "foo");
  EXPECT_EQ(p.extensions[0].second, "bar baz");
}

}  // namespace
