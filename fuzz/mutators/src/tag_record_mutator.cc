// SPDX-License-Identifier: Apache-2.0
#include "fuzz_mutators/tag_record_mutator.h"

#include <utility>

#include "fuzz_mutators/interesting_values.h"
#include "fuzz_mutators/near_miss.h"

namespace mtasts_fuzz::mutators {

namespace {

// Relative frequency of each operator (tag_operator order): value replacement most often (it
// keeps the record's shape and reaches the per-field boundaries), growth to a size boundary
// rarely (one boundary-sized input in the corpus is enough).
constexpr unsigned operator_weights[tag_operator_count] = {8, 8, 4, 8, 20, 8, 8, 4, 1};

// Sizes around which a TXT record's handling changes: one DNS character-string (255), the
// fuzz targets' max_len (512, 1024).
constexpr std::size_t size_boundaries[] = {255, 256, 511, 512, 1023, 1024};

// Above this size an input stops growing by duplication and growth, and loses units more
// often: libFuzzer applies no length control of its own to a custom mutator's output, and
// the targets' cost per execution grows with the input.
constexpr std::size_t crowded_size = 160;

std::ptrdiff_t at(std::size_t i) { return static_cast<std::ptrdiff_t>(i); }

// A field index other than the version when there is one (the version is usually first).
std::size_t pick_body_field(const tag_record& record, rng& random) {
  const std::size_t n = record.fields.size();
  if (n >= 2 && !random.one_in(4)) return 1 + random.below(n - 1);
  return random.below(n);
}

}  // namespace

std::string_view tag_record_mutator::minimal_record() const noexcept {
  return grammar_ == grammar::tlsrpt ? std::string_view("v=TLSRPTv1; rua=mailto:t@example.com")
                                     : std::string_view("v=STSv1; id=1");
}

bool tag_record_mutator::duplicate_field(tag_record& record, mutation_context& ctx) const {
  if (record.fields.empty()) return false;
  const std::size_t n = record.fields.size();
  tag_field copy = record.fields[pick_body_field(record, ctx.random)];
  const std::size_t to = ctx.random.below(n + 1);
  if (to < n && copy.sep.find(';') == std::string::npos) copy.sep = "; ";
  record.fields.insert(record.fields.begin() + at(to), std::move(copy));
  restore_separators(record);
  return true;
}

bool tag_record_mutator::delete_field(tag_record& record, mutation_context& ctx) const {
  if (record.fields.size() < 2) return false;
  const std::size_t i = ctx.random.below(record.fields.size());
  const bool last = i + 1 == record.fields.size();
  const std::string sep = record.fields[i].sep;
  record.fields.erase(record.fields.begin() + at(i));
  // Removing the last field: the new last one keeps the old end of the record.
  if (last) record.fields.back().sep = sep;
  restore_separators(record);
  return true;
}

bool tag_record_mutator::swap_fields(tag_record& record, mutation_context& ctx) const {
  const std::size_t n = record.fields.size();
  if (n < 2) return false;
  const std::size_t i = ctx.random.below(n);
  std::size_t j = ctx.random.below(n - 1);
  if (j >= i) ++j;
  tag_field& a = record.fields[i];
  tag_field& b = record.fields[j];
  if (a.name == b.name && a.value == b.value && a.eq == b.eq) return false;
  std::swap(a, b);
  std::swap(a.sep, b.sep);  // separators stay in place
  return true;
}

bool tag_record_mutator::replace_name(tag_record& record, mutation_context& ctx) const {
  if (record.fields.empty()) return false;
  tag_field& f = record.fields[ctx.random.below(record.fields.size())];
  std::string name = replacement_name(grammar_, f.name, ctx.random);
  if (name == f.name) name = one_char_off(f.name, ctx.random);
  if (name == f.name) return false;
  f.name = std::move(name);
  f.eq = "=";
  return true;
}

bool tag_record_mutator::replace_value(tag_record& record, mutation_context& ctx) const {
  if (record.fields.empty()) return false;
  tag_field& f = record.fields[pick_body_field(record, ctx.random)];
  const std::span<const std::string> values = interesting_values(grammar_, f.name);
  std::string value = values[ctx.random.below(values.size())];
  // A URI list grows by one element part of the time.
  if (grammar_ == grammar::tlsrpt && f.name == "rua" && !f.value.empty() && ctx.random.one_in(4))
    value = f.value + (ctx.random.one_in(2) ? "," : " , ") + value;
  if (value == f.value && f.eq == "=") return false;
  f.value = std::move(value);
  f.eq = "=";
  return true;
}

bool tag_record_mutator::change_separator(tag_record& record, mutation_context& ctx) const {
  if (record.fields.empty()) return false;
  switch (ctx.random.below(4)) {
    case 0: {  // the final terminator: present <-> absent
      std::string& sep = record.fields.back().sep;
      sep = sep.empty() ? std::string(ctx.random.one_in(2) ? ";" : "; ") : std::string();
      return true;
    }
    case 1: {  // a byte order mark before the first field
      std::string& lead = record.fields.front().lead;
      if (lead.starts_with(utf8_bom))
        lead.erase(0, utf8_bom.size());
      else
        lead.insert(0, utf8_bom);
      return true;
    }
    default: {  // one separator from the table
      std::string& sep = record.fields[ctx.random.below(record.fields.size())].sep;
      const std::span<const std::string_view> seps = tag_separators();
      const std::string_view next = seps[ctx.random.below(seps.size())];
      if (sep == next) return false;
      sep = next;
      return true;
    }
  }
}

bool tag_record_mutator::insert_whitespace(tag_record& record, mutation_context& ctx) const {
  if (record.fields.empty()) return false;
  tag_field& f = record.fields[ctx.random.below(record.fields.size())];
  const std::span<const std::string_view> runs = whitespace_runs();
  // SP and HTAB (the grammar's WSP) half of the time, any run otherwise.
  const std::string_view ws =
      runs[ctx.random.one_in(2) ? ctx.random.below(2) : ctx.random.below(runs.size())];
  switch (ctx.random.below(5)) {
    case 0:
      f.lead.insert(0, ws);
      break;
    case 1:
      f.name += ws;
      break;  // before '='
    case 2:
      f.value.insert(0, ws);
      break;  // after '='
    case 3:
      f.trail += ws;
      break;  // after the value
    default:
      f.sep.insert(f.sep.empty() ? 0 : 1, ws);  // after ';'
  }
  return true;
}

bool tag_record_mutator::splice_field(tag_record& record, mutation_context& ctx) const {
  if (ctx.partner.empty()) return false;
  const tag_record other = split_tag_record(ctx.partner);
  if (other.fields.empty()) return false;
  tag_field donor = other.fields[ctx.random.below(other.fields.size())];
  if (record.fields.empty() || ctx.random.one_in(2)) {
    const std::size_t to = ctx.random.below(record.fields.size() + 1);
    if (to < record.fields.size() && donor.sep.find(';') == std::string::npos) donor.sep = "; ";
    record.fields.insert(record.fields.begin() + at(to), std::move(donor));
  } else {
    tag_field& f = record.fields[ctx.random.below(record.fields.size())];
    donor.sep = f.sep;
    if (donor == f) return false;
    f = std::move(donor);
  }
  restore_separators(record);
  return true;
}

bool tag_record_mutator::grow_to_boundary(tag_record& record, mutation_context& ctx) const {
  if (record.fields.empty()) return false;
  const std::size_t size = record.size();
  const std::size_t target = pick_size_target(size_boundaries, size, ctx.max_size, ctx.random);
  if (target == 0) return false;
  const std::size_t i = pick_body_field(record, ctx.random);
  tag_field unit = record.fields[i];
  if (unit.sep.find(';') == std::string::npos) unit.sep = "; ";
  const std::size_t count = (target - size) / unit.size();
  record.fields.insert(record.fields.begin() + at(i), count, unit);
  // The last copy (or the field itself) takes up the bytes a whole copy would not.
  const std::size_t rest = target - record.size();
  tag_field& padded = record.fields[count == 0 ? i : i + count - 1];
  padded.value.append(rest, padded.value.empty() ? 'a' : padded.value.back());
  return true;
}

bool tag_record_mutator::apply(tag_operator op, tag_record& record, mutation_context& ctx) const {
  if (record.fields.empty() && op != tag_operator::splice_field) {
    record = split_tag_record(minimal_record());
    return true;
  }
  switch (op) {
    case tag_operator::duplicate_field:
      return duplicate_field(record, ctx);
    case tag_operator::delete_field:
      return delete_field(record, ctx);
    case tag_operator::swap_fields:
      return swap_fields(record, ctx);
    case tag_operator::replace_name:
      return replace_name(record, ctx);
    case tag_operator::replace_value:
      return replace_value(record, ctx);
    case tag_operator::change_separator:
      return change_separator(record, ctx);
    case tag_operator::insert_whitespace:
      return insert_whitespace(record, ctx);
    case tag_operator::splice_field:
      return splice_field(record, ctx);
    case tag_operator::grow_to_boundary:
      return grow_to_boundary(record, ctx);
  }
  return false;
}

std::string tag_record_mutator::mutate(std::string_view input, std::size_t max_size, rng& random,
                                       std::string_view partner) const {
  unsigned weights[tag_operator_count];
  for (std::size_t k = 0; k < tag_operator_count; ++k) weights[k] = operator_weights[k];
  if (partner.empty()) weights[static_cast<std::size_t>(tag_operator::splice_field)] = 0;
  if (input.size() > crowded_size) {
    weights[static_cast<std::size_t>(tag_operator::duplicate_field)] = 2;
    weights[static_cast<std::size_t>(tag_operator::delete_field)] = 16;
    weights[static_cast<std::size_t>(tag_operator::grow_to_boundary)] = 0;
  }
  for (int attempt = 0; attempt < 4; ++attempt) {
    tag_record record = split_tag_record(input);
    mutation_context ctx{random, max_size, partner};
    const std::size_t ops = random.one_in(4) ? 2 + random.below(2) : 1;
    bool changed = false;
    for (std::size_t k = 0; k < ops; ++k)
      changed |= apply(static_cast<tag_operator>(random.weighted(weights)), record, ctx);
    if (!changed) continue;
    std::string out = join(record);
    if (out.size() <= max_size && out != input) return out;
  }
  return std::string(input);
}

std::string tag_record_mutator::cross_over(std::string_view first, std::string_view second,
                                           std::size_t max_size, rng& random) const {
  const tag_record a = split_tag_record(first);
  const tag_record b = split_tag_record(second);
  for (int attempt = 0; attempt < 4; ++attempt) {
    tag_record out;
    if (random.one_in(2) && !b.fields.empty()) {
      // One-point crossover on fields: a head of `first`, a tail of `second`.
      const std::size_t cut_a = random.below(a.fields.size() + 1);
      const std::size_t cut_b = random.below(b.fields.size());
      out.fields.assign(a.fields.begin(), a.fields.begin() + at(cut_a));
      out.fields.insert(out.fields.end(), b.fields.begin() + at(cut_b), b.fields.end());
      restore_separators(out);
    } else {
      out = a;
      mutation_context ctx{random, max_size, second};
      if (!splice_field(out, ctx)) continue;
    }
    std::string text = join(out);
    if (!text.empty() && text.size() <= max_size && text != first) return text;
  }
  return {};
}

}  // namespace mtasts_fuzz::mutators
