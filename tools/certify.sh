#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Certifies every implementation against its expectations (conformance/PROTOCOL.md):
# our engine in process, our engine through its own shim, and each peer configuration in
# conformance/shim-configs/, and unmodified implementations black-box (conformance/blackbox/).
# Installs the peers first (conformance/adapters/install.sh; root,
# apt and npm). Writes each run's JSON index, JUnit (validated against the xunit plugin's
# schema with xmllint) and certificate (NAME/report.{json,md,html}), a short differential
# fuzzing run against the peers (fuzz-diff.json, docs/FUZZ-DIFF.md), and the matrix
# (matrix.md, matrix.html) to $CERTIFY_DIR (default build/certify); then renders the pages in
# headless Chromium (tools/tests/pages/check_pages.py --real) and saves their screenshots
# beside them. Exit 1 when any run differs from its expectations, a config has entries that
# match nothing, a JUnit file is invalid or a page fails its rendering check.
#
#   bash tools/certify.sh [MTASTS_BINARY]        (default build/gcc/tools/mtasts)
set -euo pipefail
cd "$(dirname "$0")/.."

mtasts=$(realpath "${1:-build/gcc/tools/mtasts}")
out=${CERTIFY_DIR:-build/certify}
jobs=$(nproc 2>/dev/null || echo 2)
rm -rf "$out"
mkdir -p "$out"

bash conformance/adapters/install.sh

status=0
run() {  # run NAME ARGS...: one certification, timed, never stopping the others
  local name=$1; shift
  local start=$(date +%s)
  echo "--- certify $name"
  "$mtasts" conform --strict --index "$out" --junit "$out/$name-junit.xml" \
    --report "$out/$name" "$@" || status=1
  xmllint --noout --schema conformance/tests/schemas/junit-10.xsd "$out/$name-junit.xml" ||
    status=1
  echo "--- certify $name: $(( $(date +%s) - start ))s"
}

run mtasts
run mtasts-shim --impl mtasts-shim --shim "$mtasts" --jobs "$jobs"
for config in conformance/shim-configs/*.json; do
  run "$(basename "$config" .json)" --shim-config "$config" --jobs "$jobs"
done
# Level N: unmodified implementations over real sockets, each test in a private
# network namespace (root) or, without one, on high loopback ports where the profile allows.
for profile in conformance/blackbox/*.json; do
  run "$(basename "$profile" .json)" --black-box "$profile" --jobs "$jobs"
done
# Every adapter's batch form answers as its command lines do (PROTOCOL.md "Batch"): all
# fixture questions in batch, a sample of 40 per command line.
start=$(date +%s)
echo "--- batch forms"
python3 conformance/adapters/batch_check.py --sample 40 conformance/shim-configs/*.json || status=1
echo "--- batch forms: $(( $(date +%s) - start ))s"
# Differential fuzzing against the peers (docs/FUZZ-DIFF.md), bounded by inputs and seeded:
# two runs must agree, and the peers' known deviations must turn up (a later mode or id wins,
# a BOM or a blank line accepted).
start=$(date +%s)
echo "--- fuzz-diff smoke"
python3 tools/fuzz-diff-check.py "$mtasts" --max-inputs 3000 --seed 1 --json-out "$out/fuzz-diff.json" \
  --impl pmsr --impl mailauth5 --impl mailauth7-strict --impl mailauth7-lax \
  --expect 'pmsr|policy: both accept, implementation differs in mode' \
  --expect 'pmsr|txt: both accept, implementation differs in id' \
  --expect 'mailauth5|policy: both accept, implementation differs in mode' \
  --expect 'mailauth5|txt: both accept, implementation differs in id' \
  --expect 'mailauth7-lax|policy: RFC rejects (POLICY_BOM), implementation accepts' \
  --expect 'mailauth7-strict|policy: RFC rejects (POLICY_BLANK_LINE), implementation accepts' ||
  status=1
echo "--- fuzz-diff smoke: $(( $(date +%s) - start ))s"
"$mtasts" conform --matrix "$out"
python3 tools/tests/pages/check_pages.py "$mtasts" --real "$out" || status=1
exit $status
