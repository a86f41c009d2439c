// SPDX-License-Identifier: Apache-2.0
// Operator diagnostics (mtasts/diagnose.h). The findings come from the parsers' own rules
// (policy_findings.h, txt_findings.h); this file only explains them: it quotes the line,
// makes invisible characters visible, and says what to write instead.
#include "mtasts/diagnose.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "char_class.h"
#include "mtasts/ascii.h"
#include "mtasts/mx_pattern.h"
#include "policy_findings.h"
#include "txt_findings.h"

namespace mtasts {
namespace {

// A long line is quoted around the column only: a diagnosis of a 64 KiB one-line body stays
// readable, and max_diagnostics quotes stay linear in the body.
constexpr std::size_t evidence_window = 80;

// RFC 8461 §3.2: one day; receivers such as Gmail ignore policies cached no longer.
constexpr std::uint64_t short_max_age_seconds = 86400;

std::string hex_code_point(char32_t cp) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "<U+%04X>", static_cast<unsigned>(cp));
  return buffer;
}

// The code point of the UTF-8 sequence of `length` bytes at s[i].
char32_t decode(std::string_view s, std::size_t i, std::size_t length) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  switch (length) {
    case 2:
      return ((byte(0) & 0x1Fu) << 6) | (byte(1) & 0x3Fu);
    case 3:
      return ((byte(0) & 0x0Fu) << 12) | ((byte(1) & 0x3Fu) << 6) | (byte(2) & 0x3Fu);
    case 4:
      return ((byte(0) & 0x07u) << 18) | ((byte(1) & 0x3Fu) << 12) | ((byte(2) & 0x3Fu) << 6) |
             (byte(3) & 0x3Fu);
    default:
      return byte(0);
  }
}

// One character as the evidence shows it, and how many bytes it takes.
struct shown {
  std::string text;
  std::size_t size;
};

shown show_at(std::string_view s, std::size_t i) {
  const char c = s[i];
  if (c == '\t') return {"<TAB>", 1};
  if (c == '\r') return {"<CR>", 1};
  if (c == '\n') return {"<LF>", 1};
  if (detail::is_ctl(c)) return {hex_code_point(static_cast<unsigned char>(c)), 1};
  if (!detail::is_non_ascii(c)) return {std::string(1, c), 1};
  const std::size_t length = detail::utf8_sequence_length(s, i);
  if (length == 0) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "<0x%02X>",
                  static_cast<unsigned>(static_cast<unsigned char>(c)));
    return {buffer, 1};
  }
  return {hex_code_point(decode(s, i, length)), length};
}

// What a character outside printable ASCII is, in words; and the ASCII it imitates, if any.
struct character_story {
  std::string_view name;
  std::string_view looks_like;  // empty: invisible, or nothing in particular
};

character_story story_of(char32_t cp) {
  switch (cp) {
    case 0x00A0:
      return {"no-break space", " "};
    case 0x200B:
      return {"zero-width space", ""};
    case 0x200C:
      return {"zero-width non-joiner", ""};
    case 0x200D:
      return {"zero-width joiner", ""};
    case 0x2060:
      return {"word joiner", ""};
    case 0xFEFF:
      return {"byte order mark (BOM)", ""};
    case 0x00AD:
      return {"soft hyphen", ""};
    case 0x2002:
    case 0x2003:
    case 0x2009:
    case 0x202F:
    case 0x3000:
      return {"wide space", " "};
    case 0x2010:
    case 0x2011:
    case 0x2013:
    case 0x2014:
    case 0x2212:
      return {"dash", "-"};
    case 0xFF1A:
      return {"fullwidth colon", ":"};
    case 0x0430:
      return {"Cyrillic a", "a"};
    case 0x0435:
      return {"Cyrillic e", "e"};
    case 0x043E:
      return {"Cyrillic o", "o"};
    case 0x0440:
      return {"Cyrillic er", "p"};
    case 0x0441:
      return {"Cyrillic es", "c"};
    case 0x0445:
      return {"Cyrillic ha", "x"};
    case 0x0443:
      return {"Cyrillic u", "y"};
    case 0x0456:
      return {"Cyrillic i", "i"};
    case 0x0455:
      return {"Cyrillic dze", "s"};
    case 0x0458:
      return {"Cyrillic je", "j"};
    case 0x0501:
      return {"Cyrillic komi de", "d"};
    case 0x0410:
      return {"Cyrillic A", "A"};
    case 0x0415:
      return {"Cyrillic E", "E"};
    case 0x041E:
      return {"Cyrillic O", "O"};
    case 0x0421:
      return {"Cyrillic ES", "C"};
    case 0x0422:
      return {"Cyrillic TE", "T"};
    case 0x03B1:
      return {"Greek alpha", "a"};
    case 0x03BF:
      return {"Greek omicron", "o"};
    case 0x03BD:
      return {"Greek nu", "v"};
    case 0x039F:
      return {"Greek Omicron", "O"};
    case 0x0131:
      return {"dotless i", "i"};
    default:
      return {"", ""};
  }
}

