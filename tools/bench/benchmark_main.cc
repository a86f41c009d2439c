// SPDX-License-Identifier: Apache-2.0
// mtasts_benchmarks: the Google Benchmark binary of docs/PERFORMANCE.md.
//   build/release/tools/bench/mtasts_benchmarks [--benchmark_filter=REGEX] ...
// Rows are registered by name (txt/…, policy/…, mx/…, cert/…, engine/…, conformance/…).
#include <benchmark/benchmark.h>

namespace mtasts::bench {
void register_parser_benchmarks();
void register_engine_benchmarks();
}  // namespace mtasts::bench

int main(int argc, char** argv) {
  mtasts::bench::register_parser_benchmarks();
  mtasts::bench::register_engine_benchmarks();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
