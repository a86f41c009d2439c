// SPDX-License-Identifier: Apache-2.0
// Google Benchmark rows for the parsers and matchers: TXT parse, policy parse per shape and
// line ending (into caller storage, owning, validity only) with the memchr floor over the
// same bytes, mx matching and certificate name matching. Each row reports ns/op, bytes/s
// where input size is meaningful, and allocs_per_op.
#include <array>
#include <string>
#include <vector>

#include "allocation_counter.h"
#include "bench_command.h"
#include "mtasts/cert_name.h"
#include "mtasts/mx_pattern.h"
#include "mtasts/policy.h"
#include "mtasts/txt_record.h"
#include "workloads.h"

namespace mtasts::bench {
namespace {

void set_bytes(benchmark::State& state, std::size_t bytes_per_op) {
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes_per_op));
}

void txt_parse(benchmark::State& state, txt_shape shape) {
  const std::string record = make_txt(shape);
  if (!parse_txt_record(record).ok()) state.SkipWithError("workload record is invalid");
  const std::uint64_t before = allocations();
  for (auto _ : state) {
    result<txt_record> r = parse_txt_record(record);
    benchmark::DoNotOptimize(r);
  }
  report_allocations(state, before);
  set_bytes(state, record.size());
}

void txt_floor(benchmark::State& state, txt_shape shape) {
  const std::string record = make_txt(shape);
  const std::uint64_t before = allocations();
  for (auto _ : state) benchmark::DoNotOptimize(cli::scan_txt_separators(record));
  report_allocations(state, before);
  set_bytes(state, record.size());
}

// Storage sized by the line count, allocated once: the no-allocation path of policy.h.
struct policy_fixture {
  std::string body;
  std::vector<std::string_view> mx;
  std::vector<extension> extensions;
  policy_fixture(policy_shape shape, line_ending ending)
      : body(make_policy(shape, ending)), mx(count_lines(body)), extensions(count_lines(body)) {}
  [[nodiscard]] policy_storage storage() { return {mx, extensions}; }
};

void policy_parse_storage(benchmark::State& state, policy_shape shape, line_ending ending) {
  policy_fixture f(shape, ending);
  const policy_storage storage = f.storage();
  if (!parse_policy(f.body, storage).ok()) state.SkipWithError("workload policy is invalid");
  const std::uint64_t before = allocations();
  for (auto _ : state) {
    result<policy_view> r = parse_policy(f.body, storage);
    benchmark::DoNotOptimize(r);
  }
  report_allocations(state, before);
  set_bytes(state, f.body.size());
}

void policy_parse_owning(benchmark::State& state, policy_shape shape, line_ending ending) {
  const std::string body = make_policy(shape, ending);
  if (!parse_policy(body).ok()) state.SkipWithError("workload policy is invalid");
  const std::uint64_t before = allocations();
  for (auto _ : state) {
    result<policy> r = parse_policy(body);
    benchmark::DoNotOptimize(r);
  }
  report_allocations(state, before);
  set_bytes(state, body.size());
}

void policy_is_valid(benchmark::State& state, policy_shape shape, line_ending ending) {
  const std::string body = make_policy(shape, ending);
  const std::uint64_t before = allocations();
  for (auto _ : state) benchmark::DoNotOptimize(is_valid_policy(body));
  report_allocations(state, before);
  set_bytes(state, body.size());
}

void policy_floor(benchmark::State& state, policy_shape shape, line_ending ending) {
  const std::string body = make_policy(shape, ending);
  const std::uint64_t before = allocations();
  for (auto _ : state) benchmark::DoNotOptimize(cli::scan_policy_separators(body));
  report_allocations(state, before);
  set_bytes(state, body.size());
}

// RFC 8461 §4.1 with a pattern parsed once (as a sender holding a policy does) ...
void mx_match_parsed(benchmark::State& state, std::string_view pattern_text,
                     std::string_view host) {
  const result<mx_pattern> pattern = parse_mx_pattern(pattern_text);
  if (!pattern.ok() || !mx_pattern_matches(pattern.value(), host)) {
    state.SkipWithError("workload pattern does not match");
    return;
  }
  const std::uint64_t before = allocations();
  for (auto _ : state) benchmark::DoNotOptimize(mx_pattern_matches(pattern.value(), host));
  report_allocations(state, before);
}

