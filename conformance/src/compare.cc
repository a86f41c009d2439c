// Expectation matching: subset semantics for objects, exact arrays and scalars.
#include "mtasts/conformance/compare.h"

#include "mtasts/error.h"

namespace mtasts::conformance {
namespace {

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

void compare(const json& expected, const json& observed, const std::string& path, bool lowercase,
             std::vector<std::string>& diffs) {
  auto differ = [&] {
    diffs.push_back((path.empty() ? "/" : path) + ": expected " + expected.dump() + ", got " +
                    observed.dump());
  };
  if (expected.is_object()) {
    if (!observed.is_object()) return differ();
    for (const auto& [key, value] : expected.items()) {
      const std::string p = path + "/" + key;
      if (!observed.contains(key)) {
        diffs.push_back(p + ": expected " + value.dump() + ", got nothing");
        continue;
      }
      // RFC 8461 §4.1: mx patterns compare ASCII case-insensitively, and so do the DNS
      // names queried (RFC 4343): a shim may query in the case it was given.
      compare(value, observed[key], p, key == "mx" || key == "queries", diffs);
    }
    return;
  }
  if (expected.is_array()) {
    if (!observed.is_array() || observed.size() != expected.size()) return differ();
    for (std::size_t i = 0; i < expected.size(); ++i) {
      compare(expected[i], observed[i], path + "/" + std::to_string(i), lowercase, diffs);
    }
    return;
  }
  if (lowercase && expected.is_string() && observed.is_string()) {
    if (lower(expected.get<std::string>()) != lower(observed.get<std::string>())) differ();
    return;
  }
  if (expected != observed) differ();
}

}  // namespace

void compare_observation(const json& expected, const json& observed,
                         std::vector<std::string>& diffs) {
  json exp = expected;
  if (exp.contains("event_families")) {
    // Families only: for implementations that report coarser errors.
    json families = json::array();
    if (observed.contains("events")) {
      for (const json& e : observed["events"]) {
        const auto code =
            e.is_string() ? error_code_from_token(e.get<std::string>()) : std::nullopt;
        // A shim may report a family where it cannot tell the token; it stands for itself.
        if (code) {
          families.push_back(std::string(family(*code)));
        } else {
          families.push_back(e.is_string() ? e : json("UNKNOWN"));
        }
      }
    }
    compare(exp["event_families"], families, "/event_families", false, diffs);
    exp.erase("event_families");
  }
  compare(exp, observed, "", false, diffs);
}

}  // namespace mtasts::conformance
