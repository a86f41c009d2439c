// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the MTA-STS policy file (RFC 8461 §3.2). Input: the body bytes.
//
// Oracles, for strict and for every relaxation set:
//  - is_valid_policy == parse_policy().ok();
//  - error invariants (registered token in the POLICY_/MX_PATTERN_ groups, offset inside the
//    body, line/column recomputed); never POLICY_STORAGE_EXHAUSTED from the owning API;
//  - the view API (caller storage) agrees with the owning API: with ample storage it gives
//    the same error or the same fields (to_policy); with exactly the needed storage it
//    succeeds; one slot fewer for mx or extensions gives POLICY_STORAGE_EXHAUSTED;
//  - accepted: version STSv1, mode/mx rule, every mx a valid pattern, views inside the body,
//    output no larger than the input, registered-name extensions carry invalid values,
//    and serialize → parse is a fixed point with LF and with CRLF endings;
//  - strict ⊆ each relaxation with identical fields;
//  - LF-only body and its CRLF twin: same verdict, fields and error token;
//  - max_size: a cap of exactly the body size changes nothing; one byte less → TOO_LARGE;
//  - parse_policy, which reads the typical lines of a body in one pass first
//    (parser/src/typical_policy.h), gives exactly what the exact line-by-line path alone
//    gives (detail::parse_policy_exact), with ample storage and with one mx slot fewer,
//    under every option set (peers included);
// Peer profiles (behaviours) get the generic invariants only; diagnose_policy is
// fuzz_policy_diagnosis's. Under a fuzzing engine each input
// runs strict, the lenient set and one more option set (mtasts_fuzz::runs_set); the replay main
// runs them all.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "mtasts/testing/typical_shortcut_check.h"
#include "policy_option_sets.h"

MTASTS_FUZZ_HARNESS_BEGIN

