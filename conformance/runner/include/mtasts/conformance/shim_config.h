// SPDX-License-Identifier: Apache-2.0
// Per-implementation config for a shim (conformance/PROTOCOL.md "Per-implementation
// config"): disabled tests, the error map, declared ways for acceptable flags. Entries that
// match nothing in a full run are reported, so a config cannot silently rot.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "mtasts/conformance/fixture.h"

namespace mtasts::conformance {

class shim_config {
 public:
  static std::optional<shim_config> load(const std::string& path, std::string& error);
  static std::optional<shim_config> parse(const json& doc, const std::string& where,
                                          std::string& error);

  std::string impl;
  std::string shim;  // the command line, when the config names it
  bool mx_deduplicated = false;
  int timeout_seconds = 10;

  // The reason a test is disabled, when a DisabledTests glob matches its name.
  std::optional<std::string> disabled(const std::string& test_name) const;
  // ErrorMap: an implementation message → a token or a family; nullopt when unmapped.
  std::optional<std::string> map_error(const std::string& message) const;
  // An implementation's error text through the ErrorMap: a token stays a token, a mapped
  // message becomes its token or family, an unmapped one stays as it is (and fails).
  std::string translate_error(const std::string& message) const;
  // AcceptableFlags: "expect", "alternative" or "either" for a test's flags.
  std::string acceptable_way(const std::vector<std::string>& flags) const;

  // Config entries nothing matched (after a full run), one line each.
  std::vector<std::string> unused(const std::set<std::string>& all_flags) const;

 private:
  std::map<std::string, std::string> disabled_;   // glob → reason
  std::map<std::string, std::string> error_map_;  // message → token or family
  std::map<std::string, std::string> flags_;      // flag → way
  // What a run used, shared by copies and safe across the runner's worker threads.
  struct usage {
    std::mutex mutex;
    std::set<std::string> globs, messages;
  };
  std::shared_ptr<usage> used_ = std::make_shared<usage>();
};

// Whether s names a family of fixtures/error-tokens.json and not a token.
bool is_family_only(const std::string& s);
// The family of a token; a family (or any other text) as it is.
std::string family_of(const std::string& token_or_family);
// An mx list as MxDeduplicated compares it: ASCII lower case, first occurrence kept; a list
// holding anything but strings is left as it is.
void dedupe_lowercase(json& mx);

}  // namespace mtasts::conformance
