// SPDX-License-Identifier: Apache-2.0
// The policy parser's fast line scans. Most lines are printable ASCII
// `name: value` fields; these scans recognise them with 16-byte block masks and say only
// "this line is certainly of that shape". Every other line (and every error) goes through
// the parser's exact path (next_line/parse_line in policy.cc), which stays the reference.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ascii_block.h"
#include "mx_pattern_scan.h"

namespace mtasts::detail {

// A line the exact path would accept as `name ":" *WSP value *WSP`, consulting no option.
struct plain_field {
  std::size_t end, next;  // the line's content ends at end; the next line starts at next
  std::size_t colon, value_begin, value_end;
  bool plain_mx;  // the name is "mx" and the value certainly fits sts-policy-mx-value
};

// The masks scan_plain_mx needs over a line, block by block (bit i for byte i of the line).
struct mx_line_masks {
  ldh_masks ldh{0, 0, 0};
  std::uint64_t lfs = 0;

  // Adds the block at offset k of line. (A member rather than a lambda: gcc may leave a
  // lambda out of line, and then the masks go through memory.)
  MTASTS_ALWAYS_INLINE void add(const char* line, std::size_t k) noexcept {
    const ascii_block b = ascii_block::load(line + k);
    lfs |= std::uint64_t{b.equal_mask('\n')} << k;
    ldh.dots |= std::uint64_t{b.equal_mask('.')} << k;
    ldh.hyphens |= std::uint64_t{b.equal_mask('-')} << k;
    ldh.others |= std::uint64_t{b.non_ldh_dot_mask()} << k;
  }
};

class policy_line_scanner {
 public:
  explicit policy_line_scanner(std::string_view body) noexcept : body_(body), reader_(body) {}

  [[nodiscard]] std::string_view body() const noexcept { return body_; }

  // At least window_size readable bytes that read as the body from offset at, then NULs.
  [[nodiscard]] const char* readable(std::size_t at) const noexcept { return reader_.at(at); }

  // RFC 8461 §3.2: sts-policy-term = LF / CRLF, optional after the last line. The start of
  // the next line when stop is such a terminator or the end of the body, else 0.
  [[nodiscard]] std::size_t after_terminator(std::size_t stop) const noexcept {
    if (stop == body_.size()) return stop;
    if (body_[stop] == '\n') return stop + 1;
    if (body_[stop] == '\r' && stop + 1 < body_.size() && body_[stop + 1] == '\n') return stop + 2;
    return 0;  // a tab, a bare CR, another CTL, a non-ASCII byte, trailing WSP, ...
  }

  // `mx:` *SP pattern, the pattern certainly valid and directly followed by the terminator.
  // The line's bytes are classified once from its first byte, so the block loads do not
  // wait for the count of spaces; the same masks find the spaces, the line's end and check
  // the mx grammar. The next line's start comes from the LF mask alone, a short dependency
  // chain, so the grammar checks of one line overlap the scan of the next. Written with few
  // branches: value lengths, wildcards and line endings vary from line to line.
  MTASTS_ALWAYS_INLINE bool scan_plain_mx(std::size_t begin, plain_field& out) const noexcept {
    const char* const line = readable(begin);
    if (line[0] != 'm' || line[1] != 'x' || line[2] != ':') return false;
    const std::uint32_t spaces = ascii_block::load(line).equal_mask(' ');
    // Three blocks hold most lines; a fourth only for lines of 47 bytes or more.
    mx_line_masks masks;
    masks.add(line, 0);
    masks.add(line, block_size);
    masks.add(line, 2 * block_size);
    if (masks.lfs == 0) masks.add(line, 3 * block_size);
    const ldh_masks& m = masks.ldh;
    const std::uint64_t lfs = masks.lfs;
    // sts-policy-field-delim = ":" *WSP; up to 12 spaces here (more take the exact path).
    const std::size_t value = 3 + static_cast<std::size_t>(std::countr_one(spaces >> 3));
    // RFC 8461 §3.2: sts-policy-term = LF / CRLF, optional after the last line. The value
    // ends at the line's terminator, or (no LF in the window) at the end of the body.
    std::size_t end, next;
    if (lfs != 0) {
      const std::size_t lf = first_bit(lfs);  // >= 3: "mx:" comes first
      end = lf - (line[lf - 1] == '\r' ? 1 : 0);
      next = begin + lf + 1;
    } else {
      end = body_.size() - begin;  // a longer line takes the exact path
      next = body_.size();
      if (end >= window_size) return false;
    }
    // A "*" is the one byte other than LDH or "." in the value before its Domain.
    const bool wildcard = line[value] == '*';
    const std::size_t domain = value + (wildcard ? 2 : 0);  // the bit where the Domain starts
    // A non-empty Domain; a "*" followed by "." and a Domain; many spaces take the exact path.
    const bool shaped = value < block_size && end > domain && (!wildcard || line[value + 1] == '.');
    // Every byte of [domain, end) is LDH or "." and forms RFC 5321 labels: a CR before the
    // LF that is not its CRLF, a tab or trailing SP, a NUL, ... all fail here.
    if (!shaped || !is_plain_domain(m, domain, end)) return false;  // the exact path says why
    out = plain_field{begin + end, next, begin + 2, begin + value, begin + end, true};
    return true;
  }

  // Any other plain field: printable ASCII (%x20-7E) up to the terminator, a valid name
  // directly followed by ":", and a non-empty value.
  bool scan_plain_field(std::size_t begin, plain_field& out) const noexcept {
    // RFC 8461 §3.2: sts-policy-ext-name = alphanum *31(alphanum / "_" / "-" / "."),
    // directly followed by ":". Checked here on the first block, so for names of at most
    // 15 characters (longer ones take the exact path); this also rules out leading WSP.
    const ascii_block first = ascii_block::load(readable(begin));
    const std::uint32_t colons = first.equal_mask(':');
    if (colons == 0) return false;
    const std::size_t name_size = first_bit(colons);
    const std::uint32_t non_ldh_dot = first.non_ldh_dot_mask();
    const std::uint32_t non_name = non_ldh_dot & ~first.equal_mask('_');
    const std::uint32_t non_alnum = non_ldh_dot | first.equal_mask('.') | first.equal_mask('-');
    if ((non_name & low_bits(name_size)) != 0 || (non_alnum & 1) != 0) return false;
    // The end of the line: the first byte outside %x20-7E (NUL padding past the end of the
    // body is one too).
    std::size_t stop = begin;
    std::uint32_t ends = first.non_plain_mask();
    while (ends == 0) {
      stop += block_size;
      ends = ascii_block::load(readable(stop)).non_plain_mask();
    }
    stop += first_bit(ends);
    const std::size_t next = after_terminator(stop);
    const std::size_t colon = begin + name_size;
    if (next == 0 || colon >= stop) return false;
    // sts-policy-field-delim = ":" *WSP; the value is what lies between WSP runs.
    std::size_t value_begin = colon + 1, value_end = stop;
    while (value_begin < stop && body_[value_begin] == ' ') ++value_begin;
    while (value_end > value_begin && body_[value_end - 1] == ' ') --value_end;
    if (value_begin == value_end) return false;
    out = plain_field{stop, next, colon, value_begin, value_end, false};
    return true;
  }

 private:
  std::string_view body_;
  padded_reader<window_size> reader_;
};

}  // namespace mtasts::detail
