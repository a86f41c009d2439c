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
#   MTASTS_FUZZ_BUILD_ONLY  optional target names (space-separated), for local simulation: build
#                           and copy those alone (tools/oss-fuzz-sim.sh --ci's AFL++ smoke)
# Tests, tools and -Werror are off; the libraries are static. Sources are never modified.
# MTASTS_WITH_JSON is on for the TLS-RPT report library (mtasts::tlsrpt_report: nlohmann-json,
# header-only, and zlib, a C library, so both link into a libc++ build); OpenSSL and libidn2
# stay off and hidden from CMake, so the image needs nlohmann-json3-dev and zlib1g-dev only.
# zlib is linked statically (libz.a), so the binaries in $OUT need no zlib on the runners.
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
  -DMTASTS_WITH_OPENSSL=OFF -DMTASTS_WITH_JSON=ON -DMTASTS_WITH_IDNA=OFF \
  -DCMAKE_DISABLE_FIND_PACKAGE_OpenSSL=TRUE -DCMAKE_DISABLE_FIND_PACKAGE_IDN2=TRUE \
  -DZLIB_USE_STATIC_LIBS=ON \
  ${MTASTS_CMAKE_ARGS:-}
build_targets=(mtasts_fuzzers)
if [ -n "${MTASTS_FUZZ_BUILD_ONLY:-}" ]; then
  read -r -a build_targets <<<"$MTASTS_FUZZ_BUILD_ONLY"
fi
cmake --build "$build_dir" --target "${build_targets[@]}" -j "$(nproc 2>/dev/null || echo 2)"

# The targets this configuration builds (fuzz/CMakeLists.txt writes the list; targets that
# need the tools build, such as fuzz_fixture_loader, are not among them here), and the corpus
# folder of each (target-corpora.txt, "<target> <folder>": a parse-only target shares its
# oracle twin's seeds).
mapfile -t targets < "$build_dir/fuzz/targets.txt"
if [ -n "${MTASTS_FUZZ_BUILD_ONLY:-}" ]; then targets=("${build_targets[@]}"); fi
[ ${#targets[@]} -gt 0 ] || { echo "oss_fuzz_build: no fuzz targets"; exit 1; }
declare -A corpus_of=()
if [ -f "$build_dir/fuzz/target-corpora.txt" ]; then
  while read -r t folder; do
    [ -n "$t" ] && corpus_of[$t]=$folder
  done < "$build_dir/fuzz/target-corpora.txt"
fi

for t in "${targets[@]}"; do
  cp "$build_dir/fuzz/$t" "$OUT/$t"
  # The dict: the one the .options file names (the runners look it up in $OUT) and, under the
  # target's own name, <target>.dict (what runners without the options file look for).
  dict=""
  if [ -f "$project_dir/fuzz/$t.options" ]; then
    cp "$project_dir/fuzz/$t.options" "$OUT/"
    dict=$(sed -n 's/^[[:space:]]*dict[[:space:]]*=[[:space:]]*\([^[:space:]]*\).*/\1/p' \
             "$project_dir/fuzz/$t.options" | head -1)
  fi
  [ -n "$dict" ] || dict="$t.dict"
  if [ -f "$project_dir/fuzz/$dict" ]; then
    cp "$project_dir/fuzz/$dict" "$OUT/$dict"
    [ "$dict" = "$t.dict" ] || cp "$project_dir/fuzz/$dict" "$OUT/$t.dict"
  fi
  # Seeds zipped flat (zip -j): hand-written y_/n_/i_ seeds, auto/ and regressions/.
  corpus="$project_dir/corpus/${corpus_of[$t]:-$t}"
  rm -f "$OUT/${t}_seed_corpus.zip"
  if [ -d "$corpus" ]; then
    find "$corpus" -type f ! -name '.*' ! -name 'README*' -print0 |
      xargs -0 --no-run-if-empty zip -q -j "$OUT/${t}_seed_corpus.zip"
  fi
done
echo "oss_fuzz_build: ${#targets[@]} fuzz targets in $OUT: ${targets[*]}"
