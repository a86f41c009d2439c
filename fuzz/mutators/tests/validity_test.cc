// SPDX-License-Identifier: Apache-2.0
// A large share of the grammar mutations of a valid input stays valid for the strict parser
// (an operator probes one rule at a time), and none exceeds max_size.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <iostream>
#include <string>
#include <string_view>

#include "fuzz_mutators/policy_mutator.h"
#include "fuzz_mutators/tag_record_mutator.h"
#include "mtasts/policy.h"
#include "mtasts/tlsrpt_record.h"
#include "mtasts/txt_record.h"

namespace {

using namespace mtasts_fuzz::mutators;

constexpr int mutations = 10000;

struct share {
  int valid = 0;
  int changed = 0;
};

template <class Mutate, class Valid>
share measure(std::string_view seed, std::size_t max_size, Mutate mutate, Valid valid) {
  share s;
  for (int i = 0; i < mutations; ++i) {
    rng random(static_cast<std::uint64_t>(i));
    const std::string out = mutate(seed, max_size, random);
    EXPECT_LE(out.size(), max_size);
    if (out != seed) ++s.changed;
    if (valid(out)) ++s.valid;
  }
  std::cout << s.valid << " of " << mutations << " mutations valid, " << s.changed
            << " changed: " << seed.substr(0, seed.find('\n')) << "\n";
  return s;
}

// A seed and the share of its mutations the strict parser accepted when measured (random
// seeds 0..9999), rounded down by a few points. A record with only the required fields loses
// one on every delete or swap, hence its lower share.
struct seed_case {
  std::string_view input;
  int measured_percent;  // for the reader: what the run gave
  int bound_percent;     // what the test requires
};

constexpr seed_case txt_cases[] = {
    {"v=STSv1; id=20160831085700Z;", 28, 25},
    {"v=STSv1; id=abc; ext=foo", 38, 35},
};
constexpr seed_case tlsrpt_cases[] = {
    {"v=TLSRPTv1; rua=mailto:tlsrpt@example.com", 32, 30},
    {"v=TLSRPTv1; rua=mailto:a@example.com; ext=1; x.y-z_=a:b", 45, 40},
};
constexpr seed_case policy_cases[] = {
    {"version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.example.net\nmax_age: 86400\n", 47,
     44},
    {"version: STSv1\r\nmode: testing\r\nmx: mail.example.com\r\nmax_age: 604800\r\n", 31, 28},
};

TEST(MutationValidity, StsTxtRecord) {
  const tag_record_mutator m(grammar::sts_txt);
  for (const seed_case& c : txt_cases) {
    const share s = measure(
        c.input, 512,
        [&](std::string_view in, std::size_t max, rng& r) { return m.mutate(in, max, r); },
        [](std::string_view x) { return mtasts::is_valid_txt_record(x); });
    EXPECT_GE(s.changed, mutations * 99 / 100);
    EXPECT_GE(s.valid, mutations * c.bound_percent / 100) << c.input;
  }
}

TEST(MutationValidity, TlsrptRecord) {
  const tag_record_mutator m(grammar::tlsrpt);
  for (const seed_case& c : tlsrpt_cases) {
    const share s = measure(
        c.input, 1024,
        [&](std::string_view in, std::size_t max, rng& r) { return m.mutate(in, max, r); },
        [](std::string_view x) { return mtasts::is_valid_tlsrpt_record(x); });
    EXPECT_GE(s.changed, mutations * 99 / 100);
    EXPECT_GE(s.valid, mutations * c.bound_percent / 100) << c.input;
  }
}

TEST(MutationValidity, PolicyBody) {
  const policy_mutator m;
  for (const seed_case& c : policy_cases) {
    const share s = measure(
        c.input, 65537,
        [&](std::string_view in, std::size_t max, rng& r) { return m.mutate(in, max, r); },
        [](std::string_view x) { return mtasts::is_valid_policy(x); });
    EXPECT_GE(s.changed, mutations * 99 / 100);
    EXPECT_GE(s.valid, mutations * c.bound_percent / 100) << c.input;
  }
}

}  // namespace
