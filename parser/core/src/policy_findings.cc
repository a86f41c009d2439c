// SPDX-License-Identifier: Apache-2.0
// The policy parser going on past every error (policy_findings.h): its own instantiation of
// the parser of policy_parser.h, in a unit apart from parse_policy's (see there why).
#include "policy_findings.h"

#include "policy_parser.h"

namespace mtasts {
namespace {

// What diagnose_policy reports: every error (the parse goes on with the next line, then
// with every end-of-body check), the lines A-4 reads as extensions, and the values chosen.
// Bounded by max_diagnostics (the limit ends the parse).
struct every_finding {
  detail::policy_findings& out;
  bool keep_going(const parse_error& e) {
    out.errors.push_back(e);
    if (out.errors.size() + out.ignored.size() < max_diagnostics) return true;
    out.truncated = true;
    return false;
  }
  void ignored(const parse_error& e) {
    if (out.errors.size() + out.ignored.size() < max_diagnostics) out.ignored.push_back(e);
  }
  void chosen(field_index f, std::string_view value, std::uint64_t reading) {
    out.chosen[f] = detail::chosen_value{value, reading};
  }
};

// Keeps views of every mx and extension line, in order: what a diagnosis looks back at.
struct viewing_sink {
  std::vector<extension>& extensions;
  bool add_mx(std::string_view) { return true; }
  bool add_extension(extension e) {
    extensions.push_back(e);
    return true;
  }
};

}  // namespace

detail::policy_findings detail::find_policy_problems(std::string_view body,
                                                     const policy_options& options) {
  policy_findings findings;
  viewing_sink sink{findings.extensions};
  policy_view view;
  const detail::policy_line_scanner lines(body);
  // The exact path: the typical reader would stop at the first line it cannot read anyway.
  const std::optional<parse_error> stop =
      policy_parser<viewing_sink, every_finding>(lines, options, sink, every_finding{findings})
          .template run<typical_shortcut::off>(view);
  // The size cap and an empty body end the parse before any line: nothing to go on with.
  if (stop && (findings.errors.empty() || !(findings.errors.back() == *stop))) {
    findings.errors.push_back(*stop);
  }
  return findings;
}

}  // namespace mtasts