// The first character of text outside printable ASCII, explained, or "" when there is none.
// Sets fix to what to do about it.
std::string odd_character(std::string_view text, std::string& fix) {
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (!detail::is_non_ascii(c) && !detail::is_ctl(c)) {
      ++i;
      continue;
    }
    const shown s = show_at(text, i);
    if (c == '\t') {
      fix = "replace the tab " + s.text + " with one space, or remove it";
      return "a tab " + s.text;
    }
    if (s.size == 1 && detail::is_non_ascii(c)) {
      fix = "save the file as UTF-8 and remove the byte " + s.text;
      return "a byte that is not UTF-8 " + s.text;
    }
    const char32_t cp = s.size == 1 ? static_cast<unsigned char>(c) : decode(text, i, s.size);
    const character_story story = story_of(cp);
    if (story.name.empty()) {
      fix = "remove " + s.text + " or replace it with the ASCII character meant";
      return "the character " + s.text + (s.size == 1 ? " (a control character)" : "");
    }
    if (story.looks_like.empty()) {
      fix = "remove the invisible " + s.text;
      return "the invisible " + std::string(story.name) + " " + s.text;
    }
    if (story.looks_like == " ") {
      fix = "replace " + s.text + " with an ordinary space (or remove it)";
    } else {
      fix = "replace " + s.text + " with the ASCII `" + std::string(story.looks_like) + "`";
    }
    const std::string like =
        story.looks_like == " " ? "a space" : "`" + std::string(story.looks_like) + "`";
    return "the " + std::string(story.name) + " " + s.text + ", which looks like " + like;
  }
  return "";
}

