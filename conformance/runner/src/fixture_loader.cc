// SPDX-License-Identifier: Apache-2.0
// Loads fixture files and checks their structure (fixtures/FORMAT.md); every problem is
// reported with the file, a JSON pointer and what was expected. The words of every closed
// vocabulary come from vocabulary.h.
#include <algorithm>
#include <exception>
#include <filesystem>
#include <set>

#include "mtasts/conformance/fixture.h"
#include "mtasts/conformance/json_file.h"
#include "mtasts/conformance/test_pki.h"
#include "mtasts/conformance/time_format.h"
#include "mtasts/observation/bytes.h"
#include "mtasts/observation/json_input.h"
#include "mtasts/observation/report_result.h"

namespace mtasts::conformance {
namespace {

// "a, b or c" from a vocabulary's words, for messages.
template <class Vocabulary>
std::string one_of(const Vocabulary& v) {
  std::string out;
  for (std::size_t i = 0; i < v.words.size(); ++i) {
    if (i > 0) out += i + 1 == v.words.size() ? " or " : ", ";
    out += v.words[i].second;
  }
  return out;
}

std::string index_pointer(const std::string& ptr, std::size_t i) {
  return ptr + "/" + std::to_string(i);
}

// Structural checks of one file; each failed check adds an error and the load goes on, so a
// file reports all its problems at once.
class checker {
 public:
  checker(std::string file, std::vector<fixture_error>& errors)
      : file_(std::move(file)), errors_(errors) {}

  void fail(const std::string& pointer, const std::string& message) {
    errors_.push_back(fixture_error{file_, pointer.empty() ? "/" : pointer, message});
  }

  // The member `key` of obj when it has the type (value_t::discarded: any type); a missing
  // required member or a wrong type is an error.
  const json* member(const json& obj, const std::string& ptr, const char* key, bool required,
                     json::value_t type, const std::string& expected) {
    if (!obj.is_object()) return nullptr;
    const auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) fail(ptr, std::string("missing member \"") + key + "\" (" + expected + ")");
      return nullptr;
    }
    const bool ok = type == json::value_t::discarded || it->type() == type ||
                    (type == json::value_t::number_integer && it->is_number_integer());
    if (!ok) {
      fail(ptr + "/" + key, "expected " + expected);
      return nullptr;
    }
    return &*it;
  }

  // A string member that must be a word of `words`; its value, if it is one.
  template <class Vocabulary>
  auto word(const json& obj, const std::string& ptr, const char* key, bool required,
            const Vocabulary& words) -> decltype(words.from("")) {
    const json* v = member(obj, ptr, key, required, json::value_t::string, one_of(words));
    if (!v) return std::nullopt;
    const auto value = words.from(v->get_ref<const std::string&>());
    if (!value) fail(ptr + "/" + key, "expected " + one_of(words));
    return value;
  }

  void time_value(const json& v, const std::string& ptr) {
    // Unix seconds from 1970 to 9999, however written: differences of two times never
    // overflow.
    std::optional<std::int64_t> t;
    if (v.is_number_integer() &&
        !(v.is_number_unsigned() &&
          v.get<std::uint64_t>() > static_cast<std::uint64_t>(max_fixture_time)))
      t = v.get<std::int64_t>();
    if (v.is_string()) t = parse_rfc3339_utc(v.get_ref<const std::string&>());
    if (t && *t >= 0 && *t <= max_fixture_time) return;
    fail(ptr, "expected a time from 1970 to 9999: Unix seconds or \"YYYY-MM-DDTHH:MM:SSZ\"");
  }

  void bytes_value(const json& v, const std::string& ptr) {
    // Bounded per value and per file, so that a fixture cannot ask for unbounded memory.
    const std::optional<std::size_t> size = observation::fixture_bytes_size(v);
    if (!size) {
      return fail(ptr,
                  "expected bytes: a string, {\"base64\": padded base64} or {\"repeat\": "
                  "non-empty string, \"count\": n} of at most " +
                      std::to_string(observation::max_fixture_bytes) + " bytes");
    }
    const bool was_within = expanded_bytes_ <= max_fixture_file_expanded_bytes;
    expanded_bytes_ += *size;
    if (was_within && expanded_bytes_ > max_fixture_file_expanded_bytes) {
      fail(ptr, "with the byte values before it, the file's byte values expand to more than " +
                    std::to_string(max_fixture_file_expanded_bytes) + " bytes");
    }
  }

