// SPDX-License-Identifier: Apache-2.0
// Loading and applying a shim config; see shim_config.h.
#include "mtasts/conformance/shim_config.h"

#include <fnmatch.h>

#include <set>

#include "mtasts/ascii.h"
#include "mtasts/conformance/impl_name.h"
#include "mtasts/conformance/json_file.h"
#include "mtasts/error.h"

namespace mtasts::conformance {
namespace {

bool is_token_or_family(const std::string& s) {
  if (error_code_from_token(s)) return true;
  for (const error_code c : all_error_codes()) {
    if (family(c) == s) return true;
  }
  return false;
}

}  // namespace

std::optional<shim_config> shim_config::load(const std::string& path, std::string& error) {
  const std::optional<json> doc = read_json_file(path, error);
  if (!doc) return std::nullopt;
  return parse(*doc, path, error);
}

std::optional<shim_config> shim_config::parse(const json& doc, const std::string& where,
                                              std::string& error) {
  auto fail = [&](const std::string& pointer, const std::string& what) {
    error = where + ": " + pointer + ": " + what;
    return std::nullopt;
  };
  if (!doc.is_object()) return fail("", "expected an object");
  static const std::set<std::string> known = {"impl",           "shim",          "comment",
                                              "DisabledTests",  "ErrorMap",      "AcceptableFlags",
                                              "MxDeduplicated", "TimeoutSeconds"};
  for (const auto& [key, value] : doc.items()) {
    if (!known.count(key)) return fail("/" + key, "unknown member");
  }
  shim_config c;
  if (doc.contains("impl")) {
    if (!doc["impl"].is_string()) return fail("/impl", "expected a string");
    c.impl = doc["impl"].get<std::string>();
    // The name becomes a file name (expectations, indexes): never a path.
    if (const std::optional<std::string> bad = impl_name_problem(c.impl))
      return fail("/impl", *bad);
  }
  if (doc.contains("shim")) {
    if (!doc["shim"].is_string()) return fail("/shim", "expected a string");
    c.shim = doc["shim"].get<std::string>();
  }
  if (doc.contains("MxDeduplicated")) {
    if (!doc["MxDeduplicated"].is_boolean()) return fail("/MxDeduplicated", "expected a boolean");
    c.mx_deduplicated = doc["MxDeduplicated"].get<bool>();
  }
  if (doc.contains("TimeoutSeconds")) {
    const json& t = doc["TimeoutSeconds"];
    if (!t.is_number_integer() || t.get<int>() < 1 || t.get<int>() > 600)
      return fail("/TimeoutSeconds", "expected an integer from 1 to 600");
    c.timeout_seconds = t.get<int>();
  }
  auto string_map = [&](const char* name, std::map<std::string, std::string>& out) -> bool {
    if (!doc.contains(name)) return true;
    if (!doc[name].is_object()) {
      fail(std::string("/") + name, "expected an object of strings");
      return false;
    }
    for (const auto& [k, v] : doc[name].items()) {
      if (!v.is_string() || v.get<std::string>().empty()) {
        fail(std::string("/") + name + "/" + k, "expected a non-empty string");
        return false;
      }
      out[k] = v.get<std::string>();
    }
    return true;
  };
  if (!string_map("DisabledTests", c.disabled_) || !string_map("ErrorMap", c.error_map_) ||
      !string_map("AcceptableFlags", c.flags_))
    return std::nullopt;
  for (const auto& [message, target] : c.error_map_) {
    if (!is_token_or_family(target))
      return fail("/ErrorMap/" + message, "\"" + target + "\" is neither a token nor a family");
  }
  for (const auto& [flag, way] : c.flags_) {
    if (way != "expect" && way != "alternative" && way != "either")
      return fail("/AcceptableFlags/" + flag, "expected \"expect\", \"alternative\" or \"either\"");
  }
  return c;
}

std::optional<std::string> shim_config::disabled(const std::string& test_name) const {
  for (const auto& [glob, reason] : disabled_) {
    if (fnmatch(glob.c_str(), test_name.c_str(), 0) == 0) {
      const std::lock_guard lock(used_->mutex);
      used_->globs.insert(glob);
      return reason;
    }
  }
  return std::nullopt;
}

std::optional<std::string> shim_config::map_error(const std::string& message) const {
  const auto it = error_map_.find(message);
  if (it == error_map_.end()) return std::nullopt;
  const std::lock_guard lock(used_->mutex);
  used_->messages.insert(message);
  return it->second;
}

std::string shim_config::translate_error(const std::string& message) const {
  if (error_code_from_token(message)) return message;
  return map_error(message).value_or(message);
}

bool is_family_only(const std::string& s) {
  if (error_code_from_token(s)) return false;
  for (const error_code c : all_error_codes()) {
    if (family(c) == s) return true;
  }
  return false;
}

std::string family_of(const std::string& token_or_family) {
  if (const auto code = error_code_from_token(token_or_family)) return std::string(family(*code));
  return token_or_family;
}

void dedupe_lowercase(json& mx) {
  json out = json::array();
  std::set<std::string> seen;
  for (const json& m : mx) {
    if (!m.is_string()) return;
    if (seen.insert(ascii_lower(m.get_ref<const std::string&>())).second) out.push_back(m);
  }
  mx = std::move(out);
}

std::string shim_config::acceptable_way(const std::vector<std::string>& flags) const {
  for (const std::string& f : flags) {
    if (const auto it = flags_.find(f); it != flags_.end() && it->second != "either")
      return it->second;
  }
  return "either";
}

std::vector<std::string> shim_config::unused(const std::set<std::string>& all_flags) const {
  std::vector<std::string> out;
  const std::lock_guard lock(used_->mutex);
  for (const auto& [glob, reason] : disabled_) {
    if (!used_->globs.count(glob)) out.push_back("DisabledTests \"" + glob + "\" matches no test");
  }
  for (const auto& [message, target] : error_map_) {
    if (!used_->messages.count(message))
      out.push_back("ErrorMap \"" + message + "\" was never printed by the shim");
  }
  for (const auto& [flag, way] : flags_) {
    if (!all_flags.count(flag)) out.push_back("AcceptableFlags \"" + flag + "\" is on no test");
  }
  return out;
}

}  // namespace mtasts::conformance
