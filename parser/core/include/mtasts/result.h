// SPDX-License-Identifier: Apache-2.0
// result<T, E>: a value or an error, without exceptions.
#pragma once

#include <cstdlib>
#include <type_traits>
#include <utility>
#include <variant>

#include "mtasts/error.h"

namespace mtasts {

// A value T or an error E (a parse_error unless stated). ok() tells which.
//
// value() and operator* on an error, or error() on a value, break the contract: they abort
// the process (std::abort) in every build, so misuse is never silently undefined and no
// exception ever crosses the API. Check ok() first.
template <class T, class E = parse_error>
class result {
  static_assert(!std::is_same_v<T, E>, "result<T, E> needs distinct value and error types");

 public:
  result(T value)
      : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT(google-explicit-constructor)
  result(E error)
      : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool ok() const noexcept { return state_.index() == 0; }
  // Truthiness is ok(). Not offered for result<bool>, where it would read as the value.
  explicit operator bool() const noexcept requires(!std::is_same_v<T, bool>) { return ok(); }

  // Precondition: ok(); aborts otherwise.
  [[nodiscard]] const T& value() const& { return *checked_value(); }
  [[nodiscard]] T& value() & { return *checked_value(); }
  [[nodiscard]] T&& value() && { return std::move(*checked_value()); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

  // Precondition: !ok(); aborts otherwise.
  [[nodiscard]] const E& error() const {
    const E* e = std::get_if<1>(&state_);
    if (e == nullptr) std::abort();
    return *e;
  }

 private:
  T* checked_value() {
    T* v = std::get_if<0>(&state_);
    if (v == nullptr) std::abort();
    return v;
  }
  const T* checked_value() const {
    const T* v = std::get_if<0>(&state_);
    if (v == nullptr) std::abort();
    return v;
  }

  std::variant<T, E> state_;
};

}  // namespace mtasts
