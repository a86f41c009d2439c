// SPDX-License-Identifier: Apache-2.0
// `mtasts fuzz-diff` (see fuzz_diff_command.h).
#include "fuzz_diff_command.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>

#include "answer_compare.h"
#include "cli_error.h"
#include "data_dir.h"
#include "deviation_table.h"
#include "diff_inputs.h"
#include "fixture_questions.h"
#include "fuzz_diff_report.h"
#include "implementation.h"
#include "minimise.h"
#include "mtasts/conformance/atomic_file.h"
#include "mtasts/conformance/containment.h"
#include "question_generator.h"

namespace mtasts::cli::fuzz_diff {
namespace {

using clock = std::chrono::steady_clock;
using conformance::level_p_answer;
using conformance::level_p_input;

// The kinds of the run: those asked for (all by default) that the reference models and at
// least one implementation answers.
std::vector<question_kind> run_kinds(const fuzz_diff_request& request,
                                     const parser_profile& reference,
                                     const std::vector<std::unique_ptr<implementation>>& impls) {
  std::vector<question_kind> wanted;
  if (request.kinds.empty()) {
    wanted.assign(all_question_kinds.begin(), all_question_kinds.end());
  } else {
    for (const std::string& name : request.kinds) {
      const std::optional<question_kind> k = question_kind_from(name);
      if (!k)
        throw cli_error("--kinds: unknown kind '" + name +
                        "' (txt, txt-records, policy, tlsrpt, match, cert-match)");
      wanted.push_back(*k);
    }
  }
  // A profile check asks only what the profile claims to model: the record and policy kinds
  // it declares (the matchers follow the RFC under every profile).
  const bool profile_check = reference.name != "strict";
  std::vector<question_kind> out;
  for (question_kind k : wanted) {
    if (!profile_models(reference, k)) continue;
    if (profile_check && (k == question_kind::match || k == question_kind::cert_match)) continue;
    for (const auto& impl : impls) {
      if (impl->answers(k)) {
        out.push_back(k);
        break;
      }
    }
  }
  return out;
}

// Whether the input lies where the RFC's text leaves room: the strict answer and the lenient
// profile's (every named relaxation, docs/decisions.md) differ on it, so the implementation's
// other answer may be one of those readings rather than a plain error.
bool in_a_named_relaxation(const level_p_input& q) {
  static const parser_profile strict = *find_profile("strict");
  static const parser_profile lenient = *find_profile("lenient");
  const level_p_answer s = engine_answer(q, strict), l = engine_answer(q, lenient);
  return s.exit_code != l.exit_code;
}

class run {
 public:
  run(const fuzz_diff_request& request, const parser_profile& reference,
      std::vector<std::unique_ptr<implementation>>& impls)
      : request_(request), reference_(reference), impls_(impls) {
    summary_.seed = request.seed;
    summary_.reference = std::string(reference.name);
    for (const auto& impl : impls_) {
      implementation_summary s;
      s.name = impl->name();
      s.version = impl->version();
      summary_.implementations.push_back(std::move(s));
    }
  }

  // The fixtures' questions: every disagreement they show is known.
  void known_pass(const std::vector<fixture_question>& questions,
                  const std::vector<question_kind>& kinds) {
    for (const fixture_question& fq : questions) {
      if (std::find(kinds.begin(), kinds.end(), fq.kind) == kinds.end()) continue;
      const level_p_answer ref = engine_answer(fq.question, reference_);
      if (ref.status != conformance::level_p_status::answered) continue;
      for (std::size_t i = 0; i < impls_.size(); ++i) {
        if (!impls_[i]->answers(fq.kind)) continue;
        ++summary_.implementations[i].fixture_questions;
        const comparison c = compare(fq.kind, ref, *impls_[i], impls_[i]->ask(fq.question));
        if (c.outcome == comparison_outcome::disagree || c.outcome == comparison_outcome::failed)
          table_.add_known(impls_[i]->name(), fq.kind, c.signature,
                           c.outcome == comparison_outcome::failed, fq.test);
      }
    }
  }

  void generate(question_generator& generator, const std::vector<question_kind>& kinds) {
    summary_.kinds = kinds;
    const clock::time_point start = clock::now();
    const clock::time_point end = start + std::chrono::seconds(request_.seconds);
    clock::time_point next_progress = start + std::chrono::seconds(5);
    for (std::uint64_t n = 0;; ++n) {
      if (request_.max_inputs > 0 && n >= request_.max_inputs) break;
      if (request_.seconds > 0 && clock::now() >= end) break;
      const question_kind kind = kinds[n % kinds.size()];
      const generated_question g = generator.next(kind);
      ++summary_.origins[static_cast<std::size_t>(g.from)];
      ++summary_.inputs;
      const level_p_answer ref = engine_answer(g.question, reference_);
      for (std::size_t i = 0; i < impls_.size(); ++i) {
        if (!impls_[i]->answers(kind)) continue;
        one_question(i, kind, g, n, ref);
      }
      if (request_.progress && clock::now() >= next_progress) {
        next_progress = clock::now() + std::chrono::seconds(5);
        progress(start);
      }
    }
    summary_.seconds = std::chrono::duration<double>(clock::now() - start).count();
    for (std::size_t i = 0; i < impls_.size(); ++i) {
      summary_.implementations[i].processes = impls_[i]->processes();
      summary_.implementations[i].busy_seconds =
          std::chrono::duration<double>(impls_[i]->busy()).count();
    }
  }

