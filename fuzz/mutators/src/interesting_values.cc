// SPDX-License-Identifier: Apache-2.0
#include "fuzz_mutators/interesting_values.h"

#include <cstddef>
#include <string>
#include <vector>

namespace mtasts_fuzz::mutators {

namespace {

using table = std::vector<std::string>;

// n characters cycling through digits and letters: a valid id / label / name body.
std::string alnum(std::size_t n) {
  static constexpr std::string_view chars =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string s;
  s.reserve(n);
  for (std::size_t i = 0; i < n; ++i) s.push_back(chars[i % chars.size()]);
  return s;
}

// A host name of exactly `length` octets made of labels of at most 63 octets, ending in
// ".example.com" when there is room.
std::string host_of_length(std::size_t length) {
  const std::string tail = ".example.com";
  std::string s;
  while (s.size() + tail.size() < length) {
    std::size_t room = length - tail.size() - s.size();
    if (!s.empty()) {
      if (room < 2) break;
      s.push_back('.');
      --room;
    }
    const std::size_t label = room < 63 ? room : 63;
    s.append(label, 'a');
  }
  s += tail;
  while (s.size() > length) s.erase(0, 1);
  if (!s.empty() && s.front() == '.') s.front() = 'b';
  return s;
}

table make_sts_version() {
  return {"STSv1",  "STSv2", "stsv1", "STSV1",    "STSv1 ",  " STSv1",
          "STSv10", "STSv",  "",      "TLSRPTv1", "STSv1\t", "STS v1"};
}

table make_sts_id() {
  return {"1",
          "a",
          "20160831085700Z",
          alnum(31),
          alnum(32),
          alnum(33),
          alnum(64),
          "",
          "abc-def",
          "abc_def",
          "abc.def",
          "abc def",
          "ABCxyz019",
          "\xC3\xA9t\xC3\xA9",
          "0000",
          "abc\t",
          "abc=def",
          std::string(32, '9')};
}

table make_extension_value() {
  return {"x",
          "1",
          "",
          "value",
          "a=b",
          "!\"#$%&'()*+,-./:<>?@[\\]^_`{|}~",
          "mailto:x@example.com",
          "a b",
          "a\tb",
          std::string(255, 'v'),
          std::string(256, 'v'),
          "\x7F",
          "\x1F",
          "caf\xC3\xA9",
          "\xEF\xBB\xBF\x61",  // a BOM, then "a"
          "\xFF",
          "\"quoted\""};
}

table make_tlsrpt_version() {
  return {"TLSRPTv1", "TLSRPTv2", "tlsrptv1",  "TLSRPTV1", "TLSRPTv1 ",
          "",         "STSv1",    "TLSRPTv10", "TLSRPT",   "TLSRPTv1\t"};
}

table make_rua() {
  return {"mailto:tlsrpt@example.com",
          "https://reports.example.net/v1/tlsrpt",
          "mailto:a@example.com,https://r.example.com/x",
          "mailto:a@example.com , https://r.example.com/x",
          "mailto:a@example.com,\thttps://r.example.com/x",
          "mailto:a@example.com,mailto:b@example.org,https://r.example.net/v1/tlsrpt",
          "",
          "mailto:",
          "https://",
          "mailto:a@example.com,",
          ",mailto:a@example.com",
          "mailto:a@example.com,,mailto:b@example.com",
          "mailto:a@example.com mailto:b@example.com",
          "https://[2001:db8::1]/tlsrpt",
          "https://[::ffff:192.0.2.1]:8443/r",
          "https://[v7.fe80:x]/r",
          "https://192.0.2.1:443/r?x=1#frag",
          "https://user:pw@reports.example.com:8443/a/b",
          "http://reports.example.com/",
          "ftp://reports.example.com/",
          "MAILTO:TLSRPT@EXAMPLE.COM",
          "mailto:a%2Cb%21c%3Bd@example.com",
          "mailto:a!b@example.com",
          "mailto:a%zz@example.com",
          "reports.example.com",
          "https://r.example.com/" + std::string(200, 'p'),
          "https://" + host_of_length(253) + "/r",
          "mailto:t\xC3\xA9@example.com",
          "https://[2001:db8::1/r"};
}

table make_policy_version() {
  return {"STSv1",   "STSv2", "stsv1",  "STSV1",    "STSv1 ",
          "STSv1\t", "",      "STSv10", "TLSRPTv1", "STS v1"};
}

table make_mode() {
  return {"enforce",      "testing",
          "none",         "Enforce",
          "ENFORCE",      "enforce ",
          "enforce\t",    "",
          "enforcing",    "test",
          "report",       "enforce testing",
          "none\xC2\xA0", std::string("n\x00ne", 4)};
}

table make_max_age() {
  return {"86400",
          "0",
          "1",
          "604800",
          "31557600",
          "31557601",
          "9999999999",
          "99999999999",
          "0000086400",
          "00000000001",
          "0000000000",
          "4294967295",
          "4294967296",
          "2147483647",
          "2147483648",
          "18446744073709551616",
          "",
          "-1",
          "+86400",
          "86400s",
          "1e5",
          "86 400",
          "\xD9\xA1\xD9\xA2"};  // Arabic-Indic digits
}

table make_mx() {
  return {"mail.example.com",
          "mail.example.com.",
          "*.example.net",
          "*.example.net.",
          "*.com",
          "*",
          "*.",
          "*.*.example.com",
          "mail.*.example.com",
          "m*.example.com",
          "MAIL.EXAMPLE.COM",
          "localhost",
          "com",
          "",
          ".",
          "..",
          "mail..example.com",
          ".example.com",
          "-mail.example.com",
          "mail-.example.com",
          "mail_x.example.com",
          "192.0.2.1",
          "[192.0.2.1]",
          "mail.example.com mail2.example.com",
          "xn--mil-via.example.com",
          "m\xC3\xA4il.example.com",
          "\xE4\xBE\x8B\xE3\x81\x88.\xE3\x83\x86\xE3\x82\xB9\xE3\x83\x88",
          alnum(63) + ".example.com",
          alnum(64) + ".example.com",
          "*." + alnum(63) + ".example.com",
          host_of_length(253),
          host_of_length(253) + ".",
          host_of_length(254),
          host_of_length(255),
          host_of_length(256)};
}

table make_extension_names() {
  return {"ext",
          "x",
          "report_uri",
          "a23456789012345678901234567890_.",
          "a234567890123456789012345678901_.",
          "9x_Y-z.0",
          "-x",
          "_x",
          ".x",
          "x y",
          "",
          "n\xC3\xA4me",
          "x/y",
          "x:y"};
}

}  // namespace

std::span<const std::string> interesting_values(grammar g, std::string_view name) {
  static const table sts_version = make_sts_version();
  static const table sts_id = make_sts_id();
  static const table extension_value = make_extension_value();
  static const table tlsrpt_version = make_tlsrpt_version();
  static const table rua = make_rua();
  static const table policy_version = make_policy_version();
  static const table mode = make_mode();
  static const table max_age = make_max_age();
  static const table mx = make_mx();
  switch (g) {
    case grammar::sts_txt:
      if (name == "v") return sts_version;
      if (name == "id") return sts_id;
      break;
    case grammar::tlsrpt:
      if (name == "v") return tlsrpt_version;
      if (name == "rua") return rua;
      break;
    case grammar::policy:
      if (name == "version") return policy_version;
      if (name == "mode") return mode;
      if (name == "max_age") return max_age;
      if (name == "mx") return mx;
      break;
  }
  return extension_value;
}

std::span<const std::string> extension_names() {
  static const table names = make_extension_names();
  return names;
}

namespace {
constexpr std::string_view whitespace[] = {
    " ",        "\t",  "  ", " \t ", "\r", "\n", "\x0B", "\x0C", std::string_view("\x00", 1),
    "\xC2\xA0", "\x1F"};
constexpr std::string_view separators[] = {";", "; ",   ";;",  " ; ", ";\t", " ;",
                                           "",  "; \t", ";; ", ",",   ":",   "\t;\t"};
constexpr std::string_view terminators[] = {
    "\n", "\r\n", "\r", "", "\n\n", "\r\r\n", "\n\r", "\xC2\x85", "\xE2\x80\xA8", "\r\n\r\n"};
}  // namespace

std::span<const std::string_view> whitespace_runs() noexcept { return whitespace; }
std::span<const std::string_view> tag_separators() noexcept { return separators; }
std::span<const std::string_view> line_terminators() noexcept { return terminators; }

}  // namespace mtasts_fuzz::mutators
