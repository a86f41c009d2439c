// SPDX-License-Identifier: Apache-2.0
// `mtasts parse` (see parse_command.h).
#include "parse_command.h"

#include <optional>
#include <string_view>
#include <vector>

#include "cli_error.h"
#include "input.h"
#include "mtasts/diagnose.h"
#include "records_file.h"

namespace mtasts::cli {
namespace {

profile_kind profile_kind_of(record_kind kind) {
  switch (kind) {
    case record_kind::txt:
      return profile_kind::txt;
    case record_kind::policy:
      return profile_kind::policy;
    case record_kind::tlsrpt:
      return profile_kind::tlsrpt;
  }
  throw cli_error("unknown record kind");
}

// A peer profile answers only for the inputs it models: anything else would be a strict
// answer presented under the peer's name.
parser_profile find_named_profile(const std::string& name, record_kind kind) {
  std::optional<parser_profile> profile = find_profile(name);
  if (!profile) throw cli_error("unknown profile '" + name + "' (see `mtasts profiles`)");
  const profile_kind wanted = profile_kind_of(kind);
  if (!covers(profile->kinds, wanted)) {
    std::string modelled;
    for (profile_kind k : {profile_kind::txt, profile_kind::policy, profile_kind::tlsrpt}) {
      if (!covers(profile->kinds, k)) continue;
      if (!modelled.empty()) modelled += ", ";
      modelled += profile_kind_name(k);
    }
    throw cli_error("profile '" + name + "' does not model how its peer reads a " +
                    std::string(profile_kind_name(wanted)) + " record (it models: " + modelled +
                    "); use the default strict profile or one that models it (see `mtasts "
                    "profiles`)");
  }
  return *profile;
}

command_result answer(observation::observed o) {
  return {std::move(o.value), status_of(o.outcome)};
}

// Every error and warning (mtasts/diagnose.h), added to the output as "diagnostics". Their
// text is printable ASCII: the input's other bytes are escaped in it.
command_result with_diagnostics(command_result result, const std::vector<diagnostic>& all) {
  json list = json::array();
  for (const diagnostic& d : all) {
    list.push_back({{"severity", to_string(d.level)},
                    {"token", d.token},
                    {"line", d.line},
                    {"column", d.column},
                    {"message", d.message},
                    {"evidence", d.evidence},
                    {"caret", d.caret},
                    {"fix", d.fix}});
  }
  result.output["diagnostics"] = std::move(list);
  return result;
}

}  // namespace

exit_status status_of(observation::verdict outcome) noexcept {
  switch (outcome) {
    case observation::verdict::yes:
      return exit_status::ok;
    case observation::verdict::no:
      return exit_status::negative;
    case observation::verdict::bad_operand:
      return exit_status::invalid_subject;
  }
  return exit_status::negative;
}

command_result run_parse(const parse_request& request) {
  const parser_profile profile = find_named_profile(request.profile, request.kind);
  if (!request.records_file.empty()) {
    if (request.kind == record_kind::policy) {
      throw cli_error("--records applies to txt and tlsrpt, not to policy");
    }
    const std::vector<std::string> records =
        observation::join_records(parse_records_file(read_input(request.records_file)));
    return answer(request.kind == record_kind::txt
                      ? observation::observe_txt_selection(records, profile.txt)
                      : observation::observe_tlsrpt_selection(records, profile.tlsrpt));
  }
  return parse_bytes(request.kind, read_input(request.file), request.profile);
}

command_result parse_bytes(record_kind kind, std::string_view bytes, const std::string& name) {
  const parser_profile profile = find_named_profile(name, kind);
  switch (kind) {
    case record_kind::txt:
      return with_diagnostics(answer(observation::observe_txt(bytes, profile.txt)),
                              diagnose_txt_record(bytes, profile.txt));
    case record_kind::policy:
      return with_diagnostics(answer(observation::observe_policy(bytes, profile.policy)),
                              diagnose_policy(bytes, profile.policy));
    case record_kind::tlsrpt:
      return answer(observation::observe_tlsrpt(bytes, profile.tlsrpt));
  }
  throw cli_error("unknown record kind");
}

}  // namespace mtasts::cli
