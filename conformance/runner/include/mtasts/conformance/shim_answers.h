// SPDX-License-Identifier: Apache-2.0
// The runner's side of a D1 session (conformance/PROTOCOL.md "Level D1"): its answers to a
// shim's dns, https and smtp questions, from the world one fixture step recorded.
#pragma once

#include <string>

#include "mtasts/conformance/fixture.h"
#include "mtasts/engine/ports.h"

namespace mtasts::conformance {

// {"type": "dns", "rcode", "cname"?, "txt"?}: a TXT answer, character-strings kept split,
// bytes that are not UTF-8 as {"base64"}.
json dns_txt_answer(const engine::txt_answer& answer);

// {"type": "dns", "rcode", "addresses"?}: A/AAAA for a host the step's world serves (its
// HTTPS URLs' hosts and its MX hosts) at a documentation address; NXDOMAIN for any other.
json dns_address_answer(const json& step, const std::string& name, const std::string& rrtype);

// {"type": "https", "transport", "tls", "status", "headers", "body_base64"}; tls is
// {"verdict"}, or at level D2 {"chain_pem", "key_pem"} of the step's entry presenting it.
json https_answer(const engine::https_response& response, const json& step);

// {"type": "smtp", "starttls", "tls_failed", "tls"} (tls as above) for an MX of the step, or
// {"type": "smtp", "connect_error": true} for any other host.
json smtp_answer(const json& step, const std::string& host);

}  // namespace mtasts::conformance
