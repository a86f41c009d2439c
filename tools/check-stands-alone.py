#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The repository stands alone: no tracked file points outside it.

Fails when a tracked file refers to a sibling folder of the checkout, to a design document
that is not in the tree, to an issue tracker's numbers, or to tracker handles (a bracketed
word naming a piece of work). Such references cannot be resolved by a reader of the
published repository; write what is needed into docs/ instead.
Usage: tools/check-stands-alone.py   (lists the tracked files with git, else walks the tree)
"""
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
HANDLES = "core|fuzz|engine|fixtures|coverage|certify|blackbox|perf|diff|arch|robust|release"
PATTERN = re.compile(r"\.\./shared|DESIGN" + " §" + r"|issue #[0-9]|\[(" + HANDLES + r")\]")


def tracked_files():
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], check=True,
                             capture_output=True).stdout
        return [ROOT / f for f in out.decode("utf-8", "replace").split("\0") if f]
    except (OSError, subprocess.CalledProcessError):
        skip = {".git", "build"}
        return [p for p in ROOT.rglob("*")
                if p.is_file() and not skip.intersection(p.relative_to(ROOT).parts)]


def main():
    problems = 0
    files = tracked_files()
    for path in files:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if PATTERN.search(line):
                print(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
                problems += 1
    print(f"check-stands-alone: {len(files)} files, {problems} references outside the repository")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
