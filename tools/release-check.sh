#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The release as a user meets it, from an already built tree (no extra full build):
#  1. cmake --install into a temporary prefix, then move the prefix (it must be relocatable)
#     and move the build tree aside, so nothing can be found through either;
#  2. from /, with the moved prefix: mtasts --version, conform, diff, and a replay-serve world
#     that mtasts check reads;
#  3. examples/consumer/ built against the prefix with OpenSSL hidden, and run;
#  4. examples/consumer/main.cc compiled with `pkg-config --cflags --libs mtasts`, and run.
#  5. with --with-peers (after conformance/adapters/install.sh): a shipped shim config,
#     pmsr's, certified from / through the prefix's data directory ({data_dir} in its command).
# usage: tools/release-check.sh [--with-peers] [BUILD_DIR]   (default build/gcc)
# Exit: 0 all worked, 1 something a user would hit failed, 2 could not check.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
with_peers=no
if [[ ${1:-} == --with-peers ]]; then with_peers=yes; shift; fi
build=$(cd "${1:-$root/build/gcc}" 2>/dev/null && pwd) ||
  { echo "release-check: no build tree ${1:-$root/build/gcc}" >&2; exit 2; }
[[ -x $build/tools/mtasts || -x $build/bin/mtasts ]] ||
  { echo "release-check: $build has no mtasts binary; build it first" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/mtasts-release-check.XXXXXX")
hidden="$build.hidden-by-release-check"
restore() {
  if [[ -d $hidden ]]; then mv "$hidden" "$build"; fi
  rm -rf "$work"
}
trap restore EXIT
trap 'exit 2' INT TERM

fail() { echo "release-check: FAIL: $*" >&2; exit 1; }
step() { echo "--- $*"; }

step "install into a prefix, then move the prefix and hide the build tree"
cmake --install "$build" --strip --prefix "$work/installed" >"$work/install.log" ||
  { cat "$work/install.log"; fail "cmake --install"; }
mv "$work/installed" "$work/prefix"
prefix=$work/prefix
mv "$build" "$hidden"

mtasts=$prefix/bin/mtasts
policy=$'version: STSv1\nmode: enforce\nmx: *.example.com\nmax_age: 86400\n'
(
  cd /
  # Only the moved prefix: no source or build path may be needed (the ctest e2e.install
  # checks that none is compiled in).
  env -i PATH=/usr/bin:/bin HOME="$work" "$mtasts" --version || fail "mtasts --version"

  step "mtasts conform from /"
  env -i PATH=/usr/bin:/bin HOME="$work" "$mtasts" conform >"$work/conform.txt" ||
    { tail -5 "$work/conform.txt"; fail "mtasts conform (exit $?)"; }
  tail -1 "$work/conform.txt"

  step "mtasts diff from / (the installed corpus, fixtures and snapshots)"
  env -i PATH=/usr/bin:/bin HOME="$work" "$mtasts" diff >"$work/diff.txt" ||
    { tail -5 "$work/diff.txt"; fail "mtasts diff (exit $?)"; }
  tail -1 "$work/diff.txt"

  step "mtasts replay-serve from /, answered to mtasts check (both from the prefix)"
  fixture=$prefix/share/mtasts/fixtures/discovery/discovery_test.json
  env -i PATH=/usr/bin:/bin HOME="$work" "$mtasts" replay-serve "$fixture" \
    --test rfc8461/3.1/discovery-query-name --dns-port 0 --https-port 0 --smtp-port 0 \
    --ready-file "$work/ready.json" >"$work/replay.log" 2>&1 &
  replay=$!
  trap 'kill "$replay" 2>/dev/null || true' EXIT  # no server outlives a failed check
  for _ in $(seq 100); do  # replay-serve writes the ready file once every socket listens
    [[ -s $work/ready.json ]] || ! kill -0 "$replay" 2>/dev/null && break
    sleep 0.1
  done
  [[ -s $work/ready.json ]] || { cat "$work/replay.log"; fail "replay-serve did not start"; }
  read -r dns https ca < <(python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
print(r["dns"], r["https"].rsplit(":", 1)[1], r["ca_file"])' "$work/ready.json")
  [[ $ca == "$prefix"/* ]] || fail "replay-serve's test CA $ca is not the prefix's"
  env -i PATH=/usr/bin:/bin HOME="$work" "$mtasts" check example.com --resolver "$dns" \
    --https-port "$https" --ca-file "$ca" >"$work/check.txt" 2>&1 ||
    { cat "$work/check.txt"; fail "mtasts check against replay-serve"; }
  kill "$replay" && wait "$replay" || fail "replay-serve did not exit cleanly on SIGTERM"
  trap - EXIT
  grep "^result:" "$work/check.txt"

  if [[ $with_peers == yes ]]; then
    step "mtasts conform --shim-config (pmsr) from / through the prefix's data directory"
    env -i PATH=/usr/bin:/bin HOME="$work" "$mtasts" conform --strict --jobs 2 \
      --test 'rfc8461/3.2/policy-*' --shim-config "$prefix/share/mtasts/conformance/shim-configs/pmsr.json" \
      >"$work/pmsr.txt" 2>&1 || { tail -5 "$work/pmsr.txt"; fail "conform with pmsr's config"; }
    tail -1 "$work/pmsr.txt"
    if tail -1 "$work/pmsr.txt" | grep -q "^pmsr: 0 tests"; then fail "no pmsr test ran"; fi
  fi
)

step "examples/consumer against the prefix, OpenSSL hidden"
cmake -S "$root/examples/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_DISABLE_FIND_PACKAGE_OpenSSL=TRUE -DCMAKE_CXX_FLAGS="-Wall -Wextra -Werror" \
  >"$work/consumer.log" 2>&1 || { cat "$work/consumer.log"; fail "consumer configure"; }
cmake --build "$work/consumer" >>"$work/consumer.log" 2>&1 ||
  { cat "$work/consumer.log"; fail "consumer build"; }
out=$(printf '%s' "$policy" | "$work/consumer/check_policy" mx1.example.com) ||
  fail "consumer: mx1.example.com should be allowed"
echo "$out"
if printf '%s' "$policy" | "$work/consumer/check_policy" mx1.example.org >/dev/null; then
  fail "consumer: mx1.example.org should not be allowed"
fi

step "find_package(mtasts COMPONENTS ...): every installed component, and a wrong one"
components=$(sed -n 's/^set(_mtasts_installed "\(.*\)")$/\1/p' \
  "$prefix/lib/cmake/mtasts/mtastsConfig.cmake" | tr ';' ' ')
[[ -n $components ]] || fail "mtastsConfig.cmake lists no installed component"
echo "installed components: $components"
mkdir -p "$work/components"
cat >"$work/components/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(components LANGUAGES CXX)
find_package(mtasts REQUIRED COMPONENTS \${WANTED})
foreach(c \${WANTED})
  if(NOT TARGET mtasts::\${c})
    message(FATAL_ERROR "no target mtasts::\${c}")
  endif()
endforeach()
CMAKE
cmake -S "$work/components" -B "$work/components/all" -DCMAKE_PREFIX_PATH="$prefix" \
  "-DWANTED=${components// /;}" >"$work/components.log" 2>&1 ||
  { cat "$work/components.log"; fail "find_package with every installed component"; }
if cmake -S "$work/components" -B "$work/components/wrong" -DCMAKE_PREFIX_PATH="$prefix" \
  -DWANTED=no_such_component >"$work/components.log" 2>&1; then
  fail "find_package accepted the component no_such_component"
fi
grep -q "mtasts has no component 'no_such_component'" "$work/components.log" ||
  { cat "$work/components.log"; fail "find_package did not name the wrong component"; }

step "pkg-config --cflags --libs mtasts"
flags=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs mtasts) ||
  fail "pkg-config does not find mtasts.pc in $prefix/lib/pkgconfig"
echo "$flags"
# shellcheck disable=SC2086  # the flags are words
c++ -Wall -Wextra -Werror -o "$work/check_policy_pc" "$root/examples/consumer/main.cc" $flags ||
  fail "compiling with pkg-config's flags"
printf '%s' "$policy" | "$work/check_policy_pc" mx1.example.com >/dev/null ||
  fail "the pkg-config build of the consumer"

echo "release-check: the installed prefix, the consumer and pkg-config all work"
