#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Regenerates fixtures/error-tokens.json from parser/core/include/mtasts/error_tokens.def.

The file is the language-neutral copy of the error-token registry: a JSON array of
{"token", "family", "section"} objects in registry order, one object per line.
ctest registry.error_tokens_json runs --check, so the file never drifts from the .def.

Usage: tools/gen-error-tokens.py           # rewrite the file
       tools/gen-error-tokens.py --check   # exit 1 if the file is out of date
"""
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEF = ROOT / "parser" / "core" / "include" / "mtasts" / "error_tokens.def"
OUT = ROOT / "fixtures" / "error-tokens.json"

C_STRING = r'"((?:[^"\\]|\\.)*)"'
ENTRY = re.compile(
    r"^X\(\s*([A-Z][A-Z0-9_]*)\s*,\s*([A-Z][A-Z0-9_]*)\s*,\s*" + C_STRING + r"\s*,\s*" + C_STRING +
    r"\s*\)\s*$")


def c_unescape(s: str) -> str:
    # The .def uses only \" and \\ escapes; anything else is refused rather than guessed.
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\":
            if i + 1 >= len(s) or s[i + 1] not in '"\\':
                raise ValueError(f"unsupported escape in {s!r}")
            out.append(s[i + 1])
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def entries():
    result = []
    for number, line in enumerate(DEF.read_text(encoding="utf-8").splitlines(), 1):
        if not line.startswith("X("):
            continue
        m = ENTRY.match(line)
        if not m:
            sys.exit(f"{DEF}:{number}: cannot parse registry entry: {line}")
        token, family, section, _message = m.groups()
        result.append({"token": token, "family": family, "section": c_unescape(section)})
    if not result:
        sys.exit(f"{DEF}: no entries found")
    tokens = [e["token"] for e in result]
    if len(set(tokens)) != len(tokens):
        sys.exit(f"{DEF}: duplicate tokens")
    return result


def render(items) -> str:
    lines = [json.dumps(e, ensure_ascii=False) for e in items]
    return "[\n" + ",\n".join("  " + l for l in lines) + "\n]\n"


def main() -> int:
    text = render(entries())
    if "--check" in sys.argv[1:]:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT.relative_to(ROOT)} is out of date; run tools/gen-error-tokens.py",
                  file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
