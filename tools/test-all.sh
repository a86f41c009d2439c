#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds and runs every test: the README's second command and the body of .ci/run.
# Trees: build/gcc (gcc 12, -Werror, unit tests, properties, CLI contract, corpus replay),
# build/clang-asan (clang 14, ASan+UBSan, the same tests under sanitizers, libFuzzer targets
# and their reproducible -seed=1 -runs=N runs) and build/oss-fuzz-sim (tools/oss-fuzz-sim.sh --ci:
# fuzz/oss_fuzz_build.sh with OSS-Fuzz's ASan flags against libc++, every target run on its
# seed zip, plus an AFL++ build of one target and a 10-second afl-fuzz smoke run). The certify stage
# installs the peers (conformance/adapters/install.sh: apt and npm) and certifies every
# implementation against its expectations (tools/certify.sh). release-check installs the gcc
# tree into a moved prefix and builds examples/consumer against it; deb-check, the last stage,
# installs the Debian package, uses it and purges it.
# Each stage prints its elapsed time. Deterministic: fixed seeds everywhere.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=$(nproc 2>/dev/null || echo 2)
total_start=$(date +%s)
stage() {  # stage NAME COMMAND...
  local name=$1; shift
  local start=$(date +%s)
  echo "=== stage: $name"
  "$@"
  echo "=== stage: $name done in $(( $(date +%s) - start ))s"
}

export RC_PARAMS="seed=20261128 max_success=200"

stage setup bash tools/setup.sh
stage format-check bash tools/check-format.sh
# No debug info in CI's gcc tree: -g costs about 30% of its compile time (measured on
# tools/mtasts/commands/check_command.cc: 13.5 s of CPU with -O2 -g, 9.5 s with -O2), nothing
# here reads it (the packages are stripped), and the clang-asan tree keeps it for the
# sanitizers' reports. -O2 stays: some of gcc's -Werror warnings appear only when optimising.
stage gcc-configure cmake --preset gcc -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -DNDEBUG"
stage gcc-build cmake --build --preset gcc -j "$jobs"
# conformance.suite_via_shim is left to certify, which runs the same (impl mtasts-shim).
stage gcc-test ctest --preset gcc -j "$jobs" -E '^conformance\.suite_via_shim$'
stage certify bash tools/certify.sh build/gcc/tools/mtasts
stage release-check bash tools/release-check.sh --with-peers build/gcc
stage clang-tidy bash tools/run-clang-tidy.sh --ci build/gcc
# Half the fuzz runs of a local clang-asan build: the long runs are tools/fuzz scripts'.
stage clang-asan-configure cmake --preset clang-asan -DMTASTS_FUZZ_RUNS_PERCENT=50
stage clang-asan-build cmake --build --preset clang-asan -j "$jobs"
# Under sanitizers, what exercises our code: not the install layout (label install), the
# pages in Chromium (pages), the shim demos in Python (protocol) or the snapshot comparison
# (snapshots: its inputs are replayed under sanitizers by fuzz_corpus_*), which the gcc tree runs.
stage clang-asan-test ctest --preset clang-asan -j "$jobs" -LE 'install|pages|protocol|snapshots'
stage oss-fuzz-sim bash tools/oss-fuzz-sim.sh --ci
# Last: installs the .deb system-wide, then purges it, so no earlier stage can pick it up.
stage deb-check bash tools/deb-check.sh build/gcc

echo "=== all stages done in $(( $(date +%s) - total_start ))s"
