// SPDX-License-Identifier: Apache-2.0
// Chains of the test PKI for level-D2 fixtures (see test_pki.h).
#include "mtasts/conformance/test_pki.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <climits>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "mtasts/observation/bytes.h"

namespace mtasts::conformance {
namespace {

namespace fs = std::filesystem;

struct x509_free_fn {
  void operator()(X509* x) const { X509_free(x); }
};
struct pkey_free_fn {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct bio_free_fn {
  void operator()(BIO* b) const { BIO_free(b); }
};
using x509_owner = std::unique_ptr<X509, x509_free_fn>;
using pkey_owner = std::unique_ptr<EVP_PKEY, pkey_free_fn>;
using bio_owner = std::unique_ptr<BIO, bio_free_fn>;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bio_owner memory_bio(const std::string& text) {
  return bio_owner(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

x509_owner read_cert(const fs::path& path) {
  const std::string text = read_file(path);
  const bio_owner bio = memory_bio(text);
  x509_owner x(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!x) throw std::runtime_error("not a PEM certificate: " + path.string());
  return x;
}

pkey_owner read_key(const fs::path& path) {
  const std::string text = read_file(path);
  const bio_owner bio = memory_bio(text);
  pkey_owner k(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!k) throw std::runtime_error("not a PEM private key: " + path.string());
  return k;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

std::string pem_of(X509* cert) {
  const bio_owner bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1)
    throw std::runtime_error("cannot write a certificate as PEM");
  return bio_text(bio.get());
}

std::string pem_of(EVP_PKEY* key) {
  const bio_owner bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    throw std::runtime_error("cannot write a key as PEM");
  return bio_text(bio.get());
}

// The windows of fixtures/certs/README.md, as ASN1_TIME_set_string_X509 reads them.
struct validity {
  const char* not_before;
  const char* not_after;
};
validity window_of(const std::string& name) {
  if (name == "expired") return {"20000101000000Z", "20001231235959Z"};
  if (name == "not_yet_valid") return {"29010101000000Z", "99991231235959Z"};
  return {"20000101000000Z", "99991231235959Z"};
}

void add_extension(X509* leaf, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, leaf, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) throw std::runtime_error("cannot build a certificate extension");
  X509_add_ext(leaf, ext, -1);
  X509_EXTENSION_free(ext);
}

// subjectAltName built entry by entry, so a dNSName keeps any bytes (a U-label, a NUL, a
// trailing dot): D2 tests present exactly what a careless or hostile CA might sign.
void add_alt_names(X509* leaf, const leaf_spec& spec) {
  if (spec.dns.empty() && spec.ip.empty()) return;
  GENERAL_NAMES* names = GENERAL_NAMES_new();
  for (const std::string& dns : spec.dns) {
    GENERAL_NAME* gn = GENERAL_NAME_new();
    ASN1_IA5STRING* ia5 = ASN1_IA5STRING_new();
    ASN1_STRING_set(ia5, dns.data(), static_cast<int>(dns.size()));
    GENERAL_NAME_set0_value(gn, GEN_DNS, ia5);
    sk_GENERAL_NAME_push(names, gn);
  }
  for (const std::string& ip : spec.ip) {
    ASN1_OCTET_STRING* octets = a2i_IPADDRESS(ip.c_str());
    if (octets == nullptr) {
      GENERAL_NAMES_free(names);
      throw std::runtime_error("not an IP address: " + ip);
    }
    GENERAL_NAME* gn = GENERAL_NAME_new();
    GENERAL_NAME_set0_value(gn, GEN_IPADD, octets);
    sk_GENERAL_NAME_push(names, gn);
  }
  X509_add1_ext_i2d(leaf, NID_subject_alt_name, names, 0, X509V3_ADD_DEFAULT);
  GENERAL_NAMES_free(names);
}

bool is_one_of(const std::string& word, const auto& words) {
  return std::any_of(std::begin(words), std::end(words), [&](const char* w) { return word == w; });
}

std::string words(const auto& list) {
  std::string out;
  for (const char* w : list) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

// A certificate file name of the test PKI: a plain name ending in .pem, no directories.
bool is_pki_file_name(const std::string& name) {
  return name.size() > 4 && name.size() <= 64 && name.ends_with(".pem") &&
         std::all_of(name.begin(), name.end(),
                     [](char c) {
                       return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                              c == '.';
                     }) &&
         name.front() != '.';
}

bool is_ip_address(const std::string& text) {
  ASN1_OCTET_STRING* octets = a2i_IPADDRESS(text.c_str());
  ASN1_OCTET_STRING_free(octets);
  return octets != nullptr && text.find('\0') == std::string::npos;
}

void name_list_problems(const json& mint, const char* key, const std::string& ptr,
                        std::size_t& count, std::vector<std::string>& out) {
  if (!mint.contains(key)) return;
  const json& list = mint[key];
  if (!list.is_array()) {
    out.push_back(ptr + "/" + key + ": expected an array");
    return;
  }
  count += list.size();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string entry = ptr + "/" + key + "/" + std::to_string(i);
    // Sized without being built: a {"repeat"} value may claim megabytes.
    const bool is_ip = std::string_view(key) == "ip";
    const std::optional<std::size_t> size =
        is_ip ? (list[i].is_string() ? std::optional(list[i].get_ref<const std::string&>().size())
                                     : std::nullopt)
              : observation::fixture_bytes_size(list[i]);
    if (!size) {
      out.push_back(entry + ": expected " +
                    std::string(is_ip ? "an IP address string" : "a string or {\"base64\"}"));
    } else if (*size > max_minted_name_bytes) {
      out.push_back(entry + ": longer than " + std::to_string(max_minted_name_bytes) + " bytes");
    } else if (is_ip && !is_ip_address(list[i].get_ref<const std::string&>())) {
      out.push_back(entry + ": expected an IPv4 or IPv6 address");
    }
  }
}

void mint_problems(const json& mint, const std::string& ptr, std::vector<std::string>& out) {
  if (!mint.is_object()) {
    out.push_back(ptr + ": expected an object");
    return;
  }
  for (const auto& item : mint.items()) {
    const std::string& key = item.key();
    if (key == "cn" || key == "dns" || key == "ip" || key == "window" || key == "issuer") continue;
    std::string problem = ptr;
    problem += "/";
    problem += key;
    problem += ": unknown member (cn, dns, ip, window, issuer)";
    out.push_back(std::move(problem));
  }
  if (mint.contains("cn") &&
      (!mint["cn"].is_string() || mint["cn"].get_ref<const std::string&>().size() > 64))
    out.push_back(ptr + "/cn: expected a string of at most 64 bytes (RFC 5280 ub-common-name)");
  std::size_t names = 0;
  name_list_problems(mint, "dns", ptr, names, out);
  name_list_problems(mint, "ip", ptr, names, out);
  if (names > max_minted_names)
    out.push_back(ptr + ": more than " + std::to_string(max_minted_names) + " names");
  if (mint.contains("window") && (!mint["window"].is_string() ||
                                  !is_one_of(mint["window"].get<std::string>(), test_pki_windows)))
    out.push_back(ptr + "/window: expected " + words(test_pki_windows));
  if (mint.contains("issuer") && (!mint["issuer"].is_string() ||
                                  !is_one_of(mint["issuer"].get<std::string>(), test_pki_issuers)))
    out.push_back(ptr + "/issuer: expected " + words(test_pki_issuers));
}

leaf_spec spec_of(const json& mint) {
  leaf_spec s;
  s.cn = mint.value("cn", std::string());
  for (const json& d : mint.value("dns", json::array()))
    s.dns.push_back(observation::fixture_bytes(d).value_or(std::string()));
  for (const json& ip : mint.value("ip", json::array())) s.ip.push_back(ip.get<std::string>());
  s.window = mint.value("window", std::string("valid"));
  s.issuer = mint.value("issuer", std::string("intermediate-ca"));
  return s;
}

// Calls f(tls object) for every https and mx entry of every step that has one.
template <class Tls, class F>
void each_tls(Tls& body, F f) {
  if (!body.contains("steps") || !body["steps"].is_array()) return;
  for (auto& step : body["steps"]) {
    for (const char* list : {"https", "mx"}) {
      if (!step.is_object() || !step.contains(list) || !step[list].is_array()) continue;
      for (auto& entry : step[list]) {
        if (entry.is_object() && entry.contains("tls") && entry["tls"].is_object()) f(entry["tls"]);
      }
    }
  }
}

}  // namespace

struct test_pki::issuer {
  x509_owner cert;
  pkey_owner key;
};

std::vector<std::string> chain_spec_problems(const json& chain, const std::string& pointer) {
  std::vector<std::string> out;
  if (!chain.is_array() || chain.empty() || chain.size() > max_chain_certificates) {
    out.push_back(pointer + ": expected an array of 1 to " +
                  std::to_string(max_chain_certificates) + " certificates, leaf first");
    return out;
  }
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const std::string ptr = pointer + "/" + std::to_string(i);
    const json& entry = chain[i];
    if (entry.is_string()) {
      if (entry.get_ref<const std::string&>().starts_with("-----BEGIN")) {
        out.push_back(ptr +
                      ": expected a .pem file name of the test PKI, not PEM text (the "
                      "certificates a server was seen to present are `observed_pem`)");
      } else if (!is_pki_file_name(entry.get<std::string>())) {
        out.push_back(ptr + ": expected a .pem file name of the test PKI (no directories)");
      }
    } else if (i == 0 && entry.is_object() && entry.size() == 1 && entry.contains("mint")) {
      mint_problems(entry["mint"], ptr + "/mint", out);
    } else {
      out.push_back(ptr + (i == 0 ? ": expected a .pem file name or {\"mint\": {...}}"
                                  : ": expected a .pem file name (only the leaf is minted)"));
    }
  }
  return out;
}

fs::path certs_dir_for(const fs::path& fixture_file) {
  return fs::absolute(fixture_file).parent_path().parent_path() / "certs";
}

test_pki::test_pki(const fs::path& certs_dir) : dir_(fs::absolute(certs_dir)) {
  roots_pem_ = read_file(dir_ / "root-ca.pem");
  for (const char* name : test_pki_issuers) {
    auto i = std::make_unique<issuer>();
    i->cert = read_cert(dir_ / (std::string(name) + ".pem"));
    i->key = read_key(dir_ / (std::string(name) + ".key"));
    issuers_.emplace(name, std::move(i));
  }
}

test_pki::test_pki(test_pki&&) noexcept = default;
test_pki& test_pki::operator=(test_pki&&) noexcept = default;
test_pki::~test_pki() = default;

presented_chain test_pki::mint(const leaf_spec& spec) const {
  const auto found = issuers_.find(spec.issuer);
  if (found == issuers_.end()) throw std::runtime_error("unknown issuer " + spec.issuer);
  X509* issuer_cert = found->second->cert.get();

  pkey_owner key(EVP_EC_gen("P-256"));
  x509_owner leaf(X509_new());
  if (!key || !leaf) throw std::runtime_error("cannot generate a key");
  X509_set_version(leaf.get(), X509_VERSION_3);
  // A random positive serial of 127 bits (RFC 5280 §4.1.2.2: at most 20 octets).
  BIGNUM* serial = BN_new();
  BN_rand(serial, 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
  BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(leaf.get()));
  BN_free(serial);

  const validity w = window_of(spec.window);
  // ASN1_TIME_set_string_X509 writes UTCTime before 2050, GeneralizedTime after (§4.1.2.5).
  ASN1_TIME_set_string_X509(X509_getm_notBefore(leaf.get()), w.not_before);
  ASN1_TIME_set_string_X509(X509_getm_notAfter(leaf.get()), w.not_after);
  if (!spec.cn.empty()) {
    X509_NAME_add_entry_by_txt(X509_get_subject_name(leaf.get()), "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(spec.cn.data()),
                               static_cast<int>(spec.cn.size()), -1, 0);
  }
  X509_set_issuer_name(leaf.get(), X509_get_subject_name(issuer_cert));
  X509_set_pubkey(leaf.get(), key.get());
  add_extension(leaf.get(), issuer_cert, NID_basic_constraints, "critical,CA:FALSE");
  add_extension(leaf.get(), issuer_cert, NID_key_usage, "critical,digitalSignature");
  add_extension(leaf.get(), issuer_cert, NID_ext_key_usage, "serverAuth");
  add_extension(leaf.get(), issuer_cert, NID_subject_key_identifier, "hash");
  add_extension(leaf.get(), issuer_cert, NID_authority_key_identifier, "keyid:always");
  add_alt_names(leaf.get(), spec);
  if (X509_sign(leaf.get(), found->second->key.get(), EVP_sha256()) == 0)
    throw std::runtime_error("cannot sign a minted certificate");
  return presented_chain{{pem_of(leaf.get())}, pem_of(key.get())};
}

presented_chain test_pki::present(const json& chain) const {
  presented_chain out;
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const json& entry = chain[i];
    if (entry.is_object()) {
      presented_chain minted = mint(spec_of(entry["mint"]));
      out.certificates_pem.push_back(std::move(minted.certificates_pem.front()));
      out.key_pem = std::move(minted.key_pem);
      continue;
    }
    const std::string name = entry.get<std::string>();
    out.certificates_pem.push_back(pem_of(read_cert(dir_ / name).get()));
    if (i == 0) {
      const fs::path key = dir_ / (name.substr(0, name.size() - 4) + ".key");
      if (fs::exists(key)) out.key_pem = read_file(key);
    }
  }
  return out;
}

void present_chains(json& test_body, const test_pki& pki) {
  test_body["roots_pem"] = pki.roots_pem();
  each_tls(test_body, [&](json& tls) {
    if (!tls.contains("chain")) return;
    presented_chain chain = pki.present(tls["chain"]);
    tls["chain_pem"] = chain.certificates_pem;
    tls["key_pem"] = chain.key_pem;
  });
}

bool presents_chain(const json& test_body) {
  bool found = false;
  each_tls(test_body, [&](const json& tls) { found = found || tls.contains("chain"); });
  return found;
}

}  // namespace mtasts::conformance
