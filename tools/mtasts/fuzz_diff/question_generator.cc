// SPDX-License-Identifier: Apache-2.0
// The fuzz-diff generator (see question_generator.h).
#include "question_generator.h"

#include <algorithm>
#include <span>
#include <utility>

#include <nlohmann/json.hpp>

#include "fuzz_mutators/grammar.h"
#include "fuzz_mutators/interesting_values.h"
#include "fuzz_mutators/policy_mutator.h"
#include "fuzz_mutators/tag_record_mutator.h"
#include "mtasts/observation/bytes.h"

namespace mtasts::cli::fuzz_diff {
namespace {

namespace mut = mtasts_fuzz::mutators;
using conformance::step_action;

constexpr std::string_view alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr std::string_view label_chars = "abcdefghijklmnopqrstuvwxyz0123456789-";
constexpr std::string_view tlds[] = {"com", "net", "example", "org", "xn--p1ai"};
// Bytes a character-level host mutation inserts: separators, wildcard, case, non-LDH, UTF-8.
constexpr std::string_view host_noise[] = {".", "-",        "*",  "_",  " ",    "A",  "Z",
                                           "0", "\xc3\xa9", "..", "*.", "xn--", "\t", "%"};

std::size_t index_of(question_kind kind) { return static_cast<std::size_t>(kind); }

}  // namespace

std::string_view to_string(question_kind kind) noexcept {
  switch (kind) {
    case question_kind::txt:
      return "txt";
    case question_kind::txt_records:
      return "txt-records";
    case question_kind::policy:
      return "policy";
    case question_kind::tlsrpt:
      return "tlsrpt";
    case question_kind::match:
      return "match";
    case question_kind::cert_match:
      return "cert-match";
  }
  return "?";
}

std::optional<question_kind> question_kind_from(std::string_view name) noexcept {
  for (question_kind k : all_question_kinds) {
    if (to_string(k) == name) return k;
  }
  return std::nullopt;
}

step_action action_of(question_kind kind) noexcept {
  switch (kind) {
    case question_kind::txt:
      return step_action::parse_txt;
    case question_kind::txt_records:
      return step_action::parse_txt_records;
    case question_kind::policy:
      return step_action::parse_policy;
    case question_kind::tlsrpt:
      return step_action::parse_tlsrpt;
    case question_kind::match:
      return step_action::match;
    case question_kind::cert_match:
      return step_action::cert_match;
  }
  return step_action::parse_txt;
}

std::optional<question_kind> question_kind_of(step_action action) noexcept {
  for (question_kind k : all_question_kinds) {
    if (action_of(k) == action) return k;
  }
  return std::nullopt;
}

std::string_view to_string(origin o) noexcept {
  switch (o) {
    case origin::grammar:
      return "grammar";
    case origin::mutated_seed:
      return "mutated-seed";
    case origin::mutated_grammar:
      return "mutated-grammar";
  }
  return "?";
}

question_generator::question_generator(std::uint64_t seed,
                                       const std::vector<conformance::level_p_input>& seeds,
                                       origin_mix mix)
    : random_(seed), mix_(mix) {
  for (const conformance::level_p_input& in : seeds) {
    const std::optional<question_kind> kind = question_kind_of(in.action);
    if (!kind) continue;
    if (*kind == question_kind::match && in.operands.size() == 2) {
      match_seeds_.emplace_back(in.operands[0], in.operands[1]);
    } else if (*kind == question_kind::cert_match && !in.operands.empty()) {
      cert_seeds_.push_back(in.operands);
    } else if (in.file_bytes.size() <= max_generated_bytes) {
      text_seeds_[index_of(*kind)].push_back(in.file_bytes);
    }
  }
}

// --- the grammars ----------------------------------------------------------------------

std::string question_generator::grammar_host(bool allow_wildcard) {
  std::string host;
  if (allow_wildcard && random_.one_in(4)) host = "*.";
  const std::size_t labels = 1 + random_.below(3);
  for (std::size_t i = 0; i < labels; ++i) {
    const std::size_t length = random_.one_in(30) ? 63 + random_.below(2) : 1 + random_.below(8);
    std::string label;
    for (std::size_t j = 0; j < length; ++j)
      label += label_chars[random_.below(label_chars.size())];
    if (random_.one_in(3)) {  // LDH: no hyphen at either end, mostly
      if (label.front() == '-') label.front() = 'a';
      if (label.back() == '-') label.back() = 'z';
    }
    host += label;
    host += '.';
  }
  host += tlds[random_.below(std::size(tlds))];
  if (random_.one_in(20)) host += '.';
  if (random_.one_in(8)) {
    for (char& c : host) {
      if (c >= 'a' && c <= 'z' && random_.one_in(2)) c = static_cast<char>(c - 'a' + 'A');
    }
  }
  return host;
}

namespace {

// *WSP: nothing most of the time, else one of the fuzz mutators' runs (SP, HTAB, others).
std::string wsp(mut::rng& random, std::size_t one_in) {
  if (!random.one_in(one_in)) return {};
  if (random.one_in(3)) return std::string(mut::whitespace_runs()[random.below(2)]);
  return std::string(random.pick(mut::whitespace_runs()));
}

std::string alnum_run(mut::rng& random, std::size_t length) {
  std::string s;
  for (std::size_t i = 0; i < length; ++i) s += alnum[random.below(alnum.size())];
  return s;
}

// A value from the field's table of boundary and near-miss values (fuzz/mutators).
std::string table_value(mut::rng& random, mut::grammar g, std::string_view name) {
  const std::span<const std::string> values = mut::interesting_values(g, name);
  if (values.empty()) return "x";
  return values[random.below(values.size())];
}

std::string extension_name(mut::rng& random) {
  if (random.one_in(3)) return random.pick(mut::extension_names());
  return alnum_run(random, 1 + random.below(6)) + (random.one_in(4) ? "_x" : "");
}

}  // namespace

std::string question_generator::grammar_txt() {
  // sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim] (RFC 8461 §3.1)
  std::vector<std::string> fields;
  fields.push_back(random_.one_in(15) ? table_value(random_, mut::grammar::sts_txt, "v")
                                      : "v=STSv1");
  const std::size_t ids = random_.one_in(15) ? 0 : (random_.one_in(10) ? 2 : 1);
  for (std::size_t i = 0; i < ids; ++i) {
    fields.push_back("id=" + (random_.one_in(5) ? table_value(random_, mut::grammar::sts_txt, "id")
                                                : alnum_run(random_, 1 + random_.below(32))));
  }
  const std::size_t extensions = random_.one_in(2) ? 0 : 1 + random_.below(3);
  for (std::size_t i = 0; i < extensions; ++i) {
    fields.push_back(extension_name(random_) + "=" +
                     (random_.one_in(4) ? table_value(random_, mut::grammar::sts_txt, "ext")
                                        : alnum_run(random_, 1 + random_.below(10))));
  }
  if (random_.one_in(8)) std::swap(fields[0], fields[random_.below(fields.size())]);
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += wsp(random_, 6) + ";" + wsp(random_, 3);
    out += fields[i];
  }
  if (random_.one_in(2)) out += wsp(random_, 6) + ";" + wsp(random_, 8);
  return out;
}