// Case-insensitive Levenshtein distance of two short names (ext-names are at most 32).
std::size_t distance(std::string_view a, std::string_view b) {
  if (a.size() > 64 || b.size() > 64) return 64;
  std::array<std::size_t, 65> row{};
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const bool same = ascii_lower(a[i - 1]) == ascii_lower(b[j - 1]);
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The registered name among candidates that name is a likely misspelling of (edit distance
// at most 2, and less than the registered name's length so `ab` is not taken for `mx`).
std::string_view misspelling_of(std::string_view name,
                                std::span<const std::string_view> candidates) {
  for (std::string_view candidate : candidates) {
    if (name == candidate) return "";
    const std::size_t d = distance(name, candidate);
    if (d <= 2 && d < candidate.size()) return candidate;
  }
  return "";
}

constexpr std::array<std::string_view, 4> policy_names{"version", "mode", "max_age", "mx"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && detail::is_wsp(s.front())) s.remove_prefix(1);
  while (!s.empty() && detail::is_wsp(s.back())) s.remove_suffix(1);
  return s;
}

std::string quote(std::string_view s) { return "`" + escape_invisible(s) + "`"; }

// The line (LF-separated, without its CRLF's CR) that holds offset.
struct line_at {
  std::size_t begin, end;
};

line_at find_line(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const std::size_t lf_before = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  const std::size_t begin = lf_before == std::string_view::npos ? 0 : lf_before + 1;
  std::size_t end = text.find('\n', offset);
  if (end == std::string_view::npos) {
    end = text.size();
  } else if (end > begin && text[end - 1] == '\r') {
    --end;  // CRLF: the CR is the terminator's
  }
  return {begin, std::max(end, begin)};
}

// Fills evidence and caret for the byte at offset within [line.begin, line.end].
void quote_line(diagnostic& d, std::string_view text, line_at line, std::size_t offset,
                std::string_view empty_word) {
  if (line.begin == line.end) {
    d.evidence = std::string(empty_word);
    d.caret = "^";
    return;
  }
  std::size_t from = line.begin, to = line.end;
  if (to - from > 2 * evidence_window) {
    from = offset > line.begin + evidence_window ? offset - evidence_window : line.begin;
    to = std::min(line.end, from + 2 * evidence_window);
  }
  std::string evidence = from > line.begin ? "..." : "";
  std::size_t caret_column = std::string::npos;
  for (std::size_t i = from; i < to;) {
    if (i >= offset && caret_column == std::string::npos) caret_column = evidence.size();
    const shown s = show_at(text.substr(0, to), i);
    evidence += s.text;
    i += s.size;
  }
  if (caret_column == std::string::npos) caret_column = evidence.size();
  if (to < line.end) evidence += "...";
  d.evidence = std::move(evidence);
  d.caret = std::string(caret_column, ' ') + "^";
}

diagnostic at_error(severity level, const parse_error& e) {
  diagnostic d;
  d.level = level;
  d.code = e.code;
  d.token = token(e.code);
  d.offset = e.offset;
  d.line = e.line;
  d.column = e.column;
  return d;
}

// ---------------------------------------------------------------- the policy body

// A policy line cut as `name: value` where it has a ':'.
struct field_line {
  std::string_view text, name, value;
  bool has_colon;
};

field_line cut(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) return {text, trim(text), "", false};
  return {text, trim(text.substr(0, colon)), trim(text.substr(colon + 1)), true};
}

// The hosts of an mx value that lists several (separated by spaces or commas), each a valid
// pattern; empty when the value is not such a list.
std::vector<std::string_view> listed_hosts(std::string_view value) {
  std::vector<std::string_view> hosts;
  std::size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && (value[i] == ' ' || value[i] == ',')) ++i;
    const std::size_t begin = i;
    while (i < value.size() && value[i] != ' ' && value[i] != ',') ++i;
    if (i > begin) hosts.push_back(value.substr(begin, i - begin));
  }
  if (hosts.size() < 2) return {};
  for (std::string_view host : hosts) {
    if (!parse_mx_pattern(host).ok()) return {};
  }
  return hosts;
}

// A YAML list item (`- host`, indented or not) as a policy line: the host, or "".
std::string_view yaml_item(std::string_view text) {
  const std::string_view t = trim(text);
  if (t.size() < 2 || t[0] != '-' || !detail::is_wsp(t[1])) return "";
  return trim(t.substr(1));
}

struct explanation {
  std::string message, fix;
};

// Why an mx value fails, and the fix; ignored says the line was read as an extension.
explanation explain_mx(error_code code, std::string_view value) {
  const std::vector<std::string_view> hosts = listed_hosts(value);
  if (!hosts.empty()) {
    std::string fix = "write one host per mx: line:";
    for (std::string_view host : hosts) fix += " `mx: " + std::string(host) + "`";
    return {"several MX hosts on one mx line: " + quote(value), fix};
  }
  std::string odd_fix;
  const std::string odd = odd_character(value, odd_fix);
  if (!odd.empty()) return {"mx value " + quote(value) + " contains " + odd, odd_fix};
  switch (code) {
    case error_code::MX_PATTERN_TRAILING_DOT:
      return {"mx value " + quote(value) + " ends with a dot",
              "remove the trailing dot: mx: " + std::string(value.substr(0, value.size() - 1))};
    case error_code::MX_PATTERN_WILDCARD: {
      const std::size_t dot = value.find('.');
      std::string fix = "a wildcard is only a whole first label, `*.` before a domain";
      if (dot != std::string_view::npos && dot + 1 < value.size()) {
        fix += ": mx: *." + std::string(value.substr(dot + 1)) +
               " covers every host one label under it; or list each host";
      }
      return {"`*` inside a label of mx value " + quote(value), fix};
    }
    case error_code::MX_PATTERN_EMPTY:
      return {"mx line has no host", "write one host per mx: line, e.g. mx: mail.example.com"};
    default:
      break;
  }
  // `Priority 5: host`, `host:25`, ...: a host at the end or start of the value.
  std::string fix = "an mx value is one host name (or *.domain), with no priority, port or list";
  const std::size_t last_space = value.find_last_of(" :");
  if (last_space != std::string_view::npos && last_space + 1 < value.size() &&
      parse_mx_pattern(value.substr(last_space + 1)).ok()) {
    fix += ": mx: " + std::string(value.substr(last_space + 1));
  } else if (const std::size_t first = value.find_first_of(" :");
             first != std::string_view::npos && first > 0 &&
             parse_mx_pattern(value.substr(0, first)).ok()) {
    fix += ": mx: " + std::string(value.substr(0, first));
  }
  return {"mx value " + quote(value) + ": " + std::string(message(code)), fix};
}

