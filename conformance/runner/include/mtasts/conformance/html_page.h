// SPDX-License-Identifier: Apache-2.0
// What the conformance pages (the matrix, the report of one run) share: escaping, the page
// frame with its inline style, the colour and symbol of each status, the legend, and a small
// inline script that measures the rendered page (tools/tests/pages/check_pages.py reads it).
// Every page is self-contained: no external fetch, every string from an index escaped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/conformance/fixture.h"

namespace mtasts::conformance {

// &, <, >, " and ' as character references: safe in text and in quoted attributes.
std::string html_escape(std::string_view text);

// What a status means for a reader; each kind has its own colour.
enum class status_kind {
  pass,             // PASS
  acceptable,       // ACCEPTABLE_PASS, ACCEPTABLE_FAIL
  accepts_invalid,  // SHOULD_HAVE_FAILED
  rejects_valid,    // SHOULD_HAVE_PASSED
  wrong_error,      // WRONG_ERROR
  crash,            // CRASH, TIMEOUT
  skipped,          // UNIMPLEMENTED, DISABLED, NOT_RUN (and any unknown status)
};

struct status_style {
  std::string_view status;  // "PASS", ...; "?" for a status no run writes
  status_kind kind;
  std::string_view code;     // the short code a cell shows
  std::string_view meaning;  // a few words for the legend and the cell's title
};

// The style of `status` (any string: an index is untrusted; unknown ones read as "?").
const status_style& style_of(std::string_view status);
// The CSS class of a kind ("k-pass", ...).
std::string_view kind_class(status_kind kind);
// Short name of a kind for headings ("accepts invalid", ...).
std::string_view kind_name(status_kind kind);
// Whether `kind` is a deviation: not conformant and not skipped.
bool is_deviation(status_kind kind);

// "<td class=...>" with the status's code and colour; the title says status and reason.
// `unexpected` outlines a cell whose status is not the one the expectations list.
std::string html_status_cell(std::string_view status, std::string_view reason = {},
                             bool unexpected = false);
// An inline badge (a <span>) of the status: code and full name.
std::string html_status_badge(std::string_view status);
// The legend: every status with its code, colour and meaning.
std::string html_legend();

// "<!DOCTYPE html>..." up to and including "<body>", with the shared style and then
// `page_style` (CSS of this page alone).
std::string html_page_begin(std::string_view title, std::string_view page_style = {});
// The self-check script, then "</body></html>".
std::string html_page_end();

// An id (and #fragment) for `name` that is safe in HTML: "t-" then its letters, digits,
// '-' and '_' with everything else as '_'; callers make repeats unique.
std::string html_anchor_id(std::string_view prefix, std::string_view name);

// "conformant/ran (rate%)" parts: the rate as a whole percentage, or -1 when nothing ran.
int rate_percent(std::uint64_t conformant, std::uint64_t ran);
// A table cell with "conformant/ran" and the rate, its background a bar of the rate.
std::string html_rate_cell(std::uint64_t conformant, std::uint64_t ran);

// The fields of an untrusted document, read safely: printable text, or a count.
std::string text_of(const json& object, const char* key, std::string fallback = {});
std::uint64_t count_of(const json& object, const char* key);
// The strings of an array member, each printable (non-strings skipped).
std::vector<std::string> strings_of(const json& object, const char* key);

}  // namespace mtasts::conformance
