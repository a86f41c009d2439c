// SPDX-License-Identifier: Apache-2.0
// `mtasts bench`: parser throughput over a length-prefixed workload file.
#include "bench_command.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>

#include "cli_error.h"
#include "input.h"
#include "mtasts/conformance/atomic_file.h"
#include "mtasts/options.h"
#include "mtasts/policy.h"
#include "mtasts/txt_record.h"

namespace mtasts::cli {
namespace {

constexpr std::size_t length_prefix_size = 4;

struct bench_mode_name {
  std::string_view name;
  bench_mode mode;
};
constexpr std::array<bench_mode_name, 4> bench_modes{{
    {"parse-policy", bench_mode::parse_policy},
    {"parse-txt", bench_mode::parse_txt},
    {"floor-policy", bench_mode::floor_policy},
    {"floor-txt", bench_mode::floor_txt},
}};

std::uint32_t read_le32(const char* p) {
  std::uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(p[i]);
  return value;
}

// The most lines any record can have: every '\n' or '\r' may end one. Sizing the policy
// storage by it means no valid record fails with POLICY_STORAGE_EXHAUSTED.
std::size_t max_lines(const std::vector<std::string_view>& records) {
  std::size_t most = 0;
  for (const std::string_view r : records) {
    const auto terminators =
        std::count_if(r.begin(), r.end(), [](char c) { return c == '\n' || c == '\r'; });
    most = std::max(most, static_cast<std::size_t>(terminators) + 1);
  }
  return most;
}

// What one pass over every record found; the same on every pass.
struct pass_outcome {
  std::size_t valid = 0;  // parse modes
  std::size_t found = 0;  // floor modes: separators found (keeps the scan observable)
};

bool is_parse_mode(bench_mode mode) {
  return mode == bench_mode::parse_policy || mode == bench_mode::parse_txt;
}

void write_verdicts(const std::string& path, const std::vector<char>& verdicts) {
  std::string text(verdicts.begin(), verdicts.end());
  text += '\n';
  if (const std::optional<std::string> error = conformance::write_file_atomically(path, text))
    throw cli_error(*error);
}

}  // namespace

std::size_t scan_policy_separators(std::string_view body) noexcept {
  std::size_t found = 0;
  const char* p = body.data();
  const char* const end = p + body.size();
  while (p < end) {
    const auto* newline =
        static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    const char* line_end = newline != nullptr ? newline : end;
    if (std::memchr(p, ':', static_cast<std::size_t>(line_end - p)) != nullptr) ++found;
    if (newline != nullptr) ++found;
    p = line_end + 1;
  }
  return found;
}

std::size_t scan_txt_separators(std::string_view record) noexcept {
  std::size_t found = 0;
  const char* p = record.data();
  const char* const end = p + record.size();
  while (p < end) {
    const auto* semicolon =
        static_cast<const char*>(std::memchr(p, ';', static_cast<std::size_t>(end - p)));
    const char* field_end = semicolon != nullptr ? semicolon : end;
    if (std::memchr(p, '=', static_cast<std::size_t>(field_end - p)) != nullptr) ++found;
    if (semicolon != nullptr) ++found;
    p = field_end + 1;
  }
  return found;
}

std::vector<std::string_view> split_length_prefixed(std::string_view bytes) {
  std::vector<std::string_view> records;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    if (bytes.size() - pos < length_prefix_size) {
      throw cli_error("malformed workload: truncated length prefix at byte " + std::to_string(pos) +
                      " (record " + std::to_string(records.size()) + ")");
    }
    const std::uint32_t length = read_le32(bytes.data() + pos);
    pos += length_prefix_size;
    if (length > bytes.size() - pos) {
      throw cli_error("malformed workload: record " + std::to_string(records.size()) +
                      " declares " + std::to_string(length) + " bytes but only " +
                      std::to_string(bytes.size() - pos) + " remain");
    }
    records.push_back(bytes.substr(pos, length));
    pos += length;
  }
  return records;
}

