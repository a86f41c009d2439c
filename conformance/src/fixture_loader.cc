// Loads fixture files and checks their structure (fixtures/FORMAT.md); every problem is
// reported with the file, a JSON pointer and what was expected.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "mtasts/conformance/fixture.h"
#include "mtasts/conformance/time_format.h"

namespace mtasts::conformance {
namespace {

const std::set<std::string> known_capabilities{"parse", "match", "discover", "cache",
                                               "clock", "apply", "tlsrpt"};
const std::set<std::string> known_actions{
    "lookup",        "refresh",   "deliver",           "may_fail_permanently",
    "lookup_tlsrpt", "parse_txt", "parse_txt_records", "parse_policy",
    "parse_tlsrpt",  "match",     "cert_match"};
const std::set<std::string> known_rcodes{"NOERROR", "NXDOMAIN", "SERVFAIL", "TIMEOUT"};
const std::set<std::string> known_transports{"completed", "connect_error", "tls_error", "timeout"};
const std::set<std::string> known_verdicts{"valid", "expired", "not_yet_valid", "untrusted",
                                           "name_mismatch"};

// Standard base64 with padding (RFC 4648 §4), as the bytes rule writes it.
bool is_base64(const std::string& s) {
  if (s.size() % 4 != 0) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum || c == '+' || c == '/') continue;
    if (c == '=' && i + 2 >= s.size() && (i + 1 == s.size() || s[i + 1] == '=')) continue;
    return false;
  }
  return true;
}

class checker {
 public:
  checker(std::string file, std::vector<fixture_error>& errors)
      : file_(std::move(file)), errors_(errors) {}

  void fail(const std::string& pointer, const std::string& message) {
    errors_.push_back(fixture_error{file_, pointer.empty() ? "/" : pointer, message});
  }

