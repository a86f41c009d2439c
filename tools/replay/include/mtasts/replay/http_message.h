// SPDX-License-Identifier: Apache-2.0
// HTTP/1.1 messages as the replay sees them (RFC 9112): a request head read with a size cap,
// and a recorded response written byte-exact.
#pragma once

#include <cstdint>
#include <string>

#include "mtasts/replay/connection.h"
#include "mtasts/replay/replay_world.h"

namespace mtasts::replay {

// Request heads larger than this are refused (431), never buffered further.
inline constexpr std::size_t max_request_head = std::size_t{16} * 1024;

struct http_request {
  std::string method;
  std::string target;
  std::string host;  // the Host header, lower-cased, without a port; empty when absent
};

enum class read_status : std::uint8_t { ok, closed, too_large, malformed };

// Reads one request head. `buffer` keeps bytes read past it (a pipelined next request).
// A request body is not expected (GET) and, when announced, is skipped.
read_status read_request(connection& conn, std::string& buffer, http_request& out);

// The status line and headers of a recorded response, exactly as recorded; when neither
// Content-Length nor Transfer-Encoding was recorded, Content-Length (except for 1xx, 204 and
// 304, RFC 9110 §8.6) and Connection: close are added. `closes` tells whether the connection
// must close after the body.
std::string response_head(const https_exchange& x, bool& closes);
std::string reason_phrase(int status);

// The body, streamed in chunks when it is a repetition.
bool write_body(connection& conn, const body_spec& body);

}  // namespace mtasts::replay
