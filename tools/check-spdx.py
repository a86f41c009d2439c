#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Every source file carries its licence: an SPDX-License-Identifier line near the top.

Source files are C++ sources and headers (and the .def X-macro list), shell and Python
scripts (any file starting with "#!"), JavaScript, CMake files and Dockerfiles. Data (JSON,
fixtures, corpora, snapshots, certificates) is covered by LICENSE and REUSE.toml instead.

  check-spdx.py ROOT          list the files that lack the line; exit 1 if any
  check-spdx.py ROOT --add    add the line to those files (after a shebang line)
  check-spdx.py --self-test   show that the check finds a missing line and accepts a present one
"""
import os
import subprocess
import sys

LICENSE_ID = "Apache-2.0"
TAG = "SPDX-License-Identifier: " + LICENSE_ID
# The line must be within the first lines: after a shebang and an encoding line at most.
HEAD_LINES = 3
SLASH_COMMENT = (".cc", ".h", ".def", ".js", ".mjs", ".cjs")
HASH_COMMENT = (".py", ".sh", ".cmake", ".cmake.in")
HASH_NAMES = ("CMakeLists.txt", "Dockerfile")
DATA_ROOTS = ("corpus/", "fixtures/", "snapshots/")


def tracked_files(root):
    try:
        out = subprocess.run(["git", "-C", root, "ls-files", "-z"], check=True,
                             capture_output=True).stdout
        return [p for p in out.decode().split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        files = []
        for base, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs
                       if d not in (".git", "build", "node_modules") and not d.startswith("build")]
            files += [os.path.relpath(os.path.join(base, n), root) for n in names]
        return files


def comment_for(path, first_line):
    name = os.path.basename(path)
    if path.startswith(DATA_ROOTS):
        return None
    if name.endswith(SLASH_COMMENT):
        return "// "
    if name.endswith(HASH_COMMENT) or name in HASH_NAMES or first_line.startswith(b"#!"):
        return "# "
    return None


def self_test():
    import tempfile
    with tempfile.TemporaryDirectory() as root:
        files = {"with.cc": "// " + TAG + "\nint x;\n",
                 "without.cc": "int x;\n",
                 "script": "#!/bin/sh\necho\n",
                 "fixtures/data.py": "print()\n",
                 "CMakeLists.txt": "# " + TAG + "\n"}
        for name, text in files.items():
            os.makedirs(os.path.dirname(os.path.join(root, name)) or root, exist_ok=True)
            with open(os.path.join(root, name), "w") as f:
                f.write(text)
        found = [path for path, _, _ in missing_lines(root)]
        if sorted(found) != ["script", "without.cc"]:
            print(f"self-test: expected script and without.cc to lack the line, found {found}")
            return 1
    print("self-test: the check finds files without the line")
    return 0


def missing_lines(root):
    """(path, lines, comment prefix) of every source file under root without the line."""
    missing = []
    for path in sorted(tracked_files(root)):
        full = os.path.join(root, path)
        if not os.path.isfile(full):
            continue
        with open(full, "rb") as f:
            lines = f.read().split(b"\n")
        prefix = comment_for(path, lines[0])
        if prefix is None or any(TAG.encode() in line for line in lines[:HEAD_LINES]):
            continue
        missing.append((path, lines, prefix))
    return missing


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    missing = missing_lines(root)
    if "--add" in sys.argv[2:]:
        for path, lines, prefix in missing:
            at = 1 if lines[0].startswith(b"#!") else 0
            lines.insert(at, (prefix + TAG).encode())
            with open(os.path.join(root, path), "wb") as f:
                f.write(b"\n".join(lines))
        print(f"added the licence line to {len(missing)} file(s)")
        return 0
    for path, _, _ in missing:
        print(f"{path}: no '{TAG}' line in its first {HEAD_LINES} lines")
    if missing:
        print(f"{len(missing)} source file(s) without a licence line; "
              f"add them with: tools/check-spdx.py . --add")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