namespace {

using mtasts::error_code;
using mtasts_fuzz::check_error;
using mtasts_fuzz::within;
using mtasts_fuzz::policy_sets::kind;
using mtasts_fuzz::policy_sets::option_set;
using mtasts_fuzz::policy_sets::option_sets;

constexpr std::size_t kMaxInput = 66000;  // a little over the 64 KiB default cap

std::size_t line_upper_bound(std::string_view body) {
  std::size_t n = 1;
  for (char c : body) n += (c == '\n' || c == '\r') ? 1 : 0;
  return n;
}

bool is_max_age(std::string_view v) {
  if (v.empty() || v.size() > 10) return false;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool is_mode(std::string_view v) { return v == "enforce" || v == "testing" || v == "none"; }

mtasts::result<mtasts::policy_view> parse_view(std::string_view body, std::size_t mx_slots,
                                               std::size_t ext_slots,
                                               const mtasts::policy_options& options,
                                               std::vector<std::string_view>& mx,
                                               std::vector<mtasts::extension>& ext) {
  mx.assign(mx_slots, {});
  ext.assign(ext_slots, {});
  return mtasts::parse_policy(body, mtasts::policy_storage{mx, ext}, options);
}

// RFC shape of an accepted policy under strict or a relaxation (or allow_mx_trailing_dot).
void check_shape(const mtasts::policy& p, const mtasts::policy_options& options) {
  MTASTS_FUZZ_CHECK(p.mode == mtasts::policy_mode::none || !p.mx.empty(), "mx rule");
  if (options.max_age_over_ceiling != mtasts::max_age_ceiling::accept) {
    MTASTS_FUZZ_CHECK(p.max_age <= mtasts::max_age_ceiling_seconds, "max_age ceiling");
  }
  for (const std::string& mx : p.mx) {
    MTASTS_FUZZ_CHECK(mtasts::parse_mx_pattern(mx, options.allow_mx_trailing_dot).ok(), mx);
  }
  for (const auto& [name, value] : p.extensions) {
    // a registered name appears among the extensions only with a value its rule rejects.
    if (name == "version") MTASTS_FUZZ_CHECK(value != "STSv1", value);
    if (name == "mode") MTASTS_FUZZ_CHECK(!is_mode(value), value);
    if (name == "max_age") MTASTS_FUZZ_CHECK(!is_max_age(value), value);
    if (name == "mx") {
      MTASTS_FUZZ_CHECK(!mtasts::parse_mx_pattern(value, options.allow_mx_trailing_dot).ok(),
                        value);
    }
  }
}

// What must hold of any option set. rfc_shape adds the checks that hold for strict, the
// relaxations and allow_mx_trailing_dot: field values fit their rules, A-4, and the serialize
// fixed point.
mtasts::result<mtasts::policy> check_policy(std::string_view body,
                                            const mtasts::policy_options& options, bool rfc_shape) {
  mtasts::result<mtasts::policy> r = mtasts::parse_policy(body, options);
  {
    const std::size_t ample = line_upper_bound(body);
    std::string diff = mtasts::test_support::typical_vs_exact(body, options, ample, ample);
    MTASTS_FUZZ_CHECK(diff.empty(), diff);
    if (r.ok() && !r.value().mx.empty()) {
      diff = mtasts::test_support::typical_vs_exact(body, options, r.value().mx.size() - 1, ample);
      MTASTS_FUZZ_CHECK(diff.empty(), diff);
    }
  }
  MTASTS_FUZZ_CHECK(mtasts::is_valid_policy(body, options) == r.ok(), "is_valid vs parse");
  std::vector<std::string_view> mx_storage;
  std::vector<mtasts::extension> ext_storage;
  const std::size_t ample = line_upper_bound(body);

  if (!r.ok()) {
    const mtasts::parse_error& e = r.error();
    check_error(e, body, {"POLICY_", "MX_PATTERN_"});
    MTASTS_FUZZ_CHECK(e.code != error_code::POLICY_STORAGE_EXHAUSTED, "owning API exhausted");
    if (e.code == error_code::POLICY_TOO_LARGE) {
      MTASTS_FUZZ_CHECK(body.size() > options.max_size, "TOO_LARGE under the cap");
    }
    const mtasts::result<mtasts::policy_view> v =
        parse_view(body, ample, ample, options, mx_storage, ext_storage);
    MTASTS_FUZZ_CHECK(!v.ok(), "view API accepts what the owning API rejects");
    MTASTS_FUZZ_CHECK(v.error() == e,
                      mtasts_fuzz::describe(v.error()) + " vs " + mtasts_fuzz::describe(e));
    return r;
  }

  const mtasts::policy& p = r.value();
  MTASTS_FUZZ_CHECK(p.version == "STSv1", p.version);
  {
    std::size_t total = p.version.size();
    for (const std::string& mx : p.mx) total += mx.size();
    for (const auto& [name, value] : p.extensions) total += name.size() + value.size();
    MTASTS_FUZZ_CHECK(total <= body.size(), "output larger than input");
  }
  if (rfc_shape) check_shape(p, options);

  // View API with exactly the storage the owning API needed.
  const std::size_t m = p.mx.size(), x = p.extensions.size();
  {
    const mtasts::result<mtasts::policy_view> v =
        parse_view(body, m, x, options, mx_storage, ext_storage);
    MTASTS_FUZZ_CHECK(v.ok(), "view API with exact storage fails");
    MTASTS_FUZZ_CHECK(mtasts::to_policy(v.value()) == p, "view and owning API disagree");
    const mtasts::policy_view& pv = v.value();
    MTASTS_FUZZ_CHECK(within(pv.version, body), "version view");
    std::size_t total = pv.version.size();
    for (std::string_view s : pv.mx) {
      MTASTS_FUZZ_CHECK(within(s, body), "mx view");
      total += s.size();
    }
    for (const mtasts::extension& e : pv.extensions) {
      MTASTS_FUZZ_CHECK(within(e.name, body) && within(e.value, body), "extension view");
      total += e.name.size() + e.value.size();
    }
    MTASTS_FUZZ_CHECK(total <= body.size(), "output larger than input");
  }
  if (m > 0) {
    const mtasts::result<mtasts::policy_view> v =
        parse_view(body, m - 1, x, options, mx_storage, ext_storage);
    MTASTS_FUZZ_CHECK(!v.ok() && v.error().code == error_code::POLICY_STORAGE_EXHAUSTED,
                      "mx storage one short");
    check_error(v.error(), body, {"POLICY_STORAGE_EXHAUSTED"});
  }
  if (x > 0) {
    const mtasts::result<mtasts::policy_view> v =
        parse_view(body, m, x - 1, options, mx_storage, ext_storage);
    MTASTS_FUZZ_CHECK(!v.ok() && v.error().code == error_code::POLICY_STORAGE_EXHAUSTED,
                      "extension storage one short");
    check_error(v.error(), body, {"POLICY_STORAGE_EXHAUSTED"});
  }
  {
    const mtasts::result<mtasts::policy_view> v =
        parse_view(body, ample, ample, options, mx_storage, ext_storage);
    MTASTS_FUZZ_CHECK(v.ok() && mtasts::to_policy(v.value()) == p, "ample storage");
  }

  if (!rfc_shape) return r;
  // serialize → parse is a fixed point, with either line ending.
  for (const mtasts::line_ending ending : {mtasts::line_ending::lf, mtasts::line_ending::crlf}) {
    const std::string text = mtasts::serialize(p, ending);
    if (text.size() > options.max_size) continue;
    const mtasts::result<mtasts::policy> again = mtasts::parse_policy(text, options);
    MTASTS_FUZZ_CHECK(again.ok(), again.ok() ? text : mtasts_fuzz::describe(again.error()));
    MTASTS_FUZZ_CHECK(again.value() == p, text);
    MTASTS_FUZZ_CHECK(mtasts::serialize(again.value(), ending) == text, text);
  }
  return r;
}

}  // namespace

extern "C" int MtastsFuzzVerdict(const std::uint8_t* data, std::size_t size) {
  return mtasts::is_valid_policy(mtasts_fuzz::as_view(data, size)) ? 1 : 0;
}

extern "C" const char* MtastsFuzzTokens(const std::uint8_t* data, std::size_t size) {
  const std::string_view body = mtasts_fuzz::as_view(data, size);
  mtasts_fuzz::token_collector tokens;
  tokens.add(mtasts::parse_policy(body));
  for (const option_set& set : option_sets()) tokens.add(mtasts::parse_policy(body, set.options));
  return tokens.str();
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > kMaxInput) return 0;
  const std::string_view body = mtasts_fuzz::as_view(data, size);
  mtasts_fuzz::input_scope scope(body);

