// SPDX-License-Identifier: Apache-2.0
// Loading a level N profile; see blackbox_profile.h.
#include "mtasts/conformance/blackbox_profile.h"

#include "mtasts/conformance/json_file.h"
#include "mtasts/conformance/level_p.h"

namespace mtasts::conformance {
namespace {

// Members shared with shim configs, validated by shim_config::parse.
const std::set<std::string> shared_members = {"impl", "DisabledTests", "AcceptableFlags",
                                              "MxDeduplicated", "TimeoutSeconds"};
const std::set<std::string> own_members = {"comment", "Commands", "OutputFilter",
                                           "Reports", "Env",      "LoopbackPorts"};
const std::set<std::string> observation_fields = {
    "outcome", "events",  "policy",      "active", "id",
    "alert",   "queries", "cache_after", "mx",     "temporary_failure",
    "rua"};
// The actions a whole program can be asked from the command line.
constexpr step_action level_n_actions[] = {step_action::lookup, step_action::deliver,
                                           step_action::lookup_tlsrpt};
std::optional<step_action> level_n_action(const std::string& name) {
  const std::optional<step_action> a = step_action_from(name);
  for (const step_action known : level_n_actions) {
    if (a == known) return a;
  }
  return std::nullopt;
}

std::vector<std::string> argv_of(const json& v) {
  if (v.is_string()) return split_shim_command(v.get<std::string>());
  std::vector<std::string> out;
  for (const json& a : v) out.push_back(a.get<std::string>());
  return out;
}

bool is_command(const json& v) {
  if (v.is_string()) return !v.get<std::string>().empty();
  if (!v.is_array() || v.empty()) return false;
  for (const json& a : v) {
    if (!a.is_string()) return false;
  }
  return true;
}

}  // namespace

std::optional<blackbox_profile> blackbox_profile::load(const std::string& path,
                                                       std::string& error) {
  const std::optional<json> doc = read_json_file(path, error);
  if (!doc) return std::nullopt;
  return parse(*doc, path, error);
}

std::optional<blackbox_profile> blackbox_profile::parse(const json& doc, const std::string& where,
                                                        std::string& error) {
  auto fail = [&](const std::string& pointer, const std::string& what) {
    error = where + ": " + pointer + ": " + what;
    return std::nullopt;
  };
  if (!doc.is_object()) return fail("", "expected an object");
  json shared = json::object();
  for (const auto& [key, value] : doc.items()) {
    if (shared_members.count(key)) {
      shared[key] = value;
    } else if (!own_members.count(key)) {
      return fail("/" + key, "unknown member");
    }
  }
  std::optional<shim_config> config = shim_config::parse(shared, where, error);
  if (!config) return std::nullopt;
  blackbox_profile p;
  p.config = *config;
  p.impl = config->impl;
  if (!doc.contains("Commands") || !doc["Commands"].is_object() || doc["Commands"].empty())
    return fail("/Commands", "expected an object of action → command");
  for (const auto& [action, command] : doc["Commands"].items()) {
    const std::optional<step_action> known = level_n_action(action);
    if (!known) return fail("/Commands/" + action, "unknown action");
    if (!is_command(command))
      return fail("/Commands/" + action, "expected a command string or argv array");
    p.commands[*known] = argv_of(command);
  }
  if (doc.contains("OutputFilter")) {
    if (!is_command(doc["OutputFilter"]))
      return fail("/OutputFilter", "expected a command string or argv array");
    p.output_filter = argv_of(doc["OutputFilter"]);
  }
  if (!doc.contains("Reports") || !doc["Reports"].is_array())
    return fail("/Reports", "expected an array of observation fields");
  for (const json& f : doc["Reports"]) {
    if (!f.is_string() || !observation_fields.count(f.get<std::string>()))
      return fail("/Reports", "unknown observation field " + f.dump());
    p.reports.insert(f.get<std::string>());
  }
  if (doc.contains("Env")) {
    if (!doc["Env"].is_object()) return fail("/Env", "expected an object of strings");
    for (const auto& [k, v] : doc["Env"].items()) {
      if (!v.is_string()) return fail("/Env/" + k, "expected a string");
      p.env[k] = v.get<std::string>();
    }
  }
  if (doc.contains("LoopbackPorts")) {
    if (!doc["LoopbackPorts"].is_boolean()) return fail("/LoopbackPorts", "expected a boolean");
    p.loopback_ports = doc["LoopbackPorts"].get<bool>();
  }
  return p;
}

blackbox_profile blackbox_profile::for_command(const std::vector<std::string>& argv) {
  blackbox_profile p;
  p.commands[step_action::lookup] = argv;
  p.reports = {"outcome", "events", "policy", "active", "id"};
  return p;
}

std::string expand_placeholders(const std::string& text,
                                const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t open = text.find('{', i);
    if (open == std::string::npos) break;
    const std::size_t close = text.find('}', open);
    if (close == std::string::npos) break;
    out.append(text, i, open - i);
    const auto it = values.find(text.substr(open + 1, close - open - 1));
    if (it != values.end()) {
      out += it->second;
    } else {
      out.append(text, open, close - open + 1);
    }
    i = close + 1;
  }
  out.append(text, i, std::string::npos);
  return out;
}

}  // namespace mtasts::conformance
