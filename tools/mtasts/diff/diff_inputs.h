// SPDX-License-Identifier: Apache-2.0
// The inputs `mtasts diff` runs both sides over: the fuzz corpora, the fixtures' parse-level
// steps, directories of input files and length-prefixed workload files, each as a level-P
// question (conformance/PROTOCOL.md) under a stable id.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "mtasts/conformance/level_p.h"

namespace mtasts::cli::diff {

struct diff_input {
  // corpus/fuzz_policy/y_enforce_lf, fixture:rfc8461/3.2/mode-enforce, work.bin#12
  std::string id;
  // The snapshot file the result belongs in: corpus-fuzz_policy, fixtures-parse-policy_test.
  std::string group;
  conformance::level_p_input question;
};

struct input_set {
  std::vector<diff_input> inputs;
  std::map<std::string, std::size_t> skipped;  // "where: why" → how many files
};

// corpus/<target>/ under root, recursively; corpus/*/auto/ (what the fuzzer merges) only when
// include_merged. Ids are paths relative to root.
void add_corpus(const std::filesystem::path& root, bool include_merged, input_set& out);

// Every parse-level step of the fixture files under root/fixtures. Throws cli_error when a
// fixture file does not load.
void add_fixtures(const std::filesystem::path& root, input_set& out);

// --inputs [KIND=]DIR: KIND is policy, txt or tlsrpt (each file is one raw input) or a fuzz
// target name (each file in that target's framing). Without KIND, DIR is recognised as a
// corpus root (fuzz_<target>/ inside), one target's directory (named fuzz_<target>) or a
// directory of fixture files. Throws cli_error when it is none of these.
void add_inputs_dir(const std::string& spec, input_set& out);

// --workload policy|txt|tlsrpt FILE: the length-prefixed records of `mtasts bench`.
void add_workload(const std::string& kind, const std::string& file, input_set& out);

// Throws cli_error when two inputs share an id (the same directory or file given twice).
void check_unique_ids(const input_set& set);

}  // namespace mtasts::cli::diff