  // A class documented elsewhere (a profile's generated_differences): known, from `where`.
  void add_documented(const std::string& impl, std::string_view signature,
                      const std::string& where) {
    const std::string s(signature);
    const std::string kind = s.substr(0, s.find(':'));
    table_.add_known(impl, question_kind_from(kind).value_or(question_kind::txt), s, false, where);
  }

  [[nodiscard]] const run_summary& summary() const { return summary_; }
  [[nodiscard]] const deviation_table& table() const { return table_; }

 private:
  comparison compare(question_kind kind, const level_p_answer& ref, const implementation& impl,
                     const level_p_answer& theirs) const {
    const bool strict = summary_.reference == "strict";
    return compare_answers(kind, ref.output, ref.exit_code, theirs, impl.config(),
                           {strict ? "RFC" : "profile", strict});
  }

  void one_question(std::size_t i, question_kind kind, const generated_question& g, std::uint64_t n,
                    const level_p_answer& ref) {
    implementation& impl = *impls_[i];
    kind_counts& counts = summary_.implementations[i].kinds[kind];
    ++counts.asked;
    const level_p_answer theirs = impl.ask(g.question);
    const comparison c = compare(kind, ref, impl, theirs);
    switch (c.outcome) {
      case comparison_outcome::agree:
        ++counts.agree;
        return;
      case comparison_outcome::unimplemented:
        ++counts.unimplemented;
        return;
      case comparison_outcome::failed:
        ++counts.failed;
        break;
      case comparison_outcome::disagree:
        break;
    }
    auto [cls, first] =
        table_.count(impl.name(), kind, c.signature, c.outcome == comparison_outcome::failed);
    if (c.outcome == comparison_outcome::disagree) {
      if (cls && !cls->known_from.empty())
        ++counts.known;
      else
        ++counts.fresh;
    }
    if (!first || !cls) return;
    deviation_example e;
    e.input_index = n;
    e.from = g.from;
    e.original = g.question;
    e.minimised = g.question;
    if (request_.minimise) {
      const still_disagrees keeps = [&](const level_p_input& candidate) {
        const level_p_answer r = engine_answer(candidate, reference_);
        if (r.status != conformance::level_p_status::answered) return false;
        return compare(kind, r, impl, impl.ask(candidate)).signature == c.signature;
      };
      minimised m = minimise(kind, g.question, keeps);
      e.minimised = std::move(m.question);
      e.minimise_questions = m.questions_asked;
    }
    // The answers for the minimised input, as the candidate records them.
    const level_p_answer r = engine_answer(e.minimised, reference_);
    const level_p_answer t = impl.ask(e.minimised);
    const comparison final_c = compare(kind, r, impl, t);
    e.reference_answer = r.output;
    e.implementation_answer = t.output;
    e.implementation_exit = t.exit_code;
    e.reference_says = final_c.reference_says;
    e.implementation_says = final_c.implementation_says;
    e.ambiguous = summary_.reference == "strict" && in_a_named_relaxation(e.minimised);
    cls->example = std::move(e);
  }

  void progress(clock::time_point start) const {
    const double elapsed = std::chrono::duration<double>(clock::now() - start).count();
    std::size_t fresh = 0;
    for (const deviation_class* c : table_.classes()) fresh += c->known_from.empty() ? 1 : 0;
    std::cerr << "mtasts fuzz-diff: " << summary_.inputs << " inputs ("
              << static_cast<long>(static_cast<double>(summary_.inputs) / std::max(elapsed, 0.001))
              << "/s), " << fresh << " new classes";
    if (request_.seconds > 0)
      std::cerr << ", " << static_cast<long>(std::max(0.0, request_.seconds - elapsed))
                << " s left";
    else if (request_.max_inputs > 0)
      std::cerr << ", " << (100 * summary_.inputs / request_.max_inputs) << "%";
    std::cerr << "\n";
  }