std::string question_generator::grammar_policy() {
  // sts-policy-record = *WSP sts-policy-field *WSP *(sts-policy-term ...) (RFC 8461 §3.2)
  constexpr std::string_view modes[] = {"enforce", "testing", "none"};
  std::vector<std::pair<std::string, std::string>> lines;
  auto value = [&](std::string_view name, std::string valid) {
    return random_.one_in(8) ? table_value(random_, mut::grammar::policy, name) : std::move(valid);
  };
  if (!random_.one_in(25)) lines.emplace_back("version", value("version", "STSv1"));
  if (!random_.one_in(25))
    lines.emplace_back("mode", value("mode", std::string(modes[random_.below(3)])));
  if (!random_.one_in(25)) {
    lines.emplace_back("max_age", value("max_age", std::to_string(random_.below(31557601))));
  }
  const std::size_t mx = random_.one_in(20) ? 0 : 1 + random_.below(3);
  for (std::size_t i = 0; i < mx; ++i) lines.emplace_back("mx", value("mx", grammar_host(true)));
  const std::size_t extensions = random_.one_in(3) ? 1 + random_.below(2) : 0;
  for (std::size_t i = 0; i < extensions; ++i) {
    lines.emplace_back(extension_name(random_),
                       value("ext", alnum_run(random_, 1 + random_.below(8))));
  }
  if (random_.one_in(6) && !lines.empty()) {
    // A second occurrence with a value of its own: which occurrence counts shows only when
    // the two differ (RFC 8461 §3.2 leaves duplicates unsaid).
    std::pair<std::string, std::string> again = lines[random_.below(lines.size())];
    if (again.first == "mode")
      again.second = std::string(modes[random_.below(3)]);
    else if (again.first == "max_age")
      again.second = std::to_string(random_.below(31557601));
    else if (again.first == "mx")
      again.second = grammar_host(true);
    lines.push_back(std::move(again));
  }
  if (random_.one_in(3)) {
    for (std::size_t i = lines.size(); i > 1; --i) std::swap(lines[i - 1], lines[random_.below(i)]);
  }
  const std::string_view eol = random_.one_in(4) ? "\r\n" : "\n";
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += lines[i].first + ":" + (random_.one_in(8) ? wsp(random_, 1) : std::string(" ")) +
           lines[i].second + wsp(random_, 12);
    if (i + 1 < lines.size() || !random_.one_in(4)) {
      out += random_.one_in(30) ? std::string(random_.pick(mut::line_terminators()))
                                : std::string(eol);
    }
  }
  return out;
}

