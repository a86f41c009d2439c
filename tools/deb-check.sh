#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Debian package as a user installs it: cpack -G DEB in an already built tree, then
# apt-get install ./mtasts_<version>_<arch>.deb (which pulls its Depends), mtasts conform from
# /, examples/consumer/ built against /usr, and finally apt-get purge, so that nothing a
# later build could pick up stays installed. Needs root (CI runs as root).
# usage: tools/deb-check.sh [BUILD_DIR]   (default build/gcc)
# Exit: 0 the package works, 1 it does not, 2 could not check.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$root/build/gcc}" 2>/dev/null && pwd) ||
  { echo "deb-check: no build tree ${1:-$root/build/gcc}" >&2; exit 2; }
if [[ $(id -u) -ne 0 ]]; then
  echo "deb-check: installing a package needs root (CI runs as root)" >&2
  exit 2
fi
if dpkg -s mtasts >/dev/null 2>&1; then
  echo "deb-check: a package mtasts is already installed; purge it first" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/mtasts-deb-check.XXXXXX")
installed=no
cleanup() {
  if [[ $installed == yes ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq mtasts >/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 2' INT TERM
fail() { echo "deb-check: FAIL: $*" >&2; exit 1; }
step() { echo "--- $*"; }

step "cpack -G DEB"
(cd "$build" && cpack -G DEB -B "$work/package" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log"; fail "cpack"; }
shopt -s nullglob
debs=("$work"/package/mtasts_*.deb)
[[ ${#debs[@]} -eq 1 ]] || fail "expected one mtasts_<version>_<arch>.deb, found ${#debs[@]}"
deb=${debs[0]}
version=$(dpkg-deb -f "$deb" Version)
echo "$(basename "$deb"): $(du -h "$deb" | cut -f1), Version $version"
echo "Depends: $(dpkg-deb -f "$deb" Depends)"
depends=$(dpkg-deb -f "$deb" Depends)
for library in libc6 libstdc++6 libssl3; do  # what bin/mtasts links, found by dpkg-shlibdeps
  [[ $depends == *"$library "* || $depends == *"$library," || $depends == *"$library" ]] ||
    fail "Depends lacks $library"
done
dpkg-deb -c "$deb" >"$work/contents.txt"
for path in ./usr/bin/mtasts ./usr/include/mtasts/parser.h ./usr/include/mtasts/version.h \
            ./usr/lib/libmtasts_parser.a ./usr/lib/cmake/mtasts/mtastsConfig.cmake \
            ./usr/lib/pkgconfig/mtasts.pc ./usr/share/mtasts/fixtures ./usr/share/doc/mtasts/LICENSE; do
  grep -q " $path" "$work/contents.txt" || fail "the package lacks $path"
done

step "apt-get install ./$(basename "$deb")"
installed=yes
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log"; fail "apt-get install"; }

step "mtasts conform from /"
(cd / && /usr/bin/mtasts --version && /usr/bin/mtasts conform >"$work/conform.txt") ||
  { tail -5 "$work/conform.txt"; fail "/usr/bin/mtasts conform"; }
tail -1 "$work/conform.txt"

step "examples/consumer against /usr"
cmake -S "$root/examples/consumer" -B "$work/consumer" -DCMAKE_DISABLE_FIND_PACKAGE_OpenSSL=TRUE \
  >"$work/consumer.log" 2>&1 && cmake --build "$work/consumer" >>"$work/consumer.log" 2>&1 ||
  { cat "$work/consumer.log"; fail "consumer build against /usr"; }
printf 'version: STSv1\nmode: enforce\nmx: *.example.com\nmax_age: 86400\n' |
  "$work/consumer/check_policy" mx1.example.com || fail "consumer run"
pkg-config --exists mtasts || fail "pkg-config does not find mtasts"

step "apt-get purge mtasts"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq mtasts >/dev/null || fail "apt-get purge"
installed=no
[[ ! -e /usr/bin/mtasts && ! -e /usr/lib/cmake/mtasts ]] || fail "files left after purge"
echo "deb-check: $(basename "$deb") installs, works and purges"