command_result run_bench(const bench_request& request) {
  const std::optional<parser_profile> profile = find_profile(request.profile);
  if (!profile) throw cli_error("unknown profile " + request.profile);
  if (request.passes < 1) throw cli_error("--passes must be at least 1");
  if (!request.verdicts_file.empty() && !is_parse_mode(request.mode)) {
    throw cli_error("--verdicts needs parse-policy or parse-txt");
  }
  if (!request.verdicts_file.empty()) {  // before the passes, not after them
    if (const std::optional<std::string> error = conformance::check_writable(request.verdicts_file))
      throw cli_error(*error);
  }
  const std::string bytes = read_input(request.file);
  const std::vector<std::string_view> records = split_length_prefixed(bytes);
  std::size_t payload = 0;
  for (const std::string_view r : records) payload += r.size();

  // Everything the loop touches is allocated here, outside the timed region.
  const std::size_t lines = request.mode == bench_mode::parse_policy ? max_lines(records) : 0;
  std::vector<std::string_view> mx_storage(lines);
  std::vector<extension> extension_storage(lines);
  const policy_storage storage{mx_storage, extension_storage};
  std::vector<char> verdicts(records.size(), '0');

  auto one_pass = [&]() -> pass_outcome {
    pass_outcome outcome;
    switch (request.mode) {
      case bench_mode::parse_policy:
        for (std::size_t i = 0; i < records.size(); ++i) {
          const bool ok = parse_policy(records[i], storage, profile->policy).ok();
          verdicts[i] = ok ? '1' : '0';
          outcome.valid += ok ? 1 : 0;
        }
        break;
      case bench_mode::parse_txt:
        for (std::size_t i = 0; i < records.size(); ++i) {
          const bool ok = parse_txt_record(records[i], profile->txt).ok();
          verdicts[i] = ok ? '1' : '0';
          outcome.valid += ok ? 1 : 0;
        }
        break;
      case bench_mode::floor_policy:
        for (const std::string_view r : records) outcome.found += scan_policy_separators(r);
        break;
      case bench_mode::floor_txt:
        for (const std::string_view r : records) outcome.found += scan_txt_separators(r);
        break;
    }
    return outcome;
  };

  using clock = std::chrono::steady_clock;
  double best = std::numeric_limits<double>::infinity();
  pass_outcome outcome;
  for (int pass = 0; pass < request.passes; ++pass) {
    const clock::time_point start = clock::now();
    outcome = one_pass();
    const std::chrono::duration<double> elapsed = clock::now() - start;
    best = std::min(best, elapsed.count());
  }

  if (!request.verdicts_file.empty()) write_verdicts(request.verdicts_file, verdicts);

  json out = json::object();
  out["records"] = records.size();
  if (is_parse_mode(request.mode)) {
    out["valid"] = outcome.valid;
  } else {
    out["valid"] = nullptr;  // a scan judges nothing
    out["separators"] = outcome.found;
  }
  out["bytes"] = payload;
  out["seconds"] = best;
  // An empty file or a pass below the clock's resolution has no meaningful rate.
  const bool timed = best > 0 && !records.empty();
  out["records_per_s"] = timed ? static_cast<double>(records.size()) / best : 0.0;
  out["mb_per_s"] = timed ? static_cast<double>(payload) / best / 1e6 : 0.0;
  return {out, exit_status::ok};
}

void add_bench_command(CLI::App& app, std::optional<std::function<command_result()>>& chosen) {
  // Owned by the callbacks, which live as long as app.
  auto request = std::make_shared<bench_request>();
  auto mode_name = std::make_shared<std::string>();
  std::vector<std::string> mode_names;
  mode_names.reserve(bench_modes.size());
  for (const bench_mode_name& m : bench_modes) mode_names.emplace_back(m.name);
  std::vector<std::string> profile_names;
  for (const parser_profile& p : all_profiles()) profile_names.emplace_back(p.name);

  CLI::App* bench = app.add_subcommand(
      "bench",
      "time the parsers over a workload FILE (records, each prefixed by its length as a 4-byte "
      "little-endian integer; tools/bench/gen_workload.py writes them); prints {\"records\", "
      "\"valid\", \"bytes\", \"seconds\", \"records_per_s\", \"mb_per_s\"}");
  bench
      ->add_option("MODE", *mode_name,
                   "parse-policy, parse-txt, or the memchr floor over the same bytes: "
                   "floor-policy, floor-txt")
      ->required()
      ->check(CLI::IsMember(mode_names));
  bench->add_option("FILE", request->file, "the workload file; '-' reads standard input")
      ->required();
  bench->add_option("--passes", request->passes, "time this many passes and report the best")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  bench->add_option("--profile", request->profile, "parser options: a name from `mtasts profiles`")
      ->type_name("NAME")
      ->capture_default_str()
      ->check(CLI::IsMember(profile_names));
  bench
      ->add_option("--verdicts", request->verdicts_file,
                   "write one '1' (valid) or '0' per record to FILE, for agreement checks")
      ->type_name("FILE");
  bench->callback([request, mode_name, &chosen] {
    for (const bench_mode_name& m : bench_modes) {
      if (m.name == *mode_name) request->mode = m.mode;
    }
    chosen = [request] { return run_bench(*request); };
  });
}

}  // namespace mtasts::cli
