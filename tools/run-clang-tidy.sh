#!/usr/bin/env bash
# clang-tidy over the core libraries (parser/*/src) with a build tree's compile_commands.json,
# one process per core. Warnings are errors.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/gcc}
mapfile -t files < <(git ls-files 'parser/*/src/*.cc')
log=$(mktemp)
trap 'rm -f "$log"' EXIT
printf '%s\n' "${files[@]}" |
  xargs -P "$(nproc 2>/dev/null || echo 2)" -n 1 clang-tidy --quiet -p "$build" --warnings-as-errors='*' >"$log" 2>&1 &&
  status=0 || status=$?
grep -v "warnings generated" "$log" || true
[ "$status" -eq 0 ] || { echo "clang-tidy: findings above"; exit 1; }
echo "clang-tidy: ${#files[@]} files clean"
