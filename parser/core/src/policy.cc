// SPDX-License-Identifier: Apache-2.0
// The MTA-STS policy file (RFC 8461 §3.2).
#include "mtasts/policy.h"

#include "policy_exact.h"
#include "policy_parser.h"

namespace mtasts {

std::string_view to_string(policy_mode mode) noexcept {
  switch (mode) {
    case policy_mode::enforce:
      return "enforce";
    case policy_mode::testing:
      return "testing";
    case policy_mode::none:
      break;
  }
  return "none";
}

result<policy_view> parse_policy(std::string_view body, policy_storage storage,
                                 const policy_options& options) {
  span_sink sink{storage};
  policy_view view;
  if (auto e = parse_into(body, options, sink, view)) return *e;
  view.mx = storage.mx.first(sink.mx);
  view.extensions = storage.extensions.first(sink.extensions);
  return view;
}

result<policy_view> detail::parse_policy_exact(std::string_view body, policy_storage storage,
                                               const policy_options& options) {
  span_sink sink{storage};
  policy_view view;
  if (auto e = parse_into<typical_shortcut::off>(body, options, sink, view)) return *e;
  view.mx = storage.mx.first(sink.mx);
  view.extensions = storage.extensions.first(sink.extensions);
  return view;
}

result<policy> parse_policy(std::string_view body, const policy_options& options) {
  policy out;
  owning_sink sink{out};
  policy_view view;
  if (auto e = parse_into(body, options, sink, view)) return *e;
  out.version = std::string(view.version);
  out.mode = view.mode;
  out.max_age = view.max_age;
  return out;
}

bool is_valid_policy(std::string_view body, const policy_options& options) {
  counting_sink sink;
  policy_view view;
  return !parse_into(body, options, sink, view).has_value();
}

policy to_policy(const policy_view& view) {
  policy out;
  out.version = std::string(view.version);
  out.mode = view.mode;
  out.max_age = view.max_age;
  out.mx.assign(view.mx.begin(), view.mx.end());
  for (const extension& e : view.extensions) out.extensions.emplace_back(e.name, e.value);
  return out;
}

std::string serialize(const policy& p, line_ending ending) {
  const std::string_view eol = ending == line_ending::crlf ? "\r\n" : "\n";
  std::string out;
  auto line = [&](std::string_view name, std::string_view value) {
    out += name;
    out += ": ";
    out += value;
    out += eol;
  };
  line("version", p.version);
  line("mode", to_string(p.mode));
  line("max_age", std::to_string(p.max_age));
  for (const std::string& mx : p.mx) line("mx", mx);
  for (const auto& [name, value] : p.extensions) line(name, value);
  return out;
}

}  // namespace mtasts
