// SPDX-License-Identifier: Apache-2.0
// Comparing and reporting `mtasts diff` results.
#include "diff_report.h"

#include <algorithm>
#include <cstdio>
#include <ostream>
#include <set>

namespace mtasts::cli::diff {
namespace {

std::string escaped(std::string_view bytes, std::size_t limit) {
  std::string out = "\"";
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (out.size() >= limit) {
      out += "…";
      break;
    }
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c == '\\' || c == '"') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
    } else {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      out += hex;
    }
  }
  return out + "\"";
}

std::string compact(const json& result) {
  return result.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Transition groups, the largest first.
std::vector<const std::pair<const std::string, std::vector<diff_change>>*> ordered_groups(
    const diff_findings& f) {
  std::vector<const std::pair<const std::string, std::vector<diff_change>>*> groups;
  for (const auto& group : f.by_transition) groups.push_back(&group);
  std::stable_sort(groups.begin(), groups.end(), [](const auto* a, const auto* b) {
    return a->second.size() > b->second.size();
  });
  return groups;
}

void print_changes(std::ostream& out, const std::vector<diff_change>& changes,
                   std::size_t examples) {
  const std::size_t shown = examples == 0 ? changes.size() : std::min(examples, changes.size());
  for (std::size_t i = 0; i < shown; ++i) {
    const diff_change& c = changes[i];
    out << "  " << c.id << "\n";
    if (c.input) out << "    input: " << describe_input(c.input->question) << "\n";
    if (!c.old_result.is_null()) out << "    old:   " << compact(c.old_result) << "\n";
    if (!c.new_result.is_null()) out << "    new:   " << compact(c.new_result) << "\n";
  }
  if (shown == changes.size()) return;
  out << "  and " << changes.size() - shown << " more (--examples 0 shows each in full):\n";
  for (std::size_t i = shown; i < changes.size(); ++i) out << "    " << changes[i].id << "\n";
}

json change_json(const diff_change& c) {
  json out{{"id", c.id}};
  if (c.input) out["input"] = describe_input(c.input->question, 400);
  if (!c.old_result.is_null()) out["old"] = c.old_result;
  if (!c.new_result.is_null()) out["new"] = c.new_result;
  return out;
}

}  // namespace

std::size_t diff_findings::changed() const {
  std::size_t n = 0;
  for (const auto& [name, changes] : by_transition) n += changes.size();
  return n;
}

diff_findings compare_results(const std::vector<diff_input>& inputs,
                              const std::map<std::string, json>& old_results,
                              const std::vector<json>& new_results) {
  diff_findings f;
  std::set<std::string_view> ids;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const diff_input& in = inputs[i];
    ids.insert(in.id);
    const auto old = old_results.find(in.id);
    if (old == old_results.end()) {
      f.added.push_back({in.id, &in, nullptr, new_results[i]});
    } else if (old->second != new_results[i]) {
      f.by_transition[transition(old->second, new_results[i])].push_back(
          {in.id, &in, old->second, new_results[i]});
    } else if (is_failure(new_results[i])) {
      ++f.failing_on_both;
    }
  }
  for (const auto& [id, result] : old_results) {
    if (!ids.count(id)) f.removed.push_back({id, nullptr, result, nullptr});
  }
  // Named seeds and fixtures make better examples than the fuzzer's merged finds.
  const auto named_first = [](std::vector<diff_change>& changes) {
    std::stable_partition(changes.begin(), changes.end(), [](const diff_change& c) {
      return c.id.find("/auto/") == std::string::npos;
    });
  };
  for (auto& [name, changes] : f.by_transition) named_first(changes);
  named_first(f.added);
  return f;
}

std::string describe_input(const conformance::level_p_input& in, std::size_t limit) {
  using conformance::step_action;
  if (in.action == step_action::match || in.action == step_action::cert_match) {
    std::string out = in.action == step_action::match ? "match" : "cert-match";
    if (in.policy_host) out += " --policy-host";
    for (const std::string& operand : in.operands) {
      out += ' ';  // not `" " + escaped(...)`: gcc 12 -Wrestrict false positive
      out += escaped(operand, limit / 2);
    }
    return out;
  }
  return escaped(in.file_bytes, limit) + " (" + std::to_string(in.file_bytes.size()) + " bytes)";
}

void print_text_report(std::ostream& out, const diff_run_info& info, const diff_findings& f,
                       std::size_t examples) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f", info.seconds);
  out << "mtasts diff: " << info.inputs << " inputs in " << seconds << " s (" << info.jobs
      << (info.jobs == 1 ? " job" : " jobs") << ")\n"
      << "  old: " << info.old_side << "\n"
      << "  new: " << info.new_side << "\n";
  for (const auto& [reason, count] : info.skipped)
    out << "  not run: " << count << " from " << reason << "\n";
  if (f.failing_on_both > 0)
    out << "  " << f.failing_on_both << " inputs crash or time out on both sides\n";
  if (f.identical()) {
    out << "identical: every result is the same\n";
    return;
  }
  if (f.changed() > 0) {
    out << "\n"
        << f.changed() << " results changed, in " << f.by_transition.size()
        << (f.by_transition.size() == 1 ? " transition" : " transitions") << ":\n";
    for (const auto* group : ordered_groups(f)) {
      out << "\n" << group->first << ": " << group->second.size() << "\n";
      print_changes(out, group->second, examples);
    }
  }
  if (!f.added.empty()) {
    out << "\nnew inputs, without an old result: " << f.added.size() << "\n";
    print_changes(out, f.added, examples);
  }
  if (!f.removed.empty()) {
    out << "\ninputs gone, with an old result: " << f.removed.size() << "\n";
    print_changes(out, f.removed, examples);
  }
}

json json_report(const diff_run_info& info, const diff_findings& f) {
  json transitions = json::array();
  for (const auto* group : ordered_groups(f)) {
    json changes = json::array();
    for (const diff_change& c : group->second) changes.push_back(change_json(c));
    transitions.push_back(json{{"transition", group->first},
                               {"count", group->second.size()},
                               {"changes", std::move(changes)}});
  }
  json added = json::array(), removed = json::array();
  for (const diff_change& c : f.added) added.push_back(change_json(c));
  for (const diff_change& c : f.removed) removed.push_back(change_json(c));
  return json{{"identical", f.identical()},
              {"old", info.old_side},
              {"new", info.new_side},
              {"inputs", info.inputs},
              {"not_run", info.skipped},
              {"seconds", info.seconds},
              {"jobs", info.jobs},
              {"changed", f.changed()},
              {"failing_on_both", f.failing_on_both},
              {"transitions", std::move(transitions)},
              {"new_inputs", std::move(added)},
              {"removed_inputs", std::move(removed)}};
}

}  // namespace mtasts::cli::diff
