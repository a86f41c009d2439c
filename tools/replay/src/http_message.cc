// SPDX-License-Identifier: Apache-2.0
#include "mtasts/replay/http_message.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace mtasts::replay {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20);  // header names are ASCII tokens
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Host header (RFC 9110 §7.2): host [":" port]; an IPv6 literal keeps its brackets.
std::string host_without_port(std::string_view v) {
  if (!v.empty() && v.front() == '[') {
    const std::size_t end = v.find(']');
    return name_key(v.substr(0, end == std::string_view::npos ? v.size() : end + 1));
  }
  return name_key(v.substr(0, v.find(':')));
}

bool parse_head(std::string_view head, http_request& out, std::size_t& content_length) {
  const std::size_t eol = head.find("\r\n");
  const std::string_view line = head.substr(0, eol);
  // request-line = method SP request-target SP HTTP-version (RFC 9112 §3)
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1 || line.substr(sp2 + 1, 5) != "HTTP/")
    return false;
  out.method = std::string(line.substr(0, sp1));
  out.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  std::string_view rest = eol == std::string_view::npos ? "" : head.substr(eol + 2);
  while (!rest.empty()) {
    const std::size_t e = rest.find("\r\n");
    const std::string_view field = rest.substr(0, e);
    rest = e == std::string_view::npos ? "" : rest.substr(e + 2);
    const std::size_t colon = field.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = field.substr(0, colon);
    const std::string_view value = trim(field.substr(colon + 1));
    if (iequals(name, "host") && out.host.empty()) out.host = host_without_port(value);
    if (iequals(name, "content-length")) {
      std::from_chars(value.data(), value.data() + value.size(), content_length);
    }
  }
  return true;
}

}  // namespace

read_status read_request(connection& conn, std::string& buffer, http_request& out) {
  out = {};
  std::array<char, 4096> chunk{};
  std::size_t end = buffer.find("\r\n\r\n");
  while (end == std::string::npos) {
    if (buffer.size() > max_request_head) return read_status::too_large;
    const std::size_t n = conn.read_some(chunk.data(), chunk.size());
    if (n == 0) return buffer.empty() ? read_status::closed : read_status::malformed;
    buffer.append(chunk.data(), n);
    end = buffer.find("\r\n\r\n");
  }
  if (end + 4 > max_request_head) return read_status::too_large;
  std::size_t content_length = 0;
  const bool ok = parse_head(std::string_view(buffer).substr(0, end), out, content_length);
  buffer.erase(0, end + 4);
  if (!ok) return read_status::malformed;
  // Skip an announced body, bounded like the head.
  if (content_length > max_request_head) return read_status::too_large;
  while (buffer.size() < content_length) {
    const std::size_t n = conn.read_some(chunk.data(), chunk.size());
    if (n == 0) return read_status::closed;
    buffer.append(chunk.data(), n);
  }
  buffer.erase(0, content_length);
  return read_status::ok;
}

std::string reason_phrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 203:
      return "Non-Authoritative Information";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 300:
      return "Multiple Choices";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 410:
      return "Gone";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

std::string response_head(const https_exchange& x, bool& closes) {
  std::string head =
      "HTTP/1.1 " + std::to_string(x.status) + " " + reason_phrase(x.status) + "\r\n";
  bool framed = false;
  closes = false;
  for (const auto& [name, value] : x.headers) {
    head.append(name).append(": ").append(value).append("\r\n");
    if (iequals(name, "content-length") || iequals(name, "transfer-encoding")) framed = true;
    if (iequals(name, "connection") && value.find("close") != std::string::npos) closes = true;
  }
  if (!framed) {
    const bool no_body_allowed =
        (x.status >= 100 && x.status < 200) || x.status == 204 || x.status == 304;
    if (!no_body_allowed) head += "Content-Length: " + std::to_string(x.body.size()) + "\r\n";
    head += "Connection: close\r\n";
    closes = true;
  }
  head += "\r\n";
  return head;
}

bool write_body(connection& conn, const body_spec& body) {
  if (!body.repeated()) return conn.write_all(body.literal);
  // Whole units per chunk, about 64 KiB each: 16 MiB bodies are never built in memory.
  const std::size_t per_chunk = std::max<std::size_t>(1, std::size_t{64} * 1024 / body.unit.size());
  std::string chunk;
  for (std::size_t i = 0; i < per_chunk; ++i) chunk += body.unit;
  std::size_t left = body.count;
  while (left > 0) {
    const std::size_t n = std::min(left, per_chunk);
    if (!conn.write_all(std::string_view(chunk).substr(0, n * body.unit.size()))) return false;
    left -= n;
  }
  return true;
}

}  // namespace mtasts::replay