  const fuzz_diff_request& request_;
  const parser_profile& reference_;
  std::vector<std::unique_ptr<implementation>>& impls_;
  run_summary summary_;
  deviation_table table_;
};

void write_or_throw(const std::string& path, const std::string& content) {
  if (const std::optional<std::string> error = conformance::write_file_atomically(path, content))
    throw cli_error(*error);
}

}  // namespace

int run_fuzz_diff(const fuzz_diff_request& request) {
  if (request.seconds == 0 && request.max_inputs == 0)
    throw cli_error("give --seconds N or --max-inputs N (or both): a run needs a bound");
  const std::optional<parser_profile> reference = find_profile(request.profile);
  if (!reference)
    throw cli_error("--profile: unknown profile '" + request.profile + "' (see `mtasts profiles`)");
  for (const std::string& path : {request.json_file}) {
    if (path.empty()) continue;
    if (const std::optional<std::string> error = conformance::check_writable(path))
      throw cli_error(*error);
  }
  // Every shim process ends with the run; an interrupt ends them all (exit 128 + signal).
  const conformance::run_containment contained;
  std::vector<std::unique_ptr<implementation>> impls;
  const auto timeout = std::chrono::milliseconds(1000LL * request.timeout_seconds);
  for (const std::string& spec : request.impls)
    impls.push_back(implementation::open(spec, timeout));
  if (impls.empty()) throw cli_error("give at least one --impl");
  const std::vector<question_kind> kinds = run_kinds(request, *reference, impls);
  if (kinds.empty())
    throw cli_error("no kind to ask: no implementation answers a kind that the reference models");

  const std::filesystem::path& root = data_dir();
  const std::vector<fixture_question> fixtures = load_fixture_questions(root / "fixtures");
  diff::input_set corpus;
  diff::add_corpus(root, false, corpus);
  std::vector<level_p_input> seeds;
  seeds.reserve(fixtures.size() + corpus.inputs.size());
  for (const fixture_question& q : fixtures) seeds.push_back(q.question);
  for (const diff::diff_input& in : corpus.inputs) seeds.push_back(in.question);

  run r(request, *reference, impls);
  // A profile check: the classes the profile's description lists are known too.
  for (const profile_gap& gap : reference->generated_differences) {
    for (const auto& impl : impls)
      r.add_documented(impl->name(), gap.signature, "profile " + request.profile);
  }
  if (request.progress) std::cerr << "mtasts fuzz-diff: asking the fixtures' questions first\n";
  r.known_pass(fixtures, kinds);
  question_generator generator(request.seed, seeds);
  r.generate(generator, kinds);
  for (auto& impl : impls) impl->stop();

  std::cout << summary_text(r.summary(), r.table());
  if (!request.json_file.empty())
    write_or_throw(request.json_file, summary_json(r.summary(), r.table()).dump(2) + "\n");
  if (!request.candidates_dir.empty()) {
    std::filesystem::create_directories(request.candidates_dir);
    const json candidates = candidates_json(r.summary(), r.table(), requirement_guess(fixtures));
    write_or_throw(request.candidates_dir + "/candidates.json", candidates.dump(2) + "\n");
    write_or_throw(request.candidates_dir + "/candidates.py", candidates_python(candidates));
    std::cout << candidates.size() << " fixture candidates in " << request.candidates_dir << "/\n";
  }
  for (const deviation_class* c : r.table().classes()) {
    if (c->known_from.empty() && c->generated > 0) return 1;
  }
  return 0;
}

void add_fuzz_diff_command(CLI::App& app, std::optional<std::function<int()>>& chosen) {
  static fuzz_diff_request request;
  static bool no_minimise = false, quiet = false;
  CLI::App* sub = app.add_subcommand(
      "fuzz-diff",
      "differential fuzzing: generated inputs to several implementations, disagreements classed "
      "against the RFC answer and written as fixture candidates (docs/FUZZ-DIFF.md)");
  sub->add_option(
         "--impl", request.impls,
         "an implementation: a shipped shim config's name (pmsr, mailauth7-strict, ...), "
         "a shim config file, or mtasts:PROFILE for our engine under a profile; repeatable")
      ->required()
      ->type_name("IMPL");
  sub->add_option("--profile", request.profile,
                  "the reference answer: strict (the RFC answer) or a profile, to check how often "
                  "the profile agrees with its real peer")
      ->capture_default_str()
      ->type_name("NAME");
  sub->add_option("--kinds", request.kinds,
                  "question kinds: txt, txt-records, policy, tlsrpt, match, cert-match "
                  "(default: every kind an implementation answers)")
      ->delimiter(',')
      ->type_name("KIND,...");
  sub->add_option("--seed", request.seed, "the generator's seed: the same seed, the same inputs")
      ->capture_default_str();
  sub->add_option("--seconds", request.seconds, "stop generating after N seconds")
      ->check(CLI::Range(1U, 86400U));
  sub->add_option("--max-inputs", request.max_inputs, "stop after N generated inputs")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1000000000}));
  sub->add_option("--timeout", request.timeout_seconds,
                  "seconds an implementation may take per question")
      ->capture_default_str()
      ->check(CLI::Range(1U, 600U));
  sub->add_option("--json", request.json_file,
                  "write the summary as JSON (conformance/schemas/fuzz-diff.schema.json)")
      ->type_name("FILE");
  sub->add_option(
         "--candidates", request.candidates_dir,
         "write the new classes as fixture candidates: DIR/candidates.json and DIR/candidates.py")
      ->type_name("DIR");
  sub->add_flag("--no-minimise", no_minimise, "keep each new class's first input as it was");
  sub->add_flag("--quiet", quiet, "no progress lines on stderr");
  sub->callback([&chosen] {
    chosen = [] {
      request.minimise = !no_minimise;
      request.progress = !quiet;
      return run_fuzz_diff(request);
    };
  });
}

}  // namespace mtasts::cli::fuzz_diff