  const std::vector<option_set>& sets = option_sets();
  const mtasts::result<mtasts::policy> strict = check_policy(body, {}, true);
  for (std::size_t i = 0; i < sets.size(); ++i) {
    if (!mtasts_fuzz::runs_set(body, i, sets.size())) continue;
    const option_set& set = sets[i];
    const std::string name(set.name);
    const mtasts::result<mtasts::policy> r = check_policy(
        body, set.options,
        set.k == kind::relaxation || set.k == kind::same_as_strict || set.k == kind::trailing_dot);
    switch (set.k) {
      case kind::relaxation:
      case kind::same_as_strict:
        if (set.k == kind::same_as_strict) MTASTS_FUZZ_CHECK(r.ok() == strict.ok(), name);
        if (!strict.ok()) break;
        MTASTS_FUZZ_CHECK(r.ok(), name);
        MTASTS_FUZZ_CHECK(r.value() == strict.value(), name);
        break;
      case kind::trailing_dot:
        // Only a trailing-dot mx line that strict kept as an extension may move.
        if (strict.ok() && r.ok()) {
          MTASTS_FUZZ_CHECK(r.value().mx.size() >= strict.value().mx.size(), name);
        }
        break;
      case kind::rejects_only:
        // It only rejects: a numeric mx becomes an extension or an error.
        if (r.ok()) {
          MTASTS_FUZZ_CHECK(strict.ok() && r.value().mx.size() <= strict.value().mx.size(), name);
        }
        break;
      case kind::rejects_equal:
        if (r.ok()) MTASTS_FUZZ_CHECK(strict.ok() && r.value() == strict.value(), name);
        break;
      case kind::peer:
        break;
    }
  }

  // The same lines with CRLF instead of LF: same verdict, fields and error token.
  if (body.find('\r') == std::string_view::npos && body.find('\n') != std::string_view::npos) {
    std::string crlf;
    for (char c : body) {
      if (c == '\n') crlf += '\r';
      crlf += c;
    }
    if (crlf.size() <= mtasts::policy_options{}.max_size) {
      const mtasts::result<mtasts::policy> twin = mtasts::parse_policy(crlf);
      MTASTS_FUZZ_CHECK(twin.ok() == strict.ok(), crlf);
      if (strict.ok()) {
        MTASTS_FUZZ_CHECK(twin.value() == strict.value(), crlf);
      } else {
        MTASTS_FUZZ_CHECK(
            twin.error().code == strict.error().code,
            mtasts_fuzz::describe(twin.error()) + " vs " + mtasts_fuzz::describe(strict.error()));
      }
    }
  }

  // The size cap: applied before parsing, and only when exceeded.
  if (size <= mtasts::policy_options{}.max_size) {
    mtasts::policy_options exact;
    exact.max_size = size;
    const mtasts::result<mtasts::policy> capped = mtasts::parse_policy(body, exact);
    MTASTS_FUZZ_CHECK(capped.ok() == strict.ok(), "cap equal to the size changed the verdict");
    if (!strict.ok()) MTASTS_FUZZ_CHECK(capped.error() == strict.error(), "cap changed error");
    if (size > 0) {
      mtasts::policy_options below;
      below.max_size = size - 1;
      const mtasts::result<mtasts::policy> over = mtasts::parse_policy(body, below);
      MTASTS_FUZZ_CHECK(!over.ok() && over.error().code == error_code::POLICY_TOO_LARGE,
                        "body over the cap");
      check_error(over.error(), body, {"POLICY_TOO_LARGE"});
    }
  }
  return 0;
}

MTASTS_FUZZ_HARNESS_END
