// SPDX-License-Identifier: Apache-2.0
// Oracles shared by the fuzz targets (fuzz/*.cc). A failed check prints what failed, a
// detail and the input (escaped), then aborts: libFuzzer, the replay main and OSS-Fuzz all
// report that as a crash. Header-only; every target is one translation unit.
//
// Each target also defines
//   extern "C" int MtastsFuzzVerdict(const uint8_t* data, size_t size);
// and may define MtastsFuzzTokens (the error tokens the input reaches, for the seed check).
// returning 1 when the strict parser accepts the input (the matchers: when it matches) and 0
// otherwise. The replay main (replay_main.cc --expect-prefix) checks it against the seed's
// name: y_* must give 1, n_* must give 0, i_* (implementation-defined) is not checked.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/diagnose.h"
#include "mtasts/parser.h"

extern "C" int MtastsFuzzVerdict(const std::uint8_t* data, std::size_t size);
// Optional: the error tokens the input produces under strict, behaviours and peer profiles,
// space-separated; replay_main.cc --expect-tokens checks that the seeds reach every token.
extern "C" const char* MtastsFuzzTokens(const std::uint8_t* data, std::size_t size);
// Optional: the parser's own input cap in bytes, for a target whose parser has one (the
// policy's max_size, the report's max_report_bytes, the longest host name); replay_main.cc
// --max-len checks that the target's max_len reaches it + 1.
extern "C" std::size_t MtastsFuzzInputCap();

// The harness's own code (oracles, input framing, world building) takes no coverage
// instrumentation: its branches are not the library's, so they would only add features for
// libFuzzer to chase and to keep count of, and their comparison callbacks cost time on every
// input (OSS-Fuzz instruments every translation unit). Only the library guides the fuzzer.
// Every function defined between MTASTS_FUZZ_HARNESS_BEGIN and _END is left out; each fuzz
// target wraps everything after its includes.
#if defined(__clang__)
#define MTASTS_FUZZ_HARNESS_BEGIN \
  _Pragma("clang attribute push(__attribute__((no_sanitize(\"coverage\"))), apply_to = function)")
#define MTASTS_FUZZ_HARNESS_END _Pragma("clang attribute pop")
#else
#define MTASTS_FUZZ_HARNESS_BEGIN
#define MTASTS_FUZZ_HARNESS_END
#endif

MTASTS_FUZZ_HARNESS_BEGIN

namespace mtasts_fuzz {

// The input of the current run, printed with every violation.
inline std::string_view& current_input() {
  static std::string_view input;
  return input;
}

// Sets current_input() for the lifetime of the scope.
class input_scope {
 public:
  explicit input_scope(std::string_view input) : saved_(current_input()) {
    current_input() = input;
  }
  ~input_scope() { current_input() = saved_; }
  input_scope(const input_scope&) = delete;
  input_scope& operator=(const input_scope&) = delete;

 private:
  std::string_view saved_;
};

inline std::string_view as_view(const std::uint8_t* data, std::size_t size) {
  return size == 0 ? std::string_view()
                   : std::string_view(reinterpret_cast<const char*>(data), size);
}

inline void print_escaped(const char* label, std::string_view s) {
  constexpr std::size_t limit = 1024;
  std::fprintf(stderr, "  %s (%zu bytes): \"", label, s.size());
  for (std::size_t i = 0; i < s.size() && i < limit; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '\\' || c == '"') {
      std::fprintf(stderr, "\\%c", c);
    } else if (c >= 0x20 && c < 0x7F) {
      std::fputc(c, stderr);
    } else {
      std::fprintf(stderr, "\\x%02X", c);
    }
  }
  std::fprintf(stderr, "%s\"\n", s.size() > limit ? "..." : "");
}

[[noreturn]] inline void fail(const char* file, int line, const char* what,
                              std::string_view detail) {
  std::fprintf(stderr, "\n==mtasts-fuzz== ORACLE VIOLATION at %s:%d\n  check: %s\n", file, line,
               what);
  if (!detail.empty()) std::fprintf(stderr, "  detail: %.*s\n", int(detail.size()), detail.data());
  print_escaped("input", current_input());
  std::fflush(stderr);
  std::abort();
}

