// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the fixture loader (conformance/, fixtures/FORMAT.md) and the runner over
// our engine: any bytes are either rejected with located errors or loaded into tests that
// run to completion, one observation per step.
//
// Oracles (abort on violation):
//  - a file with errors yields no tests, and a file without errors yields its tests;
//  - every error names the file and a JSON pointer starting with '/';
//  - every loaded test runs against the engine and reports one observation per step, and
//    comparing it with the step's expectations never throws.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "fuzz_support.h"
#include "mtasts/conformance/compare.h"
#include "mtasts/conformance/fixture.h"
#include "mtasts/conformance/subject.h"

MTASTS_FUZZ_HARNESS_BEGIN

namespace {

using namespace mtasts::conformance;

[[noreturn]] void violated(const char* what) {
  std::fprintf(stderr, "fuzz_fixture_loader: oracle violated: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const load_result loaded = load_fixture_text(text, "input");
  if (!loaded.errors.empty() && !loaded.file.tests.empty()) violated("errors and tests");
  for (const fixture_error& e : loaded.errors) {
    if (e.file != "input" || e.pointer.empty() || e.pointer[0] != '/') violated("error location");
  }
  engine_subject subject;
  for (const test_case& t : loaded.file.tests) {
    const subject_run run = subject.run(t);
    const json& steps = t.body["steps"];
    if (run.status != run_status::ran || run.observations.size() != steps.size()) {
      violated("a loaded test did not run every step");
    }
    for (std::size_t i = 0; i < steps.size(); ++i) {
      for (const difference& d : compare_observation(steps[i]["expect"], run.observations[i]))
        if (d.to_string().empty()) violated("a difference without a description");
    }
  }
  return 0;
}

// Seeds are named seed_* (no y_/n_ verdicts): every input is acceptable to the loader.
extern "C" int MtastsFuzzVerdict(const std::uint8_t* data, std::size_t size) {
  return load_fixture_text(std::string_view(reinterpret_cast<const char*>(data), size), "input")
                 .errors.empty()
             ? 1
             : 0;
}

MTASTS_FUZZ_HARNESS_END
