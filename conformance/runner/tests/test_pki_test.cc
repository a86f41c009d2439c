// SPDX-License-Identifier: Apache-2.0
// Level-D2 chains: the shape a fixture's `tls.chain` may take (every limit at its boundary),
// the chains the test PKI presents, and that a minted leaf is judged as its spec says.
#include "mtasts/conformance/test_pki.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "mtasts/conformance/fixture.h"
#include "mtasts/x509_openssl.h"

namespace fs = std::filesystem;
using namespace mtasts::conformance;
using mtasts::engine::cert_chain;
using mtasts::engine::cert_status;
using mtasts::engine::name_rule;
using mtasts::engine::openssl_x509;

namespace {

const fs::path certs = fs::path(MTASTS_SOURCE_DIR) / "fixtures" / "certs";
constexpr std::int64_t fixture_now = 1795867200;  // 2026-11-28T12:00:00Z

json mint_of(json spec) { return json{{"mint", std::move(spec)}}; }

bool mentions(const std::vector<std::string>& problems, const std::string& fragment) {
  for (const std::string& p : problems) {
    if (p.find(fragment) != std::string::npos) return true;
  }
  return false;
}

cert_status judge(const presented_chain& chain, const std::string& host, name_rule rule) {
  const test_pki pki(certs);
  openssl_x509 x509(pki.roots_pem());
  return x509.verify(cert_chain{chain.certificates_pem}, host, rule, fixture_now);
}

}  // namespace

TEST(ChainSpec, ChainLengthIsBoundedAtEight) {
  json chain = json::array();
  for (std::size_t i = 0; i < max_chain_certificates; ++i) chain.push_back("intermediate-ca.pem");
  EXPECT_TRUE(chain_spec_problems(chain, "/c").empty());
  chain.push_back("intermediate-ca.pem");
  EXPECT_TRUE(mentions(chain_spec_problems(chain, "/c"), "/c: expected an array of 1 to 8"));
  EXPECT_TRUE(
      mentions(chain_spec_problems(json::array(), "/c"), "/c: expected an array of 1 to 8"));
}

TEST(ChainSpec, MintedNamesAreBoundedInCountAndLength) {
  json dns = json::array();
  for (std::size_t i = 0; i < max_minted_names; ++i) dns.push_back("a.example.com");
  EXPECT_TRUE(chain_spec_problems(json::array({mint_of({{"dns", dns}})}), "/c").empty());
  json more = dns;
  more.push_back("b.example.com");
  EXPECT_TRUE(
      mentions(chain_spec_problems(json::array({mint_of({{"dns", more}})}), "/c"), "more than 32"));
  const json longest = json::array({std::string(max_minted_name_bytes, 'a')});
  EXPECT_TRUE(chain_spec_problems(json::array({mint_of({{"dns", longest}})}), "/c").empty());
  const json too_long = json::array({std::string(max_minted_name_bytes + 1, 'a')});
  EXPECT_TRUE(mentions(chain_spec_problems(json::array({mint_of({{"dns", too_long}})}), "/c"),
                       "/c/0/mint/dns/0: longer than 255 bytes"));
}

TEST(ChainSpec, RefusesPathsUnknownWordsAndMintedIntermediates) {
  EXPECT_TRUE(mentions(chain_spec_problems(json::array({"../etc/passwd.pem"}), "/c"),
                       "/c/0: expected a .pem file name"));
  EXPECT_TRUE(mentions(chain_spec_problems(json::array({"root-ca.key"}), "/c"), "/c/0"));
  EXPECT_TRUE(
      mentions(chain_spec_problems(json::array({"mx1-valid.pem", mint_of(json::object())}), "/c"),
               "only the leaf is minted"));
  EXPECT_TRUE(mentions(chain_spec_problems(json::array({mint_of({{"window", "soon"}})}), "/c"),
                       "/c/0/mint/window: expected valid, expired, not_yet_valid"));
  EXPECT_TRUE(mentions(chain_spec_problems(json::array({mint_of({{"issuer", "self"}})}), "/c"),
                       "/c/0/mint/issuer"));
  EXPECT_TRUE(mentions(chain_spec_problems(json::array({mint_of({{"sans", json::array()}})}), "/c"),
                       "/c/0/mint/sans: unknown member"));
  EXPECT_TRUE(
      mentions(chain_spec_problems(json::array({mint_of({{"cn", std::string(65, 'a')}})}), "/c"),
               "/c/0/mint/cn"));
}

TEST(TestPki, FileChainsCarryTheLeafKey) {
  const test_pki pki(certs);
  const presented_chain chain = pki.present(json::array({"mx1-valid.pem", "intermediate-ca.pem"}));
  ASSERT_EQ(chain.certificates_pem.size(), 2U);
  EXPECT_NE(chain.key_pem.find("PRIVATE KEY"), std::string::npos);
  EXPECT_EQ(judge(chain, "mx1.example.com", name_rule::mx_host), cert_status::valid);
}

