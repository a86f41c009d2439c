// SPDX-License-Identifier: Apache-2.0
// The snapshot files under snapshots/: the canonical result (diff_result.h) of every input
// `mtasts diff` checks by default, one JSON line {"id": ..., "result": ...} per input, sorted
// by id, one file per group (snapshots/corpus-fuzz_policy.jsonl,
// snapshots/fixtures-parse-policy_test.jsonl). Small and line-based so that `git diff`
// shows a parser change input by input.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "diff_result.h"

namespace mtasts::cli::diff {

// A result as the snapshots keep it: an array whose JSON exceeds 512 bytes (thousands of
// extensions from a hostile input) becomes {"items": n, "fnv1a64": hash of its JSON}, so a
// change still shows which field changed without a 100 KB line.
json snapshot_form(const json& result);

// id → result over every *.jsonl file in dir. Throws cli_error on a malformed line or an id
// that appears twice.
std::map<std::string, json> read_snapshots(const std::filesystem::path& dir);

// group → (id → result): writes one file per group and removes the *.jsonl files of groups
// no longer present. Throws cli_error when a file cannot be written.
void write_snapshots(const std::filesystem::path& dir,
                     const std::map<std::string, std::map<std::string, json>>& groups);

// 64-bit FNV-1a of the text as 16 lower-case hex digits: a stable, short name for content.
std::string fnv1a64(const std::string& text);

}  // namespace mtasts::cli::diff
