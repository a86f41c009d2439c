// SPDX-License-Identifier: Apache-2.0
// Collecting `mtasts diff` inputs from corpora, fixtures, directories and workload files.
#include "diff_inputs.h"

#include <algorithm>
#include <set>

#include "bench_command.h"
#include "cli_error.h"
#include "diff_corpus.h"
#include "input.h"
#include "mtasts/conformance/fixture.h"

namespace mtasts::cli::diff {
namespace {

namespace fs = std::filesystem;
using conformance::level_p_input;

// The files under dir, recursively, sorted; hidden files and directories skipped.
std::vector<fs::path> files_under(const fs::path& dir, bool include_merged) {
  std::vector<fs::path> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, ec), end;
  if (ec) throw cli_error("cannot read " + dir.string() + ": " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) throw cli_error("cannot read " + dir.string() + ": " + ec.message());
    const std::string name = it->path().filename().string();
    const bool merged = it.depth() == 0 && name == "auto";
    if (it->is_directory() && (name.front() == '.' || (merged && !include_merged))) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && name.front() != '.') out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string id_under(const fs::path& base, const std::string& base_id, const fs::path& file) {
  return base_id + "/" + file.lexically_relative(base).generic_string();
}

// One fuzz target's directory: each file decoded from the target's framing.
void add_target_dir(const fs::path& dir, const std::string& target, const std::string& base_id,
                    const std::string& group, bool include_merged, input_set& out) {
  if (const auto reason = corpus_target_skip_reason(target)) {
    const std::size_t n = files_under(dir, include_merged).size();
    if (n > 0) out.skipped[base_id + ": " + *reason] += n;
    return;
  }
  for (const fs::path& file : files_under(dir, include_merged)) {
    corpus_question q = decode_corpus_file(target, read_input(file.string()));
    if (!q.input) {
      ++out.skipped[base_id + ": " + q.skipped_because];
      continue;
    }
    out.inputs.push_back({id_under(dir, base_id, file), group, std::move(*q.input)});
  }
}

void add_corpus_root(const fs::path& corpus, const std::string& base_id,
                     const std::string& group_prefix, bool include_merged, input_set& out) {
  std::vector<fs::path> targets;
  for (const auto& entry : fs::directory_iterator(corpus)) {
    if (entry.is_directory()) targets.push_back(entry.path());
  }
  std::sort(targets.begin(), targets.end());
  const std::string id_prefix = base_id + "/";
  for (const fs::path& dir : targets) {
    const std::string target = dir.filename().string();
    if (!include_merged && fs::is_directory(dir / "auto")) {
      const std::size_t merged = files_under(dir / "auto", true).size();
      if (merged > 0)
        out.skipped[base_id + "/*/auto: merged by the fuzzer, not snapshotted"] += merged;
    }
    add_target_dir(dir, target, id_prefix + target, group_prefix + target, include_merged, out);
  }
}

void add_fixture_files(const fs::path& dir, const std::string& group_prefix, input_set& out) {
  for (const std::string& path : conformance::find_fixture_files({dir.string()})) {
    const conformance::load_result loaded = conformance::load_fixture_file(path);
    if (!loaded.errors.empty()) throw cli_error(loaded.errors.front().to_string());
    std::string group = fs::path(path).lexically_relative(dir).replace_extension().generic_string();
    std::replace(group.begin(), group.end(), '/', '-');
    for (const conformance::test_case& test : loaded.file.tests) {
      const conformance::json& steps = test.body["steps"];
      for (std::size_t i = 0; i < steps.size(); ++i) {
        if (conformance::describe(test.actions[i]).level != conformance::protocol_level::p)
          continue;
        std::string id = "fixture:" + test.name;
        if (steps.size() > 1) {
          // Appended in two steps: `"#" + std::to_string(i)` trips gcc 12's -Wrestrict
          // false positive in optimised builds.
          id += '#';
          id += std::to_string(i);
        }
        out.inputs.push_back({std::move(id), group_prefix + group,
                              conformance::level_p_input_from_step(test.actions[i], steps[i])});
      }
    }
  }
}

// policy, txt, tlsrpt: the fixture action that parses one raw input of that kind.
conformance::step_action raw_action(const std::string& kind, const std::string& option) {
  if (kind == "policy") return conformance::step_action::parse_policy;
  if (kind == "txt") return conformance::step_action::parse_txt;
  if (kind == "tlsrpt") return conformance::step_action::parse_tlsrpt;
  throw cli_error(option + ": unknown kind \"" + kind + "\" (policy, txt or tlsrpt)");
}

bool has_subdirectory_named_fuzz(const fs::path& dir) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_directory() && entry.path().filename().string().rfind("fuzz_", 0) == 0)
      return true;
  }
  return false;
}

}  // namespace

void add_corpus(const fs::path& root, bool include_merged, input_set& out) {
  add_corpus_root(root / "corpus", "corpus", "corpus-", include_merged, out);
}

void add_fixtures(const fs::path& root, input_set& out) {
  add_fixture_files(root / "fixtures", "fixtures-", out);
}

void add_inputs_dir(const std::string& spec, input_set& out) {
  const std::size_t eq = spec.find('=');
  const std::string kind = eq == std::string::npos ? "" : spec.substr(0, eq);
  const fs::path dir = eq == std::string::npos ? spec : spec.substr(eq + 1);
  const std::string base_id = dir.lexically_normal().generic_string();
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw cli_error("--inputs: " + dir.string() + " is not a directory");
  if (kind.rfind("fuzz_", 0) == 0) {
    add_target_dir(dir, kind, base_id, "inputs", true, out);
  } else if (!kind.empty()) {
    const conformance::step_action action = raw_action(kind, "--inputs");
    for (const fs::path& file : files_under(dir, true)) {
      level_p_input in;
      in.action = action;
      in.file_bytes = read_input(file.string());
      out.inputs.push_back({id_under(dir, base_id, file), "inputs", std::move(in)});
    }
  } else if (dir.filename().string().rfind("fuzz_", 0) == 0) {
    add_target_dir(dir, dir.filename().string(), base_id, "inputs", true, out);
  } else if (has_subdirectory_named_fuzz(dir)) {
    add_corpus_root(dir, base_id, "inputs-", true, out);
  } else if (!conformance::find_fixture_files({dir.string()}).empty()) {
    add_fixture_files(dir, "inputs-", out);
  } else {
    throw cli_error("--inputs " + spec +
                    ": say what the files are: policy=DIR, txt=DIR, tlsrpt=DIR or "
                    "fuzz_<target>=DIR");
  }
}

void add_workload(const std::string& kind, const std::string& file, input_set& out) {
  const conformance::step_action action = raw_action(kind, "--workload");
  const std::string bytes = read_input(file);
  const std::vector<std::string_view> records = split_length_prefixed(bytes);
  for (std::size_t i = 0; i < records.size(); ++i) {
    level_p_input in;
    in.action = action;
    in.file_bytes = std::string(records[i]);
    out.inputs.push_back({file + "#" + std::to_string(i), "workload", std::move(in)});
  }
}

void check_unique_ids(const input_set& set) {
  std::set<std::string_view> seen;
  for (const diff_input& in : set.inputs) {
    if (!seen.insert(in.id).second) throw cli_error("input " + in.id + " given twice");
  }
}

}  // namespace mtasts::cli::diff
