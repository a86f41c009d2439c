// SPDX-License-Identifier: Apache-2.0
// Reading a report's JSON text under I-JSON's rules (RFC 7493) with the reader's limits:
// nlohmann's SAX parser, which keeps its own stack, and a handler that builds the document
// and knows the JSON pointer of every value, so each refusal says where it is.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "mtasts/error.h"

namespace mtasts::tlsrpt {

// Why and where a report was refused.
struct rejection {
  error_code code;
  std::string pointer;  // RFC 6901; "" is the whole document
  std::string what;
};

// RFC 6901 §3: name appended to pointer as a reference token.
std::string child(const std::string& pointer, std::string_view name);
std::string child(const std::string& pointer, std::size_t index);

// The document, or the first reason it is not an I-JSON text within the limits.
std::variant<nlohmann::json, rejection> read_report_json(std::string_view text);

}  // namespace mtasts::tlsrpt
