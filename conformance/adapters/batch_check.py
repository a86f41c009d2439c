#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks that a shim's `SHIM batch` gives the answers its level-P command lines give.

    python3 conformance/adapters/batch_check.py [--sample N] CONFIG...

For each shim config (conformance/shim-configs/*.json; its `shim` member with `{data_dir}`
replaced by the repository root) it asks the shim `--capabilities`, collects every level-P
question of the fixtures (fixtures/**/*.json: the steps whose action is parse_txt,
parse_txt_records, parse_policy, parse_tlsrpt, parse_tlsrpt_report, build_tlsrpt_report,
match or cert_match) that the declared capabilities allow, identical questions once, and
answers them all through one `SHIM batch` process (conformance/PROTOCOL.md, "Batch"). Then it
asks a deterministic sample of them the per-command way (`--sample N`, default 40, spread
over the kinds of question; `--sample 0` asks all) and compares exit status and answer.

Inputs are built as the runner builds them (fixtures/FORMAT.md): FILE holds a parse step's
`input` bytes (`{"base64"}` decoded, `{"repeat", "count"}` expanded), the records array of
parse_txt_records and the object of build_tlsrpt_report as compact JSON; match and
cert_match operands follow `--`. A question whose operand holds NUL cannot be put on a
command line and is only asked in batch.

