// SPDX-License-Identifier: Apache-2.0
// I-JSON reading of a report (see report_reader.h).
#include "report_reader.h"

#include <cmath>
#include <cstdint>
#include <unordered_set>
#include <utility>
#include <vector>

#include "mtasts/tlsrpt_report.h"
#include "mtasts/utf8.h"

namespace mtasts::tlsrpt {
namespace {

using nlohmann::json;

// One open array or object: where it is in the document and what it holds so far.
struct frame {
  json* node = nullptr;
  bool array = false;
  std::size_t added = 0;                 // arrays: elements added
  std::string key;                       // objects: the last member name read
  std::unordered_set<std::string> keys;  // objects: every member name read
};

// json's default constructor and move are noexcept; the throw clang-tidy sees is inside them.
// NOLINTNEXTLINE(bugprone-exception-escape)
class report_builder {
 public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  bool null() { return add(json(nullptr)) != nullptr; }
  bool boolean(bool v) { return add(json(v)) != nullptr; }
  bool number_integer(number_integer_t v) {
    // R-8460-4-1, RFC 7493 §2.2: integers outside +-(2^53-1) lose their value in some readers.
    if (v < -static_cast<number_integer_t>(max_exact_integer))
      return fail(error_code::TLSRPT_REPORT_NUMBER_RANGE, value_pointer(),
                  "integer below -(2^53-1) is not exact in every JSON reader");
    return add(json(v)) != nullptr;
  }
  bool number_unsigned(number_unsigned_t v) {
    if (v > max_exact_integer)
      return fail(error_code::TLSRPT_REPORT_NUMBER_RANGE, value_pointer(),
                  "integer above 2^53-1 is not exact in every JSON reader");
    return add(json(v)) != nullptr;
  }
  bool number_float(number_float_t v, const string_t& text) {
    // An integer literal beyond 64 bits reaches here as a double: its value is already lost.
    if (text.find_first_of(".eE") == string_t::npos || !std::isfinite(v))
      return fail(error_code::TLSRPT_REPORT_NUMBER_RANGE, value_pointer(),
                  "number is beyond what an IEEE 754 double holds exactly");
    return add(json(v)) != nullptr;
  }
  bool string(string_t& v) { return add(json(std::move(v))) != nullptr; }
  bool binary(binary_t& /*v*/) {
    return fail(error_code::TLSRPT_REPORT_NOT_JSON, value_pointer(), "binary value");
  }

  bool start_object(std::size_t /*size*/) { return open(json::object(), false); }
  bool start_array(std::size_t /*size*/) { return open(json::array(), true); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(string_t& k) {
    frame& f = open_.back();
    f.key = k;
    // R-8460-4-1, RFC 7493 §2.3: member names MUST be unique (nlohmann would keep the last).
    if (!f.keys.insert(k).second)
      return fail(error_code::TLSRPT_REPORT_DUPLICATE_MEMBER, value_pointer(),
                  "member name appears twice in its object");
    return true;
  }

  bool parse_error(std::size_t /*position*/, const std::string& last_token,
                   const nlohmann::detail::exception& e) {
    // nlohmann says "[json.exception.parse_error.101] parse error at line 1, column 2: ...".
    std::string detail = e.what();
    if (const std::size_t at = detail.find(" at line "); at != std::string::npos)
      detail.erase(0, at + 4);
    // R-8460-4-1, RFC 7493 §2.1: UTF-8 without lone surrogates, told apart from syntax errors.
    if (!is_valid_utf8(last_token) || detail.find("surrogate") != std::string::npos)
      return fail(error_code::TLSRPT_REPORT_INVALID_UTF8, value_pointer(), "not well-formed UTF-8");
    if (e.id == 406)  // out_of_range.406: a number too large for a double
      return fail(error_code::TLSRPT_REPORT_NUMBER_RANGE, value_pointer(),
                  "number is beyond what an IEEE 754 double holds");
    return fail(error_code::TLSRPT_REPORT_NOT_JSON, value_pointer(), "not JSON: " + detail);
  }

  std::variant<json, rejection> finish(bool parsed) {
    if (parsed) return std::move(root_);
    if (error_) return std::move(*error_);
    return rejection{error_code::TLSRPT_REPORT_NOT_JSON, "", "not JSON"};
  }

 private:
  // The pointer of the value being read: the open containers' places, then its own.
  [[nodiscard]] std::string value_pointer() const {
    std::string pointer;
    for (std::size_t i = 0; i < open_.size(); ++i) {
      const frame& f = open_[i];
      const bool innermost = i + 1 == open_.size();
      if (f.array) {
        const std::size_t index = innermost ? f.added : f.added - 1;
        pointer = child(pointer, index);
      } else if (!f.key.empty() || !f.keys.empty()) {
        pointer = child(pointer, f.key);
      }
    }
    return pointer;
  }

  json* add(json&& v) {
    if (open_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    frame& f = open_.back();
    if (f.array) {
      auto& elements = f.node->get_ref<json::array_t&>();
      elements.push_back(std::move(v));
      ++f.added;
      return &elements.back();
    }
    json& slot = (*f.node)[f.key];
    slot = std::move(v);
    return &slot;
  }

  bool open(json&& container, bool array) {
    if (open_.size() >= max_report_depth)
      return fail(error_code::TLSRPT_REPORT_TOO_LARGE, value_pointer(),
                  "nested deeper than " + std::to_string(max_report_depth) + " levels");
    json* placed = add(std::move(container));
    frame f;
    f.node = placed;
    f.array = array;
    open_.push_back(std::move(f));
    return true;
  }

  bool close() {
    open_.pop_back();
    return true;
  }

  bool fail(error_code code, std::string pointer, std::string what) {
    if (!error_) error_ = rejection{code, std::move(pointer), std::move(what)};
    return false;
  }

  json root_;
  std::vector<frame> open_;  // innermost last
  std::optional<rejection> error_;
};

}  // namespace

std::string child(const std::string& pointer, std::string_view name) {
  std::string out = pointer + "/";
  for (const char c : name) {  // RFC 6901 §3
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string child(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

std::variant<json, rejection> read_report_json(std::string_view text) {
  if (text.size() > max_report_bytes)
    return rejection{error_code::TLSRPT_REPORT_TOO_LARGE, "",
                     std::to_string(text.size()) + " bytes, more than the limit of " +
                         std::to_string(max_report_bytes)};
  report_builder builder;
  const bool parsed = json::sax_parse(text.begin(), text.end(), &builder);
  return builder.finish(parsed);
}

}  // namespace mtasts::tlsrpt
