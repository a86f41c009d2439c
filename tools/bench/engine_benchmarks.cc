// SPDX-License-Identifier: Apache-2.0
// Google Benchmark rows for the engine and the conformance suite: one discovery step with a
// warm cache (the TXT id equals the cached id, so nothing is fetched), and the whole shipped
// fixture suite run in process against our engine.
#include <cstdlib>
#include <string>

#include "allocation_counter.h"
#include "data_dir.h"
#include "mtasts/conformance/runner.h"
#include "mtasts/engine/engine.h"
#include "mtasts/engine/replay.h"
#include "workloads.h"

namespace mtasts::bench {
namespace {

using namespace mtasts::engine;

// Answers every TXT query with the same record and remembers nothing (replay_dns records
// each query, which would grow without bound over millions of iterations).
class fixed_txt_dns final : public dns_port {
 public:
  explicit fixed_txt_dns(std::string record) { answer_.records.push_back({std::move(record)}); }
  txt_answer query_txt(std::string_view) override { return answer_; }

 private:
  txt_answer answer_;
};

void engine_lookup_warm_cache(benchmark::State& state) {
  constexpr unix_seconds now = 1'700'000'000;
  const std::string id = "20240101T000000";
  fixed_txt_dns dns("v=STSv1; id=" + id + ";");
  replay_https https;  // never asked: the cached id is current
  fixed_clock clock(now);
  memory_cache cache;
  replay_x509 x509;
  const result<policy> cached = parse_policy(make_policy(policy_shape::typical, line_ending::lf));
  cache.put("example.com", cache_entry{id, cached.value(), now - 3600});
  mtasts::engine::engine eng(dns, https, clock, cache, x509);
  {
    const lookup_result r = eng.lookup("example.com");
    if (r.source != policy_source::cached || r.fetches != 0) {
      state.SkipWithError("the warm-cache lookup did not use the cache");
      return;
    }
  }
  const std::uint64_t before = allocations();
  for (auto _ : state) {
    lookup_result r = eng.lookup("example.com");
    benchmark::DoNotOptimize(r);
  }
  report_allocations(state, before);
}

// The data directory's fixtures/, found as `mtasts conform` finds them (data_dir.h); in a
// build tree, bench.smoke and run.sh point MTASTS_DATA_DIR at <build>/share/mtasts.
std::string fixtures_dir() { return (cli::data_dir() / "fixtures").string(); }

// Loading and parsing the fixture files is part of every run, as in `mtasts conform`.
void conformance_suite(benchmark::State& state) {
  conformance::run_options options;
  options.paths = {fixtures_dir()};
  options.strict = true;  // SHOULD-level tests too: the whole suite
  conformance::expectations expected;
  expected.impl = "mtasts";
  conformance::engine_subject subject;
  std::size_t tests = 0;
  const std::uint64_t before = allocations();
  for (auto _ : state) {
    const conformance::run_summary summary = conformance::run_suite(subject, options, expected);
    if (!summary.errors.empty() || summary.results.empty()) {
      state.SkipWithError("fixture errors, or no tests found");
      break;
    }
    tests = summary.results.size();
  }
  report_allocations(state, before);
  state.counters["tests"] = static_cast<double>(tests);
}

}  // namespace

void register_engine_benchmarks() {
  benchmark::RegisterBenchmark("engine/lookup_warm_cache", engine_lookup_warm_cache);
  benchmark::RegisterBenchmark("conformance/suite", conformance_suite)
      ->Unit(benchmark::kMillisecond);
}

}  // namespace mtasts::bench
