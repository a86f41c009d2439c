#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the mtasts CLI on every example of examples/MANIFEST, prints each output, and exits
# 1 when any exit status or "valid" member differs from what the manifest expects.
#
# usage: tools/run-examples.sh [MTASTS [MANIFEST]]
#   MTASTS    the binary (default: mtasts on PATH, else build/*/tools/mtasts)
#   MANIFEST  default examples/MANIFEST; example paths are relative to examples/
# Exit: 0 all as expected, 1 some example differs, 2 setup problem.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mtasts=${1:-}
if [[ -z $mtasts ]]; then
  if command -v mtasts >/dev/null 2>&1; then
    mtasts=$(command -v mtasts)
  else
    for candidate in "$root"/build/*/tools/mtasts; do
      [[ -x $candidate ]] && { mtasts=$candidate; break; }
    done
  fi
fi
[[ -n $mtasts && -x $mtasts ]] || { echo "run-examples: mtasts binary not found" >&2; exit 2; }
mtasts=$(cd "$(dirname "$mtasts")" && pwd)/$(basename "$mtasts")
manifest=${2:-$root/examples/MANIFEST}
[[ -r $manifest ]] || { echo "run-examples: cannot read $manifest" >&2; exit 2; }
manifest=$(cd "$(dirname "$manifest")" && pwd)/$(basename "$manifest")
cd "$root/examples" || exit 2

total=0
failed=0
while read -r expected rest; do
  [[ -z $expected || $expected == \#* ]] && continue
  read -ra args <<<"$rest"
  total=$((total + 1))
  case $expected in
    valid) want_status=0 want_json='"valid":true' ;;
    invalid) want_status=1 want_json='"valid":false' ;;
    *) echo "run-examples: $manifest: bad expectation '$expected'" >&2; exit 2 ;;
  esac
  echo "\$ mtasts ${args[*]}"
  output=$("$mtasts" "${args[@]}")
  status=$?
  echo "$output"
  # The output is compact JSON whose first member is "valid".
  if [[ $status -ne $want_status || $output != "{$want_json,"* ]]; then
    echo "  ^ UNEXPECTED: wanted $expected (exit $want_status), got exit $status"
    failed=$((failed + 1))
  fi
done <"$manifest"

if [[ $total -eq 0 ]]; then
  echo "run-examples: no examples in $manifest" >&2
  exit 2
fi
if [[ $failed -ne 0 ]]; then
  echo "run-examples: $failed of $total examples gave an unexpected result"
  exit 1
fi
echo "run-examples: all $total examples gave the expected result"