  void string_list(const json& parent, const std::string& ptr, const char* key, bool required,
                   const char* expected) {
    if (const json* list = member(parent, ptr, key, required, json::value_t::array, expected)) {
      for (std::size_t i = 0; i < list->size(); ++i) {
        if (!(*list)[i].is_string()) fail(index_pointer(ptr + "/" + key, i), "expected a string");
      }
    }
  }

  void policy_object(const json& p, const std::string& ptr) {
    if (!p.is_object()) return fail(ptr, "expected a policy object");
    member(p, ptr, "version", true, json::value_t::string, "a string");
    if (const json* m = member(p, ptr, "mode", true, json::value_t::string, "a string")) {
      const auto mode = m->get<std::string>();
      if (mode != "enforce" && mode != "testing" && mode != "none") {
        fail(ptr + "/mode", "expected enforce, testing or none");
      }
    }
    if (const json* age =
            member(p, ptr, "max_age", true, json::value_t::number_integer, "an integer")) {
      if (!age->is_number_unsigned()) fail(ptr + "/max_age", "expected a non-negative integer");
    }
    string_list(p, ptr, "mx", true, "an array of strings");
    pairs(p, ptr, "extensions");
  }

  // [[name, value], ...] of strings.
  void pairs(const json& parent, const std::string& ptr, const char* key) {
    const json* list = member(parent, ptr, key, false, json::value_t::array, "an array");
    if (!list) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const json& e = (*list)[i];
      if (!e.is_array() || e.size() != 2 || !e[0].is_string() || !e[1].is_string())
        fail(index_pointer(ptr + "/" + key, i), "expected [name, value] strings");
    }
  }

  // A step; its action when the step names a known one.
  std::optional<step_action> step(const json& s, const std::string& ptr) {
    if (!s.is_object()) {
      fail(ptr, "expected a step object");
      return std::nullopt;
    }
    if (const json* now = member(s, ptr, "now", true, json::value_t::discarded, "a time")) {
      time_value(*now, ptr + "/now");
    }
    std::optional<step_action> action;
    if (const json* a = member(s, ptr, "action", true, json::value_t::string, "an action name")) {
      action = step_action_from(a->get_ref<const std::string&>());
      if (!action) fail(ptr + "/action", "unknown action \"" + a->get<std::string>() + "\"");
    }
    each(s, ptr, "dns", &checker::dns_entry);
    each(s, ptr, "https", &checker::https_entry);
    each(s, ptr, "mx", &checker::mx_entry);
    member(s, ptr, "expect", true, json::value_t::object, "an object");
    if (const json* alt = member(s, ptr, "alternatives", false, json::value_t::array, "an array")) {
      for (std::size_t i = 0; i < alt->size(); ++i) {
        if (!(*alt)[i].is_object())
          fail(index_pointer(ptr + "/alternatives", i), "expected an object");
      }
    }
    if (action) action_input(*action, s, ptr);
    return action;
  }

  // Calls check on every element of the array member `key`.
  void each(const json& parent, const std::string& ptr, const char* key,
            void (checker::*check)(const json&, const std::string&)) {
    const json* list = member(parent, ptr, key, false, json::value_t::array, "an array");
    if (!list) return;
    for (std::size_t i = 0; i < list->size(); ++i)
      (this->*check)((*list)[i], index_pointer(ptr + "/" + key, i));
  }

  void action_input(step_action action, const json& s, const std::string& ptr) {
    switch (action) {
      case step_action::parse_txt:
      case step_action::parse_policy:
      case step_action::parse_tlsrpt:
      case step_action::parse_tlsrpt_report:
        if (!s.contains("input")) return fail(ptr, "missing member \"input\" (bytes)");
        return bytes_value(s["input"], ptr + "/input");
      case step_action::parse_txt_records:
        return txt_records_input(s, ptr);
      case step_action::build_tlsrpt_report:
        return tlsrpt_report_build_input(s, ptr);
      case step_action::match:
        if (const json* in =
                member(s, ptr, "input", true, json::value_t::object, "{pattern, host}")) {
          member(*in, ptr + "/input", "pattern", true, json::value_t::string, "a string");
          member(*in, ptr + "/input", "host", true, json::value_t::string, "a string");
        }
        return;
      case step_action::cert_match:
        if (const json* in =
                member(s, ptr, "input", true, json::value_t::object, "{host, names}")) {
          member(*in, ptr + "/input", "host", true, json::value_t::string, "a string");
          string_list(*in, ptr + "/input", "names", true, "an array of strings");
          member(*in, ptr + "/input", "policy_host", false, json::value_t::boolean, "a boolean");
        }
        return;
      case step_action::may_fail_permanently:
        member(s, ptr, "applied_id", true, json::value_t::string, "a string");
        return;
      case step_action::lookup:
      case step_action::refresh:
      case step_action::deliver:
      case step_action::lookup_tlsrpt:
        return;
    }
  }

  // The build question's input, read as the observation reads it (one reading, one error).
  void tlsrpt_report_build_input(const json& s, const std::string& ptr) {
    if (!s.contains("input")) return fail(ptr, "missing member \"input\" (a report build)");
    const observation::build_observed built = observation::observe_tlsrpt_report_build(s["input"]);
    if (!built.result) fail(ptr + "/input", built.input_error);
  }

  void txt_records_input(const json& s, const std::string& ptr) {
    const json* in = member(s, ptr, "input", true, json::value_t::array, "an array of records");
    if (!in) return;
    for (std::size_t i = 0; i < in->size(); ++i) {
      const json& rec = (*in)[i];
      const std::string rp = index_pointer(ptr + "/input", i);
      if (!rec.is_array()) {
        bytes_value(rec, rp);
        continue;
      }
      for (std::size_t j = 0; j < rec.size(); ++j) bytes_value(rec[j], index_pointer(rp, j));
    }
  }

  void dns_entry(const json& d, const std::string& ptr) {
    if (!d.is_object()) return fail(ptr, "expected a DNS answer object");
    member(d, ptr, "name", true, json::value_t::string, "a string");
    word(d, ptr, "rcode", true, rcodes);
    member(d, ptr, "cname", false, json::value_t::string, "a string");
    const json* txt = member(d, ptr, "txt", false, json::value_t::array, "an array of records");
    if (!txt) return;
    for (std::size_t i = 0; i < txt->size(); ++i) {
      const json& rec = (*txt)[i];
      const std::string rp = index_pointer(ptr + "/txt", i);
      if (!rec.is_array()) {
        fail(rp, "expected an array of character-strings");
        continue;
      }
      for (std::size_t j = 0; j < rec.size(); ++j) bytes_value(rec[j], index_pointer(rp, j));
    }
  }

  // {"verdict"} (level D1: the runner's word) or {"chain"} (level D2: the implementation
  // judges the certificates), never both.
  void tls_object(const json& parent, const std::string& ptr) {
    const json* tls = member(parent, ptr, "tls", false, json::value_t::object, "an object");
    if (!tls) return;
    const std::string tp = ptr + "/tls";
    if (tls->contains("chain")) {
      if (tls->contains("verdict")) fail(tp, "expected \"verdict\" or \"chain\", not both");
      for (const std::string& problem : chain_spec_problems((*tls)["chain"], tp + "/chain")) {
        const std::size_t colon = problem.find(": ");
        fail(problem.substr(0, colon), problem.substr(colon + 2));
      }
      return;
    }
    word(*tls, tp, "verdict", true, tls_verdicts);
  }

  void https_entry(const json& h, const std::string& ptr) {
    if (!h.is_object()) return fail(ptr, "expected an HTTPS exchange object");
    member(h, ptr, "url", true, json::value_t::string, "a string");
    word(h, ptr, "transport", false, transports);
    tls_object(h, ptr);
    if (const json* st =
            member(h, ptr, "status", false, json::value_t::number_integer, "an integer")) {
      if (st->get<std::int64_t>() < 0 || st->get<std::int64_t>() > 999)
        fail(ptr + "/status", "expected an HTTP status 0-999");
    }
    pairs(h, ptr, "headers");
    if (h.contains("body")) bytes_value(h["body"], ptr + "/body");
  }

  void mx_entry(const json& m, const std::string& ptr) {
    if (!m.is_object()) return fail(ptr, "expected an MX observation object");
    member(m, ptr, "host", true, json::value_t::string, "a string");
    member(m, ptr, "starttls", false, json::value_t::boolean, "a boolean");
    member(m, ptr, "tls_failed", false, json::value_t::boolean, "a boolean");
    tls_object(m, ptr);
  }

  void cache_entry(const json& e, const std::string& ptr) {
    if (!e.is_object()) return fail(ptr, "expected a cache entry object");
    member(e, ptr, "domain", true, json::value_t::string, "a string");
    member(e, ptr, "id", true, json::value_t::string, "a string");
    if (const json* f = member(e, ptr, "fetched_at", true, json::value_t::discarded, "a time"))
      time_value(*f, ptr + "/fetched_at");
    if (const json* p = member(e, ptr, "policy", true, json::value_t::object, "a policy object"))
      policy_object(*p, ptr + "/policy");
  }

  // A deployed implementation's answer (informative; fixtures/FORMAT.md "peers").
  void peer_answer(const json& e, const std::string& ptr) {
    if (!e.is_object()) return fail(ptr, "expected a peer answer object");
    member(e, ptr, "peer", true, json::value_t::string, "a string");
    member(e, ptr, "version", false, json::value_t::string, "a string");
    member(e, ptr, "profile", false, json::value_t::string, "a string");
    const json* answer = member(e, ptr, "answer", false, json::value_t::object, "an object");
    const json* says = member(e, ptr, "says", false, json::value_t::string, "a string");
    if (!answer && !says) fail(ptr, "a peer answer gives \"answer\" or \"says\"");
  }

  void failure_entry(const json& e, const std::string& ptr) {
    if (!e.is_object()) return fail(ptr, "expected a failed fetch object");
    member(e, ptr, "domain", true, json::value_t::string, "a string");
    member(e, ptr, "id", true, json::value_t::string, "a string");
    if (const json* a = member(e, ptr, "at", true, json::value_t::discarded, "a time"))
      time_value(*a, ptr + "/at");
  }

 private:
  std::string file_;
  std::vector<fixture_error>& errors_;
  std::size_t expanded_bytes_ = 0;  // every byte value of the file, expanded
};

