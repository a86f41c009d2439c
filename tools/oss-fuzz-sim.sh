#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# CI stage: runs fuzz/oss_fuzz_build.sh the way OSS-Fuzz's base-builder does (its real
# CFLAGS/CXXFLAGS for an ASan libFuzzer build, LIB_FUZZING_ENGINE=-fsanitize=fuzzer, C++
# against libc++) with OUT/WORK/SRC in build/oss-fuzz-sim/, then checks what OSS-Fuzz's
# check_build relies on: every target binary, dict, options file and flat seed zip is in
# $OUT, every dict loads, and every target runs its seeds clean (-runs=0).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
sim="$root/build/oss-fuzz-sim"

rm -rf "$sim/out" "$sim/seeds"
mkdir -p "$sim/out" "$sim/work" "$sim/src" "$sim/seeds"
ln -sfn "$root" "$sim/src/mtasts"

export CC=clang CXX=clang++
flags="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
flags+=" -fsanitize=address -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link"
export CFLAGS="$flags"
export CXXFLAGS="$flags -stdlib=libc++"
export LIB_FUZZING_ENGINE="-fsanitize=fuzzer"
# Debian's libclang-rt-14-dev builds libFuzzer against libstdc++ (OSS-Fuzz's clang builds it
# against a private libc++), so a -stdlib=libc++ link needs libstdc++ for libFuzzer's own
# internals, linked after the engine (CMAKE_CXX_STANDARD_LIBRARIES ends every link line;
# spelt -l:libstdc++.so.6 because clang rewrites -lstdc++ into the -stdlib library).
export MTASTS_CMAKE_ARGS="-DCMAKE_CXX_STANDARD_LIBRARIES=-l:libstdc++.so.6"
export OUT="$sim/out" WORK="$sim/work" SRC="$sim/src"
export SANITIZER=address FUZZING_ENGINE=libfuzzer ARCHITECTURE=x86_64 FUZZING_LANGUAGE=c++

bash "$SRC/mtasts/fuzz/oss_fuzz_build.sh"

# What OSS-Fuzz must find in $OUT: every target the OSS-Fuzz configuration builds.
mapfile -t targets < "$WORK/mtasts-fuzz-build/fuzz/targets.txt"
[ ${#targets[@]} -gt 0 ] || { echo "oss-fuzz-sim: no fuzz targets"; exit 1; }

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
bad=0
for t in "${targets[@]}"; do
  for f in "$OUT/$t" "$OUT/$t.options" "$OUT/$t.dict" "$OUT/${t}_seed_corpus.zip"; do
    [ -e "$f" ] || { echo "oss-fuzz-sim: missing $f"; bad=1; }
  done
  [ -x "$OUT/$t" ] || continue
  if [ -e "$OUT/${t}_seed_corpus.zip" ]; then
    # The runner unpacks the zip into one directory: entries must have no directory part.
    if unzip -Z1 "$OUT/${t}_seed_corpus.zip" | grep -q /; then
      echo "oss-fuzz-sim: ${t}_seed_corpus.zip is not flat"
      bad=1
    fi
    mkdir -p "$sim/seeds/$t"
    unzip -q -o "$OUT/${t}_seed_corpus.zip" -d "$sim/seeds/$t"
  fi
  # The dict must load, and every seed must run without a crash, leak or UBSan report.
  # The corpus directory is a scratch copy: -runs=0 executes it and writes nothing back.
  dict_flag=()
  [ -e "$OUT/$t.dict" ] && dict_flag=("-dict=$OUT/$t.dict")
  log="$sim/$t.log"
  if (cd "$OUT" && "./$t" -runs=0 "${dict_flag[@]}" "$sim/seeds/$t") >"$log" 2>&1; then
    echo "oss-fuzz-sim: $t ok ($(unzip -Z1 "$OUT/${t}_seed_corpus.zip" | wc -l) seeds;" \
      "$(grep -o 'cov: [0-9]*' "$log" | tail -1))"
  else
    echo "oss-fuzz-sim: $t FAILED on its seeds (log: $log)"
    grep -E "ORACLE VIOLATION|check:|detail:|input \(|ERROR|SUMMARY" "$log" | head -20
    bad=1
  fi
done
exit $bad
