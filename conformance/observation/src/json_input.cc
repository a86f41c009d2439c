// SPDX-License-Identifier: Apache-2.0
// Bounded JSON reading (see json_input.h): nlohmann's SAX parser, which keeps its own
// explicit stack, with a handler that builds the document and stops at the limits.
#include "mtasts/observation/json_input.h"

#include <algorithm>
#include <iterator>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "mtasts/observation/printable_text.h"

namespace mtasts::observation {
namespace {

// A character iterator that publishes how far the parser has read, so that the handler,
// which nlohmann gives no position, can say where a limit was reached.
class counting_iterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  counting_iterator(const char* at, const char** read_to) : at_(at), read_to_(read_to) {}
  reference operator*() const { return *at_; }
  counting_iterator& operator++() {
    *read_to_ = ++at_;
    return *this;
  }
  counting_iterator operator++(int) {
    counting_iterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const counting_iterator& other) const { return at_ == other.at_; }
  bool operator!=(const counting_iterator& other) const { return at_ != other.at_; }

 private:
  const char* at_;
  const char** read_to_;
};

// Builds the document from SAX events; returns false (stopping the parser) at a limit, a
// duplicate key or a syntax error, with the error set.
class bounded_builder {
 public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  bounded_builder(std::string_view text, const char* const* read_to, const json_limits& limits)
      : text_(text), read_to_(read_to), limits_(limits) {}

  bool null() { return add(json(nullptr)) != nullptr; }
  bool boolean(bool v) { return add(json(v)) != nullptr; }
  bool number_integer(number_integer_t v) { return add(json(v)) != nullptr; }
  bool number_unsigned(number_unsigned_t v) { return add(json(v)) != nullptr; }
  bool number_float(number_float_t v, const string_t& /*text*/) { return add(json(v)) != nullptr; }
  bool string(string_t& v) { return add(json(std::move(v))) != nullptr; }
  bool binary(binary_t& /*v*/) { return fail("binary values are not JSON"); }

  bool start_object(std::size_t /*size*/) { return open(json::object()); }
  bool start_array(std::size_t /*size*/) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(string_t& k) {
    if (!keys_.back().insert(k).second)
      return fail("duplicate key \"" + printable_prefix(k, 200) + "\"");
    // The parser's checks above make every key new: append instead of ordered_map's search.
    auto& members = open_.back()->get_ref<json::object_t&>();
    members.emplace_back(std::move(k), nullptr);
    member_ = &members.back().second;
    return true;
  }

  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& e) {
    // what() is "[json.exception.parse_error.101] parse error at line 1, column 2: ...";
    // the position is said once, in this file's words.
    std::string_view detail = e.what();
    if (const std::size_t colon = detail.find(": "); colon != std::string_view::npos)
      detail.remove_prefix(colon + 2);
    error_ =
        line_and_column(text_, position == 0 ? 0 : position - 1) + ": " + printable_text(detail);
    return false;
  }

  json_read finish(bool parsed) {
    json_read out;
    out.values = values_;
    if (parsed) {
      out.document = std::move(root_);
    } else {
      out.error = error_.empty() ? "not valid JSON" : error_;
    }
    return out;
  }

 private:
  // Places a value where the parser is (the root, the open array, or the member whose key
  // came last); nullptr past max_values.
  json* add(json&& v) {
    if (++values_ > limits_.max_values) {
      fail("more than " + std::to_string(limits_.max_values) + " values");
      return nullptr;
    }
    if (open_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    json& parent = *open_.back();
    if (parent.is_array()) {
      auto& elements = parent.get_ref<json::array_t&>();
      elements.push_back(std::move(v));
      return &elements.back();
    }
    *member_ = std::move(v);
    return member_;
  }

  bool open(json&& container) {
    if (open_.size() >= limits_.max_depth)
      return fail("nested deeper than " + std::to_string(limits_.max_depth) + " levels");
    json* placed = add(std::move(container));
    if (!placed) return false;
    open_.push_back(placed);
    keys_.emplace_back();
    return true;
  }

  bool close() {
    open_.pop_back();
    keys_.pop_back();
    return true;
  }

  bool fail(const std::string& what) {
    const auto offset = static_cast<std::size_t>(*read_to_ - text_.data());
    error_ = line_and_column(text_, offset == 0 ? 0 : offset - 1) + ": " + what;
    return false;
  }

  std::string_view text_;
  const char* const* read_to_;
  json_limits limits_;
  json root_;
  std::vector<json*> open_;  // the open arrays and objects, innermost last
  // The keys of each open object (arrays get an empty set, to keep the stacks aligned).
  std::vector<std::unordered_set<std::string>> keys_;
  json* member_ = nullptr;
  std::size_t values_ = 0;
  std::string error_;
};

}  // namespace

std::string string_or(const json& value, const char* key, std::string fallback) {
  if (!value.is_object()) return fallback;
  const auto it = value.find(key);
  return it != value.end() && it->is_string() ? it->get<std::string>() : fallback;
}

std::string line_and_column(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1, line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(offset - line_start + 1);
}

json_read read_json(std::string_view text, const json_limits& limits) {
  if (text.size() > limits.max_bytes) {
    json_read out;
    out.error = std::to_string(text.size()) + " bytes, more than the limit of " +
                std::to_string(limits.max_bytes);
    return out;
  }
  const char* read_to = text.data();
  bounded_builder builder(text, &read_to, limits);
  const bool parsed =
      json::sax_parse(counting_iterator(text.data(), &read_to),
                      counting_iterator(text.data() + text.size(), &read_to), &builder);
  return builder.finish(parsed);
}

}  // namespace mtasts::observation
