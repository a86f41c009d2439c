// SPDX-License-Identifier: Apache-2.0
// `mtasts check|record|lint` end to end: the built binary against loopback DNS, HTTPS and
// SMTP servers run by the test, then `mtasts conform` on what `record` wrote.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "fake_dns.h"
#include "tls_server.h"

namespace mtasts::live::test {
namespace {

using nlohmann::json;

struct run_result {
  int status = -1;
  std::string out;
};

run_result run(const std::string& args) {
  const std::string command = std::string(MTASTS_BINARY) + " " + args + " 2>/dev/null";
  run_result r;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
  const int status = ::pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string policy_response(const std::string& body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

// A domain example.com served on loopback: TXT, the Policy Host, MX and TLS-RPT.
class world {
 public:
  explicit world(const std::string& policy, const std::string& policy_leaf = "policy-valid",
                 bool tlsrpt = true)
      : https_(options(policy_leaf, policy_response(policy))), smtp_(smtp_options()) {
    dns_.set("_mta-sts.example.com", "TXT",
             {0, {R"(_mta-sts.example.com. 60 IN TXT "v=STSv1; " "id=20260101")"}});
    dns_.set("mta-sts.example.com", "A", {0, {"mta-sts.example.com. 60 IN A 127.0.0.1"}});
    dns_.set("example.com", "MX", {0, {"example.com. 60 IN MX 10 mx1.example.com."}});
    dns_.set("mx1.example.com", "A", {0, {"mx1.example.com. 60 IN A 127.0.0.1"}});
    if (tlsrpt) {
      dns_.set(
          "_smtp._tls.example.com", "TXT",
          {0, {R"(_smtp._tls.example.com. 60 IN TXT "v=TLSRPTv1; rua=mailto:r@example.com")"}});
    }
  }
  fake_dns& dns() { return dns_; }
  [[nodiscard]] std::string net() const {
    return "--resolver 127.0.0.1:" + std::to_string(dns_.port()) + " --https-port " +
           std::to_string(https_.port()) + " --smtp-port " + std::to_string(smtp_.port()) +
           " --ca-file " + cert_dir() + "root-ca.pem --timeout 3";
  }

 private:
  static tls_server_options options(const std::string& leaf, const std::string& response) {
    tls_server_options o;
    o.cert = cert_dir() + leaf + ".pem";
    o.key = cert_dir() + leaf + ".key";
    o.intermediate = cert_dir() + "intermediate-ca.pem";
    o.http_response = response;
    return o;
  }
  static tls_server_options smtp_options() {
    tls_server_options o = options("mx1-valid", "");
    o.smtp = true;
    return o;
  }
  fake_dns dns_;
  tls_server https_;
  tls_server smtp_;
};

const std::string enforce_policy =
    "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmax_age: 604800\n";

TEST(CheckCommand, ObservationIsTheLookupObservation) {
  world w(enforce_policy);
  const run_result r = run("check example.com --observation --quiet " + w.net());
  EXPECT_EQ(r.status, 0) << r.out;
  const json obs = json::parse(r.out);
  EXPECT_EQ(obs["outcome"], "fetched");
  EXPECT_EQ(obs["events"], json::array());
  EXPECT_EQ(obs["fetches"], 1);
  EXPECT_EQ(obs["active"], true);
  EXPECT_EQ(obs["id"], "20260101");
  EXPECT_EQ(obs["alert"], false);
  EXPECT_EQ(obs["policy"]["mode"], "enforce");
  EXPECT_EQ(obs["policy"]["mx"], json::array({"mx1.example.com"}));
  EXPECT_EQ(obs["requests"], json::array({"https://mta-sts.example.com/.well-known/mta-sts.txt"}));
  EXPECT_EQ(obs["queries"], json::array({"_mta-sts.example.com"}));
  EXPECT_FALSE(obs.contains("mx"));
  EXPECT_EQ(r.out.find('\n'), r.out.size() - 1);  // exactly one JSON object, one line
}

TEST(CheckCommand, StarttlsAddsTheDeliveryObservation) {
  world w(enforce_policy);
  const run_result r = run("check example.com --starttls --observation --quiet " + w.net());
  EXPECT_EQ(r.status, 0) << r.out;
  const json obs = json::parse(r.out);
  EXPECT_EQ(obs["mx"],
            json::parse(
                R"([{"host":"mx1.example.com","verdict":"ok","action":"deliver","report":null}])"));
  EXPECT_EQ(obs["temporary_failure"], false);
}

TEST(CheckCommand, BrokenPolicyHostCertificateExitsOne) {
  world w(enforce_policy, "policy-cn-only");
  const run_result r = run("check example.com --observation --quiet " + w.net());
  EXPECT_EQ(r.status, 1);
  const json obs = json::parse(r.out);
  EXPECT_EQ(obs["events"], json::array({"FETCH_CERT_NAME_MISMATCH"}));
  EXPECT_EQ(obs["policy"], nullptr);
}

TEST(CheckCommand, TextSaysWhyACertificateFailed) {
  world w(enforce_policy, "policy-expired");
  const run_result r = run("check example.com --quiet " + w.net());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("FETCH_CERT_EXPIRED"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("the certificate judge says: certificate has expired"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("fix: renew the certificate of mta-sts.example.com"), std::string::npos)
      << r.out;
}

// --json: the operator report, with the observation under its own key and the certificate's
// dates; the exit status is in it too.
TEST(CheckCommand, JsonIsTheOperatorReport) {
  world w(enforce_policy, "policy-expired");
  const run_result r = run("check example.com --json --quiet " + w.net());
  EXPECT_EQ(r.status, 1);
  const json report = json::parse(r.out);
  EXPECT_EQ(report["format"], "mtasts-operator-report/1");
  EXPECT_EQ(report["domain"], "example.com");
  EXPECT_EQ(report["status"], "problems");
  EXPECT_EQ(report["exit"], 1);
  EXPECT_EQ(report["observation"]["events"], json::array({"FETCH_CERT_EXPIRED"}));
  EXPECT_EQ(report["findings"][0]["token"], "FETCH_CERT_EXPIRED");
  EXPECT_FALSE(report["findings"][0]["fix"].get<std::string>().empty());
  ASSERT_EQ(report["certificates"].size(), 1U);
  EXPECT_EQ(report["certificates"][0]["role"], "policy-host");
  EXPECT_LT(report["certificates"][0]["chain"][0]["days_left"].get<int>(), 0);
}

TEST(CheckCommand, NoPolicyPublishedExitsZero) {
  world w(enforce_policy);
  w.dns().set("_mta-sts.example.com", "TXT", {3, {}});
  const run_result r = run("check example.com --observation --quiet " + w.net());
  EXPECT_EQ(r.status, 0);
  const json obs = json::parse(r.out);
  EXPECT_EQ(obs["outcome"], "none");
  EXPECT_EQ(obs["events"], json::array({"DNS_NXDOMAIN"}));
  EXPECT_EQ(obs["requests"], json::array());
}

TEST(CheckCommand, UsageErrors) {
  EXPECT_EQ(run("check example.com --resolver nonsense").status, 2);
  EXPECT_EQ(run("check example.com --ca-file /nonexistent/ca.pem").status, 2);
  // A CA file without a certificate in it is a set-up error too, not "nothing is trusted".
  EXPECT_EQ(run("check example.com --ca-file " + cert_dir() + "root-ca.key").status, 2);
  EXPECT_EQ(run("check").status, 2);
}

TEST(RecordCommand, WritesAFixtureThatConformReplays) {
  for (const bool starttls : {false, true}) {
    world w(enforce_policy);
    const std::string file = ::testing::TempDir() + "recorded_" + std::to_string(::getpid()) +
                             (starttls ? "_deliver" : "_lookup") + ".json";
    const run_result r = run("record example.com -o " + file + " --quiet " +
                             (starttls ? "--starttls " : "") + w.net());
    EXPECT_EQ(r.status, 0);
    std::ifstream in(file);
    const json fixture = json::parse(in);
    EXPECT_EQ(fixture["schema"], "mtasts-fixture/1");
    const json& step = fixture["testGroups"][0]["tests"][0]["steps"][0];
    EXPECT_EQ(step["action"], starttls ? "deliver" : "lookup");
    EXPECT_EQ(step["dns"][0]["txt"], json::parse(R"([["v=STSv1; ", "id=20260101"]])"));
    EXPECT_EQ(step["https"][0]["status"], 200);
    EXPECT_EQ(step["https"][0]["body"], enforce_policy);
    EXPECT_EQ(step["https"][0]["tls"]["verdict"], "valid");
    EXPECT_EQ(step["https"][0]["tls"]["observed_pem"].size(), 2U);
    EXPECT_EQ(step["https"][0]["headers"][0], json::array({"Content-Type", "text/plain"}));
    EXPECT_EQ(step["expect"]["outcome"], "fetched");
    if (starttls) {
      EXPECT_EQ(step["mx"][0]["tls"]["verdict"], "valid");
    }
    // The replay gives the same verdict.
    const run_result replay = run("conform " + file);
    EXPECT_EQ(replay.status, 0) << replay.out;
    EXPECT_NE(replay.out.find("1 tests in 1 files, 1 PASS"), std::string::npos) << replay.out;
    if (const char* keep = std::getenv("MTASTS_KEEP_RECORDED"); keep != nullptr) {
      std::filesystem::copy_file(file,
                                 std::string(keep) + (starttls ? "/deliver.json" : "/lookup.json"),
                                 std::filesystem::copy_options::overwrite_existing);
    }
    std::filesystem::remove(file);
  }
}

TEST(RecordCommand, FailuresReplayToo) {
  world w(enforce_policy, "policy-expired");
  const std::string file =
      ::testing::TempDir() + "recorded_expired_" + std::to_string(::getpid()) + ".json";
  // Recording a broken domain is a recording: exit 0, the verdict is in the file.
  EXPECT_EQ(run("record example.com -o " + file + " --quiet " + w.net()).status, 0);
  std::ifstream in(file);
  const json fixture = json::parse(in);
  const json& step = fixture["testGroups"][0]["tests"][0]["steps"][0];
  EXPECT_EQ(step["https"][0]["tls"]["verdict"], "expired");
  EXPECT_EQ(step["expect"]["events"], json::array({"FETCH_CERT_EXPIRED"}));
  const run_result replay = run("conform " + file);
  EXPECT_EQ(replay.status, 0);
  EXPECT_NE(replay.out.find("1 tests in 1 files, 1 PASS"), std::string::npos) << replay.out;
  std::filesystem::remove(file);
}

std::vector<std::string> codes_of(const json& lint, const std::string& severity) {
  std::vector<std::string> out;
  for (const json& f : lint["findings"]) {
    if (f["severity"] == severity) out.push_back(f["code"]);
  }
  return out;
}

TEST(LintCommand, FindsOperatorMistakes) {
  world w(
      "version: STSv1\nmode: testing\nmx: mx1.example.com\nmx: mx.old.example.net\n"
      "max_age: 3600\n",
      "policy-valid", false);
  const run_result r = run("lint example.com --json --quiet " + w.net());
  EXPECT_EQ(r.status, 0) << r.out;  // warnings only
  const json lint = json::parse(r.out);
  EXPECT_EQ(codes_of(lint, "warning"),
            (std::vector<std::string>{"max-age-short", "mode-testing", "mx-pattern-unused",
                                      "tlsrpt-missing"}));
  EXPECT_EQ(codes_of(lint, "skipped"), (std::vector<std::string>{"policy-changed-id-unchanged"}));
  EXPECT_EQ(lint["counts"]["error"], 0);
}

TEST(LintCommand, ErrorsExitOneAndPreviousIsCompared) {
  world w("version: STSv1\nmode: enforce\nmx: mx2.example.com\nmax_age: 604800\n");
  const std::string prev = ::testing::TempDir() + "prev_" + std::to_string(::getpid()) + ".json";
  {
    world before(enforce_policy);
    ASSERT_EQ(run("record example.com -o " + prev + " --quiet " + before.net()).status, 0);
  }
  const run_result r =
      run("lint example.com --json --quiet --no-starttls --previous " + prev + " " + w.net());
  EXPECT_EQ(r.status, 1);
  const json lint = json::parse(r.out);
  EXPECT_EQ(codes_of(lint, "error"),
            (std::vector<std::string>{"policy-changed-id-unchanged", "mx-host-not-covered"}));
  EXPECT_EQ(codes_of(lint, "skipped"), (std::vector<std::string>{"mx-would-fail"}));
  std::filesystem::remove(prev);
  // A file that is not a recording is refused as such, before any network work (exit 2).
  const run_result not_recording =
      run("lint example.com --quiet --previous " + cert_dir() + "verdicts.json " + w.net());
  EXPECT_EQ(not_recording.status, 2);
  EXPECT_EQ(not_recording.out, "");
}

}  // namespace
}  // namespace mtasts::live::test