class policy_explainer {
 public:
  policy_explainer(std::string_view body, const detail::policy_findings& findings)
      : body_(body), findings_(findings), content_end_(body.find_last_not_of("\r\n") + 1) {}

  diagnostic explain(severity level, const parse_error& e) const {
    diagnostic d = at_error(level, e);
    const line_at line = find_line(body_, e.offset);
    quote_line(d, body_, line, e.offset, e.offset >= body_.size() ? "<end of policy>" : "<blank>");
    const field_line f = cut(body_.substr(line.begin, line.end - line.begin));
    explanation x = words(e, f, line);
    if (level == severity::warning) {
      if (f.name == "mx") {
        x.message +=
            "; the line is ignored, so under enforce, senders will refuse MX hosts it "
            "was meant to cover";
      } else {
        x.message += "; the line is ignored and another " + std::string(f.name) + " line counts";
        x.fix += ", or remove the line";
      }
    }
    d.message = std::move(x.message);
    d.fix = std::move(x.fix);
    return d;
  }

  // The line number (1-based, counting LFs) of offset.
  std::uint32_t line_number(std::size_t offset) const {
    return make_error(error_code::POLICY_EMPTY, body_, offset).line;
  }

  // An extension line whose name misspells `registered`, or nullptr.
  const extension* misspelt(std::string_view registered) const {
    for (const extension& x : findings_.extensions) {
      const std::array one{registered};
      if (!misspelling_of(x.name, one).empty()) return &x;
    }
    return nullptr;
  }

  std::size_t offset_of(std::string_view view) const {
    return static_cast<std::size_t>(view.data() - body_.data());
  }

 private:
  explanation missing(std::string_view name, std::string_view example) const {
    explanation x{"the policy has no " + std::string(name) + " field, which is required",
                  "add the line `" + std::string(example) + "`"};
    if (const extension* near = misspelt(name)) {
      const std::string where = "line " + std::to_string(line_number(offset_of(near->name)));
      x.message += "; " + where + " has " + quote(near->name) + ", an unknown field";
      x.fix = "did you mean `" + std::string(name) + "`? write " + std::string(name) + ": " +
              escape_invisible(near->value) + " on " + where;
    }
    return x;
  }

