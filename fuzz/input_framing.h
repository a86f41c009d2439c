// SPDX-License-Identifier: Apache-2.0
// How the targets that take more than one string cut their input, shared by an oracle target
// and its parse-only twin so that both read the same corpus the same way.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>
#include "fuzz_support.h"  // MTASTS_FUZZ_HARNESS_BEGIN

MTASTS_FUZZ_HARNESS_BEGIN

namespace mtasts_fuzz {

// `first\<any byte>rest` (FuzzedDataProvider::ConsumeRandomLengthString, "\\\\" is one
// backslash): pattern and host for the mx targets, SAN list and host for the cert targets.
struct two_strings {
  std::string first;
  std::string rest;
};

inline two_strings split_two_strings(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider fdp(data, size);
  two_strings in;
  in.first = fdp.ConsumeRandomLengthString();
  in.rest = fdp.ConsumeRemainingBytesAsString();
  return in;
}

// A TXT answer: one record per line (LF ends a record; a final record without LF counts),
// each record's character-strings separated by US (0x1F). The empty input is no records.
inline constexpr std::size_t max_answer_records = 64;

inline std::vector<std::vector<std::string_view>> split_txt_answer(std::string_view input) {
  std::vector<std::vector<std::string_view>> records;
  std::size_t start = 0;
  while (start < input.size() && records.size() < max_answer_records) {
    std::size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    std::string_view line = input.substr(start, end - start);
    std::vector<std::string_view> strings;
    std::size_t s = 0;
    while (true) {
      const std::size_t us = line.find('\x1F', s);
      strings.push_back(
          line.substr(s, us == std::string_view::npos ? std::string_view::npos : us - s));
      if (us == std::string_view::npos) break;
      s = us + 1;
    }
    records.push_back(std::move(strings));
    start = end + 1;
  }
  return records;
}

}  // namespace mtasts_fuzz

MTASTS_FUZZ_HARNESS_END
