// SPDX-License-Identifier: Apache-2.0
// Generators of generators.h. Each follows one ABNF production; comments name it.
#include "generators.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mtasts/mx_pattern.h"

namespace mtasts_props {
namespace {

constexpr std::string_view kAlnum =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

}  // namespace

namespace draw {

int between(int lo, int hi) { return *rc::gen::inRange(lo, hi + 1); }

bool chance(int percent) { return between(0, 99) < percent; }

char one_of(std::string_view chars) {
  return chars[static_cast<std::size_t>(between(0, int(chars.size()) - 1))];
}

std::string wsp(int max) {
  std::string out;
  const int n = chance(60) ? 0 : between(0, max);
  for (int i = 0; i < n; ++i) out += one_of(" \t");
  return out;
}

// RFC 5321 §4.1.2: sub-domain = Let-dig [Ldh-str]; Ldh-str = *( ALPHA / DIGIT / "-" ) Let-dig
std::string ldh_label(int max_len) {
  const int len = chance(3) ? max_len : between(1, std::min(max_len, 12));
  std::string out;
  for (int i = 0; i < len; ++i) {
    const bool edge = i == 0 || i == len - 1;
    out += edge || !chance(15) ? one_of(kAlnum) : '-';
  }
  return out;
}

std::string domain(int max_labels) {
  const int labels = between(1, max_labels);
  std::string out;
  for (int i = 0; i < labels; ++i) {
    if (i > 0) out += '.';
    out += ldh_label(chance(10) ? 63 : 12);
  }
  // An A-label prefix is plain LDH; keep the first label within 63 octets.
  if (chance(10) && out.find('.') != std::string::npos && out.find('.') <= 59) out = "xn--" + out;
  return out;
}

std::string ext_name() {
  const int len = chance(5) ? 32 : between(1, 8);
  std::string out(1, one_of(kAlnum));
  for (int i = 1; i < len; ++i) out += chance(85) ? one_of(kAlnum) : one_of("_-.");
  return out;
}

std::string sts_id() {
  const int len = chance(5) ? 32 : between(1, 16);
  std::string out;
  for (int i = 0; i < len; ++i) out += one_of(kAlnum);
  return out;
}

// %x21-3A / %x3C / %x3E-7E: printable ASCII except SP, ';' and '='.
std::string tag_value() {
  const int len = between(1, 12);
  std::string out;
  for (int i = 0; i < len; ++i) {
    char c = 0;
    do {
      c = static_cast<char>(between(0x21, 0x7E));
    } while (c == ';' || c == '=');
    out += c;
  }
  return out;
}

// sts-policy-ext-value = sts-policy-vchar *(*SP sts-policy-vchar);
// sts-policy-vchar = %x21-7E / UTF8-2 / UTF8-3 / UTF8-4
std::string policy_value() {
  static const std::vector<std::string> non_ascii = {
      "\xC3\xA9",     "\xC2\x85",         "\xE2\x80\xA8",    "\xE2\x9C\x93",
      "\xEF\xBB\xBF", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF"};
  const int len = between(1, 10);
  std::string out;
  for (int i = 0; i < len; ++i) {
    if (i > 0 && chance(20)) out += std::string(static_cast<std::size_t>(between(1, 3)), ' ');
    if (chance(10)) {
      out += *rc::gen::elementOf(non_ascii);
    } else {
      out += static_cast<char>(between(0x21, 0x7E));
    }
  }
  return out;
}

}  // namespace draw

std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// ---- _mta-sts TXT record (RFC 8461 §3.1) ---------------------------------------------------
// sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim]
// sts-field-delim = *WSP ";" *WSP ; sts-field = sts-id / sts-extension
rc::Gen<txt_model> gen_txt_record() {
  return rc::gen::exec([] {
    txt_model m;
    std::vector<std::pair<std::string, std::string>> fields;
    const int before = draw::between(0, 2), after = draw::between(0, 2);
    auto extension = [&] {
      std::string name;
      do {
        name = draw::ext_name();
      } while (name == "id");
      fields.emplace_back(name, draw::tag_value());
    };
    for (int i = 0; i < before; ++i) extension();
    if (draw::chance(15)) fields.emplace_back("id", "abc-def");  // A-4: an extension
    m.id = draw::sts_id();
    fields.emplace_back("id", m.id);
    for (int i = 0; i < after; ++i) extension();
    if (draw::chance(15)) fields.emplace_back("id", draw::sts_id());  // A-3: ignored

    m.text = "v=STSv1";
    bool seen_id = false;
    for (const auto& [name, value] : fields) {
      m.text += draw::wsp(2) + ";" + draw::wsp(2) + name + "=" + value;
      const bool valid_id = name == "id" && value != "abc-def";
      if (valid_id && !seen_id) {
        seen_id = true;
      } else if (!valid_id) {
        m.extensions.emplace_back(name, value);
      }
    }
    if (draw::chance(50)) m.text += draw::wsp(2) + ";" + draw::wsp(2);
    return m;
  });
}

// ---- policy (RFC 8461 §3.2) ------------------------------------------------------------------
// sts-policy-record = sts-policy-field *(sts-policy-term sts-policy-field) [sts-policy-term]
// sts-policy-field = name ":" *WSP value *WSP (the field delimiter and trailing WSP)
rc::Gen<policy_model> gen_policy() {
  return rc::gen::exec([] {
    struct line {
      std::string name, value;
    };
    std::vector<line> lines;
    static const std::vector<std::string> modes = {"enforce", "testing", "none"};
    const std::string mode = *rc::gen::elementOf(modes);
    lines.push_back({"version", "STSv1"});
    lines.push_back({"mode", mode});
    // sts-policy-max-age-value = 1*10(DIGIT), at most 31557600; leading zeros (A-8).
    std::string max_age = std::to_string(draw::between(0, 31557600));
    if (draw::chance(10))
      max_age = std::string(10 - std::min<std::size_t>(10, max_age.size()), '0') + max_age;
    lines.push_back({"max_age", max_age});
    const int mx = draw::between(mode == "none" ? 0 : 1, 4);
    for (int i = 0; i < mx; ++i) {
      lines.push_back({"mx", (draw::chance(30) ? "*." : "") + draw::domain(4)});
    }
    const int extensions = draw::between(0, 3);
    static const std::vector<std::string> registered = {"version", "mode", "max_age", "mx"};
    for (int i = 0; i < extensions; ++i) {
      std::string name;
      do {
        name = draw::ext_name();
      } while (std::find(registered.begin(), registered.end(), name) != registered.end());
      lines.push_back({name, draw::policy_value()});
    }
    // A-4: registered names with values their rule rejects are extensions.
    if (draw::chance(15)) lines.push_back({"mode", "Enforce"});
    if (draw::chance(15)) lines.push_back({"max_age", "1d"});
    if (draw::chance(15)) lines.push_back({"mx", "bad_host.example"});
    if (draw::chance(10)) lines.push_back({"version", "STSv2"});
    // A-9: a valid duplicate after the first is ignored.
    if (draw::chance(15)) lines.push_back({"mode", *rc::gen::elementOf(modes)});

    // Field order: any permutation, drawn element by element.
    std::vector<line> ordered;
    while (!lines.empty()) {
      const auto i = static_cast<std::size_t>(draw::between(0, int(lines.size()) - 1));
      ordered.push_back(lines[i]);
      lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(i));
    }

    // Expected fields: the first valid occurrence of each registered non-mx field.
    policy_model m;
    bool have_version = false, have_mode = false, have_max_age = false;
    for (const line& l : ordered) {
      if (l.name == "version" && l.value == "STSv1") {
        if (!have_version) m.expected.version = l.value;
        have_version = true;
      } else if (l.name == "mode" &&
                 (l.value == "enforce" || l.value == "testing" || l.value == "none")) {
        if (!have_mode) {
          m.expected.mode = l.value == "enforce"   ? mtasts::policy_mode::enforce
                            : l.value == "testing" ? mtasts::policy_mode::testing
                                                   : mtasts::policy_mode::none;
        }
        have_mode = true;
      } else if (l.name == "max_age" && l.value != "1d") {
        if (!have_max_age) m.expected.max_age = std::stoull(l.value);
        have_max_age = true;
      } else if (l.name == "mx" && mtasts::parse_mx_pattern(l.value).ok()) {
        m.expected.mx.push_back(l.value);
      } else {
        m.expected.extensions.emplace_back(l.name, l.value);
      }
    }
    // A duplicate mode may have come first and be "none" while mx lines were only generated
    // for the other: keep the mx rule by adding one.
    if (m.expected.mode != mtasts::policy_mode::none && m.expected.mx.empty()) {
      ordered.push_back({"mx", "mail.example.com"});
      m.expected.mx.push_back("mail.example.com");
    }

    // Line endings: all LF, all CRLF, or mixed (A-5); the final terminator is optional.
    const int endings = draw::between(0, 2);
    for (std::size_t i = 0; i < ordered.size(); ++i) {
      m.text += ordered[i].name + ":" + draw::wsp(2) + ordered[i].value + draw::wsp(2);
      if (i + 1 == ordered.size() && draw::chance(30)) break;
      const bool crlf = endings == 1 || (endings == 2 && draw::chance(50));
      m.text += crlf ? "\r\n" : "\n";
    }
    return m;
  });
}

// ---- mx patterns and hosts ---------------------------------------------------------------------
rc::Gen<mx_model> gen_mx_pattern() {
  return rc::gen::exec([] {
    mx_model m;
    m.wildcard = draw::chance(40);
    m.domain = draw::domain(4);
    m.text = (m.wildcard ? "*." : "") + m.domain;
    return m;
  });
}

rc::Gen<std::string> gen_host_name() {
  return rc::gen::exec([] {
    std::string host = draw::domain(5);
    if (host.size() > 253) host = host.substr(host.size() - 200);
    while (!host.empty() && (host.front() == '.' || host.front() == '-')) host.erase(0, 1);
    if (host.empty() || host.back() == '-') host += 'a';
    std::string out;
    for (char c : host) out += draw::chance(20) ? ascii_upper(std::string(1, c))[0] : c;
    return out;
  });
}

// ---- TLS-RPT record (RFC 8460 §3) ----------------------------------------------------------
// tlsrpt-uri: an RFC 3986 URI without ',', '!' or ';' (they must be percent-encoded).
rc::Gen<std::string> gen_rua_uri() {
  return rc::gen::exec([] {
    const int kind = draw::between(0, 3);
    auto local = [] {
      std::string out;
      const int len = draw::between(1, 8);
      for (int i = 0; i < len; ++i) {
        out +=
            draw::chance(10) ? std::string("%2C") : std::string(1, draw::one_of("abcXYZ019.-_~+"));
      }
      return out;
    };
    auto path = [] {
      std::string out;
      const int segments = draw::between(0, 3);
      for (int i = 0; i < segments; ++i) out += "/" + draw::ldh_label(8);
      if (draw::chance(20)) out += "?q=" + draw::ldh_label(4);
      if (draw::chance(10)) out += "#" + draw::ldh_label(4);
      return out;
    };
    switch (kind) {
      case 0:
        return "mailto:" + local() + "@" + draw::domain(3);
      case 1:
        return "https://" + draw::domain(3) +
               (draw::chance(20) ? ":" + std::to_string(draw::between(1, 65535)) : "") + path();
      case 2: {
        static const std::vector<std::string> literals = {
            "[2001:db8::1]",      "[::1]",         "[::]",       "[2001:db8:0:0:1:0:0:1]",
            "[::ffff:192.0.2.1]", "[fe80::1:2:3]", "[v7.future]"};
        return "https://" + *rc::gen::elementOf(literals) + path();
      }
      default:
        return "https://" + std::to_string(draw::between(0, 255)) + ".0.2." +
               std::to_string(draw::between(0, 255)) + path();
    }
  });
}

rc::Gen<tlsrpt_model> gen_tlsrpt_record() {
  return rc::gen::exec([] {
    tlsrpt_model m;
    const int uris = draw::between(1, 3);
    std::string rua_value;
    for (int i = 0; i < uris; ++i) {
      const std::string uri = *gen_rua_uri();
      if (i > 0) rua_value += draw::wsp(2) + "," + draw::wsp(2);
      rua_value += uri;
      m.rua.push_back(uri);
    }
    std::vector<std::pair<std::string, std::string>> fields;
    const int before = draw::between(0, 2), after = draw::between(0, 2);
    auto extension = [&] {
      std::string name;
      do {
        name = draw::ext_name();
      } while (name == "rua");
      fields.emplace_back(name, draw::tag_value());
    };
    for (int i = 0; i < before; ++i) extension();
    fields.emplace_back("rua", rua_value);
    for (int i = 0; i < after; ++i) extension();
    if (draw::chance(15)) fields.emplace_back("rua", "mailto:second@example.com");  // A-25

    m.text = "v=TLSRPTv1";
    bool seen_rua = false;
    for (const auto& [name, value] : fields) {
      m.text += draw::wsp(2) + ";" + draw::wsp(2) + name + "=" + value;
      if (name == "rua") {
        seen_rua = true;
      } else {
        m.extensions.emplace_back(name, value);
      }
    }
    (void)seen_rua;
    if (draw::chance(50)) m.text += draw::wsp(2) + ";" + draw::wsp(2);
    return m;
  });
}

// ---- near-valid mutants ------------------------------------------------------------------------
rc::Gen<std::string> gen_mutant(std::string valid) {
  return rc::gen::exec([valid] {
    static const std::string interesting =
        std::string(";=:., \t\r\n*-_%[]@/v") + std::string(1, '\0') + "\x7F\x80\xC3\xFF";
    std::string s = valid;
    const int op = draw::between(0, 2);
    const auto at = static_cast<std::size_t>(draw::between(0, int(s.size())));
    const char byte =
        draw::chance(70) ? draw::one_of(interesting) : static_cast<char>(draw::between(0, 255));
    if (op == 0 || s.empty()) {
      s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), byte);
    } else if (op == 1) {
      s.erase(std::min(at, s.size() - 1), 1);
    } else {
      s[std::min(at, s.size() - 1)] = byte;
    }
    return s;
  });
}

}  // namespace mtasts_props