#define MTASTS_FUZZ_CHECK(cond, detail)                                  \
  do {                                                                   \
    if (!(cond)) ::mtasts_fuzz::fail(__FILE__, __LINE__, #cond, detail); \
  } while (0)

inline std::string describe(const mtasts::parse_error& e) {
  std::string out(mtasts::token(e.code));
  out += " offset=" + std::to_string(e.offset) + " line=" + std::to_string(e.line) +
         " column=" + std::to_string(e.column);
  return out;
}

// Generic error invariants: a registered code whose token, family and message are non-empty,
// in one of the expected token groups (that each token names its code is a unit test's); an offset
// inside the input (== size means "at the end"); line and column recomputed from the LFs before the
// offset.
inline void check_error(const mtasts::parse_error& e, std::string_view input,
                        std::initializer_list<std::string_view> token_prefixes) {
  const auto index = static_cast<std::size_t>(e.code);
  MTASTS_FUZZ_CHECK(index < mtasts::all_error_codes().size(), "unregistered error code");
  MTASTS_FUZZ_CHECK(!mtasts::token(e.code).empty(), describe(e));
  MTASTS_FUZZ_CHECK(!mtasts::family(e.code).empty(), describe(e));
  MTASTS_FUZZ_CHECK(!mtasts::message(e.code).empty(), describe(e));
  bool expected_group = false;
  for (std::string_view prefix : token_prefixes) {
    if (mtasts::token(e.code).substr(0, prefix.size()) == prefix) expected_group = true;
  }
  MTASTS_FUZZ_CHECK(expected_group, describe(e));
  MTASTS_FUZZ_CHECK(e.offset <= input.size(), describe(e));
  std::uint32_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < e.offset && i < input.size(); ++i) {
    if (input[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  MTASTS_FUZZ_CHECK(e.line == line, describe(e));
  MTASTS_FUZZ_CHECK(e.column == e.offset - line_start + 1, describe(e));
}

// True when part is empty or lies inside whole (pointer containment: views into the input).
inline bool within(std::string_view part, std::string_view whole) {
  if (part.empty()) return true;
  const auto b = reinterpret_cast<std::uintptr_t>(whole.data());
  const auto q = reinterpret_cast<std::uintptr_t>(part.data());
  return q >= b && q + part.size() <= b + whole.size();
}

inline std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

using mtasts::ascii_lower;

inline std::size_t count_labels(std::string_view name) {
  std::size_t n = 1;
  for (char c : name) n += c == '.' ? 1 : 0;
  return n;
}

// Splits s at every sep; an empty s gives one empty piece.
inline std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = s.find(sep, start);
    if (at == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, at - start));
    start = at + 1;
  }
}

// Thorough mode: every option set gets every check on every input. The replay main turns it
// on (seeds and regressions replay in ctest); so does MTASTS_FUZZ_THOROUGH=1. Otherwise, under
// a fuzzing engine, each input runs strict, option set 0 (the lenient set) and one more set
// chosen by a hash of the input: every set is exercised across a run while the cost per input
// stays that of three parses instead of a dozen.
inline bool& thorough_flag() {
  static bool on = [] {
    const char* v = std::getenv("MTASTS_FUZZ_THOROUGH");
    return v != nullptr && *v != '\0' && *v != '0';
  }();
  return on;
}
inline bool thorough() { return thorough_flag(); }

// Checks of open findings can be skipped while exploring for others: MTASTS_FUZZ_SKIP holds a
// comma-separated list of check names (e.g. MTASTS_FUZZ_SKIP=uri_prefix_scheme). Unset in CI.
inline bool skipped_check(std::string_view name) {
  static const std::string list = [] {
    const char* v = std::getenv("MTASTS_FUZZ_SKIP");
    return v == nullptr ? std::string() : "," + std::string(v) + ",";
  }();
  return !list.empty() && list.find("," + std::string(name) + ",") != std::string::npos;
}

inline std::size_t input_hash(std::string_view input) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (char c : input) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return static_cast<std::size_t>(h ^ (h >> 32));
}

// Whether option set `index` of n runs for this input (set 0 always does).
inline bool runs_set(std::string_view input, std::size_t index, std::size_t n) {
  if (index == 0 || thorough()) return true;
  return n > 1 && index == 1 + input_hash(input) % (n - 1);
}

// Collects error tokens for MtastsFuzzTokens.
class token_collector {
 public:
  template <class T>
  void add(const mtasts::result<T>& r) {
    if (!r.ok()) add(r.error().code);
  }
  void add(mtasts::error_code code) { tokens_.insert(std::string(mtasts::token(code))); }
  // Valid until the next call.
  const char* str() const {
    static std::string out;
    out.clear();
    for (const std::string& t : tokens_) out += t + " ";
    return out.c_str();
  }

 private:
  std::set<std::string> tokens_;
};

template <class Options>
struct named_options {
  const char* name;
  Options options;
};

// The relaxation sets of a parser: lenient_*_options(), the "lenient" profile, and each single
// relaxation on its own. Strict ⊆ each of them, with identical fields.
// The relaxations of a `v=...; name=value` record parser (TXT and TLS-RPT options have the
// same two): lenient(), the "lenient" profile's set, and each relaxation on its own.
template <class Options>
std::vector<named_options<Options>> tag_record_relaxations(const char* lenient_name,
                                                           const Options& lenient,
                                                           const Options& profile_lenient) {
  std::vector<named_options<Options>> v;
  v.push_back({lenient_name, lenient});
  v.push_back({"profile lenient", profile_lenient});
  Options o;
  o.allow_trailing_whitespace = true;
  v.push_back({"allow_trailing_whitespace", o});
  o = {};
  o.allow_empty_fields = true;
  v.push_back({"allow_empty_fields", o});
  return v;
}

inline const std::vector<named_options<mtasts::txt_options>>& txt_relaxations() {
  static const auto all =
      tag_record_relaxations("lenient_txt_options()", mtasts::lenient_txt_options(),
                             mtasts::find_profile("lenient").value().txt);
  return all;
}

