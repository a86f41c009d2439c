// SPDX-License-Identifier: Apache-2.0
// The report document: one JSON shape for --json, --index and --report
// (conformance/schemas/conform-report.schema.json). Totals are split MUST/SHOULD, per
// capability and per RFC section; tests carry what a reader needs to judge a deviation.
#include <map>
#include <set>

#include "mtasts/conformance/reports.h"
#include "mtasts/observation/printable_text.h"

namespace mtasts::conformance {
namespace {

using observation::printable_text;

struct tally {
  std::size_t tests = 0, ran = 0, conformant = 0;
  void add(const test_result& r) {
    ++tests;
    if (r.skipped()) return;
    ++ran;
    conformant += conformance::conformant(r.status) ? 1 : 0;
  }
  [[nodiscard]] json to_json() const {
    return json{{"tests", tests}, {"ran", ran}, {"conformant", conformant}};
  }
};

// Requirement id → its entry in requirements.json (requirements and ambiguities).
std::map<std::string, json> requirement_entries(const json& requirements) {
  std::map<std::string, json> out;
  if (!requirements.is_object()) return out;
  for (const char* list : {"requirements", "ambiguities"}) {
    const auto it = requirements.find(list);
    if (it == requirements.end() || !it->is_array()) continue;
    for (const json& entry : *it) {
      if (entry.is_object() && entry.contains("id") && entry["id"].is_string())
        out[entry["id"].get<std::string>()] = entry;
    }
  }
  return out;
}

std::string string_field(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The impact of getting the test wrong: its flags' notes first, then its requirements.
std::string effect_of(const test_case& t, const json& notes,
                      const std::map<std::string, json>& entries) {
  for (const std::string& flag : t.flags) {
    const auto note = notes.find(flag);
    if (note != notes.end() && note->is_object()) {
      std::string effect = string_field(*note, "effect");
      if (!effect.empty()) return effect;
    }
  }
  for (const std::string& id : t.requirements) {
    const auto entry = entries.find(id);
    if (entry != entries.end()) {
      std::string effect = string_field(entry->second, "effect");
      if (!effect.empty()) return effect;
    }
  }
  return "";
}

json test_entry(const test_result& r, const report_context& c, const json& notes,
                const std::map<std::string, json>& entries) {
  const test_case& t = *r.test;
  json capabilities_needed = json::array();
  for (const capability need : t.requires_caps)
    capabilities_needed.push_back(std::string(conformance::capabilities.name(need)));
  json entry{{"name", printable_text(t.name)},
             {"file", printable_text(report_file_name(t.file, c.fixtures_root))},
             {"tcId", t.tc_id},
             {"level", std::string(test_levels.name(t.level))},
             {"result", std::string(expected_results.name(t.result))},
             {"requirements", t.requirements},
             {"capabilities", capabilities_needed},
             {"flags", t.flags},
             {"status", std::string(to_string(r.status))},
             {"expected", std::string(to_string(r.expected))},
             {"expected_reason", printable_text(r.expected_reason)},
             {"reported", r.reported},
             {"reasons", r.reasons},
             {"seconds", r.seconds}};
  if (r.alternative) entry["alternative"] = *r.alternative;
  if (!r.undeclared.empty()) entry["undeclared"] = r.undeclared;
  if (r.loose_error) entry["loose_error"] = true;
  if (const auto comment = t.body.find("comment"); comment != t.body.end() && comment->is_string())
    entry["comment"] = printable_text(comment->get<std::string>());
  if (const std::string effect = effect_of(t, notes, entries); !effect.empty())
    entry["effect"] = printable_text(effect);
  return entry;
}

}  // namespace

json report_document(const run_summary& s, const report_context& c) {
  const std::map<std::string, json> entries = requirement_entries(c.requirements);
  std::map<std::string, const json*> notes_of;  // file → its notes
  for (const fixture_file& f : s.files) notes_of[f.path] = &f.notes;
  const json no_notes = json::object();

  tally all, must, should, may;
  std::map<std::string, std::size_t> by_status;
  std::map<std::string, tally> by_capability, by_section;
  std::size_t known = 0;
  json tests = json::array();
  json deviating_requirements = json::object();
  for (const test_result& r : s.results) {
    const test_case& t = *r.test;
    all.add(r);
    (t.level == test_level::must ? must : t.level == test_level::should ? should : may).add(r);
    ++by_status[std::string(to_string(r.status))];
    for (const capability need : t.requires_caps)
      by_capability[std::string(capabilities.name(need))].add(r);
    std::set<std::string> sections;
    for (const std::string& id : t.requirements) {
      // Ambiguity decisions (A-n) have no section of their own.
      const auto entry = entries.find(id);
      const std::string section =
          entry == entries.end() ? std::string() : string_field(entry->second, "section");
      if (!section.empty()) sections.insert(printable_text(section));
    }
    for (const std::string& section : sections) by_section[section].add(r);
    const bool deviates = !r.skipped() && !conformant(r.status);
    known += deviates && r.as_expected() ? 1 : 0;
    if (deviates) {
      for (const std::string& id : t.requirements) {
        const auto entry = entries.find(id);
        if (entry == entries.end()) continue;
        deviating_requirements[id] =
            json{{"text", printable_text(string_field(entry->second, "summary"))},
                 {"section", printable_text(string_field(entry->second, "section"))},
                 {"level", printable_text(string_field(entry->second, "level"))}};
      }
    }
    const auto notes = notes_of.find(t.file);
    tests.push_back(test_entry(r, c, notes == notes_of.end() ? no_notes : *notes->second, entries));
  }
  json status_counts = json::object();
  for (const auto& [status, n] : by_status) status_counts[status] = n;
  json capability_counts = json::object();
  for (const auto& [name, t] : by_capability) capability_counts[name] = t.to_json();
  json section_counts = json::object();
  for (const auto& [name, t] : by_section) section_counts[name] = t.to_json();
  json undeclared = json::object();
  std::size_t undeclared_tests = 0;
  for (const auto& [capability, n] : s.undeclared()) undeclared[capability] = n;
  for (const test_result& r : s.results) undeclared_tests += r.undeclared.empty() ? 0 : 1;
  json errors = json::array();
  for (const fixture_error& e : s.errors)
    errors.push_back(json{{"file", printable_text(report_file_name(e.file, c.fixtures_root))},
                          {"pointer", printable_text(e.pointer)},
                          {"message", printable_text(e.message)}});
  return json{{"format", "mtasts-conform-report/1"},
              {"impl", printable_text(c.impl)},
              {"impl_version", printable_text(c.impl_version)},
              {"impl_levels", c.impl_levels},
              {"impl_capabilities", c.impl_capabilities},
              {"mtasts_version", c.mtasts_version},
              {"date", c.date},
              {"suite",
               {{"digest", c.suite_digest},
                {"files", s.files.size()},
                {"tests", s.selected_from},
                {"strict", c.strict}}},
              {"options", {{"loose_errors", c.loose_errors}, {"jobs", c.jobs}}},
              {"seconds", s.seconds},
              {"unexpected", s.unexpected()},
              {"totals",
               {{"tests", all.tests},
                {"ran", all.ran},
                {"conformant", all.conformant},
                {"unexpected", s.unexpected()},
                {"known_deviations", known},
                {"undeclared", undeclared_tests},
                {"by_status", status_counts},
                {"must", must.to_json()},
                {"should", should.to_json()},
                {"may", may.to_json()}}},
              {"undeclared_capabilities", undeclared},
              {"by_capability", capability_counts},
              {"by_section", section_counts},
              {"fixture_errors", errors},
              {"tests", tests},
              {"requirements", deviating_requirements}};
}

}  // namespace mtasts::conformance
