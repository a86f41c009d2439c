// SPDX-License-Identifier: Apache-2.0
// Per-field tables of values worth trying: the valid forms, boundary lengths, near misses and
// forms the RFCs leave to implementations (the A-n ambiguities of docs/decisions.md). Also the
// whitespace runs, tag-record separators and line terminators the layout operators insert.
#pragma once
#include <span>
#include <string>
#include <string_view>

#include "fuzz_mutators/grammar.h"

namespace mtasts_fuzz::mutators {

// Values for the field `name` of grammar g; a name the grammar does not register gets the
// extension-value table. Compared exactly (a near-miss name such as `Mode` is an extension).
std::span<const std::string> interesting_values(grammar g, std::string_view name);

// Extension names: valid ones (1 and 32 characters, every allowed class) and invalid ones
// (33 characters, a leading '-', '_' or '.', a space, non-ASCII, empty).
std::span<const std::string> extension_names();

// Runs inserted around names and values: SP, HTAB, several of them, other controls.
std::span<const std::string_view> whitespace_runs() noexcept;

// What may follow a field of a tag record: ";" and its variants (";;", " ; ", none, ...).
std::span<const std::string_view> tag_separators() noexcept;

// Line terminators of a policy body: LF, CRLF, CR, none, and a few that are not terminators.
std::span<const std::string_view> line_terminators() noexcept;

// The UTF-8 byte order mark.
inline constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

}  // namespace mtasts_fuzz::mutators