  explanation words(const parse_error& e, const field_line& f, line_at line) const {
    std::string odd_fix;
    const std::string odd = odd_character(f.text, odd_fix);
    switch (e.code) {
      case error_code::POLICY_TOO_LARGE:
        return {"the policy is " + std::to_string(body_.size()) + " bytes, over the size cap",
                "keep only the version, mode, max_age and mx lines"};
      case error_code::POLICY_EMPTY:
        return {"the policy is empty",
                "write the lines version: STSv1, mode: enforce, max_age: 604800 and one mx: line "
                "per MX host"};
      case error_code::POLICY_BOM:
        return {"the policy starts with a byte order mark <U+FEFF>",
                "save the file as UTF-8 without a BOM"};
      case error_code::POLICY_BLANK_LINE: {
        const bool at_end = line.begin >= content_end_;
        return {at_end ? "blank line at the end of the policy" : "blank line between fields",
                "remove the blank line; the policy is one field per line with no empty lines"};
      }
      case error_code::POLICY_LEADING_WHITESPACE:
        if (const std::string_view host = yaml_item(f.text); !host.empty()) {
          return {"YAML-style list item " + quote(trim(f.text)) + ": the policy has no lists",
                  "write one host per mx: line: mx: " + escape_invisible(host)};
        }
        return {"line starts with whitespace (indentation): " + quote(f.text),
                "remove the leading spaces or tabs: " + escape_invisible(trim(f.text))};
      case error_code::POLICY_BARE_CR:
        return {"a carriage return <CR> not followed by LF ends the line",
                "end every line with LF (or CRLF)"};
      case error_code::POLICY_MISSING_COLON: {
        const std::string_view word = f.name.substr(0, f.name.find_first_of(" \t"));
        const std::string_view rest = trim(f.name.substr(word.size()));
        const std::string_view meant =
            misspelling_of(word, policy_names).empty() ? word : misspelling_of(word, policy_names);
        std::string fix = "write `name: value`";
        if (!rest.empty()) {
          fix = "did you mean `" + std::string(meant) + ": " + escape_invisible(rest) + "`?";
        } else if (meant != word) {
          fix = "did you mean `" + std::string(meant) + ": ...`?";
        }
        return {"line has no `:` after the field name: " + quote(f.text), fix};
      }
      case error_code::POLICY_CONTROL_CHARACTER:
      case error_code::POLICY_INVALID_UTF8:
        return {"line contains " + (odd.empty() ? std::string("a control character") : odd),
                odd.empty() ? "remove the control character" : odd_fix};
      case error_code::POLICY_NAME_SYNTAX:
        if (!trim(f.text).empty() && trim(f.text)[0] == '#') {
          return {"`#` comment: the policy format has no comments: " + quote(f.text),
                  "remove the comment line"};
        }
        if (const std::string_view host = yaml_item(f.text); !host.empty()) {
          return {"YAML-style list item " + quote(trim(f.text)) + ": the policy has no lists",
                  "write one host per mx: line: mx: " + escape_invisible(host)};
        }
        if (!odd.empty() && (!f.has_colon || odd_in(f.text.substr(0, f.text.find(':'))))) {
          return {"field name contains " + odd, odd_fix};
        }
        if (f.has_colon && f.text.find(':') > 0 && detail::is_wsp(f.text[f.text.find(':') - 1])) {
          return {"space before `:` in " + quote(f.text),
                  "write the name directly followed by `:`: " + std::string(f.name) + ": " +
                      escape_invisible(f.value)};
        }
        return {"field name " + quote(f.name) +
                    " is not a name (1 to 32 letters, digits, `_`, `-`, `.`, starting with a "
                    "letter or digit)",
                "write `name: value`, one field per line"};
      case error_code::POLICY_VALUE_SYNTAX:
        if (f.value.empty()) {
          const line_at next = find_line(body_, line.end + 1);
          if (f.name == "mx" && line.end < body_.size() &&
              !yaml_item(body_.substr(next.begin, next.end - next.begin)).empty()) {
            return {"`mx:` is followed by a YAML-style list: the policy has no lists",
                    "write one host per mx: line: mx: " + escape_invisible(yaml_item(body_.substr(
                                                              next.begin, next.end - next.begin)))};
          }
          return {"`" + escape_invisible(f.name) + ":` has no value",
                  "give the field a value or remove the line"};
        }
        return {"value of " + quote(f.name) + " contains " + (odd.empty() ? "a tab" : odd),
                odd.empty() ? "use single spaces inside a value" : odd_fix};
      case error_code::POLICY_VERSION_MISSING:
        return missing("version", "version: STSv1");
      case error_code::POLICY_MODE_MISSING:
        return missing("mode", "mode: enforce");
      case error_code::POLICY_MAX_AGE_MISSING:
        return missing("max_age", "max_age: 604800");
      case error_code::POLICY_MX_MISSING:
        return missing("mx", "mx: mail.example.com");
      case error_code::POLICY_VERSION_VALUE:
        return {"version is " + quote(f.value) + ", not STSv1" +
                    (odd.empty() ? "" : " (it contains " + odd + ")"),
                "write version: STSv1"};
      case error_code::POLICY_MODE_VALUE: {
        const std::string lower = ascii_lower(f.value);
        std::string fix = "write one of: mode: enforce, mode: testing, mode: none";
        if (!odd.empty()) {
          fix = odd_fix;
        } else if (lower == "enforce" || lower == "testing" || lower == "none") {
          fix = "write it in lower case: mode: " + lower;
        }
        return {"mode " + quote(f.value) +
                    " is not one of the three allowed values enforce, testing, none" +
                    (odd.empty() ? "" : " (it contains " + odd + ")"),
                fix};
      }
      case error_code::POLICY_MAX_AGE_SYNTAX:
        if (!odd.empty()) {
          return {"max_age " + quote(f.value) + " contains " + odd + ", invisible in most editors",
                  odd_fix};
        }
        return {"max_age " + quote(f.value) + " is not 1 to 10 digits",
                "write whole seconds, digits only: max_age: 604800 (one week)"};
      case error_code::POLICY_MAX_AGE_RANGE:
        return {"max_age " + std::string(f.value) + " is over the maximum of 31557600 (one year)",
                "write max_age: 31557600 or less"};
      case error_code::POLICY_FIELD_DUPLICATE:
        return {"field " + quote(f.name) + " appears more than once",
                "keep one " + escape_invisible(f.name) + " line"};
      default:
        break;
    }
    if (token(e.code).starts_with("MX_PATTERN_")) return explain_mx(e.code, f.value);
    return {std::string(message(e.code)), "see the RFC 8461 §3.2 grammar"};
  }

