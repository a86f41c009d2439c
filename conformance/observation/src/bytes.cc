// SPDX-License-Identifier: Apache-2.0
// Byte strings in JSON (see bytes.h).
#include "mtasts/observation/bytes.h"

#include "mtasts/observation/base64.h"
#include "mtasts/utf8.h"

namespace mtasts::observation {

json bytes_to_json(std::string_view bytes) {
  if (is_valid_utf8(bytes)) return json(std::string(bytes));
  json wrapped = json::object();
  wrapped["base64"] = base64_encode(bytes);
  return wrapped;
}

std::optional<std::string> bytes_from_json(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (!value.is_object() || value.size() != 1) return std::nullopt;
  const auto member = value.find("base64");
  if (member == value.end() || !member->is_string()) return std::nullopt;
  return base64_decode(member->get_ref<const std::string&>());
}

namespace {

// {"repeat": unit, "count": times} within max_fixture_bytes: its unit and count.
struct repetition {
  const std::string* unit = nullptr;
  std::uint64_t times = 0;
};
std::optional<repetition> repetition_of(const json& value) {
  const auto unit = value.find("repeat");
  const auto count = value.find("count");
  if (value.size() != 2 || unit == value.end() || !unit->is_string() || count == value.end() ||
      !count->is_number_unsigned())
    return std::nullopt;
  const std::string& text = unit->get_ref<const std::string&>();
  const auto times = count->get<std::uint64_t>();
  if (text.empty() || times > max_fixture_bytes / text.size()) return std::nullopt;
  return repetition{&text, times};
}

bool is_repetition(const json& value) { return value.is_object() && value.contains("repeat"); }

}  // namespace

std::optional<std::string> fixture_bytes(const json& value) {
  if (!is_repetition(value)) return bytes_from_json(value);
  const std::optional<repetition> r = repetition_of(value);
  if (!r) return std::nullopt;
  std::string out;
  out.reserve(r->unit->size() * r->times);
  for (std::uint64_t i = 0; i < r->times; ++i) out += *r->unit;
  return out;
}

std::optional<std::size_t> fixture_bytes_size(const json& value) {
  if (!is_repetition(value)) {
    if (value.is_string()) return value.get_ref<const std::string&>().size();
    const std::optional<std::string> bytes = bytes_from_json(value);
    return bytes ? std::optional<std::size_t>(bytes->size()) : std::nullopt;
  }
  const std::optional<repetition> r = repetition_of(value);
  if (!r) return std::nullopt;
  return r->unit->size() * r->times;
}

}  // namespace mtasts::observation
