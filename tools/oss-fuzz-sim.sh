#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Simulates OSS-Fuzz's base-builder locally: runs fuzz/oss_fuzz_build.sh with the environment
# the builder's `compile` step gives a project (CC CXX CFLAGS CXXFLAGS LIB_FUZZING_ENGINE OUT
# WORK SRC SANITIZER FUZZING_ENGINE FUZZING_LANGUAGE ARCHITECTURE) for each configuration
# below, each with its own OUT and WORK under build/oss-fuzz-sim/<config>/, then checks what
# OSS-Fuzz's check_build and runners rely on.
#
#   tools/oss-fuzz-sim.sh [--ci] [--fresh] [CONFIG...]
#
#   address    libFuzzer + ASan (OSS-Fuzz's default build)
#   undefined  libFuzzer + UBSan, OSS-Fuzz's list of checks
#   coverage   source-based coverage (-fprofile-instr-generate -fcoverage-mapping): every
#              target runs its seeds, llvm-profdata merges the profiles, llvm-cov writes an
#              HTML report and a one-line total per target to build/oss-fuzz-sim/coverage/report/
#   afl        AFL++ (afl-clang-fast, the distribution's AFL++ driver library) + ASan: every
#              target runs one seed, then all its seeds, through the driver; then a short
#              afl-fuzz run of one target that must execute inputs and save no crash
#   tests      fuzz/oss-fuzz/run_tests.sh in the builder's environment (the unit tests that
#              OSS-Fuzz's Chronos runs; needs GoogleTest and RapidCheck), opt-in: it builds
#              the test tree, which takes minutes
#
# No CONFIG: address undefined coverage afl. `all`: those and tests. `--ci` (CI's stage):
# address, and afl for the smoke target alone (its AFL++ build, driver run and afl-fuzz run).
# MTASTS_AFL_SMOKE_SECONDS sets the afl-fuzz run's length (default 10). Build trees ($WORK)
# are kept between runs (incremental, unlike OSS-Fuzz's builders); `--fresh` deletes them first.
# Checks shared by every configuration: each target's binary, .dict, .options and flat seed
# zip are in $OUT; the dict loads; every seed runs clean (no crash, leak or sanitizer report).
# Prints each configuration's time; exits 0 only if every requested configuration passed.
#
# Debian's toolchain differs from OSS-Fuzz's in one place: libclang-rt-14-dev builds libFuzzer
# against libstdc++ (OSS-Fuzz's clang builds it against a private libc++), so the libFuzzer
# configurations, which compile the project against libc++ as OSS-Fuzz does, also link
# libstdc++ for libFuzzer's own internals (CMAKE_CXX_STANDARD_LIBRARIES ends every link line;
# spelt -l:libstdc++.so.6 because clang rewrites -lstdc++ into the -stdlib library). The AFL++
# driver is C and needs no such link.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
sim="$root/build/oss-fuzz-sim"

usage() { sed -n '9,29p' "$0" | sed 's/^# \{0,1\}//'; }

configs=()
ci=0
fresh=0
for arg in "$@"; do
  case "$arg" in
    --ci) ci=1 ;;
    --fresh) fresh=1 ;;
    -h|--help) usage; exit 0 ;;
    all) configs+=(address undefined coverage afl tests) ;;
    address|undefined|coverage|afl|tests) configs+=("$arg") ;;
    *) echo "oss-fuzz-sim: unknown configuration '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done
if [ "$ci" -eq 1 ]; then
  configs=(address afl)
