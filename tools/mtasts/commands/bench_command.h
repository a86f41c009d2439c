// SPDX-License-Identifier: Apache-2.0
// `mtasts bench parse-policy|parse-txt|floor-policy|floor-txt FILE`: parser throughput over a
// workload file (tools/bench/gen_workload.py writes them; docs/PERFORMANCE.md uses them).
// Only the parse loop is timed, best of several passes; one JSON object is printed.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "command_result.h"

namespace CLI {
class App;
}

namespace mtasts::cli {

enum class bench_mode {
  parse_policy,  // parse_policy(body, storage): caller-supplied storage, no allocation
  parse_txt,     // parse_txt_record(record)
  floor_policy,  // memchr for each '\n' and the ':' of each line: the least a parser does
  floor_txt,     // memchr for each ';' and the '=' of each field
};

struct bench_request {
  bench_mode mode = bench_mode::parse_policy;
  std::string file;
  int passes = 5;
  std::string profile = "strict";
  std::string verdicts_file;  // when set: one '1' (valid) or '0' per record, in order
};

// A workload file is a sequence of records, each a 4-byte little-endian length followed by
// that many bytes. Returns views into bytes; throws cli_error when the file is malformed
// (a truncated length prefix, a length past the end of the file).
std::vector<std::string_view> split_length_prefixed(std::string_view bytes);

// The floors: the least work a parser of each kind must do over the same bytes, as plain
// memchr scans. Each returns the separators found, so the scan cannot be optimised away.
// Policy: each '\n' and the ':' in each line. TXT: each ';' and the '=' in each field.
std::size_t scan_policy_separators(std::string_view body) noexcept;
std::size_t scan_txt_separators(std::string_view record) noexcept;

// Exit status ok whether or not the records are valid; cli_error for usage and I/O errors.
command_result run_bench(const bench_request& request);

// Registers `bench` on app; when it is the command given, sets chosen to run it.
void add_bench_command(CLI::App& app, std::optional<std::function<command_result()>>& chosen);

}  // namespace mtasts::cli
