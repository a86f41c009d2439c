// SPDX-License-Identifier: Apache-2.0
// The inputs `mtasts fuzz-diff` asks every implementation (docs/FUZZ-DIFF.md "Generator"):
// level-P questions of one kind, drawn from the RFC 8461 / RFC 8460 grammars and from the
// grammar-aware mutation operators of fuzz/mutators applied to seeds (the fuzz corpora and the
// fixtures' parse steps) and to generated inputs. The same seed gives the same sequence.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_mutators/rng.h"
#include "mtasts/conformance/level_p.h"

namespace mtasts::cli::fuzz_diff {

// The question kinds, each one level-P command (conformance/PROTOCOL.md section 5).
enum class question_kind : std::uint8_t { txt, txt_records, policy, tlsrpt, match, cert_match };
inline constexpr std::array<question_kind, 6> all_question_kinds = {
    question_kind::txt,    question_kind::txt_records, question_kind::policy,
    question_kind::tlsrpt, question_kind::match,       question_kind::cert_match};

std::string_view to_string(question_kind kind) noexcept;
std::optional<question_kind> question_kind_from(std::string_view name) noexcept;
conformance::step_action action_of(question_kind kind) noexcept;
std::optional<question_kind> question_kind_of(conformance::step_action action) noexcept;

// Where a generated question came from, in the documented default mix (per mille).
enum class origin : std::uint8_t { grammar, mutated_seed, mutated_grammar };
std::string_view to_string(origin o) noexcept;
struct origin_mix {
  unsigned grammar = 300, mutated_seed = 500, mutated_grammar = 200;
};

// The largest input the generator writes (a policy's 64 KiB cap plus one is reached by the
// mutators' grow operator only one time in `big_input_one_in`).
inline constexpr std::size_t max_generated_bytes = 65537;
inline constexpr std::size_t usual_generated_bytes = 4096;
inline constexpr std::size_t big_input_one_in = 64;

struct generated_question {
  conformance::level_p_input question;
  origin from = origin::grammar;
};

class question_generator {
 public:
  // seeds: level-P questions to mutate (any kinds; each is used for its own kind).
  question_generator(std::uint64_t seed, const std::vector<conformance::level_p_input>& seeds,
                     origin_mix mix = {});
  generated_question next(question_kind kind);

  // Pure grammar generation of one input (no mutation): exposed for tests.
  std::string grammar_txt();
  std::string grammar_policy();
  std::string grammar_tlsrpt();
  std::string grammar_host(bool allow_wildcard);

 private:
  std::string mutate_text(question_kind kind, std::string_view input, std::string_view partner);
  std::string mutate_host(std::string_view host);
  std::string records_file(bool mutated);
  std::string mutated_records_seed();
  std::string grammar_for(question_kind kind);
  std::string pick_seed(question_kind kind);
  mtasts_fuzz::mutators::rng random_;
  origin_mix mix_;
  std::array<std::vector<std::string>, all_question_kinds.size()> text_seeds_;
  std::vector<std::pair<std::string, std::string>> match_seeds_;  // pattern, host
  std::vector<std::vector<std::string>> cert_seeds_;              // host, names...
};

}  // namespace mtasts::cli::fuzz_diff