elif [ ${#configs[@]} -eq 0 ]; then
  configs=(address undefined coverage afl)
fi

# OSS-Fuzz's flags (base-clang and base-builder images).
base_flags="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
sanitizer_address="-fsanitize=address -fsanitize-address-use-after-scope"
# The -fsanitize set is the -fno-sanitize-recover set plus unsigned-integer-overflow, which
# OSS-Fuzz keeps as recoverable (a fuzzing signal) and silences at run time.
ubsan_fatal="array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unreachable,vla-bound,vptr"
ubsan_all="${ubsan_fatal/signed-integer-overflow,/signed-integer-overflow,unsigned-integer-overflow,}"
sanitizer_undefined="-fsanitize=$ubsan_all -fno-sanitize-recover=$ubsan_fatal"
coverage_libfuzzer="-fsanitize=fuzzer-no-link"
coverage_profile="-fprofile-instr-generate -fcoverage-mapping -pthread -Wl,--no-as-needed -Wl,-ldl -Wl,-lm -Wno-unused-command-line-argument"
# Run-time options: leaks are errors, every report aborts; unsigned-integer-overflow reports
# are silenced as OSS-Fuzz's images do (see the undefined configuration).
asan_run="detect_leaks=1:abort_on_error=1:symbolize=1"
ubsan_run="print_stacktrace=1:halt_on_error=1:silence_unsigned_overflow=1"

# The LLVM tools of the clang in use (the profile format is clang's version's).
clang_major=$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -1)
llvm_tool() {
  if command -v "$1-$clang_major" >/dev/null 2>&1; then echo "$1-$clang_major"; else echo "$1"; fi
}

# The AFL++ driver library (LIB_FUZZING_ENGINE of an AFL++ build).
afl_driver() {
  local lib
  for lib in /usr/lib/afl/libAFLDriver.a /usr/local/lib/afl/libAFLDriver.a; do
    [ -f "$lib" ] && { echo "$lib"; return 0; }
  done
  if command -v dpkg >/dev/null 2>&1; then
    lib=$(dpkg -L afl++ 2>/dev/null | grep -m1 '/libAFLDriver\.a$' || true)
    [ -n "$lib" ] && { echo "$lib"; return 0; }
  fi
  return 1
}

mkdir -p "$sim/src"
ln -sfn "$root" "$sim/src/mtasts"
# The single-tree layout of earlier versions of this script.
rm -rf "$sim/out" "$sim/seeds" "$sim/work" "$sim"/fuzz_*.log

# Sets up the builder's environment for configuration $1 (in the calling subshell).
builder_env() {
  local config=$1 dir="$sim/$1"
  export SRC="$sim/src" OUT="$dir/out" WORK="$dir/work"
  export ARCHITECTURE=x86_64 FUZZING_LANGUAGE=c++
  export CC=clang CXX=clang++
  export MTASTS_CMAKE_ARGS="-DCMAKE_CXX_STANDARD_LIBRARIES=-l:libstdc++.so.6"
  export LIB_FUZZING_ENGINE="-fsanitize=fuzzer" FUZZING_ENGINE=libfuzzer
  local sanitizer_flags coverage_flags
  case "$config" in
    address|tests)
      export SANITIZER=address
      sanitizer_flags=$sanitizer_address coverage_flags=$coverage_libfuzzer ;;
    undefined)
      export SANITIZER=undefined
      sanitizer_flags=$sanitizer_undefined coverage_flags=$coverage_libfuzzer ;;
    coverage)
      export SANITIZER=coverage
      sanitizer_flags="" coverage_flags=$coverage_profile ;;
    afl)
      # OSS-Fuzz's AFL++ builds: ASan, no libFuzzer instrumentation, afl-clang-fast
      # instruments; the driver library provides main(). No compile-option roulette here
      # (CMPLOG, laf-intel, CTX are random per OSS-Fuzz build); the build is deterministic.
      export SANITIZER=address FUZZING_ENGINE=afl
      export CC=afl-clang-fast CXX=afl-clang-fast++
      LIB_FUZZING_ENGINE=$(afl_driver) ||
        { echo "oss-fuzz-sim: afl: libAFLDriver.a not found (install afl++)"; return 1; }
      export LIB_FUZZING_ENGINE MTASTS_CMAKE_ARGS=""
      export AFL_QUIET=1 AFL_IGNORE_UNKNOWN_ENVS=1
      export ASAN_OPTIONS="detect_leaks=0:symbolize=0:detect_odr_violation=0:abort_on_error=1"
      sanitizer_flags=$sanitizer_address coverage_flags="" ;;
  esac
  export CFLAGS="$base_flags $sanitizer_flags $coverage_flags"
  export CXXFLAGS="$CFLAGS -stdlib=libc++"
}

