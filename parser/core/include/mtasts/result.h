// result<T>: a value or a parse_error, without exceptions.
#pragma once

#include <utility>
#include <variant>

#include "mtasts/error.h"

namespace mtasts {

template <class T>
class result {
 public:
  result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  result(parse_error error) : state_(error) {}   // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  // Precondition: ok().
  [[nodiscard]] const T& value() const& { return std::get<0>(state_); }
  [[nodiscard]] T& value() & { return std::get<0>(state_); }
  [[nodiscard]] T&& value() && { return std::get<0>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

  // Precondition: !ok().
  [[nodiscard]] const parse_error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, parse_error> state_;
};

}  // namespace mtasts
