// SPDX-License-Identifier: Apache-2.0
// The fixture suite's identity in reports: a SHA-256 over its files' names and bytes.
#include <openssl/evp.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <utility>

#include "mtasts/conformance/reports.h"

namespace mtasts::conformance {

std::string report_file_name(const std::string& file, const std::string& root) {
  namespace fs = std::filesystem;
  if (root.empty()) return fs::path(file).filename().string();
  std::error_code ec;
  fs::path base = fs::weakly_canonical(root, ec);
  if (!fs::is_directory(base)) base = base.parent_path();
  const fs::path relative = fs::weakly_canonical(file, ec).lexically_relative(base);
  if (relative.empty() || *relative.begin() == "..") return fs::path(file).filename().string();
  return relative.generic_string();
}

std::string suite_digest(const std::vector<std::string>& files, const std::string& root) {
  std::vector<std::pair<std::string, std::string>> named;  // (report name, path)
  named.reserve(files.size());
  for (const std::string& f : files) named.emplace_back(report_file_name(f, root), f);
  std::sort(named.begin(), named.end());
  const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                    EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) return "";
  for (const auto& [name, path] : named) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return "";
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    // The name and a NUL, the length and a NUL, then the bytes: no two suites hash alike.
    const std::string head = name + '\0' + std::to_string(bytes.size()) + '\0';
    EVP_DigestUpdate(ctx.get(), head.data(), head.size());
    EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size());
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx.get(), digest, &length) != 1) return "";
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "sha256:";
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xF];
  }
  return out;
}

}  // namespace mtasts::conformance
