// SPDX-License-Identifier: Apache-2.0
// RapidCheck generators built from the ABNF of RFC 8461 §3.1/§3.2, RFC 5321 §4.1.2 (Domain),
// RFC 8460 §3 and RFC 3986 (the rua URIs), each returning the text and the fields a correct
// parser must give for it, plus near-valid mutants. Shared by the *_properties.cc files.
//
// The draw:: helpers call operator* on generators, so they may only run inside a property or
// inside rc::gen::exec (which is how every generator here is built; shrinking still works).
#pragma once

#include <rapidcheck.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mtasts/policy.h"

namespace mtasts_props {

using field_list = std::vector<std::pair<std::string, std::string>>;

// ---- character classes and pieces --------------------------------------------------------
namespace draw {

int between(int lo, int hi);  // inclusive
bool chance(int percent);
char one_of(std::string_view chars);
std::string wsp(int max);            // *WSP: SP / HTAB
std::string ldh_label(int max_len);  // RFC 5321 sub-domain: Let-dig [Ldh-str]
std::string domain(int max_labels);  // Domain = sub-domain *("." sub-domain)
std::string ext_name();              // (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
std::string sts_id();                // 1*32(ALPHA / DIGIT)
std::string tag_value();             // 1*(%x21-3A / %x3C / %x3E-7E)
std::string policy_value();          // sts-policy-vchar *(*SP sts-policy-vchar), UTF-8 allowed

}  // namespace draw

// ---- models -------------------------------------------------------------------------------

// An _mta-sts TXT record and what parsing it must give (the first valid id; every other
// field, malformed ids included, as an extension in order).
struct txt_model {
  std::string text;
  std::string id;
  field_list extensions;
};
rc::Gen<txt_model> gen_txt_record();

// A policy body (LF, CRLF or mixed endings, optional final terminator, fields in any order,
// duplicates, extensions, malformed registered fields) and the policy it must give.
struct policy_model {
  std::string text;
  mtasts::policy expected;
};
rc::Gen<policy_model> gen_policy();

// An mx pattern: ["*."] Domain.
struct mx_model {
  std::string text;
  bool wildcard = false;
  std::string domain;
};
rc::Gen<mx_model> gen_mx_pattern();

// A valid host name (LDH labels, at most 253 octets), in mixed case.
rc::Gen<std::string> gen_host_name();

// A TLS-RPT record and what parsing it must give.
struct tlsrpt_model {
  std::string text;
  std::vector<std::string> rua;
  field_list extensions;
};
rc::Gen<tlsrpt_model> gen_tlsrpt_record();
rc::Gen<std::string> gen_rua_uri();  // a tlsrpt-uri: mailto:, https:// with reg-name or IPv6

// valid with one byte inserted, deleted or replaced (bytes weighted towards the grammar's
// delimiters, WSP, line ends, CTLs and non-ASCII).
rc::Gen<std::string> gen_mutant(std::string valid);

std::string ascii_upper(std::string_view s);

}  // namespace mtasts_props