// ... and parsing both strings on every call (match_mx, as `mtasts match` does).
void mx_match_text(benchmark::State& state, std::string_view pattern, std::string_view host) {
  const std::uint64_t before = allocations();
  for (auto _ : state) {
    mx_match r = match_mx(pattern, host);
    benchmark::DoNotOptimize(r);
  }
  report_allocations(state, before);
}

void cert_match_mx(benchmark::State& state, std::string_view san, std::string_view host) {
  if (!cert_name_matches_mx_host(san, host)) state.SkipWithError("workload name does not match");
  const std::uint64_t before = allocations();
  for (auto _ : state) benchmark::DoNotOptimize(cert_name_matches_mx_host(san, host));
  report_allocations(state, before);
}

void cert_match_policy_host(benchmark::State& state) {
  const std::uint64_t before = allocations();
  for (auto _ : state) {
    benchmark::DoNotOptimize(cert_name_matches_policy_host("*.example.com", "mta-sts.example.com"));
  }
  report_allocations(state, before);
}

// A certificate with ten SAN entries, the match being the last one.
void cert_match_any_of_ten(benchmark::State& state) {
  const std::array<std::string_view, 10> sans{
      "www.example.org",  "example.org",      "*.cdn.example.org", "api.example.org",
      "smtp.example.org", "imap.example.org", "pop.example.org",   "*.eu.example.org",
      "*.us.example.org", "*.mx.example.com"};
  const std::string_view host = "mx7.mx.example.com";
  if (!any_cert_name_matches_mx_host(sans, host)) state.SkipWithError("no SAN matches");
  const std::uint64_t before = allocations();
  for (auto _ : state) benchmark::DoNotOptimize(any_cert_name_matches_mx_host(sans, host));
  report_allocations(state, before);
}

// Calibrates the counter: an empty loop must report 0 allocations per operation.
void allocation_counter_baseline(benchmark::State& state) {
  const std::uint64_t before = allocations();
  for (auto _ : state) benchmark::ClobberMemory();
  report_allocations(state, before);
}

std::string_view to_string(line_ending ending) { return ending == line_ending::lf ? "lf" : "crlf"; }

}  // namespace

void register_parser_benchmarks() {
  for (const txt_shape shape : {txt_shape::typical, txt_shape::extensions}) {
    const std::string suffix(to_string(shape));
    benchmark::RegisterBenchmark(("txt/parse/" + suffix).c_str(), txt_parse, shape);
    benchmark::RegisterBenchmark(("txt/floor/" + suffix).c_str(), txt_floor, shape);
  }
  for (const policy_shape shape :
       {policy_shape::typical, policy_shape::mx50, policy_shape::max_size}) {
    for (const line_ending ending : {line_ending::lf, line_ending::crlf}) {
      const std::string suffix =
          std::string(to_string(shape)) + "/" + std::string(to_string(ending));
      benchmark::RegisterBenchmark(("policy/parse_storage/" + suffix).c_str(), policy_parse_storage,
                                   shape, ending);
      benchmark::RegisterBenchmark(("policy/parse_owning/" + suffix).c_str(), policy_parse_owning,
                                   shape, ending);
      benchmark::RegisterBenchmark(("policy/is_valid/" + suffix).c_str(), policy_is_valid, shape,
                                   ending);
      benchmark::RegisterBenchmark(("policy/floor/" + suffix).c_str(), policy_floor, shape, ending);
    }
  }
  benchmark::RegisterBenchmark("mx/match_parsed/exact", mx_match_parsed, "mail.example.com",
                               "MAIL.example.com");
  benchmark::RegisterBenchmark("mx/match_parsed/wildcard", mx_match_parsed, "*.mx.example.net",
                               "mx1.mx.example.net");
  benchmark::RegisterBenchmark("mx/match_mx/wildcard", mx_match_text, "*.mx.example.net",
                               "mx1.mx.example.net");
  benchmark::RegisterBenchmark("cert/mx_host/exact", cert_match_mx, "mx1.example.com",
                               "MX1.example.com");
  benchmark::RegisterBenchmark("cert/mx_host/wildcard", cert_match_mx, "*.example.com",
                               "mx1.example.com");
  benchmark::RegisterBenchmark("cert/policy_host/wildcard", cert_match_policy_host);
  benchmark::RegisterBenchmark("cert/mx_host/any_of_10", cert_match_any_of_ten);
  benchmark::RegisterBenchmark("baseline/empty_loop", allocation_counter_baseline);
}

}  // namespace mtasts::bench