# The targets of the configuration: what fuzz/CMakeLists.txt lists (targets.txt), or the subset
# MTASTS_FUZZ_BUILD_ONLY names. Sets the array `targets`.
load_targets() {
  targets=()
  [ -f "$WORK/mtasts-fuzz-build/fuzz/targets.txt" ] || return 1
  if [ -n "${MTASTS_FUZZ_BUILD_ONLY:-}" ]; then
    read -r -a targets <<<"$MTASTS_FUZZ_BUILD_ONLY"
  else
    mapfile -t targets < "$WORK/mtasts-fuzz-build/fuzz/targets.txt"
  fi
  [ ${#targets[@]} -gt 0 ]
}

# Builds configuration $1 and checks $OUT.
build_and_check_out() {
  local config=$1
  echo "oss-fuzz-sim: $config: CC=$CC CXX=$CXX"
  echo "oss-fuzz-sim: $config: CXXFLAGS=$CXXFLAGS"
  echo "oss-fuzz-sim: $config: LIB_FUZZING_ENGINE=$LIB_FUZZING_ENGINE"
  rm -rf "$OUT" "$sim/$config/seeds" "$sim/$config/logs"
  mkdir -p "$OUT" "$WORK" "$sim/$config/seeds" "$sim/$config/logs"
  if ! bash "$SRC/mtasts/fuzz/oss_fuzz_build.sh" >"$sim/$config/logs/build.log" 2>&1; then
    tail -30 "$sim/$config/logs/build.log"
    echo "oss-fuzz-sim: $config: build FAILED (log: $sim/$config/logs/build.log)"
    return 1
  fi
  tail -1 "$sim/$config/logs/build.log"
  load_targets || { echo "oss-fuzz-sim: $config: no fuzz targets"; return 1; }
  local bad=0 t f
  for t in "${targets[@]}"; do
    for f in "$OUT/$t" "$OUT/$t.options" "$OUT/$t.dict" "$OUT/${t}_seed_corpus.zip"; do
      [ -e "$f" ] || { echo "oss-fuzz-sim: $config: missing $f"; bad=1; }
    done
    mkdir -p "$sim/$config/seeds/$t"  # empty without a zip: the target still runs once
    [ -e "$OUT/${t}_seed_corpus.zip" ] || continue
    # The runner unpacks the zip into one directory: entries must have no directory part.
    if unzip -Z1 "$OUT/${t}_seed_corpus.zip" | grep -q /; then
      echo "oss-fuzz-sim: $config: ${t}_seed_corpus.zip is not flat"
      bad=1
    fi
    unzip -q -o "$OUT/${t}_seed_corpus.zip" -d "$sim/$config/seeds/$t"
  done
  return $bad
}

# libFuzzer: the dict loads and every seed runs clean (-runs=0 executes the scratch copy of
# the seeds and writes nothing back). Extra environment for the run in $run_env.
run_libfuzzer_seeds() {
  local config=$1 t=$2 log="$sim/$1/logs/$2.log"
  local dict_flag=()
  [ -e "$OUT/$t.dict" ] && dict_flag=("-dict=$OUT/$t.dict")
  if (cd "$OUT" && env "${run_env[@]}" "./$t" -runs=0 "${dict_flag[@]}" "$sim/$config/seeds/$t") \
       >"$log" 2>&1; then
    if [ ${#dict_flag[@]} -gt 0 ] && ! grep -q 'Dictionary: [0-9]* entries' "$log"; then
      echo "oss-fuzz-sim: $config: $t: the dict did not load (log: $log)"
      return 1
    fi
    echo "oss-fuzz-sim: $config: $t ok ($(find "$sim/$config/seeds/$t" -type f | wc -l) seeds;" \
      "$(grep -o 'Dictionary: [0-9]* entries' "$log" | head -1);" \
      "$(grep -o 'cov: [0-9]*' "$log" | tail -1))"
  else
    echo "oss-fuzz-sim: $config: $t FAILED on its seeds (log: $log)"
    grep -E "ORACLE VIOLATION|check:|detail:|input \(|ERROR|SUMMARY|runtime error" "$log" | head -20
    return 1
  fi
}

config_libfuzzer() {  # address, undefined
  local config=$1 bad=0 t
  build_and_check_out "$config" || bad=1
  load_targets || return 1
  if [ "$config" = undefined ]; then
    run_env=("UBSAN_OPTIONS=$ubsan_run")
  else
    run_env=("ASAN_OPTIONS=$asan_run" "UBSAN_OPTIONS=$ubsan_run")
  fi
  for t in "${targets[@]}"; do
    [ -x "$OUT/$t" ] || { bad=1; continue; }
    run_libfuzzer_seeds "$config" "$t" || bad=1
  done
  if [ "$config" = undefined ]; then
    # OSS-Fuzz silences unsigned-integer-overflow at run time (it is a coverage signal, and
    # wrapping arithmetic such as hashing is defined behaviour). Report where it fires, for
    # information only: one more pass over the seeds with the reports on.
    local sites="$sim/$config/logs/unsigned-overflow.txt"
    : >"$sites"
    for t in "${targets[@]}"; do
      [ -x "$OUT/$t" ] || continue
      (cd "$OUT" && UBSAN_OPTIONS="halt_on_error=0:print_stacktrace=0:silence_unsigned_overflow=0" \
         "./$t" -runs=0 "$sim/$config/seeds/$t" 2>&1 || true) |
        grep -o '[^ ]*: runtime error: unsigned integer overflow' | sed 's/: runtime error.*//' \
        >>"$sites" || true
    done
    sort -u -o "$sites" "$sites"
    if [ -s "$sites" ]; then
      echo "oss-fuzz-sim: undefined: note: unsigned-integer-overflow (silenced as in OSS-Fuzz)" \
        "at $(wc -l <"$sites") site(s): $(sed "s|$sim/src/mtasts/||" "$sites" | tr '\n' ' ')"
    else
      echo "oss-fuzz-sim: undefined: no unsigned-integer-overflow report on the seeds"
    fi
  fi
  return $bad
}

# One line from the TOTAL row of `llvm-cov report` (columns: regions, missed, cover, functions,
# missed, executed, lines, missed, cover, branches, missed, cover), labelled $1.
total_line() {
  awk -v t="$1" '$1 == "TOTAL" {
    printf "%-26s lines %s of %s, branches %s of %s, functions %s\n", t, $10, $8, $13, $11, $7 }'
}

config_coverage() {
  local config=coverage bad=0 t
  local profdata llvm_cov report="$sim/coverage/report" raw="$sim/coverage/profraw"
  profdata=$(llvm_tool llvm-profdata) llvm_cov=$(llvm_tool llvm-cov)
  if ! command -v "$profdata" >/dev/null || ! command -v "$llvm_cov" >/dev/null; then
    echo "oss-fuzz-sim: coverage: $profdata or $llvm_cov missing (llvm-$clang_major)"
    return 1
  fi
  build_and_check_out "$config" || bad=1
  load_targets || return 1
  rm -rf "$report" "$raw"
  mkdir -p "$report" "$raw"
  local objects=() summary="$report/summary.txt"
  # System headers (libc++ included) stay out of the totals, as in OSS-Fuzz's reports.
  local ignore='^/usr/'
  : >"$summary"
  for t in "${targets[@]}"; do
    [ -x "$OUT/$t" ] || { bad=1; continue; }
    mkdir -p "$raw/$t"
    run_env=("LLVM_PROFILE_FILE=$raw/$t/%p.profraw")
    run_libfuzzer_seeds "$config" "$t" || { bad=1; continue; }
    if ! "$profdata" merge -sparse "$raw/$t"/*.profraw -o "$raw/$t.profdata" \
         2>>"$sim/coverage/logs/$t.log"; then
      echo "oss-fuzz-sim: coverage: $t: no profile (log: $sim/coverage/logs/$t.log)"
      bad=1
      continue
    fi
    objects+=("$OUT/$t")
    "$llvm_cov" report "$OUT/$t" -instr-profile="$raw/$t.profdata" \
      -ignore-filename-regex="$ignore" |
      total_line "$t" | tee -a "$summary"
  done
  if [ ${#objects[@]} -gt 0 ]; then
    # Every target defines LLVMFuzzerTestOneInput and its own helpers under the same names:
    # llvm-profdata warns that those functions' data mismatch and keeps one of them, as in
    # OSS-Fuzz's merged reports. The library's functions are the same in every target.
    "$profdata" merge -sparse "$raw"/*.profdata -o "$raw/all.profdata" \
      2>"$sim/coverage/logs/merge.log"
    local rest=()
    for t in "${objects[@]:1}"; do rest+=(-object "$t"); done
    "$llvm_cov" show "${objects[0]}" "${rest[@]}" -instr-profile="$raw/all.profdata" \
      -ignore-filename-regex="$ignore" -format=html -show-branches=count \
      -output-dir="$report/html" >/dev/null 2>>"$sim/coverage/logs/merge.log"
    "$llvm_cov" report "${objects[0]}" "${rest[@]}" -instr-profile="$raw/all.profdata" \
      -ignore-filename-regex="$ignore" 2>/dev/null |
      total_line "all targets" | tee -a "$summary"
    # The libraries alone (parser/, without the fuzz targets' own code).
    "$llvm_cov" report "${objects[0]}" "${rest[@]}" -instr-profile="$raw/all.profdata" \
      -ignore-filename-regex="$ignore|/fuzz/" 2>/dev/null |
      total_line "all targets, parser/ only" | tee -a "$summary"
    echo "oss-fuzz-sim: coverage: HTML report $report/html/index.html, totals $summary"
  fi
  return $bad
}

config_afl() {
  local config=afl bad=0 t
  if ! command -v afl-fuzz >/dev/null || ! command -v afl-clang-fast++ >/dev/null; then
    echo "oss-fuzz-sim: afl: afl-fuzz or afl-clang-fast++ missing (install afl++)"
    return 1
  fi
  build_and_check_out "$config" || bad=1
  load_targets || return 1
  # Runs as afl-fuzz would: ASan aborts, no symbolizer.
  local run_asan="detect_leaks=1:abort_on_error=1:symbolize=0"
  for t in "${targets[@]}"; do
    [ -x "$OUT/$t" ] || { bad=1; continue; }
    # Outside afl-fuzz the driver runs the files named on its command line: one seed (the
    # first in name order), then all of them.
    local seeds=() log="$sim/afl/logs/$t.log"
    mapfile -t seeds < <(find "$sim/afl/seeds/$t" -type f | sort)
    [ ${#seeds[@]} -gt 0 ] || { echo "oss-fuzz-sim: afl: $t has no seeds"; bad=1; continue; }
    if (cd "$OUT" && ASAN_OPTIONS=$run_asan "./$t" "${seeds[0]}") >"$log" 2>&1 &&
       (cd "$OUT" && ASAN_OPTIONS=$run_asan "./$t" "${seeds[@]}") >>"$log" 2>&1; then
      echo "oss-fuzz-sim: afl: $t ok (driver: 1 seed, then ${#seeds[@]} seeds)"
    else
      echo "oss-fuzz-sim: afl: $t FAILED through the driver (log: $log)"
      grep -E "ORACLE VIOLATION|check:|detail:|ERROR|SUMMARY|runtime error" "$log" | head -20
      bad=1
    fi
  done
  # Smoke run: afl-fuzz on one target for a few seconds with a fixed seed, from its seeds and
  # with its dict; it must execute inputs and save no crash.
  t=fuzz_txt_record
  [ -x "$OUT/$t" ] || t=${targets[0]}
  local smoke="$sim/afl/smoke" dict_flag=() seconds=${MTASTS_AFL_SMOKE_SECONDS:-10}
  rm -rf "$smoke"
  [ -e "$OUT/$t.dict" ] && dict_flag=(-x "$OUT/$t.dict")
  if ! (cd "$OUT" && AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
          AFL_NO_AFFINITY=1 AFL_FAST_CAL=1 AFL_QUIET=1 ASAN_OPTIONS="$run_asan" \
          afl-fuzz -i "$sim/afl/seeds/$t" -o "$smoke" -V "$seconds" -s 1 "${dict_flag[@]}" \
          -- "./$t") >"$sim/afl/logs/smoke.log" 2>&1; then
    echo "oss-fuzz-sim: afl: afl-fuzz $t FAILED (log: $sim/afl/logs/smoke.log)"
    grep -E "PROGRAM ABORT|ERROR|Location" "$sim/afl/logs/smoke.log" | head -10
    return 1
  fi
  local stats="$smoke/default/fuzzer_stats"
  [ -f "$stats" ] || { echo "oss-fuzz-sim: afl: no $stats"; return 1; }
  afl_stat() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
  local execs crashes
  execs=$(afl_stat execs_done)
  crashes=$(afl_stat saved_crashes)
  [ -n "$crashes" ] || crashes=$(afl_stat unique_crashes)
  echo "oss-fuzz-sim: afl: afl-fuzz $t ${seconds}s: execs_done=${execs:-?}" \
    "execs_per_sec=$(afl_stat execs_per_sec) corpus_count=$(afl_stat corpus_count)" \
    "bitmap_cvg=$(afl_stat bitmap_cvg) saved_crashes=${crashes:-?}" \
    "saved_hangs=$(afl_stat saved_hangs)" \
    "dict: $(grep -a -o 'Loaded a total of [0-9]* extras' "$sim/afl/logs/smoke.log" | grep -o '[0-9]*' ||
             echo none) extras"
  if [ "${execs:-0}" -le 0 ]; then
    echo "oss-fuzz-sim: afl: afl-fuzz executed no input"; bad=1
  fi
  if [ "${crashes:-0}" -gt 0 ]; then
    echo "oss-fuzz-sim: afl: afl-fuzz saved crashes: $smoke/default/crashes/"; bad=1
  fi
  return $bad
}

config_tests() {
  # run_tests.sh as Chronos runs it: in the builder's environment after a build (so with the
  # sanitizer flags exported), from $SRC/mtasts, without network; it must leave the checkout
  # as it found it (git status before and after).
  mkdir -p "$WORK" "$sim/tests/logs"
  local git_ok=0 before="" after=""
  if command -v git >/dev/null && git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
    git_ok=1
    before=$(git -C "$root" status --porcelain --untracked-files=all)
  fi
  # (From the physical checkout: with $PWD inside the $SRC/mtasts symlink, CMake would map the
  # build tree under $WORK, which lies inside the checkout here, back through that symlink.)
  # Where the Dockerfile puts it: $SRC/run_tests.sh, next to the checkout.
  cp "$root/fuzz/oss-fuzz/run_tests.sh" "$SRC/run_tests.sh"
  if (cd "$root" && bash "$SRC/run_tests.sh") \
       >"$sim/tests/logs/run_tests.log" 2>&1; then
    echo "oss-fuzz-sim: tests: run_tests.sh passed:" \
      "$(grep -E 'tests passed' "$sim/tests/logs/run_tests.log" | tail -1)"
  else
    tail -30 "$sim/tests/logs/run_tests.log"
    echo "oss-fuzz-sim: tests: run_tests.sh FAILED (log: $sim/tests/logs/run_tests.log)"
    return 1
  fi
  if [ $git_ok -eq 1 ]; then
    after=$(git -C "$root" status --porcelain --untracked-files=all)
    if [ "$before" != "$after" ]; then
      echo "oss-fuzz-sim: tests: the checkout changed while run_tests.sh ran:"
      diff <(echo "$before") <(echo "$after") | head -20
      return 1
    fi
  fi
}

overall=0
results=()
for config in "${configs[@]}"; do
  start=$(date +%s)
  echo "=== oss-fuzz-sim: $config"
  [ "$fresh" -eq 0 ] || rm -rf "$sim/$config/work"
  status=0
  case "$config" in
    address|undefined) (builder_env "$config" && config_libfuzzer "$config") || status=1 ;;
    coverage) (builder_env coverage && config_coverage) || status=1 ;;
    afl)
      # CI's time: the AFL++ build of the smoke target alone.
      only=""
      [ "$ci" -eq 1 ] && only=fuzz_txt_record
      (builder_env afl && MTASTS_FUZZ_BUILD_ONLY=$only config_afl) || status=1 ;;
    tests) (builder_env tests && config_tests) || status=1 ;;
  esac
  elapsed=$(( $(date +%s) - start ))
  if [ $status -eq 0 ]; then verdict=passed; else verdict=FAILED; overall=1; fi
  echo "=== oss-fuzz-sim: $config $verdict in ${elapsed}s"
  results+=("$config $verdict ${elapsed}s")
done
echo "=== oss-fuzz-sim: ${results[*]/%/;}"
exit $overall