  static bool odd_in(std::string_view text) {
    for (char c : text) {
      if (detail::is_non_ascii(c) || detail::is_ctl(c)) return true;
    }
    return false;
  }

  std::string_view body_;
  const detail::policy_findings& findings_;
  // Where the last line with content ends: the blank lines after it end the policy. Found
  // once, so 100 blank-line diagnostics do not scan the trailing newlines 100 times.
  std::size_t content_end_;
};

}  // namespace

namespace {

diagnostic warning_at(std::string_view text, error_code code, std::size_t offset,
                      std::string message, std::string fix) {
  diagnostic d = at_error(severity::warning, make_error(code, text, offset));
  quote_line(d, text, find_line(text, offset), offset, "<blank>");
  d.message = std::move(message);
  d.fix = std::move(fix);
  return d;
}

// LF and CRLF are both line ends (R-3.2-10); a body using both is likely hand-edited and
// some readers split on one only. The first line whose ending differs from the first line's.
std::optional<std::size_t> mixed_line_ending(std::string_view body) {
  std::optional<bool> first_crlf;
  for (std::size_t lf = body.find('\n'); lf != std::string_view::npos;
       lf = body.find('\n', lf + 1)) {
    const bool crlf = lf > 0 && body[lf - 1] == '\r';
    if (!first_crlf) {
      first_crlf = crlf;
    } else if (*first_crlf != crlf) {
      return crlf ? lf - 1 : lf;
    }
  }
  return std::nullopt;
}

// Diagnostics as printable ASCII throughout: any byte of the input a message or fix quotes
// as it is (most quote through escape_invisible already) is escaped, so every output of
// them (a terminal, JSON) shows it and none can be corrupted by it.
std::vector<diagnostic> printable(std::vector<diagnostic> all) {
  for (diagnostic& d : all) {
    d.message = escape_invisible(d.message);
    d.fix = escape_invisible(d.fix);
  }
  return all;
}

bool same_place(const parse_error& a, const parse_error& b) {
  return a.code == b.code && a.offset == b.offset;
}

}  // namespace

std::string_view to_string(severity level) noexcept {
  return level == severity::error ? "error" : "warning";
}

bool is_warning(error_code code) noexcept { return family(code) == "POLICY_WARNING"; }

std::string escape_invisible(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    // Printable ASCII (%x20-7E) stands for itself: copied a run at a time, not a character
    // at a time through show_at (every message and fix passes through here).
    std::size_t run_end = i;
    while (run_end < text.size() && text[run_end] >= 0x20 && text[run_end] <= 0x7E) ++run_end;
    out.append(text.substr(i, run_end - i));
    if (run_end == text.size()) break;
    const shown s = show_at(text, run_end);
    out += s.text;
    i = run_end + s.size;
  }
  return out;
}

