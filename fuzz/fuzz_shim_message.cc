// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the runner's reading of D1 shim messages (conformance/PROTOCOL.md "Level
// D1", mtasts/conformance/shim_message.h): each line of the input is one message a shim
// sends during one step of a recorded world, interpreted as the session would.
//
// Oracles (abort on violation):
//  - no input throws; a line is a question, a result, unimplemented or malformed;
//  - a malformed message and an unimplemented detail carry a printable reason (valid UTF-8,
//    no control character), so it can go into every report as it is;
//  - a question's answer is an object of the question's type that dumps as strict JSON;
//  - a result's observation is an object carrying the world's view (fetches, requests,
//    queries);
//  - the test's budget of JSON values only ever decreases.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "fuzz_support.h"
#include "mtasts/conformance/shim_message.h"
#include "mtasts/utf8.h"

MTASTS_FUZZ_HARNESS_BEGIN

namespace {

using namespace mtasts::conformance;

[[noreturn]] void violated(const char* what) {
  std::fprintf(stderr, "fuzz_shim_message: oracle violated: %s\n", what);
  std::abort();
}

// One step's world with every kind of answer: a TXT record, an HTTPS response, an MX.
const json& step() {
  static const json s = json::parse(R"({"now": 1764288000, "action": "deliver", "expect": {},
    "dns": [{"name": "_mta-sts.example.com", "rcode": "NOERROR", "txt": [["v=STSv1; id=1"]]},
            {"name": "_mta-sts.other.example", "rcode": "NOERROR", "cname": "x.example"}],
    "https": [{"url": "https://mta-sts.example.com/.well-known/mta-sts.txt", "status": 200,
               "headers": [["content-type", "text/plain"]],
               "body": "version: STSv1\r\nmode: enforce\r\nmx: mx.example.com\r\nmax_age: 86400\r\n"}],
    "mx": [{"host": "mx.example.com", "tls": {"verdict": "valid"}}]})");
  return s;
}

bool printable(const std::string& s) {
  if (!mtasts::is_valid_utf8(s)) return false;
  for (const char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  step_world world(step(), step()["now"].get<std::int64_t>());
  shim_output_budget budget;
  while (!input.empty()) {
    const std::size_t nl = input.find('\n');
    const std::string_view line = input.substr(0, nl);
    input = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
    const std::size_t values_before = budget.values;
    const shim_message m = interpret_shim_message(line, world, budget);
    if (budget.values > values_before) violated("the values budget grew");
    switch (m.kind) {
      case shim_message_kind::malformed:
        if (m.detail.empty()) violated("a malformed message without a reason");
        [[fallthrough]];
      case shim_message_kind::unimplemented:
        if (!printable(m.detail)) violated("a reason that is not printable");
        break;
      case shim_message_kind::question:
        if (!m.answer.is_object() || !m.answer.contains("type")) violated("an answer without type");
        (void)m.answer.dump();  // throws on invalid UTF-8
        break;
      case shim_message_kind::result:
        if (!m.observation.is_object() || !m.observation.contains("fetches") ||
            !m.observation.contains("requests") || !m.observation.contains("queries"))
          violated("a result without the world's view");
        break;
    }
  }
  return 0;
}

// Seeds are named seed_* (no y_/n_ verdicts): every message is interpreted.
extern "C" int MtastsFuzzVerdict(const std::uint8_t* /*data*/, std::size_t /*size*/) { return 1; }

MTASTS_FUZZ_HARNESS_END
