// SPDX-License-Identifier: Apache-2.0
// Reading and writing snapshots/*.jsonl.
#include "diff_snapshots.h"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <vector>

#include "cli_error.h"
#include "mtasts/conformance/atomic_file.h"
#include "mtasts/observation/json_input.h"

namespace mtasts::cli::diff {
namespace {

namespace fs = std::filesystem;

constexpr const char* extension = ".jsonl";
constexpr std::size_t max_array_text = 512;

}  // namespace

std::string fnv1a64(const std::string& text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

namespace {

std::vector<fs::path> snapshot_files(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == extension)
      out.push_back(entry.path());
  }
  return out;
}

// One line; invalid UTF-8 cannot occur in results the CLI printed, but a foreign shim's
// output is replaced rather than rejected.
std::string line_of(const std::string& id, const json& result) {
  return json{{"id", id}, {"result", result}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

json snapshot_form(const json& result) {
  json out = result;
  for (auto& [key, value] : out.items()) {
    if (!value.is_array()) continue;
    const std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
    if (text.size() > max_array_text)
      value = json{{"items", value.size()}, {"fnv1a64", fnv1a64(text)}};
  }
  return out;
}

std::map<std::string, json> read_snapshots(const fs::path& dir) {
  std::map<std::string, json> out;
  for (const fs::path& file : snapshot_files(dir)) {
    std::ifstream in(file, std::ios::binary);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      if (line.empty()) continue;
      observation::json_read read = observation::read_json(line);
      const std::string where = file.string() + ":" + std::to_string(number);
      if (!read.document) throw cli_error(where + ": " + read.error);
      json doc(*read.document);  // the snapshots compare as unordered objects
      if (!doc.is_object() || !doc.contains("id") || !doc["id"].is_string() ||
          !doc.contains("result"))
        throw cli_error(where + ": not a snapshot line {\"id\": ..., \"result\": ...}");
      if (!out.emplace(doc["id"].get<std::string>(), std::move(doc["result"])).second)
        throw cli_error(where + ": id " + doc["id"].get<std::string>() + " appears twice");
    }
  }
  return out;
}

void write_snapshots(const fs::path& dir,
                     const std::map<std::string, std::map<std::string, json>>& groups) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw cli_error("cannot create " + dir.string() + ": " + ec.message());
  for (const fs::path& file : snapshot_files(dir)) {
    if (!groups.count(file.stem().string())) fs::remove(file);
  }
  for (const auto& [group, results] : groups) {
    const fs::path file = dir / (group + extension);
    std::string text;
    for (const auto& [id, result] : results) text.append(line_of(id, result)).append("\n");
    if (const std::optional<std::string> error =
            conformance::write_file_atomically(file.string(), text))
      throw cli_error(*error);
  }
}

}  // namespace mtasts::cli::diff