  const json* member(const json& obj, const std::string& ptr, const char* key, bool required,
                     json::value_t type, const char* expected) {
    if (!obj.is_object()) return nullptr;
    const auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) fail(ptr, std::string("missing member \"") + key + "\" (" + expected + ")");
      return nullptr;
    }
    const bool ok = type == json::value_t::discarded || it->type() == type ||
                    (type == json::value_t::number_integer && it->is_number_integer());
    if (!ok) {
      fail(ptr + "/" + key, std::string("expected ") + expected);
      return nullptr;
    }
    return &*it;
  }

  void time_value(const json& v, const std::string& ptr) {
    // Unix seconds from 1970 to 9999: differences of two times never overflow.
    if (v.is_number_integer() && v.get<std::int64_t>() >= 0 &&
        v.get<std::int64_t>() <= 253402300799) {
      return;
    }
    if (v.is_string() && parse_rfc3339_utc(v.get<std::string>())) return;
    fail(ptr, "expected a time: Unix seconds or \"YYYY-MM-DDTHH:MM:SSZ\"");
  }

  void bytes_value(const json& v, const std::string& ptr) {
    if (v.is_string()) return;
    if (v.is_object() && v.size() == 1 && v.contains("base64") && v["base64"].is_string() &&
        is_base64(v["base64"].get_ref<const std::string&>())) {
      return;
    }
    if (v.is_object() && v.size() == 2 && v.contains("repeat") && v["repeat"].is_string() &&
        v.contains("count") && v["count"].is_number_unsigned()) {
      // Bounded, so that a fixture cannot ask for unbounded memory.
      const std::size_t unit = v["repeat"].get_ref<const std::string&>().size();
      const auto count = v["count"].get<std::uint64_t>();
      if (unit > 0 && count <= max_repeat_bytes / unit) return;
    }
    fail(ptr,
         "expected bytes: a string, {\"base64\": padded base64} or {\"repeat\": non-empty "
         "string, \"count\": n} of at most 16 MiB");
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
    if (const json* mx = member(p, ptr, "mx", true, json::value_t::array, "an array of strings")) {
      for (std::size_t i = 0; i < mx->size(); ++i) {
        if (!(*mx)[i].is_string()) fail(ptr + "/mx/" + std::to_string(i), "expected a string");
      }
    }
    if (const json* ext = member(p, ptr, "extensions", false, json::value_t::array, "an array")) {
      for (std::size_t i = 0; i < ext->size(); ++i) {
        const json& e = (*ext)[i];
        if (!e.is_array() || e.size() != 2 || !e[0].is_string() || !e[1].is_string()) {
          fail(ptr + "/extensions/" + std::to_string(i), "expected [name, value] strings");
        }
      }
    }
  }

  void step(const json& s, const std::string& ptr) {
    if (!s.is_object()) return fail(ptr, "expected a step object");
    if (const json* now = member(s, ptr, "now", true, json::value_t::discarded, "a time")) {
      time_value(*now, ptr + "/now");
    }
    const json* action = member(s, ptr, "action", true, json::value_t::string, "an action name");
    if (action && !known_actions.count(action->get<std::string>())) {
      fail(ptr + "/action", "unknown action \"" + action->get<std::string>() + "\"");
    }
    if (const json* dns = member(s, ptr, "dns", false, json::value_t::array, "an array")) {
      for (std::size_t i = 0; i < dns->size(); ++i)
        dns_entry((*dns)[i], ptr + "/dns/" + std::to_string(i));
    }
    if (const json* https = member(s, ptr, "https", false, json::value_t::array, "an array")) {
      for (std::size_t i = 0; i < https->size(); ++i)
        https_entry((*https)[i], ptr + "/https/" + std::to_string(i));
    }
    if (const json* mx = member(s, ptr, "mx", false, json::value_t::array, "an array")) {
      for (std::size_t i = 0; i < mx->size(); ++i)
        mx_entry((*mx)[i], ptr + "/mx/" + std::to_string(i));
    }
    member(s, ptr, "expect", true, json::value_t::object, "an object");
    if (const json* alt = member(s, ptr, "alternatives", false, json::value_t::array, "an array")) {
      for (std::size_t i = 0; i < alt->size(); ++i) {
        if (!(*alt)[i].is_object())
          fail(ptr + "/alternatives/" + std::to_string(i), "expected an object");
      }
    }
    if (action) action_input(action->get<std::string>(), s, ptr);
  }

  void action_input(const std::string& action, const json& s, const std::string& ptr) {
    if (action == "parse_txt" || action == "parse_policy" || action == "parse_tlsrpt") {
      if (!s.contains("input")) return fail(ptr, "missing member \"input\" (bytes)");
      bytes_value(s["input"], ptr + "/input");
    } else if (action == "parse_txt_records") {
      const json* in = member(s, ptr, "input", true, json::value_t::array, "an array of records");
      if (!in) return;
      for (std::size_t i = 0; i < in->size(); ++i) {
        const json& rec = (*in)[i];
        const std::string rp = ptr + "/input/" + std::to_string(i);
        if (rec.is_array()) {
          for (std::size_t j = 0; j < rec.size(); ++j)
            bytes_value(rec[j], rp + "/" + std::to_string(j));
        } else {
          bytes_value(rec, rp);
        }
      }
    } else if (action == "match") {
      if (const json* in =
              member(s, ptr, "input", true, json::value_t::object, "{pattern, host}")) {
        member(*in, ptr + "/input", "pattern", true, json::value_t::string, "a string");
        member(*in, ptr + "/input", "host", true, json::value_t::string, "a string");
      }
    } else if (action == "cert_match") {
      if (const json* in = member(s, ptr, "input", true, json::value_t::object, "{host, names}")) {
        member(*in, ptr + "/input", "host", true, json::value_t::string, "a string");
        if (const json* names = member(*in, ptr + "/input", "names", true, json::value_t::array,
                                       "an array of strings")) {
          for (std::size_t i = 0; i < names->size(); ++i) {
            if (!(*names)[i].is_string())
              fail(ptr + "/input/names/" + std::to_string(i), "expected a string");
          }
        }
        member(*in, ptr + "/input", "policy_host", false, json::value_t::boolean, "a boolean");
      }
    } else if (action == "may_fail_permanently") {
      member(s, ptr, "applied_id", true, json::value_t::string, "a string");
    }
  }

  void dns_entry(const json& d, const std::string& ptr) {
    if (!d.is_object()) return fail(ptr, "expected a DNS answer object");
    member(d, ptr, "name", true, json::value_t::string, "a string");
    if (const json* rc = member(d, ptr, "rcode", true, json::value_t::string, "an rcode")) {
      if (!known_rcodes.count(rc->get<std::string>()))
        fail(ptr + "/rcode", "expected NOERROR, NXDOMAIN, SERVFAIL or TIMEOUT");
    }
    member(d, ptr, "cname", false, json::value_t::string, "a string");
    if (const json* txt =
            member(d, ptr, "txt", false, json::value_t::array, "an array of records")) {
      for (std::size_t i = 0; i < txt->size(); ++i) {
        const json& rec = (*txt)[i];
        const std::string rp = ptr + "/txt/" + std::to_string(i);
        if (!rec.is_array()) {
          fail(rp, "expected an array of character-strings");
          continue;
        }
        for (std::size_t j = 0; j < rec.size(); ++j)
          bytes_value(rec[j], rp + "/" + std::to_string(j));
      }
    }
  }

  void tls_object(const json& parent, const std::string& ptr) {
    if (const json* tls = member(parent, ptr, "tls", false, json::value_t::object, "an object")) {
      if (const json* v =
              member(*tls, ptr + "/tls", "verdict", true, json::value_t::string, "a verdict")) {
        if (!known_verdicts.count(v->get<std::string>())) {
          fail(ptr + "/tls/verdict",
               "expected valid, expired, not_yet_valid, untrusted or name_mismatch");
        }
      }
    }
  }

  void https_entry(const json& h, const std::string& ptr) {
    if (!h.is_object()) return fail(ptr, "expected an HTTPS exchange object");
    member(h, ptr, "url", true, json::value_t::string, "a string");
    if (const json* t =
            member(h, ptr, "transport", false, json::value_t::string, "a transport status")) {
      if (!known_transports.count(t->get<std::string>())) {
        fail(ptr + "/transport", "expected completed, connect_error, tls_error or timeout");
      }
    }
    tls_object(h, ptr);
    if (const json* st =
            member(h, ptr, "status", false, json::value_t::number_integer, "an integer")) {
      if (st->get<std::int64_t>() < 0 || st->get<std::int64_t>() > 999)
        fail(ptr + "/status", "expected an HTTP status 0-999");
    }
    if (const json* hs =
            member(h, ptr, "headers", false, json::value_t::array, "an array of [name, value]")) {
      for (std::size_t i = 0; i < hs->size(); ++i) {
        const json& pair = (*hs)[i];
        if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
          fail(ptr + "/headers/" + std::to_string(i), "expected [name, value] strings");
        }
      }
    }
    if (h.contains("body")) bytes_value(h["body"], ptr + "/body");
  }

  void mx_entry(const json& m, const std::string& ptr) {
    if (!m.is_object()) return fail(ptr, "expected an MX observation object");
    member(m, ptr, "host", true, json::value_t::string, "a string");
    member(m, ptr, "starttls", false, json::value_t::boolean, "a boolean");
    member(m, ptr, "tls_failed", false, json::value_t::boolean, "a boolean");
    tls_object(m, ptr);
  }

  void cache_entries(const json& t, const std::string& ptr) {
    if (const json* cb = member(t, ptr, "cache_before", false, json::value_t::array, "an array")) {
      for (std::size_t i = 0; i < cb->size(); ++i) {
        const json& e = (*cb)[i];
        const std::string ep = ptr + "/cache_before/" + std::to_string(i);
        if (!e.is_object()) {
          fail(ep, "expected a cache entry object");
          continue;
        }
        member(e, ep, "domain", true, json::value_t::string, "a string");
        member(e, ep, "id", true, json::value_t::string, "a string");
        if (const json* f = member(e, ep, "fetched_at", true, json::value_t::discarded, "a time"))
          time_value(*f, ep + "/fetched_at");
        if (const json* p = member(e, ep, "policy", true, json::value_t::object, "a policy object"))
          policy_object(*p, ep + "/policy");
      }
    }
    if (const json* fb =
            member(t, ptr, "failures_before", false, json::value_t::array, "an array")) {
      for (std::size_t i = 0; i < fb->size(); ++i) {
        const json& e = (*fb)[i];
        const std::string ep = ptr + "/failures_before/" + std::to_string(i);
        member(e, ep, "domain", true, json::value_t::string, "a string");
        member(e, ep, "id", true, json::value_t::string, "a string");
        if (const json* a = member(e, ep, "at", true, json::value_t::discarded, "a time"))
          time_value(*a, ep + "/at");
      }
    }
  }

 private:
  std::string file_;
  std::vector<fixture_error>& errors_;
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

}  // namespace

