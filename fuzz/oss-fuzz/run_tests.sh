#!/bin/bash -eu
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 the mtasts authors
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#      http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
#
################################################################################

# The project's tests inside the builder image, for OSS-Fuzz's Chronos: runs after a build,
# without network, exits 0 when every test passes, and leaves the checkout unchanged (the
# build tree lives in $WORK). What runs: the unit tests and RapidCheck properties of the
# parser, the engine's tests, the TLS-RPT report library's tests, the JSON observation tests
# and the replay of every fuzz target's corpus with the seeds' verdicts (ctest). Not the
# command-line tool and the conformance runner: they need OpenSSL and libidn2, and their
# tests start servers.
#
# The builder's CFLAGS/CXXFLAGS (sanitizers, fuzzer instrumentation, -stdlib=libc++) are not
# used: the distribution's GoogleTest and RapidCheck are built against libstdc++, so this
# tree is a plain build with the builder's clang and the system C++ library.
set -euo pipefail

# The Dockerfile copies this script to $SRC/ next to the checkout $SRC/mtasts; run from the
# checkout (fuzz/oss-fuzz/run_tests.sh) it finds the checkout from its own path.
if [ -n "${SRC:-}" ] && [ -f "$SRC/mtasts/CMakeLists.txt" ]; then
  project_dir=$(cd "$SRC/mtasts" && pwd -P)
else
  project_dir=$(cd "$(dirname "$0")/../.." && pwd -P)
fi
build_dir="${WORK:-/tmp}/mtasts-tests"
jobs=$(nproc 2>/dev/null || echo 2)

unset CFLAGS CXXFLAGS LDFLAGS LIB_FUZZING_ENGINE
export RC_PARAMS="${RC_PARAMS:-seed=20261128 max_success=200}"  # deterministic properties

generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi

cmake -S "$project_dir" -B "$build_dir" "${generator[@]}" \
  -DCMAKE_CXX_COMPILER="${CXX:-clang++}" -DCMAKE_BUILD_TYPE=Release \
  -DMTASTS_BUILD_TESTS=ON -DMTASTS_BUILD_FUZZERS=ON -DMTASTS_BUILD_TOOLS=OFF \
  -DMTASTS_FUZZ=OFF -DMTASTS_SANITIZE=OFF -DMTASTS_WERROR=OFF \
  -DMTASTS_WITH_OPENSSL=OFF -DMTASTS_WITH_JSON=ON -DMTASTS_WITH_IDNA=OFF \
  -DCMAKE_DISABLE_FIND_PACKAGE_OpenSSL=TRUE
cmake --build "$build_dir" -j "$jobs"
ctest --test-dir "$build_dir" -j "$jobs" --output-on-failure --no-tests=error
