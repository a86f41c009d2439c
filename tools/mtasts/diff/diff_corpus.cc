// SPDX-License-Identifier: Apache-2.0
// Decoding each fuzz target's corpus framing (fuzz/*.cc) into a level-P question.
#include "diff_corpus.h"

#include <cstddef>
#include <vector>

#include "mtasts/observation/bytes.h"

namespace mtasts::cli::diff {
namespace {

using conformance::level_p_input;
using json = observation::json;  // the records file a shim reads

// FuzzedDataProvider::ConsumeRandomLengthString() then ConsumeRemainingBytesAsString():
// "\\" is one backslash, a backslash followed by any other byte ends the first string (both
// bytes consumed), a final lone backslash is kept.
std::pair<std::string, std::string> split_fuzzed_data(std::string_view bytes) {
  std::string first;
  std::size_t i = 0;
  while (i < bytes.size()) {
    char c = bytes[i++];
    if (c == '\\' && i < bytes.size()) {
      c = bytes[i++];
      if (c != '\\') break;
    }
    first += c;
  }
  return {first, std::string(bytes.substr(i))};
}

// Splits at every sep; an empty s gives one empty piece (mtasts_fuzz::split).
std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t at = s.find(sep); at != std::string_view::npos; at = s.find(sep, start)) {
    out.emplace_back(s.substr(start, at - start));
    start = at + 1;
  }
  out.emplace_back(s.substr(start));
  return out;
}

// fuzz_txt_selection: each LF ends a record (a final record without LF counts, the empty
// input is no record), US (0x1F) separates character-strings, at most 64 records.
std::string records_file(std::string_view bytes) {
  constexpr std::size_t max_records = 64;
  json records = json::array();
  std::size_t start = 0;
  while (start < bytes.size() && records.size() < max_records) {
    std::size_t lf = bytes.find('\n', start);
    if (lf == std::string_view::npos) lf = bytes.size();
    json strings = json::array();
    for (const std::string& s : split(bytes.substr(start, lf - start), '\x1F'))
      strings.push_back(observation::bytes_to_json(s));
    records.push_back(std::move(strings));
    start = lf + 1;
  }
  return records.dump();
}

corpus_question with_operands(conformance::step_action action, std::vector<std::string> operands) {
  for (const std::string& operand : operands) {
    if (operand.find('\0') != std::string::npos)
      return {std::nullopt, "a NUL byte in a command-line operand"};
  }
  level_p_input in;
  in.action = action;
  in.operands = std::move(operands);
  return {std::move(in), {}};
}

corpus_question with_file(conformance::step_action action, std::string bytes) {
  level_p_input in;
  in.action = action;
  in.file_bytes = std::move(bytes);
  return {std::move(in), {}};
}

}  // namespace

std::optional<std::string> corpus_target_skip_reason(std::string_view target) {
  if (target == "fuzz_policy" || target == "fuzz_txt_record" || target == "fuzz_tlsrpt_record" ||
      target == "fuzz_txt_selection" || target == "fuzz_mx_pattern" || target == "fuzz_cert_name" ||
      target == "fuzz_parse_tlsrpt_report")
    return std::nullopt;
  if (target == "fuzz_uri") return "URI validation alone is not a level-P command";
  if (target == "fuzz_engine") return "engine scenarios, not parse-level inputs";
  if (target == "fuzz_parse_host") return "host-name validation alone is not a level-P command";
  if (target == "fuzz_fixture_loader") return "fixture files for the loader, not parser inputs";
  if (target == "fuzz_shim_message") return "shim messages for the runner, not parser inputs";
  return "not a known fuzz target";
}

corpus_question decode_corpus_file(std::string_view target, std::string_view bytes) {
  using conformance::step_action;
  if (target == "fuzz_policy") return with_file(step_action::parse_policy, std::string(bytes));
  if (target == "fuzz_txt_record") return with_file(step_action::parse_txt, std::string(bytes));
  if (target == "fuzz_tlsrpt_record")
    return with_file(step_action::parse_tlsrpt, std::string(bytes));
  if (target == "fuzz_txt_selection")
    return with_file(step_action::parse_txt_records, records_file(bytes));
  if (target == "fuzz_parse_tlsrpt_report")
    return with_file(step_action::parse_tlsrpt_report, std::string(bytes));
  if (target == "fuzz_mx_pattern") {
    auto [pattern, host] = split_fuzzed_data(bytes);
    return with_operands(step_action::match, {std::move(pattern), std::move(host)});
  }
  if (target == "fuzz_cert_name") {
    auto [sans, host] = split_fuzzed_data(bytes);
    std::vector<std::string> operands = {std::move(host)};
    for (std::string& san : split(sans, ',')) operands.push_back(std::move(san));
    return with_operands(step_action::cert_match, std::move(operands));
  }
  return {std::nullopt, corpus_target_skip_reason(target).value_or("")};
}

}  // namespace mtasts::cli::diff
