// SPDX-License-Identifier: Apache-2.0
// Delta debugging (see minimise.h).
#include "minimise.h"

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace mtasts::cli::fuzz_diff {
namespace {

using units = std::vector<std::string>;

// Cuts text after every occurrence of one of `ends` (kept with the unit before it).
units split_after(std::string_view text, std::string_view ends) {
  units out;
  std::string unit;
  for (const char c : text) {
    unit += c;
    if (ends.find(c) != std::string_view::npos) {
      out.push_back(std::move(unit));
      unit.clear();
    }
  }
  if (!unit.empty()) out.push_back(std::move(unit));
  return out;
}

units characters(std::string_view text) {
  units out;
  for (const char c : text) out.emplace_back(1, c);
  return out;
}

std::string join(const units& u) {
  std::string out;
  for (const std::string& s : u) out += s;
  return out;
}

// Removes chunks of `parts` while keeps(join) holds: chunk size halves from half the units
// down to one, each pass trying every chunk from the end (later units first).
class reducer {
 public:
  reducer(const std::function<bool(const std::string&)>& keeps, std::size_t& budget)
      : keeps_(keeps), budget_(budget) {}
  std::string reduce(units parts) {
    for (std::size_t chunk = std::max<std::size_t>(parts.size() / 2, 1); chunk >= 1;) {
      bool removed = false;
      for (std::size_t at = parts.size(); at > 0 && budget_ > 0;) {
        const std::size_t from = at >= chunk ? at - chunk : 0;
        units smaller(parts.begin(), parts.begin() + static_cast<std::ptrdiff_t>(from));
        smaller.insert(smaller.end(), parts.begin() + static_cast<std::ptrdiff_t>(at), parts.end());
        if (smaller.empty()) {  // a string is never cut to nothing
          at = from;
          continue;
        }
        --budget_;
        if (keeps_(join(smaller))) {
          parts = std::move(smaller);
          removed = true;
        }
        at = from;
      }
      if (budget_ == 0) break;
      if (!removed) {
        if (chunk == 1) break;
        chunk /= 2;
      }
    }
    return join(parts);
  }

 private:
  const std::function<bool(const std::string&)>& keeps_;
  std::size_t& budget_;
};

}  // namespace

minimised minimise(question_kind kind, conformance::level_p_input input,
                   const still_disagrees& keeps, std::size_t budget) {
  const std::size_t start = budget;
  conformance::level_p_input best = std::move(input);
  // Reduce one string held in `best`, addressed by a getter, through three granularities.
  auto reduce_string = [&](auto&& get, std::string_view coarse, std::string_view fine) {
    const std::function<bool(const std::string&)> keeps_text = [&](const std::string& t) {
      conformance::level_p_input candidate = best;
      get(candidate) = t;
      return keeps(candidate);
    };
    reducer r(keeps_text, budget);
    if (!coarse.empty()) get(best) = r.reduce(split_after(get(best), coarse));
    if (!fine.empty()) get(best) = r.reduce(split_after(get(best), fine));
    get(best) = r.reduce(characters(get(best)));
  };
  switch (kind) {
    case question_kind::policy:
      reduce_string([](conformance::level_p_input& q) -> std::string& { return q.file_bytes; },
                    "\n\r", ":");
      break;
    case question_kind::txt:
    case question_kind::tlsrpt:
      reduce_string([](conformance::level_p_input& q) -> std::string& { return q.file_bytes; }, ";",
                    "=");
      break;
    case question_kind::txt_records: {
      // Whole records only: the file is JSON, and a cut inside it would not be a records file.
      const conformance::json records =
          conformance::json::parse(best.file_bytes, nullptr, /*allow_exceptions=*/false);
      if (!records.is_array()) break;
      // Each unit is one record and a comma; a records file is "[" the units "]" without
      // the last comma.
      units parts;
      for (const conformance::json& r : records) parts.push_back(r.dump() + ",");
      auto as_file = [](std::string joined) {
        if (!joined.empty()) joined.pop_back();
        return "[" + joined + "]";
      };
      const std::function<bool(const std::string&)> keeps_records = [&](const std::string& t) {
        conformance::level_p_input candidate = best;
        candidate.file_bytes = as_file(t);
        return keeps(candidate);
      };
      reducer r(keeps_records, budget);
      best.file_bytes = as_file(r.reduce(parts));
      break;
    }
    case question_kind::match:
    case question_kind::cert_match:
      for (std::size_t i = 0; i < best.operands.size(); ++i) {
        reduce_string([i](conformance::level_p_input& q) -> std::string& { return q.operands[i]; },
                      ".", "");
      }
      break;
  }
  return {std::move(best), start - budget};
}

}  // namespace mtasts::cli::fuzz_diff