std::vector<diagnostic> diagnose_policy(std::string_view body, const policy_options& options) {
  const detail::policy_findings findings = detail::find_policy_problems(body, options);
  const policy_explainer explainer(body, findings);
  std::vector<diagnostic> out;
  for (const parse_error& e : findings.errors) out.push_back(explainer.explain(severity::error, e));
  // lines read as extensions; those that came back as errors are said once.
  for (const parse_error& e : findings.ignored) {
    if (out.size() >= max_diagnostics) break;
    const auto said = [&e](const parse_error& error) { return same_place(e, error); };
    if (std::none_of(findings.errors.begin(), findings.errors.end(), said)) {
      out.push_back(explainer.explain(severity::warning, e));
    }
  }
  // Unknown fields that misspell a registered name: the field they were meant to be is
  // missing or, for mx, short of a host.
  for (const extension& x : findings.extensions) {
    if (out.size() >= max_diagnostics) break;
    const std::string_view meant = misspelling_of(x.name, policy_names);
    if (meant.empty()) continue;
    std::string message = "unknown field " + quote(x.name) + " is ignored";
    if (meant == "mx") {
      message += "; under enforce, senders will refuse MX hosts it was meant to cover";
    }
    out.push_back(warning_at(body, error_code::POLICY_FIELD_MISSPELT, explainer.offset_of(x.name),
                             std::move(message),
                             "did you mean `" + std::string(meant) + "`? write " +
                                 std::string(meant) + ": " + escape_invisible(x.value)));
  }
  if (const auto& mode = findings.chosen[detail::mode_field];
      mode && static_cast<policy_mode>(mode->reading) == policy_mode::testing &&
      out.size() < max_diagnostics) {
    out.push_back(warning_at(body, error_code::POLICY_MODE_TESTING,
                             explainer.offset_of(mode->value),
                             "mode testing: failures are only reported; mail is still "
                             "delivered unprotected",
                             "once TLS reports show no failures, write mode: enforce"));
  }
  if (const auto& max_age = findings.chosen[detail::max_age_field];
      max_age && max_age->reading <= short_max_age_seconds && out.size() < max_diagnostics) {
    out.push_back(warning_at(body, error_code::POLICY_MAX_AGE_SHORT,
                             explainer.offset_of(max_age->value),
                             "max_age " + std::string(max_age->value) +
                                 " is one day or less: large receivers such as Gmail ignore "
                                 "policies cached for one day or less",
                             "use weeks: max_age: 604800 or more"));
  }
  if (const std::optional<std::size_t> at = mixed_line_ending(body);
      at && out.size() < max_diagnostics) {
    out.push_back(warning_at(body, error_code::POLICY_MIXED_LINE_ENDINGS, *at,
                             "this line ends differently from the first (CRLF and LF mixed)",
                             "save the file with one kind of line ending, LF throughout"));
  }
  if (out.size() > max_diagnostics) out.resize(max_diagnostics);
  return printable(std::move(out));
}

