// SPDX-License-Identifier: Apache-2.0
// Replay main for the fuzz targets in ordinary builds (gcc, or clang without libFuzzer): runs
// LLVMFuzzerTestOneInput over every file named on the command line, descending into
// directories, in sorted order. Each input is copied into a heap buffer of exactly its size,
// so ASan catches a read one byte past the end (as ada's tests and OSS-Fuzz's standalone
// runner do).
//
//   fuzz_<target> [--expect-prefix] [--verdicts] [--max-len=N] PATH...
//
// --expect-prefix  checks the verdict encoded in the file name against the target's strict
//                  parser (MtastsFuzzVerdict): y_* must be accepted, n_* rejected; i_* and
//                  other names (auto/, regressions/) are only replayed.
// --verdicts       prints "<verdict> <path>" for every input (1 accepted, 0 rejected).
// --expect-tokens=P1,P2 [--except=T1,T2]
//                  checks that the inputs reach every registered error token starting with
//                  one of the prefixes (except the listed ones), as reported by the target's
//                  optional MtastsFuzzTokens hook (strict, behaviours and peer profiles):
//                  the seeds must reach every error branch of the grammar.
// --max-len=N     the target's libFuzzer max_len (from its .options): every input must be at
//                  most N bytes (a longer seed would be cut by the fuzzer, so its bytes past N
//                  are never explored), and N must reach the target's optional
//                  MtastsFuzzInputCap() + 1, so that the fuzzer can cross the parser's cap.
// Replay is thorough: MTASTS_FUZZ_THOROUGH=1 makes every target check every option set on
// every input (under a fuzzing engine each input checks three, see fuzz_support.h).
// Exit status: 0 when every input ran and every checked verdict held; 1 otherwise, including
// when no input was found (a misspelt corpus path must not pass silently).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "mtasts/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" int MtastsFuzzVerdict(const std::uint8_t* data, std::size_t size);
// Optional: the error tokens the input produces, space-separated (see fuzz_support.h).
extern "C" __attribute__((weak)) const char* MtastsFuzzTokens(const std::uint8_t* data,
                                                              std::size_t size);
// Optional: the parser's own input cap in bytes (policy: max_size), see fuzz_support.h.
extern "C" __attribute__((weak)) std::size_t MtastsFuzzInputCap();

namespace {

namespace fs = std::filesystem;

bool skipped(const fs::path& p) {
  const std::string name = p.filename().string();
  return name.empty() || name[0] == '.' || name == "README" || name == "README.md";
}

bool collect(const fs::path& root, std::vector<fs::path>& out) {
  std::error_code ec;
  if (fs::is_regular_file(root, ec)) {
    out.push_back(root);
    return true;
  }
  if (!fs::is_directory(root, ec)) {
    std::fprintf(stderr, "replay: %s: no such file or directory\n", root.string().c_str());
    return false;
  }
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_directory() && skipped(it->path())) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && !skipped(it->path())) out.push_back(it->path());
  }
  if (ec) {
    std::fprintf(stderr, "replay: %s: %s\n", root.string().c_str(), ec.message().c_str());
    return false;
  }
  return true;
}

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in{std::string(s)};
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

bool read_file(const fs::path& p, std::vector<char>& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

}  // namespace

