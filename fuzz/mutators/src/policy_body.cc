// SPDX-License-Identifier: Apache-2.0
#include "fuzz_mutators/policy_body.h"

#include "fuzz_mutators/interesting_values.h"

namespace mtasts_fuzz::mutators {

namespace {

bool is_wsp(char c) { return c == ' ' || c == '\t'; }

// Moves the SP / HTAB at the front of s into `out`.
void take_leading_wsp(std::string_view& s, std::string& out) {
  std::size_t i = 0;
  while (i < s.size() && is_wsp(s[i])) ++i;
  out = s.substr(0, i);
  s.remove_prefix(i);
}

// Moves the SP / HTAB at the end of s into `out`.
void take_trailing_wsp(std::string_view& s, std::string& out) {
  std::size_t end = s.size();
  while (end > 0 && is_wsp(s[end - 1])) --end;
  out = s.substr(end);
  s = s.substr(0, end);
}

policy_line line_of(std::string_view content, std::string_view term) {
  policy_line l;
  l.term = term;
  take_leading_wsp(content, l.lead);
  const std::size_t colon = content.find(':');
  std::string_view name = content.substr(0, colon);
  if (colon == std::string_view::npos) {
    take_trailing_wsp(name, l.trail);
    l.name = name;
    return l;
  }
  take_trailing_wsp(name, l.pre_colon);
  l.name = name;
  l.colon = ":";
  std::string_view value = content.substr(colon + 1);
  take_leading_wsp(value, l.post_colon);
  take_trailing_wsp(value, l.trail);
  l.value = value;
  return l;
}

}  // namespace

std::size_t policy_line::size() const noexcept {
  return lead.size() + name.size() + pre_colon.size() + colon.size() + post_colon.size() +
         value.size() + trail.size() + term.size();
}

std::size_t policy_body::size() const noexcept {
  std::size_t n = bom.size();
  for (const policy_line& l : lines) n += l.size();
  return n;
}

policy_body split_policy_body(std::string_view text) {
  policy_body body;
  if (text.starts_with(utf8_bom)) {
    body.bom = utf8_bom;
    text.remove_prefix(utf8_bom.size());
  }
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) {
      body.lines.push_back(line_of(text.substr(pos), ""));
      break;
    }
    const std::size_t term_size = text.substr(end, 2) == "\r\n" ? 2 : 1;
    body.lines.push_back(line_of(text.substr(pos, end - pos), text.substr(end, term_size)));
    pos = end + term_size;
  }
  return body;
}

std::string join(const policy_body& body) {
  std::string s;
  s.reserve(body.size());
  s += body.bom;
  for (const policy_line& l : body.lines) {
    s += l.lead;
    s += l.name;
    s += l.pre_colon;
    s += l.colon;
    s += l.post_colon;
    s += l.value;
    s += l.trail;
    s += l.term;
  }
  return s;
}

std::string_view usual_terminator(const policy_body& body) noexcept {
  std::size_t lf = 0, crlf = 0, cr = 0;
  for (const policy_line& l : body.lines) {
    if (l.term == "\n")
      ++lf;
    else if (l.term == "\r\n")
      ++crlf;
    else if (l.term == "\r")
      ++cr;
  }
  if (crlf > lf && crlf >= cr) return "\r\n";
  if (cr > lf && cr > crlf) return "\r";
  return "\n";
}

void restore_terminators(policy_body& body) {
  const std::string_view term = usual_terminator(body);
  for (std::size_t i = 0; i + 1 < body.lines.size(); ++i)
    if (body.lines[i].term.empty()) body.lines[i].term = term;
}

}  // namespace mtasts_fuzz::mutators