inline const std::vector<named_options<mtasts::tlsrpt_options>>& tlsrpt_relaxations() {
  static const auto all =
      tag_record_relaxations("lenient_tlsrpt_options()", mtasts::lenient_tlsrpt_options(),
                             mtasts::find_profile("lenient").value().tlsrpt);
  return all;
}

// Independent restatements of the extension grammar shared by RFC 8461 §3.1 and RFC 8460 §3
// (not the parser's own character classes), for the targets' output oracles.
// ext-name = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
inline bool ext_name_oracle(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '_' && c != '-' && c != '.'))) return false;
  }
  return true;
}

// ext-value = 1*(%x21-3A / %x3C / %x3E-7E)
inline bool tag_value_oracle(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x21 || u > 0x7E || c == ';' || c == '=') return false;
  }
  return true;
}

inline const std::vector<named_options<mtasts::policy_options>>& policy_relaxations() {
  static const std::vector<named_options<mtasts::policy_options>> all = [] {
    std::vector<named_options<mtasts::policy_options>> v;
    v.push_back({"lenient_policy_options()", mtasts::lenient_policy_options()});
    v.push_back({"profile lenient", mtasts::find_profile("lenient").value().policy});
    mtasts::policy_options o;
    o.allow_blank_lines = true;
    v.push_back({"allow_blank_lines", o});
    o = {};
    o.allow_leading_bom = true;
    v.push_back({"allow_leading_bom", o});
    o = {};
    o.allow_cr_line_endings = true;
    v.push_back({"allow_cr_line_endings", o});
    o = {};
    o.allow_whitespace_around_name = true;
    v.push_back({"allow_whitespace_around_name", o});
    o = {};
    o.max_age_over_ceiling = mtasts::max_age_ceiling::clamp;
    v.push_back({"max_age_over_ceiling=clamp", o});
    o = {};
    o.max_age_over_ceiling = mtasts::max_age_ceiling::accept;
    v.push_back({"max_age_over_ceiling=accept", o});
    o = mtasts::lenient_policy_options();
    o.max_age_over_ceiling = mtasts::max_age_ceiling::accept;
    v.push_back({"lenient + max_age accept", o});
    return v;
  }();
  return all;
}

// Peer profiles (behaviours): never under the strict ⊆ relaxed oracle, only the generic ones.
inline const std::vector<mtasts::parser_profile>& peer_profiles() {
  static const std::vector<mtasts::parser_profile> all = [] {
    std::vector<mtasts::parser_profile> v;
    for (const mtasts::parser_profile& p : mtasts::all_profiles()) {
      if (p.name != "strict" && p.name != "lenient") v.push_back(p);
    }
    return v;
  }();
  return all;
}

// diagnose never crashes; its first error is the parser's error (token and position) when the
// parser fails, and it reports no error when the parser succeeds; at most max_diagnostics,
// each placed inside the input with a caret inside its evidence, a message and a fix.
template <class Parsed>
inline void check_diagnosis(const std::vector<mtasts::diagnostic>& all, const Parsed& parsed,
                            std::string_view input) {
  MTASTS_FUZZ_CHECK(all.size() <= mtasts::max_diagnostics, "more than max_diagnostics");
  bool seen_error = false;
  for (const mtasts::diagnostic& d : all) {
    MTASTS_FUZZ_CHECK(d.offset <= input.size(), "diagnostic outside the input");
    MTASTS_FUZZ_CHECK(!d.message.empty() && !d.fix.empty() && !d.token.empty(), d.message);
    MTASTS_FUZZ_CHECK(!d.caret.empty() && d.caret.size() <= d.evidence.size() + 1, d.evidence);
    for (const std::string* text : {&d.message, &d.fix, &d.evidence}) {
      MTASTS_FUZZ_CHECK(
          std::all_of(text->begin(), text->end(), [](char c) { return c >= 0x20 && c <= 0x7E; }),
          "diagnostic text outside printable ASCII: " + *text);
    }
    MTASTS_FUZZ_CHECK(d.token == mtasts::token(d.code), d.token);
    MTASTS_FUZZ_CHECK(!mtasts::is_warning(d.code) || d.level == mtasts::severity::warning, d.token);
    if (d.level == mtasts::severity::error) {
      MTASTS_FUZZ_CHECK(seen_error || &d == &all.front(), "a warning before the first error");
      seen_error = true;
    }
  }
  if (parsed.ok()) {
    MTASTS_FUZZ_CHECK(!seen_error, "diagnose reports an error the parser does not");
    return;
  }
  MTASTS_FUZZ_CHECK(seen_error, "diagnose reports no error for " + describe(parsed.error()));
  const mtasts::diagnostic& first = all.front();
  const mtasts::parse_error seen{first.code, first.offset, first.line, first.column};
  MTASTS_FUZZ_CHECK(seen == parsed.error(), describe(seen) + " vs " + describe(parsed.error()));
}

}  // namespace mtasts_fuzz

MTASTS_FUZZ_HARNESS_END
