#!/bin/bash -eu
# SPDX-License-Identifier: Apache-2.0
# Builds the fuzz targets the OSS-Fuzz / ClusterFuzzLite way (called by fuzz/oss-fuzz/build.sh
# and .clusterfuzzlite/build.sh; tools/oss-fuzz-sim.sh runs it locally with OSS-Fuzz's flags).
#
# Honours the environment of OSS-Fuzz's base-builder image:
#   CC CXX CFLAGS CXXFLAGS  compilers and flags (sanitizer and coverage instrumentation)
#   LIB_FUZZING_ENGINE      how to link a fuzzer (libFuzzer, AFL++, honggfuzz, centipede);
#                           never replaced by a hard-coded -fsanitize=fuzzer
#   OUT                     where binaries, .dict, .options and seed zips go
#   SRC                     where sources live; this checkout is $SRC/mtasts, found from the
#                           script's own path so that any checkout location works
#   WORK                    scratch space for the build tree
#   MTASTS_CMAKE_ARGS       optional extra CMake arguments (word-split), for local simulation
# Tests, tools and -Werror are off; the library is static. Sources are never modified.
set -euo pipefail  # also when run as "bash oss_fuzz_build.sh", which ignores the #! flags

: "${CC:?}" "${CXX:?}" "${OUT:?}" "${WORK:?}" "${LIB_FUZZING_ENGINE?}"
CFLAGS=${CFLAGS-}
CXXFLAGS=${CXXFLAGS-}
project_dir=$(cd "$(dirname "$0")/.." && pwd)
echo "oss_fuzz_build: sources in $project_dir (SRC=${SRC:-unset}), build tree in $WORK"

build_dir="$WORK/mtasts-fuzz-build"

generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi

# shellcheck disable=SC2086 # MTASTS_CMAKE_ARGS is word-split on purpose
cmake -S "$project_dir" -B "$build_dir" "${generator[@]}" \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
  -DCMAKE_BUILD_TYPE= -DBUILD_SHARED_LIBS=OFF \
  -DMTASTS_FUZZ=ON -DLIB_FUZZING_ENGINE="$LIB_FUZZING_ENGINE" \
  -DMTASTS_SANITIZE=OFF -DMTASTS_WERROR=OFF \
  -DMTASTS_BUILD_TESTS=OFF -DMTASTS_BUILD_TOOLS=OFF -DMTASTS_BUILD_FUZZERS=ON \
  -DMTASTS_WITH_OPENSSL=OFF -DMTASTS_WITH_JSON=OFF -DMTASTS_WITH_IDNA=OFF \
  -DCMAKE_DISABLE_FIND_PACKAGE_OpenSSL=TRUE -DCMAKE_DISABLE_FIND_PACKAGE_nlohmann_json=TRUE \
  ${MTASTS_CMAKE_ARGS:-}
cmake --build "$build_dir" --target mtasts_fuzzers -j "$(nproc 2>/dev/null || echo 2)"

# The targets this configuration builds (fuzz/CMakeLists.txt writes the list; targets that
# need the tools build, such as fuzz_fixture_loader, are not among them here).
mapfile -t targets < "$build_dir/fuzz/targets.txt"
[ ${#targets[@]} -gt 0 ] || { echo "oss_fuzz_build: no fuzz targets"; exit 1; }

for t in "${targets[@]}"; do
  cp "$build_dir/fuzz/$t" "$OUT/$t"
  [ -f "$project_dir/fuzz/$t.options" ] && cp "$project_dir/fuzz/$t.options" "$OUT/"
  [ -f "$project_dir/fuzz/$t.dict" ] && cp "$project_dir/fuzz/$t.dict" "$OUT/"
  # Seeds zipped flat (zip -j): hand-written y_/n_/i_ seeds, auto/ and regressions/.
  corpus="$project_dir/corpus/$t"
  if [ -d "$corpus" ]; then
    rm -f "$OUT/${t}_seed_corpus.zip"
    find "$corpus" -type f ! -name '.*' ! -name 'README*' -print0 |
      xargs -0 --no-run-if-empty zip -q -j "$OUT/${t}_seed_corpus.zip"
  fi
done
echo "oss_fuzz_build: ${#targets[@]} fuzz targets in $OUT: ${targets[*]}"
