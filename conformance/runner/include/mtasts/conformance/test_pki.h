// SPDX-License-Identifier: Apache-2.0
// The test PKI of fixtures/certs (its README.md) as level-D2 fixtures use it: the chain a
// server presents, given in a fixture's `tls.chain` as certificate files of that directory
// or as a leaf minted per fixture from a small spec (names, validity window, issuer). The
// one place certificates are minted: replay-serve's per-verdict certificates come from here.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mtasts/observation/json.h"

namespace mtasts::conformance {

using json = observation::json;

// Most certificates one `tls.chain` may list (leaf first).
inline constexpr std::size_t max_chain_certificates = 8;
// Most subjectAltName entries (dns and ip together) of one minted leaf.
inline constexpr std::size_t max_minted_names = 32;
// Longest dns name or cn of a minted leaf, in bytes (a DNS name has at most 253).
inline constexpr std::size_t max_minted_name_bytes = 255;

// The issuers a minted leaf may name, each a certificate and key of the test PKI.
inline constexpr const char* const test_pki_issuers[] = {
    "intermediate-ca", "expired-intermediate-ca", "untrusted-root-ca", "root-ca"};
// The validity windows of the test PKI: they hold at every fixture time and any real date.
inline constexpr const char* const test_pki_windows[] = {"valid", "expired", "not_yet_valid"};

// A leaf to mint. dns entries are raw bytes (a NUL or a non-ASCII byte is kept as given).
struct leaf_spec {
  std::string cn;  // empty: no CN in the subject
  std::vector<std::string> dns;
  std::vector<std::string> ip;  // "192.0.2.25", "2001:db8::25"
  std::string window = "valid";
  std::string issuer = "intermediate-ca";
};

// What a server presents: PEM certificates, leaf first, and the leaf's private key (a
// published test key, so that a shim can run a real TLS handshake in memory).
struct presented_chain {
  std::vector<std::string> certificates_pem;
  std::string key_pem;  // empty when a leaf file has no .key beside it
};

// Problems with the shape of a `tls.chain` (not the files): "pointer: what was expected".
// Empty when the shape is right. Used by the fixture loader.
std::vector<std::string> chain_spec_problems(const json& chain, const std::string& pointer);

// The certs directory of a fixture file: `certs/` beside the suite directory holding it.
std::filesystem::path certs_dir_for(const std::filesystem::path& fixture_file);

class test_pki {
 public:
  // Loads root-ca.pem and every issuer of test_pki_issuers with its key. Throws
  // std::runtime_error naming the file that could not be read.
  explicit test_pki(const std::filesystem::path& certs_dir);
  test_pki(test_pki&&) noexcept;
  test_pki& operator=(test_pki&&) noexcept;
  test_pki(const test_pki&) = delete;
  test_pki& operator=(const test_pki&) = delete;
  ~test_pki();

  // The chain of a fixture's `tls.chain` (shape already checked): files read from the
  // directory (a leaf file's key from the .key beside it), a {"mint"} leaf minted with a new
  // P-256 key. Throws std::runtime_error naming a missing file or a failed OpenSSL call.
  [[nodiscard]] presented_chain present(const json& chain) const;
  [[nodiscard]] presented_chain mint(const leaf_spec& spec) const;

  // root-ca.pem: the only trust anchor of D2 tests.
  [[nodiscard]] const std::string& roots_pem() const { return roots_pem_; }
  [[nodiscard]] const std::filesystem::path& directory() const { return dir_; }

 private:
  struct issuer;
  std::filesystem::path dir_;
  std::string roots_pem_;
  std::map<std::string, std::unique_ptr<issuer>, std::less<>> issuers_;
};

// Adds "chain_pem" (the PEM certificates) and "key_pem" beside every `tls.chain` of a test
// (its https and mx entries), so every subject serves the same bytes, and the trust anchors
// as the test's "roots_pem". Throws like present().
void present_chains(json& test_body, const test_pki& pki);
// True when some https or mx entry of the test carries a `tls.chain` (a level-D2 test).
bool presents_chain(const json& test_body);

}  // namespace mtasts::conformance
