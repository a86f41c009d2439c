// SPDX-License-Identifier: Apache-2.0
// Reports of a fuzz-diff run (see fuzz_diff_report.h).
#include "fuzz_diff_report.h"

#include <cstdio>
#include <sstream>

#include "diff_snapshots.h"
#include "mtasts/observation/bytes.h"
#include "mtasts/observation/printable_text.h"

namespace mtasts::cli::fuzz_diff {
namespace {

using json = conformance::json;

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

double per_second(std::size_t n, double seconds) {
  return seconds > 0 ? static_cast<double>(n) / seconds : 0;
}

json question_json(const conformance::level_p_input& q) {
  json out = json::object();
  if (q.action == conformance::step_action::match && q.operands.size() == 2) {
    out = {{"pattern", observation::bytes_to_json(q.operands[0])},
           {"host", observation::bytes_to_json(q.operands[1])}};
  } else if (q.action == conformance::step_action::cert_match && !q.operands.empty()) {
    json names = json::array();
    for (std::size_t i = 1; i < q.operands.size(); ++i)
      names.push_back(observation::bytes_to_json(q.operands[i]));
    out = {{"host", observation::bytes_to_json(q.operands[0])}, {"names", names}};
    if (q.policy_host) out["policy_host"] = true;
  } else if (q.action == conformance::step_action::parse_txt_records) {
    out = json::parse(q.file_bytes, nullptr, /*allow_exceptions=*/false);
  } else {
    out = observation::bytes_to_json(q.file_bytes);
  }
  return out;
}

// A fixture expectation from our engine's answer: no kind, no diagnostics, an error as its
// token and position (and subject for the matchers).
json expectation(const json& answer) {
  json e = answer;
  e.erase("kind");
  e.erase("diagnostics");
  if (e.contains("error") && e["error"].is_object()) {
    json kept = json::object();
    for (const char* f : {"token", "offset", "line", "column", "subject"}) {
      if (e["error"].contains(f)) kept[f] = e["error"][f];
    }
    e["error"] = kept;
  }
  return e;
}

std::string section_of(const deviation_class& c) {
  switch (c.kind) {
    case question_kind::txt:
    case question_kind::txt_records:
      return "rfc8461/3.1";
    case question_kind::policy:
      return "rfc8461/3.2";
    case question_kind::tlsrpt:
      return "rfc8460/3";
    case question_kind::match:
      return "rfc8461/4.1";
    case question_kind::cert_match:
      return c.example && c.example->minimised.policy_host ? "rfc8461/3.3" : "rfc8461/4.2";
  }
  return "rfc8461";
}

std::string slug(const std::string& name) {
  std::string out;
  for (const char c : name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep)
      out += c;
    else if (c >= 'A' && c <= 'Z')
      out += static_cast<char>(c - 'A' + 'a');
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// A Python literal for a JSON value (strings as JSON strings, which Python reads alike).
std::string python_literal(const json& v) {
  if (v.is_null()) return "None";
  if (v.is_boolean()) return v.get<bool>() ? "True" : "False";
  if (v.is_object() && v.size() == 1 && v.contains("base64")) {
    const std::optional<std::string> bytes = observation::bytes_from_json(v);
    std::string hex;
    for (const char c : bytes.value_or("")) {
      char b[3];
      std::snprintf(b, sizeof b, "%02x", static_cast<unsigned char>(c));
      hex += b;
    }
    return "bytes.fromhex(\"" + hex + "\")";
  }
  if (v.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + python_literal(v[i]);
    return out + "]";
  }
  if (v.is_object()) {
    std::string out = "{";
    bool first = true;
    for (const auto& [k, x] : v.items()) {
      out += (first ? "" : ", ") + json(k).dump() + ": " + python_literal(x);
      first = false;
    }
    return out + "}";
  }
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

double kind_counts::agreement() const {
  const std::size_t answered = agree + known + fresh;
  return answered == 0 ? 1.0 : static_cast<double>(agree) / static_cast<double>(answered);
}

json summary_json(const run_summary& run, const deviation_table& table) {
  json impls = json::array();
  for (const implementation_summary& s : run.implementations) {
    json kinds = json::object();
    std::size_t asked = 0;
    for (const auto& [kind, k] : s.kinds) {
      asked += k.asked;
      kinds[std::string(to_string(kind))] = {{"asked", k.asked},
                                             {"agree", k.agree},
                                             {"disagree_known", k.known},
                                             {"disagree_new", k.fresh},
                                             {"unimplemented", k.unimplemented},
                                             {"failed", k.failed},
                                             {"agreement", k.agreement()}};
    }
    impls.push_back(
        {{"name", s.name},
         {"version", s.version},
         {"processes", s.processes},
         {"fixture_questions", s.fixture_questions},
         {"asked", asked},
         {"timing",
          {{"busy_seconds", s.busy_seconds}, {"per_second", per_second(asked, s.busy_seconds)}}},
         {"kinds", kinds}});
  }
  json classes = json::array();
  std::size_t known = 0, fresh = 0;
  for (const deviation_class* c : table.classes()) {
    json entry = {{"implementation", c->implementation},
                  {"kind", std::string(to_string(c->kind))},
                  {"signature", c->signature},
                  {"status", c->known_from.empty() ? "new" : "known"},
                  {"failure", c->failure},
                  {"generated", c->generated}};
    if (!c->known_from.empty()) {
      entry["known_from"] = c->known_from;
      ++known;
    } else {
      ++fresh;
    }
    if (c->example) {
      const deviation_example& e = *c->example;
      entry["example"] = {{"input_index", e.input_index},
                          {"origin", std::string(to_string(e.from))},
                          {"input", question_json(e.original)},
                          {"minimised", question_json(e.minimised)},
                          {"minimise_questions", e.minimise_questions},
                          {"reference_says", e.reference_says},
                          {"implementation_says", e.implementation_says},
                          {"ambiguous", e.ambiguous}};
    }
    classes.push_back(std::move(entry));
  }
  json kinds = json::array();
  for (question_kind k : run.kinds) kinds.push_back(std::string(to_string(k)));
  return {{"schema", "mtasts-fuzz-diff/1"},
          {"seed", run.seed},
          {"reference", run.reference},
          {"kinds", kinds},
          {"inputs", run.inputs},
          {"origins",
           {{"grammar", run.origins[0]},
            {"mutated-seed", run.origins[1]},
            {"mutated-grammar", run.origins[2]}}},
          {"timing",
           {{"seconds", run.seconds}, {"inputs_per_second", per_second(run.inputs, run.seconds)}}},
          {"implementations", impls},
          {"class_counts", {{"known", known}, {"new", fresh}, {"overflow", table.overflow()}}},
          {"classes", classes}};
}

std::string summary_text(const run_summary& run, const deviation_table& table) {
  std::ostringstream out;
  out << "mtasts fuzz-diff: seed " << run.seed << ", " << run.inputs << " inputs in "
      << fixed(run.seconds, 1) << " s; reference: "
      << (run.reference == "strict" ? std::string("the RFC answer (strict engine)")
                                    : "profile " + run.reference)
      << "\n\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-22s %-12s %8s %8s %7s %5s %7s %6s %9s %10s\n",
                "implementation", "kind", "asked", "agree", "known", "new", "unimpl", "failed",
                "per s", "agreement");
  out << line;
  for (const implementation_summary& s : run.implementations) {
    std::size_t asked = 0;
    for (const auto& [kind, k] : s.kinds) asked += k.asked;
    const double rate = per_second(asked, s.busy_seconds);
    for (const auto& [kind, k] : s.kinds) {
      std::snprintf(line, sizeof line, "%-22s %-12s %8zu %8zu %7zu %5zu %7zu %6zu %9s %9s%%\n",
                    s.name.c_str(), std::string(to_string(kind)).c_str(), k.asked, k.agree, k.known,
                    k.fresh, k.unimplemented, k.failed, fixed(rate, 0).c_str(),
                    fixed(100.0 * k.agreement(), 3).c_str());
      out << line;
    }
  }
  std::size_t known = 0, fresh = 0, seen_known = 0;
  for (const deviation_class* c : table.classes()) {
    if (c->known_from.empty())
      ++fresh;
    else {
      ++known;
      if (c->generated > 0) ++seen_known;
    }
  }
  out << "\nclasses: " << fresh << " new, " << seen_known << " of " << known
      << " known from fixtures seen again";
  if (table.overflow() > 0)
    out << ", " << table.overflow() << " inputs past " << max_classes << " classes";
  out << "\n";
  for (const deviation_class* c : table.classes()) {
    if (!c->known_from.empty() && c->generated == 0) continue;
    out << (c->known_from.empty() ? "NEW    " : "known  ") << c->implementation << "  "
        << c->signature << "  x" << c->generated;
    if (!c->known_from.empty()) {
      // A profile's documented class says so itself ("profile pmsr"); else a fixture test.
      const bool documented = c->known_from.starts_with("profile ");
      out << "  (" << (documented ? "" : "fixture ") << c->known_from << ")";
    }
    out << "\n";
    if (c->example) {
      const deviation_example& e = *c->example;
      out << "       minimised: "
          << observation::printable_prefix(question_json(e.minimised).dump(), 200)
          << (e.ambiguous ? "  [ambiguous: a named relaxation changes the RFC answer]" : "")
          << "\n";
    }
  }
  return out.str();
}

json candidates_json(const run_summary& run, const deviation_table& table,
                     const requirement_guess& requirements) {
  json out = json::array();
  for (const deviation_class* c : table.classes()) {
    if (!c->known_from.empty() || !c->example || c->failure) continue;
    const deviation_example& e = *c->example;
    const json expect = expectation(e.reference_answer);
    const bool match_kind = c->kind == question_kind::match || c->kind == question_kind::cert_match;
    const bool positive = match_kind ? expect.value("match", false) : expect.value("valid", false);
    const std::string token = expect.contains("error") ? expect["error"].value("token", "") : "";
    json answer = match_kind ? json{{"match", e.implementation_answer.value("match", false)}}
                             : json{{"valid", e.implementation_answer.value("valid", false)}};
    std::string version;
    for (const implementation_summary& s : run.implementations) {
      if (s.name == c->implementation) version = s.version;
    }
    out.push_back(
        {{"name", section_of(*c) + "/fuzzdiff-" + slug(c->implementation) + "-" +
                      diff::fnv1a64(c->implementation + "\n" + c->signature).substr(0, 8)},
         {"signature", c->signature},
         {"implementation", c->implementation},
         {"generated", c->generated},
         {"action", std::string(conformance::describe(e.minimised.action).name)},
         {"input", question_json(e.minimised)},
         {"expect", expect},
         {"result", positive ? "valid" : "invalid"},
         {"ambiguous", e.ambiguous},
         {"requirements", requirements.guess(c->kind, token)},
         {"peers",
          json::array({{{"peer", c->implementation}, {"version", version}, {"answer", answer}}})},
         {"comment", "Found by mtasts fuzz-diff (seed " + std::to_string(run.seed) + ", input " +
                         std::to_string(e.input_index) + ", minimised): " + c->implementation +
                         " " + e.implementation_says + "; the RFC answer " + e.reference_says +
                         "."}});
  }
  return out;
}

std::string candidates_python(const json& candidates) {
  std::ostringstream out;
  out << "# Fixture candidates written by `mtasts fuzz-diff --candidates`: review each, then move\n"
         "# it into a suite module of tools/fixtures/suites/ (fixturelib / parselib vocabulary).\n"
         "from fixturelib import *  # noqa: F401,F403\n"
         "from parselib import parse_test\n\nCANDIDATES = [\n";
  for (const json& c : candidates) {
    const std::string action = c["action"].get<std::string>();
    const bool file_action = action.rfind("parse_", 0) == 0 && action != "parse_txt_records";
    out << "    # " << c["signature"].get<std::string>() << " (x" << c["generated"] << ")\n";
    if (c.value("ambiguous", false))
      out << "    # ambiguous: a named relaxation changes the RFC answer; consider "
             "result=\"acceptable\"\n"
             "    # with the relaxation's flag and the peer's answer as an alternative\n";
    const std::string peers = "[peer(" + python_literal(c["implementation"]) +
                              ", answer=" + python_literal(c["peers"][0]["answer"]) +
                              ", version=" + python_literal(c["peers"][0]["version"]) + ")]";
    const std::string tail = ",\n        comment=" + python_literal(c["comment"]) +
                             ", result=" + python_literal(c["result"]) +
                             ",\n        peers=" + peers + "),\n";
    const std::string needs =
        action == "match" || action == "cert_match" ? "[\"match\"]" : "[\"parse\"]";
    if (file_action) {
      out << "    parse_test(" << python_literal(c["name"]) << ", "
          << python_literal(c["requirements"]) << ", " << python_literal(c["action"])
          << ",\n        " << python_literal(c["input"]) << ",\n        "
          << python_literal(c["expect"]) << ", " << needs << tail;
    } else {
      out << "    test(" << python_literal(c["name"]) << ", " << python_literal(c["requirements"])
          << ", [step(" << python_literal(c["action"]) << ", " << python_literal(c["expect"])
          << ",\n        input=" << python_literal(c["input"]) << ")], requires=" << needs << tail;
    }
  }
  out << "]\n";
  return out.str();
}

}  // namespace mtasts::cli::fuzz_diff
