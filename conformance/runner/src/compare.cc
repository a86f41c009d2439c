// SPDX-License-Identifier: Apache-2.0
// Expectation matching: subset semantics for objects, exact arrays and scalars.
#include "mtasts/conformance/compare.h"

#include "mtasts/ascii.h"
#include "mtasts/error.h"

namespace mtasts::conformance {
namespace {

class comparison {
 public:
  std::vector<difference> differences;

  void compare(const json& expected, const json& observed, bool lowercase) {
    if (expected.is_object()) {
      if (!observed.is_object()) return differ(expected, observed);
      for (const auto& [key, value] : expected.items()) {
        path_.push_back(key);
        if (!observed.contains(key)) {
          differences.push_back(difference{path_, value, std::nullopt});
        } else {
          // RFC 8461 §4.1: mx patterns compare ASCII case-insensitively, and so do the DNS
          // names queried (RFC 4343): a shim may query in the case it was given.
          compare(value, observed[key], key == "mx" || key == "queries");
        }
        path_.pop_back();
      }
      return;
    }
    if (expected.is_array()) {
      if (!observed.is_array() || observed.size() != expected.size())
        return differ(expected, observed);
      for (std::size_t i = 0; i < expected.size(); ++i) {
        path_.push_back(std::to_string(i));
        compare(expected[i], observed[i], lowercase);
        path_.pop_back();
      }
      return;
    }
    if (lowercase && expected.is_string() && observed.is_string()) {
      if (ascii_lower(expected.get_ref<const std::string&>()) !=
          ascii_lower(observed.get_ref<const std::string&>()))
        differ(expected, observed);
      return;
    }
    if (expected != observed) differ(expected, observed);
  }

  void at(std::string token) { path_ = {std::move(token)}; }
  void at_root() { path_.clear(); }

 private:
  void differ(const json& expected, const json& observed) {
    differences.push_back(difference{path_, expected, observed});
  }
  std::vector<std::string> path_;
};

// The families of the observed events; a shim may report a family where it cannot tell
// the token, and it stands for itself.
json observed_families(const json& observed) {
  json families = json::array();
  if (!observed.contains("events") || !observed["events"].is_array()) return families;
  for (const json& e : observed["events"]) {
    const auto code = e.is_string() ? error_code_from_token(e.get<std::string>()) : std::nullopt;
    if (code) {
      families.push_back(std::string(family(*code)));
    } else {
      families.push_back(e.is_string() ? e : json("UNKNOWN"));
    }
  }
  return families;
}

}  // namespace

std::string difference::pointer() const {
  if (path.empty()) return "/";
  std::string out;
  for (const std::string& token : path) out += "/" + token;
  return out;
}

bool difference::about_error_report() const {
  if (path.empty()) return false;
  return (path[0] == "error" && path.size() > 1) || path[0] == "events" ||
         path[0] == "event_families";
}

std::string difference::to_string() const {
  return pointer() + ": expected " + expected.dump() + ", got " +
         (observed ? observed->dump() : std::string("nothing"));
}

std::vector<difference> compare_observation(const json& expected, const json& observed) {
  comparison c;
  json rest = expected;
  if (rest.contains("event_families")) {
    // Families only: for implementations that report coarser errors.
    c.at("event_families");
    c.compare(rest["event_families"], observed_families(observed), false);
    rest.erase("event_families");
  }
  c.at_root();
  c.compare(rest, observed, false);
  return std::move(c.differences);
}

}  // namespace mtasts::conformance