namespace {

// ---------------------------------------------------------------- the _mta-sts TXT record

constexpr std::array<std::string_view, 2> txt_names{"v", "id"};

explanation explain_txt(std::string_view record, const parse_error& e,
                        const detail::txt_findings& findings) {
  std::string odd_fix;
  const std::size_t from = std::min(e.offset, record.size());
  const std::string odd = odd_character(record.substr(from), odd_fix);
  switch (e.code) {
    case error_code::TXT_EMPTY:
      return {"the record is empty", "publish v=STSv1; id=20240101000000"};
    case error_code::TXT_CONTROL_CHARACTER:
      if (e.offset + 1 >= record.size() && (record.back() == '\n' || record.back() == '\r')) {
        return {"the record ends in a line break",
                "remove the final newline: a record holds no line break (echo and most editors "
                "end a file with one; printf '%s' does not)"};
      }
      return {"the record contains " + odd, odd_fix};
    case error_code::TXT_NON_ASCII:
      return {"the record contains " + odd + "; a TXT record is US-ASCII", odd_fix};
    case error_code::TXT_VERSION_MISSING:
    case error_code::TXT_VERSION_VALUE:
      if (record.substr(0, 8) == "v=STSv1,") {
        return {"`,` after v=STSv1: fields are separated by `;`", "replace the `,` with `;`"};
      }
      if (record.substr(0, 7) != "v=STSv1" && ascii_lower(record.substr(0, 7)) == "v=stsv1") {
        return {"the version is " + quote(record.substr(0, 7)) + ", not v=STSv1 (case matters)",
                "start the record with v=STSv1;"};
      }
      return {"the record does not start with v=STSv1 followed by `;`",
              "start the record with v=STSv1; then id=..."};
    case error_code::TXT_DELIMITER:
      if (record[e.offset] == ',') {
        return {"`,` between fields; fields are separated by `;`", "replace the `,` with `;`"};
      }
      return {"expected `;` before " + quote(record.substr(e.offset, 16)),
              "separate fields with `;`, e.g. v=STSv1; id=20240101000000"};
    case error_code::TXT_EMPTY_FIELD:
      return {"empty field (`;;` or `;` followed by nothing but `;`)", "remove the extra `;`"};
    case error_code::TXT_TRAILING_WHITESPACE:
      return {"whitespace after the last field", "remove the trailing space"};
    case error_code::TXT_ID_SYNTAX: {
      const std::string_view value =
          record.substr(e.offset, record.find_first_of("; \t", e.offset) - e.offset);
      std::string alnum;
      for (char c : value) {
        if (detail::is_alnum(c)) alnum += c;
      }
      return {"id " + quote(value) + " is not 1 to 32 letters and digits",
              alnum.empty() || alnum.size() > 32 ? "write id=20240101000000 (letters and digits)"
                                                 : "write id=" + alnum};
    }
    case error_code::TXT_ID_MISSING:
      for (const extension& f : findings.fields) {
        if (misspelling_of(f.name, txt_names) == "id") {
          return {"the record has no id field; it has " + quote(f.name) + ", an unknown field",
                  "did you mean `id`? write id=" + escape_invisible(f.value)};
        }
      }
      return {"the record has no id field, which is required",
              "add id=20240101000000 (change it whenever the policy changes)"};
    case error_code::TXT_ID_DUPLICATE:
      return {"id appears more than once", "keep one id field"};
    default:
      break;
  }
  if (!odd.empty()) return {std::string(message(e.code)) + ": " + odd, odd_fix};
  return {std::string(message(e.code)), "write the record as v=STSv1; id=20240101000000"};
}

}  // namespace

std::vector<diagnostic> diagnose_txt_record(std::string_view record, const txt_options& options) {
  const detail::txt_findings findings = detail::find_txt_problems(record, options);
  std::vector<diagnostic> out;
  for (std::size_t i = 0; i < findings.errors.size(); ++i) {
    const parse_error& e = findings.errors[i];
    // After a scan error the id may sit in the part the scan skipped: no claim it is missing.
    if (i > 0 && i >= findings.scan_errors && e.code == error_code::TXT_ID_MISSING &&
        findings.scan_errors > 0 && ascii_lower(record).find("id=") != std::string::npos) {
      continue;
    }
    diagnostic d = at_error(severity::error, e);
    quote_line(d, record, line_at{0, record.size()}, e.offset, "<empty>");
    explanation x = explain_txt(record, e, findings);
    d.message = std::move(x.message);
    d.fix = std::move(x.fix);
    out.push_back(std::move(d));
  }
  return printable(std::move(out));
}

std::string render(const diagnostic& d) {
  std::string out = std::string(to_string(d.level)) + " " + std::string(d.token) + " ";
  const bool txt = d.token.starts_with("TXT_");
  std::string gutter = "  ";
  if (txt) {
    out += "column " + std::to_string(d.column);
  } else {
    out += "line " + std::to_string(d.line) + ", column " + std::to_string(d.column);
    gutter += std::to_string(d.line) + " ";
  }
  out += ": " + d.message + "\n";
  out += gutter + "| " + d.evidence + "\n";
  out += std::string(gutter.size(), ' ') + "| " + d.caret + "\n";
  out += "  fix: " + d.fix + "\n";
  return out;
}

}  // namespace mtasts