Prints, per config: questions, batch seconds and questions/s, and the per-command sample's
seconds. Exit status: 0 all answers equal, 1 a difference (each listed: question, both
answers), 2 a shim that cannot be run (no capabilities, no `batch` level, or a batch process
that answers nothing).
"""
import argparse
import base64
import concurrent.futures
import glob
import json
import os
import select
import shlex
import subprocess
import sys
import tempfile
import time

from drive_session import fixture_bytes  # the fixtures' byte values (fixtures/FORMAT.md)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UNIMPLEMENTED = 89

# Fixture action -> the capability that enables it (PROTOCOL.md section 4).
ACTIONS = {
    "parse_txt": "parse", "parse_txt_records": "parse", "parse_policy": "parse",
    "parse_tlsrpt": "tlsrpt", "parse_tlsrpt_report": "tlsrpt_report",
    "build_tlsrpt_report": "tlsrpt_report", "match": "match", "cert_match": "match",
}
FILE_COMMANDS = {
    "parse_txt": [b"parse", b"txt"], "parse_txt_records": [b"parse", b"txt", b"--records"],
    "parse_policy": [b"parse", b"policy"], "parse_tlsrpt": [b"parse", b"tlsrpt"],
    "parse_tlsrpt_report": [b"parse", b"tlsrpt-report"],
    "build_tlsrpt_report": [b"build", b"tlsrpt-report"],
}


class CannotRun(Exception):
    pass


def compact_json(v):
    """JSON as the runner writes a records file or a build input: compact, keys sorted."""
    return json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def question(step):
    """(action, command words as bytes without FILE, FILE bytes or None) of a level-P step."""
    action, inp = step["action"], step.get("input")
    if action in ("parse_txt_records", "build_tlsrpt_report"):
        return action, FILE_COMMANDS[action], compact_json(inp)
    if action in FILE_COMMANDS:
        return action, FILE_COMMANDS[action], fixture_bytes(inp)
    if action == "match":
        return action, [b"match", b"--", fixture_bytes(inp["pattern"]), fixture_bytes(inp["host"])], None
    words = [b"cert-match"] + ([b"--policy-host"] if inp.get("policy_host") else []) + [b"--"]
    return action, words + [fixture_bytes(inp["host"])] + [fixture_bytes(n) for n in inp["names"]], None


def collect(capabilities):
    """Every distinct level-P question of the fixtures the capabilities allow, in file order,
    each with the name of the first test step that asks it."""
    seen, out = set(), []
    for path in sorted(glob.glob(os.path.join(ROOT, "fixtures", "**", "*.json"), recursive=True)):
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except ValueError:
            continue
        if not isinstance(doc, dict) or not isinstance(doc.get("testGroups"), list):
            continue
        for group in doc["testGroups"]:
            for test in group.get("tests", []):
                for n, step in enumerate(test.get("steps", [])):
                    if ACTIONS.get(step.get("action")) not in capabilities:
                        continue
                    action, command, file = question(step)
                    key = (tuple(command), file)
                    if key in seen:
                        continue
                    seen.add(key)
                    out.append({"label": "%s step %d" % (test["name"], n), "action": action,
                                "command": command, "file": file})
    return out


def runner_string(b):
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(b).decode("ascii")}


def sample(questions, n):
    """n questions spread over the kinds (round robin over actions, evenly spaced within
    one); n == 0: all of them. Deterministic."""
    if n == 0 or n >= len(questions):
        return list(range(len(questions)))
    kinds = {}
    for i, q in enumerate(questions):
        kinds.setdefault(q["action"], []).append(i)
    quota = {k: 0 for k in kinds}
    left = n
    while left:
        for k in kinds:
            if left and quota[k] < len(kinds[k]):
                quota[k] += 1
                left -= 1
    picked = []
    for k, members in kinds.items():
        picked += [members[j * len(members) // quota[k]] for j in range(quota[k])]
    return sorted(picked)


class BatchShim:
    """One `SHIM batch` process at a time; a question that crashes it or times out is
    reported as such and the next question starts a new process (as the runner does)."""

    def __init__(self, argv, timeout, stderr):
        self.argv, self.timeout, self.stderr = argv + ["batch"], timeout, stderr
        self.proc, self.buf, self.next_id, self.starts = None, b"", 0, 0

    def _start(self):
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.stderr, cwd=ROOT)
        self.buf = b""
        self.starts += 1

    def _lost(self, what):
        if self.proc:
            self.proc.kill()
            code = self.proc.wait()
            self.proc = None
            what += " (exit %s)" % code
        return {"crash": what}

    def _readline(self, deadline):
        fd = self.proc.stdout.fileno()
        while b"\n" not in self.buf:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                return None
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b""
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line

    def ask(self, q):
        if self.proc is None:
            self._start()
        qid = self.next_id
        self.next_id += 1
        request = {"id": qid, "command": [runner_string(w) for w in q["command"]]}
        if q["file"] is not None:
            request["file"] = runner_string(q["file"])
        try:
            self.proc.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
            self.proc.stdin.flush()
        except OSError as e:
            return self._lost("write failed: %s" % e)
        line = self._readline(time.monotonic() + self.timeout)
        if line is None:
            return self._lost("timeout")
        if not line:
            return self._lost("stdout closed")
        try:
            a = json.loads(line)
        except ValueError:
            return self._lost("malformed answer line %r" % line[:200])
        if not isinstance(a, dict) or a.get("id") != qid or a.get("exit") not in (0, 1, 3, UNIMPLEMENTED):
            return self._lost("not this question's answer: %r" % line[:200])
        if a["exit"] != UNIMPLEMENTED and not isinstance(a.get("answer"), dict):
            return self._lost("answer missing: %r" % line[:200])
        return {"exit": a["exit"], "answer": a.get("answer")}

    def close(self):
        if self.proc:
            self.proc.stdin.close()
            try:
                code = self.proc.wait(self.timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                code = "killed after EOF"
            self.proc = None
            return code
        return 0


def ask_command(argv, q, timeout):
    """The question the per-command way: FILE in a temporary file, operands after `--`."""
    path = None
    try:
        args = list(q["command"])
        if q["file"] is not None:
            fd, path = tempfile.mkstemp(prefix="mtasts-shim-")
            with os.fdopen(fd, "wb") as f:
                f.write(q["file"])
            args.append(path.encode())
        try:
            p = subprocess.run([a.encode() for a in argv] + args, capture_output=True, timeout=timeout,
                               stdin=subprocess.DEVNULL, cwd=ROOT)
        except subprocess.TimeoutExpired:
            return {"crash": "timeout"}
    finally:
        if path:
            os.unlink(path)
    if p.returncode == UNIMPLEMENTED:
        return {"exit": UNIMPLEMENTED, "answer": None}
    if p.returncode not in (0, 1, 3):
        return {"crash": "exit %s: %s" % (p.returncode, p.stderr.decode(errors="replace")[-500:])}
    try:
        return {"exit": p.returncode, "answer": json.loads(p.stdout)}
    except ValueError:
        return {"crash": "malformed JSON: %r" % p.stdout[:200]}


def show(q):
    words = [runner_string(w) for w in q["command"]]
    text = " ".join(w if isinstance(w, str) else json.dumps(w) for w in words)
    if q["file"] is not None:
        f = runner_string(q["file"])
        text += " FILE=" + json.dumps(f if not isinstance(f, str) or len(f) < 300 else f[:300] + "...")
    return "%s: %s" % (q["label"], text)


def check(config_path, n_sample, timeout, jobs):
    """Returns the list of differences; raises CannotRun."""
    with open(config_path, encoding="utf-8") as f:
        config = json.load(f)
    argv = shlex.split(config["shim"].replace("{data_dir}", ROOT))
    name = config.get("impl", os.path.basename(config_path))
    try:
        p = subprocess.run(argv + ["--capabilities"], capture_output=True, timeout=timeout,
                           stdin=subprocess.DEVNULL, cwd=ROOT)
        caps = json.loads(p.stdout) if p.returncode == 0 else None
    except (OSError, ValueError, subprocess.TimeoutExpired) as e:
        raise CannotRun("%s: --capabilities: %s" % (name, e))
    if not isinstance(caps, dict) or not isinstance(caps.get("levels"), list):
        raise CannotRun("%s: --capabilities failed (exit %s): %s" % (name, p.returncode, p.stderr.decode(errors="replace")[-500:]))
    if "P" not in caps["levels"]:
        print("%s: no level P, so no batch form to check" % name)
        return []
    if "batch" not in caps["levels"]:
        raise CannotRun("%s: declares level P but not its batch form" % name)
    capabilities = set(caps.get("capabilities", [])) if "P" in caps["levels"] else set()
    questions = collect(capabilities)
    kinds = {}
    for q in questions:
        kinds[q["action"]] = kinds.get(q["action"], 0) + 1

    with tempfile.TemporaryFile() as err:
        shim = BatchShim(argv, timeout, err)
        t0 = time.monotonic()
        batch = [shim.ask(q) for q in questions]
        end_code = shim.close()
        batch_s = time.monotonic() - t0
        err.seek(0)
        stderr_tail = err.read()[-2000:].decode(errors="replace")
    crashes = sum(1 for a in batch if "crash" in a)
    if questions and crashes == len(questions):
        raise CannotRun("%s: batch answered no question: %s; stderr: %s" % (name, batch[0]["crash"], stderr_tail))

    picked = [i for i in sample(questions, n_sample) if not any(b"\0" in w for w in questions[i]["command"])]
    t1 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        single = dict(zip(picked, pool.map(lambda i: ask_command(argv, questions[i], timeout), picked)))
    single_s = time.monotonic() - t1

    diffs = []
    for i in picked:
        if single[i] != batch[i]:
            diffs.append("%s\n    batch:       %s\n    per-command: %s" % (
                show(questions[i]), json.dumps(batch[i]), json.dumps(single[i])))
    for i, a in enumerate(batch):
        if "crash" in a and i not in single:
            diffs.append("%s\n    batch:       %s (not asked per command)" % (show(questions[i]), json.dumps(a)))

    rate = len(questions) / batch_s if batch_s > 0 else 0.0
    print("%s: %d questions (%s); batch %.2f s, %.0f questions/s, %d process start(s), exit %s; "
          "per-command %d in %.2f s (%.2f s each, %d jobs); %d difference(s)" % (
              name, len(questions), ", ".join("%s %d" % kv for kv in sorted(kinds.items())) or "none",
              batch_s, rate, shim.starts, end_code, len(picked), single_s,
              single_s * jobs / len(picked) if picked else 0.0, jobs, len(diffs)))
    if end_code != 0:
        diffs.append("%s: the batch process exited %s at end of input" % (name, end_code))
    if crashes:
        print("  %d batch question(s) crashed; last stderr: %s" % (crashes, stderr_tail.strip()[-500:]))
    return diffs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", type=int, default=40, metavar="N",
                    help="questions also asked per command, spread over the kinds (0: all)")
    ap.add_argument("--timeout", type=float, default=30, help="seconds per question")
    ap.add_argument("--jobs", type=int, default=2, help="per-command questions run at once")
    ap.add_argument("configs", nargs="+", metavar="CONFIG")
    a = ap.parse_args()
    if a.sample < 0 or a.jobs < 1:
        ap.error("--sample must be >= 0 and --jobs >= 1")
    started = time.monotonic()
    failed, unrunnable = False, False
    for path in a.configs:
        try:
            diffs = check(path, a.sample, a.timeout, a.jobs)
        except CannotRun as e:
            print("CANNOT RUN %s" % e)
            unrunnable = True
            continue
        except (OSError, ValueError, KeyError) as e:
            print("CANNOT RUN %s: %r" % (path, e))
            unrunnable = True
            continue
        for d in diffs:
            print("  DIFFERENCE " + d)
        failed = failed or bool(diffs)
    print("total %.1f s" % (time.monotonic() - started))
    return 2 if unrunnable else 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
