// SPDX-License-Identifier: Apache-2.0
#include "workloads.h"

#include <algorithm>

namespace mtasts::bench {

std::string_view to_string(policy_shape shape) noexcept {
  switch (shape) {
    case policy_shape::typical:
      return "typical";
    case policy_shape::mx50:
      return "mx50";
    case policy_shape::max_size:
      break;
  }
  return "64KiB";
}

std::string make_policy(policy_shape shape, line_ending ending) {
  const std::string eol = ending == line_ending::crlf ? "\r\n" : "\n";
  std::string body = "version: STSv1" + eol + "mode: enforce" + eol;
  const std::string last = "max_age: 604800" + eol;
  switch (shape) {
    case policy_shape::typical:
      body += "mx: mail.example.com" + eol + "mx: *.mx.example.net" + eol;
      break;
    case policy_shape::mx50:
      for (int i = 0; i < 50; ++i) {
        body +=
            (i % 5 == 0 ? "mx: *.pool" : "mx: mx") + std::to_string(i) + ".mail.example.com" + eol;
      }
      break;
    case policy_shape::max_size: {
      // Fill up to exactly the parser's default cap, leaving room for the last line.
      const std::size_t cap = policy_options{}.max_size;
      for (int i = 0;; ++i) {
        const std::string line =
            (i % 16 == 15 ? "x-note-" + std::to_string(i) + ": rotated on the first of month"
                          : "mx: mx" + std::to_string(i) + ".region-" + std::to_string(i % 7) +
                                ".mail.example.com") +
            eol;
        if (body.size() + line.size() + last.size() > cap) break;
        body += line;
      }
      break;
    }
  }
  return body + last;
}

std::size_t count_lines(std::string_view body) noexcept {
  return static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n')) + 1;
}

std::string_view to_string(txt_shape shape) noexcept {
  return shape == txt_shape::typical ? "typical" : "extensions";
}

std::string make_txt(txt_shape shape) {
  if (shape == txt_shape::typical) return "v=STSv1; id=20240101T000000;";
  return "v=STSv1; id=20240101T000000; rotation=weekly; contact=postmaster.example.com; "
         "x-build=7f3a9c";
}

}  // namespace mtasts::bench
