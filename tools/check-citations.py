#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Every tested requirement id is cited at its rule in the implementation.

For each id of fixtures/requirements.json whose status is `tested` (requirements and
ambiguities), the implementation (parser/*/src and parser/*/include: the libraries, not their
tests) must contain the id in a comment or string, e.g. `// R-3.2-4: mode is exactly ...`.
Ids with status `lint` must be cited in the lint code (tools/mtasts/commands/lint*).
`grep -rn R-3.2-4 parser/*/src` then lands on the rule, not only on its tests.
Usage: tools/check-citations.py
"""
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def text_of(globs):
    parts = []
    for g in globs:
        for p in sorted(ROOT.glob(g)):
            if p.is_file() and p.suffix in (".cc", ".h", ".def"):
                parts.append(p.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


def cited(rid, text):
    return re.search(re.escape(rid) + r"(?![0-9.])", text) is not None


def main():
    registry = json.loads((ROOT / "fixtures" / "requirements.json").read_text(encoding="utf-8"))
    implementation = text_of(["parser/*/src/**/*", "parser/*/include/**/*"])
    lint = text_of(["tools/mtasts/commands/lint*"])
    problems = []
    entries = registry["requirements"] + registry["ambiguities"]
    for entry in entries:
        rid, status = entry["id"], entry["status"]
        if status == "tested" and not cited(rid, implementation):
            problems.append(f"{rid} is tested but cited nowhere in parser/*/src or include")
        if status == "lint" and not cited(rid, lint):
            problems.append(f"{rid} is a lint rule but cited nowhere in tools/mtasts/commands/lint*")
    for p in problems:
        print("citations:", p)
    checked = sum(1 for e in entries if e["status"] in ("tested", "lint"))
    print(f"check-citations: {checked} ids, {len(problems)} not cited")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
