#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The README's code that claims to be a file is that file, so the example cannot rot.

A fenced block directly after a line `<!-- file: PATH -->` must equal PATH (relative to the
repository root) without its SPDX-License-Identifier line. CI builds and runs those files
(examples/consumer/), so the README shows code that compiles.

  check-readme-files.py [ROOT]   exit 1 when a block differs or when no block is marked
"""
import os
import re
import sys

MARKER = re.compile(r"^<!-- file: (\S+) -->$")


def marked_blocks(readme_lines):
    """(path, block text, README line number) of every marked fenced block."""
    blocks = []
    i = 0
    while i < len(readme_lines):
        m = MARKER.match(readme_lines[i].rstrip("\n"))
        if m and i + 1 < len(readme_lines) and readme_lines[i + 1].startswith("```"):
            end = i + 2
            while end < len(readme_lines) and not readme_lines[end].startswith("```"):
                end += 1
            blocks.append((m.group(1), "".join(readme_lines[i + 2:end]), i + 1))
            i = end
        i += 1
    return blocks


def without_spdx(text):
    return "".join(line for line in text.splitlines(keepends=True)
                   if "SPDX-License-Identifier:" not in line)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    with open(os.path.join(root, "README.md"), encoding="utf-8") as f:
        blocks = marked_blocks(f.readlines())
    if not blocks:
        print("README.md: no block marked <!-- file: PATH -->; the example check found nothing")
        return 1
    failed = 0
    for path, block, line in blocks:
        try:
            with open(os.path.join(root, path), encoding="utf-8") as f:
                wanted = without_spdx(f.read())
        except OSError as e:
            print(f"README.md:{line}: cannot read {path}: {e.strerror}")
            failed += 1
            continue
        if block != wanted:
            print(f"README.md:{line}: the block differs from {path}; copy the file into the README")
            failed += 1
    print(f"{len(blocks) - failed} of {len(blocks)} README block(s) equal their file")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
