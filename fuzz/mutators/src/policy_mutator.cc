// SPDX-License-Identifier: Apache-2.0
#include "fuzz_mutators/policy_mutator.h"

#include <utility>
#include <vector>

#include "fuzz_mutators/grammar.h"
#include "fuzz_mutators/interesting_values.h"
#include "fuzz_mutators/near_miss.h"

namespace mtasts_fuzz::mutators {

namespace {

// Relative frequency of each operator (policy_operator order): value replacement most often,
// growth to a size boundary rarely (one boundary-sized input in the corpus is enough, and
// large inputs cost the targets the most).
constexpr unsigned operator_weights[policy_operator_count] = {8, 8, 4, 8, 20, 8, 8, 4, 1};

// Sizes around which a body's handling changes: 1 KiB and 4 KiB buffers, and the 64 KiB cap
// of RFC 8461 §3.3 that the strict parser applies.
constexpr std::size_t size_boundaries[] = {1023, 1024, 4095, 4096, 65535, 65536, 65537};

constexpr std::string_view base_terminators[] = {"\n", "\r\n", "\r"};

// Above this size an input stops growing by duplication and growth, and loses units more
// often: libFuzzer applies no length control of its own to a custom mutator's output, and
// the targets' cost per execution grows with the input.
constexpr std::size_t crowded_size = 1024;

std::ptrdiff_t at(std::size_t i) { return static_cast<std::ptrdiff_t>(i); }

// Index of a random mx line, or of any line when there is none (or one time in four).
std::size_t pick_mx_line(const policy_body& body, rng& random) {
  std::vector<std::size_t> mx;
  for (std::size_t i = 0; i < body.lines.size(); ++i)
    if (body.lines[i].name == "mx") mx.push_back(i);
  if (mx.empty() || random.one_in(4)) return random.below(body.lines.size());
  return mx[random.below(mx.size())];
}

}  // namespace

std::string_view policy_mutator::minimal_policy() noexcept {
  return "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n";
}

bool policy_mutator::duplicate_line(policy_body& body, mutation_context& ctx) const {
  if (body.lines.empty()) return false;
  const std::size_t n = body.lines.size();
  policy_line copy = body.lines[ctx.random.below(n)];
  const std::size_t to = ctx.random.below(n + 1);
  if (to < n && copy.term.empty()) copy.term = usual_terminator(body);
  body.lines.insert(body.lines.begin() + at(to), std::move(copy));
  restore_terminators(body);
  return true;
}

bool policy_mutator::delete_line(policy_body& body, mutation_context& ctx) const {
  if (body.lines.size() < 2) return false;
  const std::size_t i = ctx.random.below(body.lines.size());
  const bool last = i + 1 == body.lines.size();
  const std::string term = body.lines[i].term;
  body.lines.erase(body.lines.begin() + at(i));
  if (last) body.lines.back().term = term;  // the body keeps its ending
  restore_terminators(body);
  return true;
}

bool policy_mutator::swap_lines(policy_body& body, mutation_context& ctx) const {
  const std::size_t n = body.lines.size();
  if (n < 2) return false;
  const std::size_t i = ctx.random.below(n);
  std::size_t j = ctx.random.below(n - 1);
  if (j >= i) ++j;
  policy_line& a = body.lines[i];
  policy_line& b = body.lines[j];
  std::swap(a, b);
  std::swap(a.term, b.term);  // terminators stay in place
  if (a == b) return false;
  return true;
}

bool policy_mutator::replace_name(policy_body& body, mutation_context& ctx) const {
  if (body.lines.empty()) return false;
  policy_line& l = body.lines[ctx.random.below(body.lines.size())];
  std::string name = replacement_name(grammar::policy, l.name, ctx.random);
  if (name == l.name) name = one_char_off(l.name, ctx.random);
  if (name == l.name) return false;
  l.name = std::move(name);
  if (l.colon.empty()) {
    l.colon = ":";
    l.post_colon = " ";
  }
  return true;
}

bool policy_mutator::replace_value(policy_body& body, mutation_context& ctx) const {
  if (body.lines.empty()) return false;
  policy_line& l = body.lines[ctx.random.below(body.lines.size())];
  const std::span<const std::string> values = interesting_values(grammar::policy, l.name);
  std::string value = values[ctx.random.below(values.size())];
  if (value == l.value && !l.colon.empty()) return false;
  l.value = std::move(value);
  if (l.colon.empty()) {
    l.colon = ":";
    l.post_colon = " ";
  }
  return true;
}

bool policy_mutator::change_terminator(policy_body& body, mutation_context& ctx) const {
  if (body.lines.empty()) return false;
  switch (ctx.random.below(6)) {
    case 0: {  // every line LF, CRLF or CR
      const std::string_view term = base_terminators[ctx.random.below(3)];
      bool changed = false;
      for (std::size_t i = 0; i < body.lines.size(); ++i) {
        std::string& t = body.lines[i].term;
        if (t == term || (t.empty() && i + 1 == body.lines.size())) continue;
        t = term;
        changed = true;
      }
      return changed;
    }
    case 1: {  // the final terminator: present <-> absent
      std::string& t = body.lines.back().term;
      t = t.empty() ? std::string(usual_terminator(body)) : std::string();
      return true;
    }
    case 2:  // a byte order mark at the start
      body.bom = body.bom.empty() ? std::string(utf8_bom) : std::string();
      return true;
    case 3: {  // a blank line
      const std::size_t to = ctx.random.below(body.lines.size() + 1);
      policy_line blank;
      blank.term = usual_terminator(body);
      body.lines.insert(body.lines.begin() + at(to), std::move(blank));
      restore_terminators(body);
      return true;
    }
    default: {  // one terminator from the table
      const std::size_t i = ctx.random.below(body.lines.size());
      std::string& t = body.lines[i].term;
      const std::span<const std::string_view> terms = line_terminators();
      std::string_view next = terms[ctx.random.below(terms.size())];
      if (next.empty() && i + 1 < body.lines.size()) next = "\r";  // no merged lines
      if (t == next) return false;
      t = next;
      return true;
    }
  }
}

bool policy_mutator::insert_whitespace(policy_body& body, mutation_context& ctx) const {
  if (body.lines.empty()) return false;
  policy_line& l = body.lines[ctx.random.below(body.lines.size())];
  const std::span<const std::string_view> runs = whitespace_runs();
  const std::string_view ws =
      runs[ctx.random.one_in(2) ? ctx.random.below(2) : ctx.random.below(runs.size())];
  switch (ctx.random.below(6)) {
    case 0:
      l.lead.insert(0, ws);
      break;
    case 1:
      l.pre_colon += ws;
      break;
    case 2:
      l.post_colon += ws;
      break;
    case 3:
      l.trail += ws;
      break;
    case 4:
      l.value.insert(ctx.random.below(l.value.size() + 1), ws);
      break;
    default:  // the space after ':' removed, or doubled
      if (!l.post_colon.empty() && ctx.random.one_in(2))
        l.post_colon.clear();
      else
        l.post_colon += ws;
      break;
  }
  return true;
}

bool policy_mutator::splice_line(policy_body& body, mutation_context& ctx) const {
  if (ctx.partner.empty()) return false;
  const policy_body other = split_policy_body(ctx.partner);
  if (other.lines.empty()) return false;
  policy_line donor = other.lines[ctx.random.below(other.lines.size())];
  if (body.lines.empty() || ctx.random.one_in(2)) {
    const std::size_t to = ctx.random.below(body.lines.size() + 1);
    if (to < body.lines.size() && donor.term.empty()) donor.term = usual_terminator(body);
    body.lines.insert(body.lines.begin() + at(to), std::move(donor));
  } else {
    policy_line& l = body.lines[ctx.random.below(body.lines.size())];
    donor.term = l.term;
    if (donor == l) return false;
    l = std::move(donor);
  }
  restore_terminators(body);
  return true;
}

bool policy_mutator::grow_to_boundary(policy_body& body, mutation_context& ctx) const {
  if (body.lines.empty()) return false;
  const std::size_t size = body.size();
  const std::size_t target = pick_size_target(size_boundaries, size, ctx.max_size, ctx.random);
  if (target == 0) return false;
  const std::size_t i = pick_mx_line(body, ctx.random);
  policy_line unit = body.lines[i];
  if (unit.term.empty()) unit.term = usual_terminator(body);
  const std::size_t count = (target - size) / unit.size();
  body.lines.insert(body.lines.begin() + at(i), count, unit);
  // The bytes a whole copy would not fill go to the front of the last copy's value (a longer
  // first label for an mx line).
  const std::size_t rest = target - body.size();
  policy_line& padded = body.lines[count == 0 ? i : i + count - 1];
  padded.value.insert(0, rest, 'a');
  return true;
}

bool policy_mutator::apply(policy_operator op, policy_body& body, mutation_context& ctx) const {
  if (body.lines.empty() && op != policy_operator::splice_line) {
    const std::string bom = body.bom;
    body = split_policy_body(minimal_policy());
    body.bom = bom;
    return true;
  }
  switch (op) {
    case policy_operator::duplicate_line:
      return duplicate_line(body, ctx);
    case policy_operator::delete_line:
      return delete_line(body, ctx);
    case policy_operator::swap_lines:
      return swap_lines(body, ctx);
    case policy_operator::replace_name:
      return replace_name(body, ctx);
    case policy_operator::replace_value:
      return replace_value(body, ctx);
    case policy_operator::change_terminator:
      return change_terminator(body, ctx);
    case policy_operator::insert_whitespace:
      return insert_whitespace(body, ctx);
    case policy_operator::splice_line:
      return splice_line(body, ctx);
    case policy_operator::grow_to_boundary:
      return grow_to_boundary(body, ctx);
  }
  return false;
}

std::string policy_mutator::mutate(std::string_view input, std::size_t max_size, rng& random,
                                   std::string_view partner) const {
  unsigned weights[policy_operator_count];
  for (std::size_t k = 0; k < policy_operator_count; ++k) weights[k] = operator_weights[k];
  if (partner.empty()) weights[static_cast<std::size_t>(policy_operator::splice_line)] = 0;
  if (input.size() > crowded_size) {
    weights[static_cast<std::size_t>(policy_operator::duplicate_line)] = 2;
    weights[static_cast<std::size_t>(policy_operator::delete_line)] = 16;
    weights[static_cast<std::size_t>(policy_operator::grow_to_boundary)] = 0;
  }
  for (int attempt = 0; attempt < 4; ++attempt) {
    policy_body body = split_policy_body(input);
    mutation_context ctx{random, max_size, partner};
    const std::size_t ops = random.one_in(4) ? 2 + random.below(2) : 1;
    bool changed = false;
    for (std::size_t k = 0; k < ops; ++k)
      changed |= apply(static_cast<policy_operator>(random.weighted(weights)), body, ctx);
    if (!changed) continue;
    std::string out = join(body);
    if (out.size() <= max_size && out != input) return out;
  }
  return std::string(input);
}

std::string policy_mutator::cross_over(std::string_view first, std::string_view second,
                                       std::size_t max_size, rng& random) const {
  const policy_body a = split_policy_body(first);
  const policy_body b = split_policy_body(second);
  for (int attempt = 0; attempt < 4; ++attempt) {
    policy_body out;
    if (random.one_in(2) && !b.lines.empty()) {
      // One-point crossover on lines: a head of `first`, a tail of `second`.
      const std::size_t cut_a = random.below(a.lines.size() + 1);
      const std::size_t cut_b = random.below(b.lines.size());
      out.bom = a.bom;
      out.lines.assign(a.lines.begin(), a.lines.begin() + at(cut_a));
      out.lines.insert(out.lines.end(), b.lines.begin() + at(cut_b), b.lines.end());
      restore_terminators(out);
    } else {
      out = a;
      mutation_context ctx{random, max_size, second};
      if (!splice_line(out, ctx)) continue;
    }
    std::string text = join(out);
    if (!text.empty() && text.size() <= max_size && text != first) return text;
  }
  return {};
}

}  // namespace mtasts_fuzz::mutators
