#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs every Debian 12 package the project needs to build, test and fuzz.
# Idempotent: packages already present are left alone; safe to run repeatedly.
set -euo pipefail

packages=(
  # toolchains: gcc for the default build, clang 14 for sanitizers and libFuzzer
  build-essential cmake ninja-build git pkg-config
  # file: CPack finds the binaries whose Depends dpkg-shlibdeps computes
  file
  clang clang-14 lld-14 llvm-14 libclang-rt-14-dev libc++-14-dev libc++abi-14-dev
  # AFL++ (afl-clang-fast, afl-fuzz, libAFLDriver.a) for tools/oss-fuzz-sim.sh's afl
  # configuration; llvm-14 above has llvm-profdata and llvm-cov for its coverage configuration
  afl++
  clang-format clang-tidy
  # libraries
  libgtest-dev libgmock-dev librapidcheck-dev nlohmann-json3-dev libcli11-dev libssl-dev
  # zlib: TLS-RPT reports in their gzip form (application/tlsrpt+gzip)
  zlib1g-dev
  libbenchmark-dev
  # real sockets: ldns for the DNS wire format (replay-serve, check), libcurl for
  # check's HTTPS, iproute2 for the black-box runner's network namespaces (ip netns)
  libldns-dev libcurl4-openssl-dev iproute2
  # fixture and output schema validation
  python3 python3-jsonschema
  # JUnit reports are validated against the xunit plugin's schema
  libxml2-utils
  # handy for the fuzz seed zips
  zip unzip
  # renders the conformance pages headless (tools/tests/pages/check_pages.py)
  chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
