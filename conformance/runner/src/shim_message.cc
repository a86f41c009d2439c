// SPDX-License-Identifier: Apache-2.0
// One D1 shim message (see shim_message.h): every field the runner reads is type-checked
// here, so a wrongly typed message fails its test with the field named.
#include "mtasts/conformance/shim_message.h"

#include <algorithm>
#include <optional>

#include "mtasts/conformance/shim_answers.h"
#include "mtasts/conformance/world.h"
#include "mtasts/observation/printable_text.h"

namespace mtasts::conformance {
namespace {

// How much of a shim's own text (an unimplemented detail) is kept.
constexpr std::size_t max_detail_bytes = 1024;

shim_message malformed(std::string what) {
  shim_message m;
  m.kind = shim_message_kind::malformed;
  m.detail = std::move(what);
  return m;
}

// The member `key` when it is a string; nullptr when it is absent. A member of another type
// sets `error` ("/key: expected a string").
const std::string* string_member(const json& msg, const char* key, std::string& error) {
  const auto it = msg.find(key);
  if (it == msg.end()) return nullptr;
  if (!it->is_string()) {
    error = std::string("/") + key + ": expected a string";
    return nullptr;
  }
  return &it->get_ref<const std::string&>();
}

// A string member that must be there.
const std::string* required_string(const json& msg, const char* key, std::string& error) {
  const std::string* v = string_member(msg, key, error);
  if (!v && error.empty()) error = std::string("/") + key + ": missing (expected a string)";
  return v;
}

// What was asked of the world is the runner's to report (PROTOCOL.md step 4).
json with_world_questions(json obs, const step_world& world) {
  json requests = json::array();
  for (const engine::https_request& q : world.https.requests()) requests.push_back(q.url);
  obs["fetches"] = requests.size();
  obs["requests"] = std::move(requests);
  obs["queries"] = world.dns.queries();
  return obs;
}

// The runner's answer to a dns, https, smtp or clock question; `error` for a wrong field.
std::optional<json> answer_question(const std::string& type, const json& msg, step_world& world,
                                    std::string& error) {
  if (type == "dns") {
    const std::string* name = required_string(msg, "name", error);
    const std::string* rrtype = string_member(msg, "rrtype", error);
    if (!error.empty()) return std::nullopt;
    const std::string kind = rrtype ? *rrtype : "TXT";
    if (kind == "TXT") return dns_txt_answer(world.dns.query_txt(*name));
    if (kind == "A" || kind == "AAAA") return dns_address_answer(world.step, *name, kind);
    error = "/rrtype: expected TXT, A or AAAA";
    return std::nullopt;
  }
  if (type == "https") {
    const std::string* url = required_string(msg, "url", error);
    if (!url) return std::nullopt;
    engine::https_request request;
    request.url = *url;
    return https_answer(world.https.fetch(request), world.step);
  }
  if (type == "smtp") {
    const std::string* host = required_string(msg, "host", error);
    if (!host) return std::nullopt;
    return smtp_answer(world.step, *host);
  }
  if (type == "clock") return json{{"type", "clock"}, {"now", world.now}};
  error = "/type: unknown message type \"" + observation::printable_prefix(type, 100) + "\"";
  return std::nullopt;
}

}  // namespace

std::string budget_note(const shim_output_budget& budget) {
  if (budget.values > 0 && budget.bytes > 0) return {};
  return " (a test's answers hold at most " + std::to_string(max_shim_values_per_test) +
         " JSON values and " + std::to_string(max_shim_output_bytes_per_test) + " bytes together)";
}

step_world::step_world(const json& step_json, std::int64_t now_seconds)
    : step(step_json), now(now_seconds) {
  load_step_world(step, dns, https);
}

shim_message interpret_shim_message(std::string_view line, step_world& world,
                                    shim_output_budget& budget) {
  observation::json_read read = observation::read_json(
      line, {observation::max_json_depth, budget.values, max_shim_line_bytes});
  budget.values -= std::min(budget.values, read.values);
  if (!read.document) return malformed(read.error + budget_note(budget));
  json& msg = *read.document;
  if (!msg.is_object()) return malformed("expected a JSON object");
  std::string error;
  const std::string* type = required_string(msg, "type", error);
  if (!type) return malformed(error);

  shim_message out;
  if (*type == "unimplemented") {
    const std::string* detail = string_member(msg, "detail", error);
    if (!error.empty()) return malformed(error);
    out.kind = shim_message_kind::unimplemented;
    out.detail = detail ? observation::printable_prefix(*detail, max_detail_bytes)
                        : std::string("declared by the shim");
    return out;
  }
  if (*type == "result") {
    const auto obs = msg.find("observation");
    if (obs == msg.end() || !obs->is_object()) return malformed("/observation: expected an object");
    out.kind = shim_message_kind::result;
    out.observation = with_world_questions(std::move(*obs), world);
    return out;
  }
  std::optional<json> answer = answer_question(*type, msg, world, error);
  if (!answer) return malformed(error);
  out.kind = shim_message_kind::question;
  out.answer = std::move(*answer);
  return out;
}

}  // namespace mtasts::conformance