std::string question_generator::grammar_tlsrpt() {
  // tlsrpt-record = tlsrpt-version 1*(field-delim tlsrpt-field) [field-delim] (RFC 8460 §3)
  std::vector<std::string> fields;
  fields.push_back(random_.one_in(15) ? table_value(random_, mut::grammar::tlsrpt, "v")
                                      : "v=TLSRPTv1");
  const std::size_t ruas = random_.one_in(15) ? 0 : (random_.one_in(10) ? 2 : 1);
  for (std::size_t i = 0; i < ruas; ++i) {
    std::string list;
    const std::size_t uris = 1 + random_.below(random_.one_in(4) ? 3 : 1);
    for (std::size_t j = 0; j < uris; ++j) {
      if (j > 0) list += random_.one_in(6) ? ", " : ",";
      if (random_.one_in(5)) {
        list += table_value(random_, mut::grammar::tlsrpt, "rua");
      } else if (random_.one_in(2)) {
        list += "mailto:" + alnum_run(random_, 1 + random_.below(8)) + "@" + grammar_host(false);
      } else {
        list += "https://" + grammar_host(false) + "/" + alnum_run(random_, random_.below(6));
      }
    }
    fields.push_back("rua=" + list);
  }
  if (random_.one_in(3)) {
    fields.push_back(extension_name(random_) + "=" + alnum_run(random_, 1 + random_.below(8)));
  }
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += wsp(random_, 6) + ";" + wsp(random_, 3);
    out += fields[i];
  }
  if (random_.one_in(3)) out += ";";
  return out;
}

// --- mutation ----------------------------------------------------------------------------

std::string question_generator::mutate_text(question_kind kind, std::string_view input,
                                            std::string_view partner) {
  const std::size_t max_size = random_.one_in(big_input_one_in)
                                   ? max_generated_bytes
                                   : std::max(usual_generated_bytes, input.size());
  if (kind == question_kind::policy)
    return mut::policy_mutator{}.mutate(input, max_size, random_, partner);
  const mut::grammar g =
      kind == question_kind::tlsrpt ? mut::grammar::tlsrpt : mut::grammar::sts_txt;
  return mut::tag_record_mutator{g}.mutate(input, max_size, random_, partner);
}

std::string question_generator::mutate_host(std::string_view host) {
  std::string out(host);
  const std::size_t edits = 1 + random_.below(2);
  for (std::size_t i = 0; i < edits; ++i) {
    const std::size_t at = out.empty() ? 0 : random_.below(out.size() + 1);
    switch (random_.below(5)) {
      case 0:
        out.insert(at, random_.pick(std::span<const std::string_view>(host_noise)));
        break;
      case 1:
        if (at < out.size()) out.erase(at, 1);
        break;
      case 2:
        for (char& c : out) {
          if (c >= 'a' && c <= 'z' && random_.one_in(3)) c = static_cast<char>(c - 'a' + 'A');
        }
        break;
      case 3:
        out.insert(0, grammar_host(false).substr(0, 1 + random_.below(6)) + ".");
        break;
      default:
        if (const std::size_t dot = out.find('.'); dot != std::string::npos) out.erase(0, dot + 1);
        break;
    }
  }
  return out;
}

std::string question_generator::pick_seed(question_kind kind) {
  const std::vector<std::string>& seeds = text_seeds_[index_of(kind)];
  if (seeds.empty()) return grammar_for(kind);
  return seeds[random_.below(seeds.size())];
}