load_result load_fixture_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    load_result out;
    out.file.path = path;
    out.errors.push_back(fixture_error{path, "/", "cannot read the file"});
    return out;
  }
  std::stringstream text;
  text << in.rdbuf();
  return load_fixture_text(text.str(), path);
}

load_result load_fixture_text(std::string_view text, const std::string& path) {
  load_result out;
  out.file.path = path;
  checker c(path, out.errors);
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) {
    c.fail("", "not valid JSON");
    return out;
  }
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
  const json* count =
      c.member(doc, "", "numberOfTests", true, json::value_t::number_integer, "an integer");
  const json* notes =
      c.member(doc, "", "notes", false, json::value_t::object, "an object of flags");
  const json* groups = c.member(doc, "", "testGroups", true, json::value_t::array, "an array");
  if (!groups) return out;

  std::set<int> ids;
  for (std::size_t g = 0; g < groups->size(); ++g) {
    const std::string gp = "/testGroups/" + std::to_string(g);
    const json& group = (*groups)[g];
    const json* tests = c.member(group, gp, "tests", true, json::value_t::array, "an array");
    if (!tests) continue;
    for (std::size_t i = 0; i < tests->size(); ++i) {
      const std::string tp = gp + "/tests/" + std::to_string(i);
      const json& t = (*tests)[i];
      if (!t.is_object()) {
        c.fail(tp, "expected a test object");
        continue;
      }
      test_case tc;
      tc.file = path;
      tc.pointer = tp;
      tc.body = t;
      if (const json* id =
              c.member(t, tp, "tcId", true, json::value_t::number_integer, "an integer")) {
        tc.tc_id = id->get<int>();
        if (!ids.insert(tc.tc_id).second)
          c.fail(tp + "/tcId", "duplicate tcId " + std::to_string(tc.tc_id));
      }
      if (const json* n = c.member(t, tp, "name", true, json::value_t::string, "a string"))
        tc.name = n->get<std::string>();
      if (const json* l =
              c.member(t, tp, "level", true, json::value_t::string, "MUST, SHOULD or MAY")) {
        tc.level = l->get<std::string>();
        if (tc.level != "MUST" && tc.level != "SHOULD" && tc.level != "MAY")
          c.fail(tp + "/level", "expected MUST, SHOULD or MAY");
      }
      if (const json* r = c.member(t, tp, "result", true, json::value_t::string,
                                   "valid, invalid or acceptable")) {
        tc.result = r->get<std::string>();
        if (tc.result != "valid" && tc.result != "invalid" && tc.result != "acceptable") {
          c.fail(tp + "/result", "expected valid, invalid or acceptable");
        }
      }
      c.member(t, tp, "requirements", true, json::value_t::array, "an array of requirement ids");
      tc.requirements = strings_of(t, "requirements");
      if (tc.requirements.empty())
        c.fail(tp + "/requirements", "expected at least one requirement id");
      tc.flags = strings_of(t, "flags");
      for (const std::string& f : tc.flags) {
        if (!notes || !notes->contains(f))
          c.fail(tp + "/flags", "flag \"" + f + "\" is not defined in /notes");
      }
      if (tc.result == "acceptable" && tc.flags.empty()) {
        c.fail(tp + "/flags", "an acceptable test names the ambiguity it depends on in flags");
      }
      c.member(t, tp, "requires", true, json::value_t::array, "an array of capabilities");
      tc.requires_caps = strings_of(t, "requires");
      for (const std::string& cap : tc.requires_caps) {
        if (!known_capabilities.count(cap))
          c.fail(tp + "/requires", "unknown capability \"" + cap + "\"");
      }
      c.member(t, tp, "domain", false, json::value_t::string, "a string");
      c.cache_entries(t, tp);
      if (const json* steps =
              c.member(t, tp, "steps", true, json::value_t::array, "an array of steps")) {
        if (steps->empty()) c.fail(tp + "/steps", "expected at least one step");
        for (std::size_t s = 0; s < steps->size(); ++s)
          c.step((*steps)[s], tp + "/steps/" + std::to_string(s));
      }
      out.file.tests.push_back(std::move(tc));
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
