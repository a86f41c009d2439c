#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Every JSON output of the mtasts CLI validates against its schema in conformance/schemas/.

usage: output_schemas_test.py MTASTS SOURCE_DIR

Runs the built binary on shipped inputs and validates what it printed or wrote:
  - parse (tlsrpt-report too), build tlsrpt-report, match, cert-match, tokens, profiles
    against parse-result.schema.json (the CLI
    contract test covers them case by case; here one of each);
  - bench against bench-result.schema.json;
  - check --observation, check --json, lint --json, record, and replay-serve's --ready-file and --log, against
    fixture worlds served by `mtasts replay-serve` on loopback ports: a policy that holds, a
    broken one, and none published;
  - diff --json and the snapshot files diff --update writes, on a copy of snapshots/ with one
    result changed, one removed and one added.
Every error token an output holds must be in fixtures/error-tokens.json. And each schema must
reject a mutated real output (a required member removed or of the wrong type): a schema that
accepts anything checks nothing. Exits 1 when any check fails, printing every failure.
"""

import copy
import glob
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

try:
    import jsonschema
except ImportError:  # A missing validator is a failure, never a silent skip.
    print("output_schemas_test: python3 module jsonschema is required", file=sys.stderr)
    sys.exit(1)

MTASTS, SOURCE = sys.argv[1], sys.argv[2]
SCHEMAS = os.path.join(SOURCE, "conformance", "schemas")
FIXTURES = os.path.join(SOURCE, "fixtures")
CA = os.path.join(FIXTURES, "certs", "root-ca.pem")
failures = []
validated = {}  # schema file -> outputs validated


def fail(what):
    failures.append(what)
    print("FAIL " + what)


def load_schemas():
    """Every schema by file name; cross-file $refs resolve by $id, offline."""
    docs = {}
    for path in sorted(glob.glob(os.path.join(SCHEMAS, "*.schema.json"))) + [
            os.path.join(FIXTURES, "schemas", "fixture.schema.json")]:
        with open(path, encoding="utf-8") as f:
            docs[os.path.basename(path)] = json.load(f)
    try:
        from referencing import Registry, Resource
        registry = Registry().with_resources(
            (doc["$id"], Resource.from_contents(doc)) for doc in docs.values())
        make = lambda cls, doc: cls(doc, registry=registry)  # noqa: E731
    except ImportError:  # jsonschema before 4.18
        store = {doc["$id"]: doc for doc in docs.values()}
        make = lambda cls, doc: cls(  # noqa: E731
            doc, resolver=jsonschema.RefResolver.from_schema(doc, store=store))
    validators = {}
    for name, doc in docs.items():
        if "$id" not in doc:
            fail(f"{name}: no $id")
            continue
        cls = jsonschema.validators.validator_for(doc)
        cls.check_schema(doc)
        validators[name] = make(cls, doc)
    return validators


VALIDATORS = load_schemas()
with open(os.path.join(FIXTURES, "error-tokens.json"), encoding="utf-8") as f:
    TOKENS = {t["token"] for t in json.load(f)}


def tokens_in(value, key=None):
    """Every value of a member named token, verdict or events (the error-token members)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from tokens_in(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from tokens_in(v, key)
    elif isinstance(value, str) and key in ("token", "events", "verdict") and value != "ok":
        yield value


def validate(schema, value, label):
    validated[schema] = validated.get(schema, 0) + 1
    errors = sorted(VALIDATORS[schema].iter_errors(value), key=lambda e: list(e.path))
    for e in errors[:3]:
        fail(f"{label}: {schema} at {'/'.join(map(str, e.path))}: {e.message[:300]}")
    # A fixture's "verdict" members are certificate verdicts, not tokens; its expect is
    # validated as an observation on its own.
    unknown = [] if schema == "fixture.schema.json" else sorted(set(tokens_in(value)) - TOKENS)
    if unknown:
        fail(f"{label}: tokens not in fixtures/error-tokens.json: {unknown}")


def rejects(schema, value, label):
    """The schema is not vacuous: this mutated real output must fail it."""
    if VALIDATORS[schema].is_valid(value):
        fail(f"{schema} accepts a mutated output ({label})")


def without(value, *path):
    out = copy.deepcopy(value)
    target = out
    for p in path[:-1]:
        target = target[p]
    del target[path[-1]]
    return out


def replaced(value, new, *path):
    out = copy.deepcopy(value)
    target = out
    for p in path[:-1]:
        target = target[p]
    target[path[-1]] = new
    return out


def run(args, ok_statuses=(0, 1), **kw):
    done = subprocess.run([MTASTS] + args, capture_output=True, timeout=60, **kw)
    if done.returncode not in ok_statuses:
        fail(f"mtasts {' '.join(args)}: exit {done.returncode}: {done.stderr.decode()[:300]}")
    return done


def printed(args, ok_statuses=(0, 1)):
    done = run(args, ok_statuses)
    try:
        return json.loads(done.stdout)
    except ValueError:
        fail(f"mtasts {' '.join(args)}: stdout is not JSON: {done.stdout[:200]!r}")
        return None


# -- one JSON value on stdout -------------------------------------------------------------

def test_parse_family(tmp):
    policy = os.path.join(tmp, "policy.txt")
    with open(policy, "w") as f:
        f.write("version: STSv1\r\nmode: enforce\r\nmx: mx.example.com\r\nmax_age: 86400\r\n")
    valid = printed(["parse", "policy", policy])
    validate("parse-result.schema.json", valid, "parse policy")
    invalid = printed(["parse", "txt", policy])
    validate("parse-result.schema.json", invalid, "parse txt (invalid)")
    for args in (["match", "*.example.com", "mx.example.com"],
                 ["cert-match", "mx.example.com", "*.example.com"], ["tokens"], ["profiles"]):
        validate("parse-result.schema.json", printed(args), " ".join(args))
    examples = os.path.join(SOURCE, "examples", "tlsrpt-report")
    report = printed(["parse", "tlsrpt-report", os.path.join(examples, "rfc8460-example.json.gz")])
    validate("parse-result.schema.json", report, "parse tlsrpt-report")
    refused = printed(["parse", "tlsrpt-report", os.path.join(examples, "duplicate-member.json")])
    validate("parse-result.schema.json", refused, "parse tlsrpt-report (invalid)")
    built = printed(["build", "tlsrpt-report", os.path.join(examples, "sessions.json")], (0,))
    validate("parse-result.schema.json", built, "build tlsrpt-report")
    rejects("parse-result.schema.json", without(report, "policy_count"), "report without policy_count")
    rejects("parse-result.schema.json", replaced(refused, 3, "error", "pointer"), "report pointer a number")
    rejects("parse-result.schema.json", replaced(built, "1", "policies", 0, "total_failure_session_count"),
            "built count a string")
    rejects("parse-result.schema.json", without(valid, "mode"), "parse policy without mode")
    rejects("parse-result.schema.json", replaced(invalid, "1", "error", "offset"),
            "error offset a string")


def test_bench(tmp):
    workload = os.path.join(tmp, "workload.bin")
    records = [b"version: STSv1\r\nmode: testing\r\nmx: a.example\r\nmax_age: 600\r\n", b"x"]
    with open(workload, "wb") as f:
        for r in records:
            f.write(struct.pack("<I", len(r)) + r)
    parsed = printed(["bench", "parse-policy", workload], (0,))
    validate("bench-result.schema.json", parsed, "bench parse-policy")
    if parsed and parsed.get("valid") != 1:
        fail(f"bench parse-policy: valid {parsed.get('valid')} != 1")
    scanned = printed(["bench", "floor-txt", workload], (0,))
    validate("bench-result.schema.json", scanned, "bench floor-txt")
    rejects("bench-result.schema.json", without(parsed, "seconds"), "no seconds")
    rejects("bench-result.schema.json", without(scanned, "separators"), "a scan without separators")


# -- the live tools against replayed worlds --------------------------------------------------

class Served:
    """One fixture test served by `mtasts replay-serve` on loopback ports it picks."""

    def __init__(self, path, name, tmp):
        self.dir = tempfile.mkdtemp(prefix="served-", dir=tmp)
        self.ready_file = os.path.join(self.dir, "ready.json")
        self.log_file = os.path.join(self.dir, "log.jsonl")
        self.name = name
        with open(os.path.join(FIXTURES, path), encoding="utf-8") as f:
            doc = json.load(f)
        self.test = next(t for g in doc["testGroups"] for t in g["tests"] if t["name"] == name)
        self.proc = subprocess.Popen(
            [MTASTS, "replay-serve", os.path.join(FIXTURES, path), "--test", name,
             "--dns-port", "0", "--https-port", "0", "--smtp-port", "0",
             "--ready-file", self.ready_file, "--log", self.log_file],
            stderr=subprocess.PIPE)
        deadline = time.time() + 10
        while not os.path.exists(self.ready_file):
            if self.proc.poll() is not None or time.time() > deadline:
                self.proc.kill()
                raise SystemExit("replay-serve did not start: %s" % self.proc.stderr.read())
            time.sleep(0.02)
        with open(self.ready_file, encoding="utf-8") as f:
            self.ready = json.load(f)

    def net_args(self):
        return ["--quiet", "--resolver", self.ready["dns"],
                "--https-port", self.ready["https"].rsplit(":", 1)[1],
                "--smtp-port", str(self.ready["smtp_port"]), "--ca-file", CA]

    def domain(self):
        return self.test.get("domain", "example.com")

    def stop(self):
        """Stops the server; returns its log, one object per line."""
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=10)
        with open(self.log_file, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


# (fixture file, test, exit status of check, of check --starttls, of lint): a policy that
# holds, broken ones, none published.
WORLDS = [
    ("delivery/delivery_test.json", "rfc8461/5/enforce-valid-mx-delivers", 0, 0, 0),
    ("delivery/delivery_test.json", "rfc8461/5/testing-cert-name-mismatch-reported", 0, 1, 1),
    ("fetch/fetch_test.json", "rfc8461/3.3/cert-expired", 1, 1, 1),
    ("discovery/discovery_test.json", "rfc8461/3.1/discovery-nxdomain", 0, 0, 0),
]


def test_live(tmp):
    samples = {}
    for path, name, lookup_status, deliver_status, lint_status in WORLDS:
        with Served(path, name, tmp) as served:
            validate("replay-ready.schema.json", served.ready, f"{name}: ready file")
            samples["ready"] = served.ready
            for starttls, check_status in (([], lookup_status), (["--starttls"], deliver_status)):
                args = ["check", served.domain(), "--observation"] + starttls + served.net_args()
                done = run(args)
                if done.returncode != check_status:
                    fail(f"{name}: check {starttls} exit {done.returncode} != {check_status}")
                observed = json.loads(done.stdout)
                validate("check-observation.schema.json", observed, f"{name}: check {starttls}")
                samples["check" + "".join(starttls)] = observed
                done = run(["check", served.domain(), "--json"] + starttls + served.net_args())
                report = json.loads(done.stdout)
                validate("operator-report.schema.json", report, f"{name}: check --json {starttls}")
                if report["observation"] != observed or report["exit"] != done.returncode:
                    fail(f"{name}: check --json holds the observation and its exit status")
                samples.setdefault("report", report)
            done = run(["lint", served.domain(), "--json"] + served.net_args())
            if done.returncode != lint_status:
                fail(f"{name}: lint exit {done.returncode} != {lint_status}")
            lint = json.loads(done.stdout)
            validate("operator-report.schema.json", lint, f"{name}: lint")
            samples.setdefault("lint", lint)
            fixture = os.path.join(served.dir, "recorded.json")
            run(["record", served.domain(), "-o", fixture, "--starttls"] + served.net_args())
            with open(fixture, encoding="utf-8") as f:
                recorded = json.load(f)
            validate("fixture.schema.json", recorded, f"{name}: record")
            expect = recorded["testGroups"][0]["tests"][0]["steps"][0]["expect"]
            validate("check-observation.schema.json", expect, f"{name}: record's expect")
            log = served.stop()
            if not log:
                fail(f"{name}: replay-serve --log wrote nothing")
            for line in log:
                validate("replay-log.schema.json", line, f"{name}: log line {line}")
            samples.setdefault("log", log[0])
    check, deliver, lint = samples["check"], samples["check--starttls"], samples["lint"]
    rejects("check-observation.schema.json", without(check, "outcome"), "no outcome")
    rejects("check-observation.schema.json", without(deliver, "temporary_failure"),
            "mx without temporary_failure")
    rejects("check-observation.schema.json", replaced(deliver, "sometimes", "mx", 0, "action"),
            "an action outside the vocabulary")
    rejects("operator-report.schema.json", without(lint, "counts"), "no counts")
    rejects("operator-report.schema.json", replaced(lint, "fatal", "findings", 0, "severity"),
            "a severity outside the vocabulary")
    rejects("operator-report.schema.json", replaced(samples["report"], "fine", "status"),
            "a status outside the vocabulary")
    rejects("replay-ready.schema.json", replaced(samples["ready"], "53", "smtp_port"),
            "smtp_port a string")
    rejects("replay-log.schema.json", without(samples["log"], "kind"), "no kind")
    rejects("fixture.schema.json", without(recorded, "testGroups"), "no testGroups")


# -- vocabularies ---------------------------------------------------------------------------

def source_strings(relative, pattern):
    with open(os.path.join(SOURCE, relative), encoding="utf-8") as f:
        return {m for groups in re.findall(pattern, f.read())
                for m in (groups if isinstance(groups, tuple) else (groups,)) if m}


def test_vocabularies():
    """The schemas' fixed vocabularies are the code's: no value missing, none invented."""
    lint_codes = set()
    for relative in ("tools/mtasts/commands/lint_findings.cc",
                     "tools/mtasts/commands/lint_command.cc",
                     "tools/mtasts/commands/check_command.cc"):
        lint_codes |= source_strings(
            relative, r'(?:skipped|from_event)\(\s*"([a-z-]+)"|\{"([a-z]+(?:-[a-z]+)+)",'
                      r'|code = "([a-z-]+)"|diagnostic_finding\(\s*"([a-z-]+)"'
                      r'|\? "([a-z]+(?:-[a-z]+)+)"\s*:\s*"([a-z]+(?:-[a-z]+)+)"')
    schema = VALIDATORS["operator-report.schema.json"].schema
    in_schema = set(schema["$defs"]["finding"]["properties"]["code"]["enum"])
    if lint_codes != in_schema:
        fail(f"lint codes: only in the code {sorted(lint_codes - in_schema)}, "
             f"only in operator-report.schema.json {sorted(in_schema - lint_codes)}")
    result_types = source_strings("parser/engine/include/mtasts/engine/result_types.h",
                                  r'std::string_view \w+ = "([a-z-]+)";')
    schema = VALIDATORS["check-observation.schema.json"].schema
    in_schema = set(schema["$defs"]["result_type"]["enum"])
    if result_types != in_schema:
        fail(f"TLS-RPT result types: only in result_types.h {sorted(result_types - in_schema)}, "
             f"only in check-observation.schema.json {sorted(in_schema - result_types)}")


# -- diff -----------------------------------------------------------------------------------

def diff_root(tmp):
    """A small checkout for diff --root: a few corpus files of two targets, one the fuzzer
    merged (not run against snapshots) and one of a target that is no level-P command."""
    root = os.path.join(tmp, "root")
    os.makedirs(os.path.join(root, "fixtures"))
    picks = {"fuzz_policy": 4, "fuzz_mx_pattern": 2, "fuzz_uri": 1}
    for target, count in picks.items():
        source = os.path.join(SOURCE, "corpus", target)
        os.makedirs(os.path.join(root, "corpus", target, "auto"))
        names = sorted(n for n in os.listdir(source)
                       if os.path.isfile(os.path.join(source, n)))[:count]
        for name in names:
            shutil.copy(os.path.join(source, name), os.path.join(root, "corpus", target, name))
        shutil.copy(os.path.join(source, names[0]),
                    os.path.join(root, "corpus", target, "auto", names[0]))
    return root


def snapshot_lines(snapshots, label):
    lines = {}
    for path in sorted(glob.glob(os.path.join(snapshots, "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for number, text in enumerate(f, 1):
                line = json.loads(text)
                validate("diff-snapshot.schema.json", line,
                         f"{label} {os.path.basename(path)}:{number}")
                lines.setdefault(path, []).append(line)
    return lines


def test_diff(tmp):
    """diff --update into an empty snapshot directory (every input new); then, with one result
    changed, one line gone and one foreign line, a report with one transition, one new input
    and one removed, and the snapshots rewritten. And the shipped snapshots/."""
    snapshot_lines(os.path.join(SOURCE, "snapshots"), "shipped snapshot")
    root, snapshots = diff_root(tmp), os.path.join(tmp, "snapshots")
    args = ["diff", "--root", root, "--snapshots", snapshots, "--update", "--json"]
    first = printed(args, (0,))
    validate("diff-report.schema.json", first, "diff --json, every input new")
    files = snapshot_lines(snapshots, "diff --update")
    policy_file = next(p for p in files if p.endswith("fuzz_policy.jsonl"))
    lines = files[policy_file]
    changed = lines[0]
    changed["result"] = {"valid": not changed["result"].get("valid"),
                         "error": {"token": "POLICY_MX_MISSING", "offset": 0}}
    del lines[1]
    lines.append({"id": "corpus/fuzz_policy/gone", "result": {"timeout": True}})
    with open(policy_file, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(line) + "\n" for line in lines)
    report = printed(args, (0,))
    validate("diff-report.schema.json", report, "diff --json")
    for key in ("transitions", "new_inputs", "removed_inputs"):
        if not report or len(report.get(key, [])) != 1:
            fail(f"diff --json: {key} should hold one entry")
    snapshot_lines(snapshots, "diff --update")
    rejects("diff-report.schema.json", without(report, "identical"), "no identical")
    rejects("diff-report.schema.json", replaced(report, "3", "inputs"), "inputs a string")
    rejects("diff-report.schema.json", without(report, "transitions", 0, "changes", 0, "old"),
            "a change without its old result")
    rejects("diff-snapshot.schema.json", without(lines[0], "result"), "no result")
    rejects("diff-snapshot.schema.json", replaced(lines[0], "txt", "result", "kind"),
            "a result that keeps kind")


def test_fuzz_diff(tmp):
    """fuzz-diff --json, with our engine under two profiles as the implementations: the
    in-process run finds classes (pmsr's duplicate id, last wins) without any peer installed."""
    out = os.path.join(tmp, "fuzz-diff.json")
    run(["fuzz-diff", "--impl", "mtasts:pmsr", "--impl", "mtasts:mailauth-strict", "--max-inputs", "600",
         "--quiet", "--json", out], ok_statuses=(0, 1))
    with open(out, encoding="utf-8") as f:
        doc = json.load(f)
    validate("fuzz-diff.schema.json", doc, "fuzz-diff --json")
    if not any(c.get("example") for c in doc["classes"]):
        fail("fuzz-diff --json: no class with an example to validate")
    rejects("fuzz-diff.schema.json", without(doc, "classes", 0, "signature"), "class without signature")
    rejects("fuzz-diff.schema.json", replaced(doc, "maybe", "classes", 0, "status"), "class status")


def test_conform(tmp):
    # A quick subset of the engine's run, with --index and --report (the same document).
    report = os.path.join(tmp, "conform.json")
    index_dir = os.path.join(tmp, "index")
    run(["conform", "--strict", "--test", "rfc8461/3.3/*", "--json", report, "--index",
         index_dir, "--report", os.path.join(tmp, "report")], ok_statuses=(0,))
    docs = []
    for path in (report, os.path.join(index_dir, "mtasts.json"),
                 os.path.join(tmp, "report", "report.json")):
        with open(path, encoding="utf-8") as f:
            docs.append(json.load(f))
        validate("conform-report.schema.json", docs[-1], "conform " + os.path.basename(path))
    rejects("conform-report.schema.json", without(docs[0], "totals"), "no totals")
    rejects("conform-report.schema.json", replaced(docs[0], "FINE", "tests", 0, "status"),
            "an unknown status")


def main():
    start = time.time()
    with tempfile.TemporaryDirectory(prefix="mtasts-schemas-") as tmp:
        for test in (test_parse_family, test_bench, test_live, test_diff, test_fuzz_diff, test_conform):
            test(tmp)
    test_vocabularies()
    for name in VALIDATORS:
        if name not in validated:
            fail(f"{name}: no real output was validated against it")
    counts = ", ".join(f"{n} {s}" for s, n in sorted(validated.items()))
    print(f"output_schemas: validated {counts} in {time.time() - start:.1f} s; "
          f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
