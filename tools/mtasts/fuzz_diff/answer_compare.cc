// SPDX-License-Identifier: Apache-2.0
// Comparing two answers by kind (see answer_compare.h).
#include "answer_compare.h"

#include <optional>
#include <string_view>
#include <vector>

#include "mtasts/ascii.h"

namespace mtasts::cli::fuzz_diff {
namespace {

using conformance::level_p_status;

bool is_match_kind(question_kind kind) {
  return kind == question_kind::match || kind == question_kind::cert_match;
}

// A rejection's error as compared: the family of the token (or of what the ErrorMap maps
// the message to); nullopt when the implementation's message maps to nothing we know.
std::optional<std::string> error_family(const json& answer,
                                        const conformance::shim_config* config) {
  if (!answer.contains("error") || !answer["error"].is_object()) return std::nullopt;
  const json& e = answer["error"];
  std::string said;
  if (e.contains("token") && e["token"].is_string()) {
    said = e["token"].get<std::string>();
  } else if (e.contains("family") && e["family"].is_string()) {
    said = e["family"].get<std::string>();
  } else if (e.contains("message") && e["message"].is_string()) {
    said = config ? config->translate_error(e["message"].get<std::string>())
                  : e["message"].get<std::string>();
  }
  const std::string family = conformance::family_of(said);
  if (family == said && !conformance::is_family_only(said)) return std::nullopt;
  return family;
}

std::string error_token(const json& answer) {
  if (answer.contains("error") && answer["error"].is_object() &&
      answer["error"].contains("token") && answer["error"]["token"].is_string())
    return answer["error"]["token"].get<std::string>();
  return {};
}

std::string unmapped_message(const json& answer) {
  if (answer.contains("error") && answer["error"].is_object() &&
      answer["error"].contains("message") && answer["error"]["message"].is_string()) {
    std::string m = answer["error"]["message"].get<std::string>();
    if (m.size() > 60) m = m.substr(0, 60) + "...";
    return m;
  }
  return "no error given";
}

bool accepted(const json& answer) { return answer.value("valid", false) == true; }

// The fields compared when both accept, for the kind; only those the implementation prints.
std::vector<const char*> compared_fields(question_kind kind) {
  switch (kind) {
    case question_kind::txt:
      return {"id", "extensions"};
    case question_kind::txt_records:
      return {"id", "extensions", "record"};
    case question_kind::policy:
      return {"version", "mode", "max_age", "mx", "extensions"};
    case question_kind::tlsrpt:
      return {"rua", "extensions"};
    case question_kind::cert_match:
      return {"matched"};
    case question_kind::match:
      break;
  }
  return {};
}

json field_as_compared(const char* field, json value, const conformance::shim_config* config) {
  // The runner's rule (PROTOCOL.md "Comparison"): mx in ASCII lower case, as a set when the
  // config says MxDeduplicated.
  if (std::string_view(field) == "mx" && value.is_array()) {
    if (config && config->mx_deduplicated) conformance::dedupe_lowercase(value);
    for (json& m : value) {
      if (m.is_string()) m = mtasts::ascii_lower(m.get<std::string>());
    }
  }
  return value;
}

}  // namespace

std::string describe_answer(question_kind kind, const json& answer, int exit_code,
                            const conformance::shim_config* config) {
  if (is_match_kind(kind)) {
    if (exit_code == 3) {
      const std::string subject = answer.contains("error") && answer["error"].is_object()
                                      ? answer["error"].value("subject", std::string("operand"))
                                      : std::string("operand");
      return "refuses the " + subject;
    }
    return answer.value("match", false) == true ? "matches" : "does not match";
  }
  if (accepted(answer)) return "accepts";
  const std::string token = error_token(answer);
  if (!token.empty()) return "rejects (" + token + ")";
  if (const std::optional<std::string> family = error_family(answer, config))
    return "rejects (" + *family + ")";
  return "rejects (unmapped: " + unmapped_message(answer) + ")";
}

comparison compare_answers(question_kind kind, const json& reference, int reference_exit,
                           const conformance::level_p_answer& theirs,
                           const conformance::shim_config* config, comparison_mode mode) {
  comparison c;
  const std::string ref(mode.reference_name);
  // A records question that goes wrong in the record itself is the TXT class it shows; only
  // the selection's own tokens and the "record" field tell the kinds apart.
  const std::string k(kind == question_kind::txt_records ? "txt" : to_string(kind));
  c.reference_says = describe_answer(kind, reference, reference_exit, nullptr);
  if (theirs.status == level_p_status::unimplemented) {
    c.outcome = comparison_outcome::unimplemented;
    return c;
  }
  if (theirs.status != level_p_status::answered) {
    c.outcome = comparison_outcome::failed;
    c.implementation_says = theirs.status == level_p_status::timed_out
                                ? "times out"
                                : "crashes (" + theirs.crash_cause + ")";
    c.signature = k + ": implementation " + c.implementation_says;
    return c;
  }
  const json& answer = theirs.output;
  c.implementation_says = describe_answer(kind, answer, theirs.exit_code, config);
  auto disagree = [&](std::string what) {
    c.outcome = comparison_outcome::disagree;
    c.signature = k + ": " + std::move(what);
    return c;
  };
  if (is_match_kind(kind)) {
    if (c.reference_says != c.implementation_says)
      return disagree(ref + " " + c.reference_says + ", implementation " + c.implementation_says);
  } else {
    const bool ours = accepted(reference), their = accepted(answer);
    if (ours != their) {
      const std::string rfc =
          ours ? ref + " accepts" : ref + " rejects (" + error_token(reference) + ")";
      return disagree(rfc + ", implementation " + (their ? "accepts" : "rejects"));
    }
    if (!ours) {
      if (!mode.families) return c;
      const std::optional<std::string> family = error_family(answer, config);
      const std::string rfc_family = conformance::family_of(error_token(reference));
      if (family && *family != rfc_family)
        return disagree("both reject, " + ref + " in " + rfc_family + ", implementation in " +
                        *family);
      return c;
    }
  }
  // Both accept (or both match or not): the fields the implementation prints.
  std::string fields;
  for (const char* field : compared_fields(kind)) {
    if (!answer.contains(field) || !reference.contains(field)) continue;
    if (field_as_compared(field, reference[field], config) !=
        field_as_compared(field, answer[field], config)) {
      if (!fields.empty()) fields += ", ";
      fields += field;
    }
  }
  if (!fields.empty()) return disagree("both accept, implementation differs in " + fields);
  return c;
}

}  // namespace mtasts::cli::fuzz_diff