TEST(TestPki, MintedLeavesAreJudgedAsTheirSpecSays) {
  const test_pki pki(certs);
  const auto minted = [&](const json& spec, const char* issuer_file) {
    json chain = json::array({mint_of(spec)});
    if (issuer_file) chain.push_back(issuer_file);
    return pki.present(chain);
  };
  const json name = json::array({"mx1.example.com"});
  EXPECT_EQ(
      judge(minted({{"dns", name}}, "intermediate-ca.pem"), "mx1.example.com", name_rule::mx_host),
      cert_status::valid);
  EXPECT_EQ(judge(minted({{"dns", name}, {"window", "expired"}}, "intermediate-ca.pem"),
                  "mx1.example.com", name_rule::mx_host),
            cert_status::expired);
  EXPECT_EQ(judge(minted({{"dns", name}, {"window", "not_yet_valid"}}, "intermediate-ca.pem"),
                  "mx1.example.com", name_rule::mx_host),
            cert_status::not_yet_valid);
  EXPECT_EQ(judge(minted({{"dns", name}, {"issuer", "expired-intermediate-ca"}},
                         "expired-intermediate-ca.pem"),
                  "mx1.example.com", name_rule::mx_host),
            cert_status::expired);
  EXPECT_EQ(judge(minted({{"dns", name}, {"issuer", "untrusted-root-ca"}}, "untrusted-root-ca.pem"),
                  "mx1.example.com", name_rule::mx_host),
            cert_status::untrusted);
  EXPECT_EQ(judge(minted({{"dns", name}, {"issuer", "root-ca"}}, nullptr), "mx1.example.com",
                  name_rule::mx_host),
            cert_status::valid);
  // The NUL is kept: the name is not mx1.example.com.
  const json nul = json::array({std::string("mx1.example.com\0.evil.example", 29)});
  EXPECT_EQ(
      judge(minted({{"dns", nul}}, "intermediate-ca.pem"), "mx1.example.com", name_rule::mx_host),
      cert_status::name_mismatch);
  EXPECT_EQ(judge(minted({{"ip", json::array({"192.0.2.25"})}, {"cn", "mx1.example.com"}},
                         "intermediate-ca.pem"),
                  "mx1.example.com", name_rule::mx_host),
            cert_status::name_mismatch);
}

TEST(TestPki, MissingFilesAreNamed) {
  EXPECT_THROW(test_pki(fs::temp_directory_path() / "mtasts-no-such-certs"), std::runtime_error);
  const test_pki pki(certs);
  try {
    (void)pki.present(json::array({"no-such-leaf.pem"}));
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-leaf.pem"), std::string::npos);
  }
}

TEST(TestPki, LoadingAShippedFixturePresentsItsChains) {
  const load_result r = load_fixture_file(
      (fs::path(MTASTS_SOURCE_DIR) / "fixtures/chains/chains_test.json").string());
  ASSERT_TRUE(r.errors.empty()) << r.errors.front().to_string();
  ASSERT_FALSE(r.file.tests.empty());
  for (const test_case& t : r.file.tests) {
    EXPECT_TRUE(t.presents_chain) << t.name;
    EXPECT_NE(t.body.value("roots_pem", std::string()).find("BEGIN CERTIFICATE"),
              std::string::npos);
  }
}

TEST(TestPki, AChainNamingAMissingFileIsAFixtureErrorOfItsFile) {
  const fs::path dir = fs::temp_directory_path() / "mtasts-test-pki-missing" / "suite";
  fs::create_directories(dir);
  fs::copy(certs, dir.parent_path() / "certs",
           fs::copy_options::overwrite_existing | fs::copy_options::recursive);
  json f = json::parse(R"({"schema":"mtasts-fixture/1","suite":"t","numberOfTests":1,
    "testGroups":[{"tests":[{"tcId":1,"name":"rfc8461/4.2/t","level":"MUST","result":"valid",
    "requirements":["R-4.2-1"],"requires":["discover","apply"],"steps":[{"now":1795867200,
    "action":"deliver","mx":[{"host":"mx1.example.com","tls":{"chain":["gone.pem"]}}],
    "expect":{}}]}]}]})");
  const fs::path file = dir / "t_test.json";
  std::ofstream(file) << f.dump();
  const load_result r = load_fixture_file(file.string());
  EXPECT_TRUE(r.file.tests.empty());
  ASSERT_EQ(r.errors.size(), 1U);
  EXPECT_NE(r.errors[0].message.find("gone.pem"), std::string::npos) << r.errors[0].to_string();
  f["testGroups"][0]["tests"][0]["steps"][0]["mx"][0]["tls"]["verdict"] = "valid";
  std::ofstream(file) << f.dump();
  EXPECT_NE(load_fixture_file(file.string()).errors.at(0).message.find("not both"),
            std::string::npos);
  fs::remove_all(dir.parent_path());
}
