#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks the dependency rule of docs/ARCHITECTURE.md against a build tree.

Reads the table between <!-- layering:begin --> and <!-- layering:end --> (folder | may use)
and the build's compile_commands.json. For every translation unit of the project it finds the
folder the unit belongs to (by the target directory it is compiled in, and by its own path)
and fails when
  - an include directory (-I, -isystem, -iquote) inside the repository belongs to a folder
    the unit's folder may not use, or
  - a source file of one folder is compiled into a target of a folder that may not use it, or
  - a fuzz target's include directory is a tests/ folder.
A folder may always use itself; a tests/ folder may also use its folder's src/ and
parser/testing. Usage: check-layering.py BUILD_DIR, or check-layering.py --self-test (the
check must fail on a build whose conformance code sees tools/ or whose fuzz target sees a
tests/ folder).
"""
import json
import os
import re
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def read_rules():
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    block = text.split("<!-- layering:begin -->", 1)[1].split("<!-- layering:end -->", 1)[0]
    rules = {}
    for line in block.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 or cells[0] in ("folder", "") or set(cells[0]) <= set("-"):
            continue
        rules[cells[0]] = {u.strip() for u in cells[1].split(",") if u.strip()}
    if not rules:
        sys.exit("check-layering: no rules found in docs/ARCHITECTURE.md")
    return rules


def folder_of(path, folders):
    """The longest rule folder containing path (relative to ROOT), or None."""
    rel = path.as_posix()
    best = None
    for f in folders:
        if rel == f or rel.startswith(f + "/"):
            if best is None or len(f) > len(best):
                best = f
    return best


def relative(p):
    try:
        return Path(os.path.realpath(p)).relative_to(ROOT)
    except ValueError:
        return None


def allowed(user, used, user_path, rules):
    if used == user:
        return True
    if used in rules[user]:
        return True
    # tests/ of a folder may use parser/testing (its src/ is the folder itself).
    if "/tests" in "/" + user_path.as_posix() and used == "parser/testing":
        return True
    return False


def include_dirs(command, directory):
    args = shlex.split(command)
    out = []
    i = 0
    while i < len(args):
        a = args[i]
        for flag in ("-I", "-isystem", "-iquote", "-idirafter"):
            if a == flag and i + 1 < len(args):
                out.append(args[i + 1])
                i += 1
                break
            if a.startswith(flag) and len(a) > len(flag) and flag == "-I":
                out.append(a[2:])
                break
        i += 1
    return [d if os.path.isabs(d) else os.path.join(directory, d) for d in out]


def self_test():
    """A synthetic build with two violations must fail with exactly those two."""
    import io
    import tempfile
    from contextlib import redirect_stdout
    with tempfile.TemporaryDirectory() as tmp:
        build = Path(tmp)
        def unit(source, target_dir, includes):
            obj = f"{target_dir}/CMakeFiles/t.dir/x.o"
            flags = " ".join(f"-I{ROOT / i}" for i in includes)
            return {"directory": str(build), "file": str(ROOT / source),
                    "command": f"c++ {flags} -o {obj} -c {ROOT / source}"}
        entries = [
            unit("conformance/runner/src/runner.cc", "conformance/runner",
                 ["conformance/runner/include", "tools/mtasts"]),
            unit("fuzz/fuzz_policy.cc", "fuzz", ["parser/core/include", "parser/core/tests"]),
            unit("parser/engine/src/engine.cc", "parser/engine",
                 ["parser/engine/include", "parser/core/include"]),
        ]
        (build / "compile_commands.json").write_text(json.dumps(entries))
        out = io.StringIO()
        with redirect_stdout(out):
            status = check(build)
    text = out.getvalue()
    ok = (status == 1 and "runner.cc (conformance/runner): include directory tools/mtasts" in text
          and "a fuzz target includes from a tests/ folder" in text and "engine.cc" not in text)
    print(text, end="")
    print("check-layering self-test:", "passed" if ok else "FAILED")
    return 0 if ok else 1


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--self-test":
        return self_test()
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    return check(Path(sys.argv[1]).resolve())


def check(build):
    rules = read_rules()
    folders = sorted(rules)
    entries = json.loads((build / "compile_commands.json").read_text(encoding="utf-8"))
    problems = []
    checked = 0
    for e in entries:
        source = relative(e["file"])
        if source is None:
            continue
        command = e.get("command") or " ".join(shlex.quote(a) for a in e.get("arguments", []))
        # The target's folder: the source directory of the CMakeFiles/<target>.dir it builds in.
        out = re.search(r"-o\s+(\S+)", command)
        target_dir = None
        if out:
            obj = Path(e["directory"]) / out.group(1)
            parts = obj.relative_to(build).parts if build in obj.parents else ()
            if "CMakeFiles" in parts:
                target_dir = Path(*parts[: parts.index("CMakeFiles")])
        user_path = target_dir if target_dir is not None else source
        user = folder_of(user_path, folders) or folder_of(source, folders)
        if user is None:
            continue
        checked += 1
        owner = folder_of(source, folders)
        if owner is not None and not allowed(user, owner, user_path, rules):
            problems.append(f"{source}: compiled into {user_path} ({user}), which may not use {owner}")
        for d in include_dirs(command, e["directory"]):
            rel = relative(d)
            if rel is None or rel.parts[:1] == ("build",):
                continue
            if user == "fuzz" and "tests" in rel.parts:
                problems.append(f"{source}: a fuzz target includes from a tests/ folder: {rel}")
            used = folder_of(rel, folders)
            if used is None:
                if rel.parts and rel.parts[0] in ("parser", "conformance", "tools"):
                    problems.append(f"{source}: include directory {rel} belongs to no folder of the table")
                continue
            if not allowed(user, used, user_path, rules):
                problems.append(f"{source} ({user}): include directory {rel} is {used}, which {user} may not use")
    for p in sorted(set(problems)):
        print("layering:", p)
    if problems:
        print(f"check-layering: {len(set(problems))} problems in {checked} translation units")
        return 1
    if checked == 0:
        print("check-layering: no translation unit of the project in compile_commands.json")
        return 1
    print(f"check-layering: {checked} translation units follow docs/ARCHITECTURE.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