std::string question_generator::grammar_for(question_kind kind) {
  switch (kind) {
    case question_kind::policy:
      return grammar_policy();
    case question_kind::tlsrpt:
      return grammar_tlsrpt();
    default:
      return grammar_txt();
  }
}

std::string question_generator::records_file(bool mutated) {
  constexpr std::string_view others[] = {"v=spf1 -all", "v=STSv10; id=x", "v=DMARC1; p=none", "",
                                         "V=STSv1; id=a"};
  conformance::json records = conformance::json::array();
  const std::size_t count = 1 + random_.below(3);
  for (std::size_t i = 0; i < count; ++i) {
    std::string text;
    if (random_.one_in(3)) {
      text = others[random_.below(std::size(others))];
    } else {
      text = grammar_txt();
      if (mutated) text = mutate_text(question_kind::txt, text, pick_seed(question_kind::txt));
    }
    if (text.size() > 1 && random_.one_in(4)) {  // split into character-strings
      const std::size_t cut = 1 + random_.below(text.size() - 1);
      records.push_back({observation::bytes_to_json(text.substr(0, cut)),
                         observation::bytes_to_json(text.substr(cut))});
    } else {
      records.push_back(observation::bytes_to_json(text));
    }
  }
  return records.dump();
}

std::string question_generator::mutated_records_seed() {
  // A fixture's records with one plain-string record mutated as a TXT record.
  conformance::json records =
      conformance::json::parse(pick_seed(question_kind::txt_records), nullptr,
                               /*allow_exceptions=*/false);
  if (!records.is_array() || records.empty()) return records_file(true);
  conformance::json& one = records[random_.below(records.size())];
  const std::optional<std::string> text = observation::bytes_from_json(one);
  if (!text) return records_file(true);
  one = observation::bytes_to_json(
      mutate_text(question_kind::txt, *text, pick_seed(question_kind::txt)));
  return records.dump();
}

generated_question question_generator::next(question_kind kind) {
  generated_question g;
  g.question.action = action_of(kind);
  const std::array<unsigned, 3> weights = {mix_.grammar, mix_.mutated_seed, mix_.mutated_grammar};
  g.from = static_cast<origin>(random_.weighted(weights));
  const bool mutated = g.from != origin::grammar;
  switch (kind) {
    case question_kind::match: {
      std::string pattern, host;
      if (g.from == origin::mutated_seed && !match_seeds_.empty()) {
        std::tie(pattern, host) = match_seeds_[random_.below(match_seeds_.size())];
      } else {
        pattern = grammar_host(true);
        const std::string base = pattern.starts_with("*.") ? pattern.substr(2) : pattern;
        host = random_.one_in(3) ? grammar_host(false) : (random_.one_in(2) ? "mx." + base : base);
      }
      if (mutated) {
        std::string& one = random_.one_in(2) ? pattern : host;
        one = mutate_host(one);
      }
      g.question.operands = {std::move(pattern), std::move(host)};
      return g;
    }
    case question_kind::cert_match: {
      std::vector<std::string> operands;
      if (g.from == origin::mutated_seed && !cert_seeds_.empty()) {
        operands = cert_seeds_[random_.below(cert_seeds_.size())];
      } else {
        const std::string host = grammar_host(false);
        operands.push_back(host);
        const std::size_t names = 1 + random_.below(3);
        for (std::size_t i = 0; i < names; ++i) {
          const std::size_t dot = host.find('.');
          operands.push_back(random_.one_in(2) && dot != std::string::npos ? "*" + host.substr(dot)
                                                                           : grammar_host(true));
        }
      }
      if (mutated) {
        std::string& one = operands[random_.below(operands.size())];
        one = mutate_host(one);
      }
      g.question.policy_host = random_.one_in(4);
      g.question.operands = std::move(operands);
      return g;
    }
    case question_kind::txt_records:
      g.question.file_bytes =
          g.from == origin::mutated_seed ? mutated_records_seed() : records_file(mutated);
      return g;
    default:
      break;
  }
  const std::string start = g.from == origin::mutated_seed ? pick_seed(kind) : grammar_for(kind);
  g.question.file_bytes = mutated ? mutate_text(kind, start, pick_seed(kind)) : start;
  return g;
}

}  // namespace mtasts::cli::fuzz_diff