std::vector<std::string> strings_of(const json& t, const char* key) {
  std::vector<std::string> out;
  if (t.contains(key) && t[key].is_array()) {
    for (const json& v : t[key]) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

// What every test must say about itself: id, name, level, result, requirements, flags
// (defined in the file's notes), capabilities.
void read_test_header(checker& c, const json& t, const std::string& tp, const json* notes,
                      test_case& tc) {
  if (const json* id = c.member(t, tp, "tcId", true, json::value_t::number_integer,
                                "an integer from 1 to " + std::to_string(max_tc_id))) {
    if (id->is_number_unsigned() && id->get<std::uint64_t>() >= 1 &&
        id->get<std::uint64_t>() <= static_cast<std::uint64_t>(max_tc_id)) {
      tc.tc_id = id->get<std::int64_t>();
    } else {
      c.fail(tp + "/tcId", "expected an integer from 1 to " + std::to_string(max_tc_id));
    }
  }
  if (const json* n = c.member(t, tp, "name", true, json::value_t::string, "a string"))
    tc.name = n->get<std::string>();
  if (const auto level = c.word(t, tp, "level", true, test_levels)) tc.level = *level;
  if (const auto result = c.word(t, tp, "result", true, expected_results)) tc.result = *result;
  c.member(t, tp, "requirements", true, json::value_t::array, "an array of requirement ids");
  tc.requirements = strings_of(t, "requirements");
  if (tc.requirements.empty()) c.fail(tp + "/requirements", "expected at least one requirement id");
  tc.flags = strings_of(t, "flags");
  for (const std::string& f : tc.flags) {
    if (!notes || !notes->contains(f))
      c.fail(tp + "/flags", "flag \"" + f + "\" is not defined in /notes");
  }
  if (tc.result == expected_result::acceptable && tc.flags.empty())
    c.fail(tp + "/flags", "an acceptable test names the ambiguity it depends on in flags");
  c.member(t, tp, "requires", true, json::value_t::array, "an array of capabilities");
  for (const std::string& cap : strings_of(t, "requires")) {
    if (const auto known = capabilities.from(cap)) {
      tc.requires_caps.push_back(*known);
    } else {
      c.fail(tp + "/requires", "unknown capability \"" + cap + "\"");
    }
  }
}

// One test: its header, the world before it, and its steps.
std::optional<test_case> read_test(checker& c, const json& t, const std::string& tp,
                                   const json* notes, const std::string& path) {
  if (!t.is_object()) {
    c.fail(tp, "expected a test object");
    return std::nullopt;
  }
  test_case tc;
  tc.file = path;
  tc.pointer = tp;
  tc.body = t;
  read_test_header(c, t, tp, notes, tc);
  c.member(t, tp, "domain", false, json::value_t::string, "a string");
  c.each(t, tp, "cache_before", &checker::cache_entry);
  c.each(t, tp, "failures_before", &checker::failure_entry);
  c.each(t, tp, "peers", &checker::peer_answer);
  if (const json* steps =
          c.member(t, tp, "steps", true, json::value_t::array, "an array of steps")) {
    if (steps->empty()) c.fail(tp + "/steps", "expected at least one step");
    for (std::size_t s = 0; s < steps->size(); ++s) {
      if (const auto action = c.step((*steps)[s], index_pointer(tp + "/steps", s)))
        tc.actions.push_back(*action);
    }
  }
  tc.presents_chain = presents_chain(t);
  return tc;
}

// Level-D2 tests get their chains as PEM (test_pki.h) once, at load, so every subject of a
// run is served the same bytes. A missing certificate file drops the file like any error.
void present_file_chains(load_result& out) {
  const bool any = std::any_of(out.file.tests.begin(), out.file.tests.end(),
                               [](const test_case& t) { return t.presents_chain; });
  if (!any) return;
  try {
    const test_pki pki(certs_dir_for(out.file.path));
    for (test_case& t : out.file.tests) {
      if (t.presents_chain) present_chains(t.body, pki);
    }
  } catch (const std::exception& e) {
    out.errors.push_back(fixture_error{out.file.path, "/", std::string("tls.chain: ") + e.what()});
    out.file.tests.clear();
  }
}

}  // namespace

load_result load_fixture_file(const std::string& path) {
  std::string error;
  const std::optional<std::string> text = read_text_file(path, max_fixture_file_bytes, error);
  if (!text) {
    load_result out;
    out.file.path = path;
    out.errors.push_back(fixture_error{path, "/", error});
    return out;
  }
  load_result out = load_fixture_text(*text, path);
  present_file_chains(out);
  return out;
}

load_result load_fixture_text(std::string_view text, const std::string& path) {
  load_result out;
  out.file.path = path;
  checker c(path, out.errors);
  observation::json_read read = observation::read_json(
      text, {observation::max_json_depth, observation::max_json_values, max_fixture_file_bytes});
  if (!read.document) {
    c.fail("", read.error);
    return out;
  }
  const json& doc = *read.document;
  if (!doc.is_object()) {
    c.fail("", "expected an object");
    return out;
  }
  const json* schema =
      c.member(doc, "", "schema", true, json::value_t::string, "\"mtasts-fixture/1\"");
  if (schema && schema->get<std::string>() != "mtasts-fixture/1") {
    c.fail("/schema", "unsupported schema \"" + schema->get<std::string>() +
                          "\" (this runner reads mtasts-fixture/1)");
    return out;
  }
  if (const json* suite = c.member(doc, "", "suite", true, json::value_t::string, "a string")) {
    out.file.suite = suite->get<std::string>();
  }
  const json* count = c.member(doc, "", "numberOfTests", true, json::value_t::number_integer,
                               "a non-negative integer");
  if (count && !count->is_number_unsigned()) {
    c.fail("/numberOfTests", "expected a non-negative integer");
    count = nullptr;
  }
  const json* notes =
      c.member(doc, "", "notes", false, json::value_t::object, "an object of flags");
  if (notes) out.file.notes = *notes;
  const json* groups = c.member(doc, "", "testGroups", true, json::value_t::array, "an array");
  if (!groups) return out;

  std::set<std::int64_t> ids;
  for (std::size_t g = 0; g < groups->size(); ++g) {
    const std::string gp = index_pointer("/testGroups", g);
    const json* tests = c.member((*groups)[g], gp, "tests", true, json::value_t::array, "an array");
    if (!tests) continue;
    for (std::size_t i = 0; i < tests->size(); ++i) {
      const std::string tp = index_pointer(gp + "/tests", i);
      std::optional<test_case> tc = read_test(c, (*tests)[i], tp, notes, path);
      if (!tc) continue;
      if (!ids.insert(tc->tc_id).second)
        c.fail(tp + "/tcId", "duplicate tcId " + std::to_string(tc->tc_id));
      out.file.tests.push_back(std::move(*tc));
    }
  }
  if (count && count->get<std::size_t>() != out.file.tests.size()) {
    c.fail("/numberOfTests", "says " + std::to_string(count->get<std::size_t>()) +
                                 " but the file has " + std::to_string(out.file.tests.size()) +
                                 " tests");
  }
  if (!out.errors.empty()) out.file.tests.clear();
  return out;
}

std::vector<std::string> find_fixture_files(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (const auto& entry : fs::recursive_directory_iterator(p, ec)) {
        if (!entry.is_regular_file()) continue;
        const fs::path& f = entry.path();
        if (f.extension() != ".json" || f.filename().string().find("_test") == std::string::npos)
          continue;
        out.push_back(f.string());
      }
    } else {
      out.push_back(p);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace mtasts::conformance