int main(int argc, char** argv) {
  setenv("MTASTS_FUZZ_THOROUGH", "1", 0);  // before the first input: the targets read it once
  bool expect_prefix = false;
  bool print_verdicts = false;
  std::vector<std::string> token_prefixes, token_exceptions;
  std::size_t max_len = 0;  // 0: not checked
  std::vector<fs::path> files;
  bool ok = true;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--expect-prefix") {
      expect_prefix = true;
    } else if (arg == "--verdicts") {
      print_verdicts = true;
    } else if (arg.rfind("--expect-tokens=", 0) == 0) {
      token_prefixes = split_list(arg.substr(16));
    } else if (arg.rfind("--except=", 0) == 0) {
      token_exceptions = split_list(arg.substr(9));
    } else if (arg.rfind("--max-len=", 0) == 0) {
      max_len = std::strtoull(std::string(arg.substr(10)).c_str(), nullptr, 10);
      if (max_len == 0) {
        std::fprintf(stderr, "replay: --max-len needs a positive number\n");
        return 2;
      }
    } else if (arg.substr(0, 1) == "-") {
      // libFuzzer flags (-runs=0, -dict=...) are accepted and ignored, so scripts can call
      // either kind of binary the same way.
      continue;
    } else {
      ok = collect(argv[i], files) && ok;
    }
  }
  std::sort(files.begin(), files.end());

  std::size_t too_long = 0;
  if (max_len != 0 && MtastsFuzzInputCap != nullptr && max_len <= MtastsFuzzInputCap()) {
    std::fprintf(stderr, "replay: max_len %zu does not reach the parser's cap + 1 (%zu)\n", max_len,
                 MtastsFuzzInputCap() + 1);
    ok = false;
  }
  std::size_t counts[3] = {0, 0, 0};  // y_, n_, other
  std::size_t wrong = 0;
  std::set<std::string, std::less<>> reached;
  std::vector<char> bytes;
  for (const fs::path& p : files) {
    if (!read_file(p, bytes)) {
      std::fprintf(stderr, "replay: cannot read %s\n", p.string().c_str());
      ok = false;
      continue;
    }
    // Exactly sized heap copy: no slack after the last byte.
    const std::size_t size = bytes.size();
    std::unique_ptr<std::uint8_t[]> copy(new std::uint8_t[size == 0 ? 1 : size]);
    std::copy(bytes.begin(), bytes.end(), copy.get());
    const std::uint8_t* data = size == 0 ? nullptr : copy.get();
    LLVMFuzzerTestOneInput(data, size);
    if (max_len != 0 && size > max_len) {
      std::fprintf(stderr, "replay: %s has %zu bytes, more than max_len %zu\n", p.string().c_str(),
                   size, max_len);
      ++too_long;
    }

    if (!token_prefixes.empty() && MtastsFuzzTokens != nullptr) {
      std::istringstream tokens{std::string(MtastsFuzzTokens(data, size))};
      for (std::string token; tokens >> token;) reached.insert(token);
    }

    const std::string name = p.filename().string();
    const bool want_yes = name.rfind("y_", 0) == 0;
    const bool want_no = name.rfind("n_", 0) == 0;
    counts[want_yes ? 0 : want_no ? 1 : 2]++;
    if (expect_prefix || print_verdicts) {
      const int verdict = MtastsFuzzVerdict(data, size);
      if (print_verdicts) std::printf("%d %s\n", verdict, p.string().c_str());
      if (expect_prefix && ((want_yes && verdict != 1) || (want_no && verdict != 0))) {
        std::fprintf(stderr, "replay: WRONG VERDICT %s: strict parser %s it\n", p.string().c_str(),
                     verdict == 1 ? "accepts" : "rejects");
        ++wrong;
      }
    }
  }
  std::fprintf(stderr, "replay: %zu inputs (%zu y_, %zu n_, %zu other), %zu wrong verdicts\n",
               files.size(), counts[0], counts[1], counts[2], wrong);
  if (files.empty()) {
    std::fprintf(stderr, "replay: no input found\n");
    return 1;
  }
  std::size_t missing = 0, expected = 0;
  if (!token_prefixes.empty()) {
    if (MtastsFuzzTokens == nullptr) {
      std::fprintf(stderr, "replay: --expect-tokens: this target has no MtastsFuzzTokens\n");
      return 1;
    }
    for (const mtasts::error_code code : mtasts::all_error_codes()) {
      const std::string token(mtasts::token(code));
      bool wanted = false;
      for (const std::string& prefix : token_prefixes) wanted |= token.rfind(prefix, 0) == 0;
      for (const std::string& except : token_exceptions) wanted &= token != except;
      if (!wanted) continue;
      ++expected;
      if (reached.count(token) == 0) {
        std::fprintf(stderr, "replay: no input reaches error token %s\n", token.c_str());
        ++missing;
      }
    }
    std::fprintf(stderr, "replay: %zu of %zu expected error tokens reached\n", expected - missing,
                 expected);
  }
  return ok && wrong == 0 && missing == 0 && too_long == 0 ? 0 : 1;
}
