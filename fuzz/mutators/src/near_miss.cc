// SPDX-License-Identifier: Apache-2.0
#include "fuzz_mutators/near_miss.h"

#include <cstddef>
#include <iterator>
#include <utility>

#include "fuzz_mutators/interesting_values.h"

namespace mtasts_fuzz::mutators {

namespace {

char flip_case(char c) {
  if (c >= 'a' && c <= 'z') return static_cast<char>(c - 'a' + 'A');
  if (c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
  return c;
}

// Characters one step from a name character: neighbours on the keyboard row, the other
// separators of extension names, and a few bytes a name must not hold.
constexpr std::string_view off_chars = "_-.0123456789azAZ =:;\t\x7F";

}  // namespace

std::string case_changed(std::string_view name, rng& random) {
  std::string s(name);
  if (s.empty()) return s;
  if (random.one_in(3)) {
    for (char& c : s) c = flip_case(c);
    return s;
  }
  // Flip the first letter that has a case, starting from a random position.
  const std::size_t start = random.below(s.size());
  for (std::size_t k = 0; k < s.size(); ++k) {
    char& c = s[(start + k) % s.size()];
    if (flip_case(c) != c) {
      c = flip_case(c);
      break;
    }
  }
  return s;
}

std::string one_char_off(std::string_view name, rng& random) {
  std::string s(name);
  const char extra = off_chars[random.below(off_chars.size())];
  switch (s.empty() ? 1 : random.below(4)) {
    case 0:  // replace
      s[random.below(s.size())] = extra;
      break;
    case 1:  // insert
      s.insert(s.begin() + static_cast<std::ptrdiff_t>(random.below(s.size() + 1)), extra);
      break;
    case 2:  // delete
      s.erase(random.below(s.size()), 1);
      break;
    default:  // transpose two neighbours (or delete when there is one character)
      if (s.size() < 2) {
        s.push_back(extra);
      } else {
        const std::size_t i = random.below(s.size() - 1);
        std::swap(s[i], s[i + 1]);
      }
      break;
  }
  return s;
}

std::string replacement_name(grammar g, std::string_view current, rng& random) {
  static constexpr unsigned weights[] = {4, 2, 2, 1, 1};
  switch (random.weighted(weights)) {
    case 0: {
      const std::span<const std::string_view> own = registered_names(g);
      return std::string(own[random.below(own.size())]);
    }
    case 1:
      return case_changed(current.empty() ? registered_names(g)[0] : current, random);
    case 2:
      return one_char_off(current.empty() ? registered_names(g)[0] : current, random);
    case 3: {
      grammar other = all_grammars[random.below(std::size(all_grammars))];
      if (other == g) other = g == grammar::policy ? grammar::sts_txt : grammar::policy;
      const std::span<const std::string_view> names = registered_names(other);
      return std::string(names[random.below(names.size())]);
    }
    default: {
      const std::span<const std::string> names = extension_names();
      return names[random.below(names.size())];
    }
  }
}

}  // namespace mtasts_fuzz::mutators
