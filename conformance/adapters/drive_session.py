#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Plays the `mtasts conform` runner for fixture tests against one shim (debugging aid).

    python3 conformance/adapters/drive_session.py --shim "CMD ARGS" FIXTURE.json [TEST-GLOB ...]
        [--config conformance/shim-configs/NAME.json] [-v]

For each test: level-P steps run `SHIM parse ...` / `SHIM match ...` with the input in a
temporary file; scenario steps run one `SHIM session` and answer its dns/https/smtp/clock
questions from the step's world as PROTOCOL.md says (TXT by exact name, unrecorded names
NXDOMAIN; A/AAAA for hosts of recorded URLs and MX; HTTPS entries served in order,
unrecorded URLs connect_error; a `tls.chain` is sent as level D2's chain_pem/key_pem, a minted
leaf made here with `cryptography`, and begin then carries the test PKI's roots_pem). It
prints each observation (with fetches/requests/queries
filled in) next to the step's `expect`, and, with --config, a rough verdict after the
ErrorMap. The real comparison is the runner's; this is only for looking at a shim by hand.
"""
import argparse
import base64
import calendar
import fnmatch
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PARSE_ACTIONS = {"parse_txt", "parse_txt_records", "parse_policy", "parse_tlsrpt", "match", "cert_match"}


def fixture_time(t):
    if isinstance(t, (int, float)):
        return int(t)
    return calendar.timegm(time.strptime(t, "%Y-%m-%dT%H:%M:%SZ"))


def fixture_bytes(v):
    if isinstance(v, str):
        return v.encode("utf-8")
    if "base64" in v:
        return base64.b64decode(v["base64"])
    return fixture_bytes(v["repeat"]) * int(v["count"])


CERTS = os.path.join(ROOT, "fixtures", "certs")
# The test PKI's windows (fixtures/certs/README.md).
WINDOWS = {"valid": ("2000-01-01", "9999-12-31"), "expired": ("2000-01-01", "2000-12-31"),
           "not_yet_valid": ("2901-01-01", "9999-12-31")}


def read_cert_file(name):
    with open(os.path.join(CERTS, name), encoding="ascii") as f:
        return f.read()


def mint_leaf(spec):
    """A leaf as fixtures/FORMAT.md describes `mint`: new P-256 key, serverAuth, the given
    SANs (dNSName bytes kept as given), the PKI window, signed by `issuer`."""
    import datetime
    import ipaddress
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    issuer = spec.get("issuer", "intermediate-ca")
    issuer_cert = x509.load_pem_x509_certificate(read_cert_file(issuer + ".pem").encode())
    issuer_key = serialization.load_pem_private_key(read_cert_file(issuer + ".key").encode(), None)
    key = ec.generate_private_key(ec.SECP256R1())
    start, end = (datetime.datetime.strptime(d, "%Y-%m-%d") for d in WINDOWS[spec.get("window", "valid")])
    if end.year == 9999:
        end = end.replace(hour=23, minute=59, second=59)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, spec["cn"])] if "cn" in spec else [])
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer_cert.subject)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(start).not_valid_after(end)
               .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False))
    names = [x509.DNSName._init_without_validation(fixture_bytes(d).decode("latin-1")) for d in spec.get("dns", [])]
    names += [x509.IPAddress(ipaddress.ip_address(a)) for a in spec.get("ip", [])]
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    cert = builder.sign(issuer_key, hashes.SHA256())
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM).decode(), key_pem.decode()


def tls_answer(tls):
    """The protocol's tls object: the verdict (D1), or chain_pem and key_pem (D2)."""
    if "chain" not in tls:
        return {"verdict": tls.get("verdict", "valid")}
    leaf = tls["chain"][0]
    if isinstance(leaf, dict):
        leaf_pem, key_pem = mint_leaf(leaf["mint"])
    else:
        leaf_pem, key_pem = read_cert_file(leaf), read_cert_file(leaf[:-len(".pem")] + ".key")
    return {"chain_pem": [leaf_pem] + [read_cert_file(c) for c in tls["chain"][1:]], "key_pem": key_pem}


def norm(name):
    return name.lower().rstrip(".")


class World:
    """One step's DNS/HTTPS/SMTP, answering as the runner does."""

    def __init__(self, step):
        self.step = step
        self.https_left = {}
        for h in step.get("https", []):
            self.https_left.setdefault(h["url"], []).append(h)
        self.queries, self.requests = [], []

    def dns(self, q):
        name, rrtype = q.get("name", ""), q.get("rrtype", "TXT")
        if rrtype != "TXT":
            hosts = [norm(h["url"].split("://", 1)[1].split("/", 1)[0].split(":", 1)[0])
                     for h in self.step.get("https", [])]
            hosts += [norm(m["host"]) for m in self.step.get("mx", [])]
            if norm(name) not in hosts:
                return {"type": "dns", "rcode": "NXDOMAIN"}
            return {"type": "dns", "rcode": "NOERROR",
                    "addresses": ["2001:db8::25" if rrtype == "AAAA" else "192.0.2.25"]}
        self.queries.append(name)
        for d in self.step.get("dns", []):
            if norm(d["name"]) == norm(name):
                out = {"type": "dns", "rcode": d.get("rcode", "NOERROR")}
                for k in ("cname", "txt"):
                    if k in d:
                        out[k] = d[k]
                return out
        return {"type": "dns", "rcode": "NXDOMAIN"}

    def https(self, q):
        url = q.get("url", "")
        self.requests.append(url)
        left = self.https_left.get(url)
        if not left:
            return {"type": "https", "transport": "connect_error", "tls": {"verdict": "valid"},
                    "status": 0, "headers": [], "body_base64": ""}
        h = left.pop(0)
        return {"type": "https", "transport": h.get("transport", "completed"),
                "tls": tls_answer(h.get("tls", {})), "status": h.get("status", 200),
                "headers": h.get("headers", []),
                "body_base64": base64.b64encode(fixture_bytes(h.get("body", ""))).decode()}

    def smtp(self, q):
        for m in self.step.get("mx", []):
            if norm(m["host"]) == norm(q.get("host", "")):
                return {"type": "smtp", "starttls": m.get("starttls", True),
                        "tls_failed": m.get("tls_failed", False),
                        "tls": tls_answer(m.get("tls", {}))}
        return {"type": "smtp", "connect_error": True}


def run_parse_step(shim, step, timeout):
    action, inp = step["action"], step.get("input")
    with tempfile.NamedTemporaryFile(delete=False) as f:
        if action == "parse_txt_records":
            f.write(json.dumps(inp).encode())
        elif action not in ("match", "cert_match"):
            f.write(fixture_bytes(inp))
        path = f.name
    try:
        args = {"parse_txt": ["parse", "txt", path], "parse_txt_records": ["parse", "txt", "--records", path],
                "parse_policy": ["parse", "policy", path], "parse_tlsrpt": ["parse", "tlsrpt", path]}.get(action)
        if action == "match":
            args = ["match", "--", inp["pattern"], inp["host"]]
        elif action == "cert_match":
            args = ["cert-match"] + (["--policy-host"] if inp.get("policy_host") else []) + ["--", inp["host"]] + inp["names"]
        p = subprocess.run(shim + args, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    finally:
        os.unlink(path)
    if p.returncode == 89:
        return {"UNIMPLEMENTED": p.stderr.decode(errors="replace").strip()}
    if p.returncode not in (0, 1, 3):
        return {"CRASH": p.returncode, "stderr": p.stderr.decode(errors="replace")[-2000:]}
    try:
        return json.loads(p.stdout)
    except ValueError:
        return {"CRASH": "malformed JSON", "stdout": p.stdout.decode(errors="replace")}


def run_session(shim, test, timeout, verbose):
    """Yields (step, observation) pairs."""
    proc = subprocess.Popen(shim + ["session"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + timeout

    def send(obj):
        if verbose:
            print("   runner>", json.dumps(obj)[:300])
        proc.stdin.write(json.dumps(obj) + "\n")
        proc.stdin.flush()

    def recv():
        # A blocking readline; the shim is trusted here (the runner enforces the timeout).
        if time.monotonic() > deadline:
            raise TimeoutError
        line = proc.stdout.readline()
        if not line:
            raise EOFError("the shim exited (rc=%s)" % proc.poll())
        if verbose:
            print("   shim  >", line.strip()[:300])
        return json.loads(line)

    cache = [dict(e, fetched_at=fixture_time(e["fetched_at"])) for e in test.get("cache_before", [])]
    failures = [dict(f, at=fixture_time(f["at"])) for f in test.get("failures_before", [])]
    domain = test.get("domain", "example.com")
    begin = {"type": "begin", "protocol": "mtasts-shim/1", "test": test["name"], "domain": domain,
             "cache": cache, "failures": failures}
    if any("chain" in e.get("tls", {}) for step in test["steps"] for e in step.get("https", []) + step.get("mx", [])):
        begin["roots_pem"] = read_cert_file("root-ca.pem")
    send(begin)
    try:
        for i, step in enumerate(test["steps"]):
            world = World(step)
            now = fixture_time(step["now"])
            msg = {"type": "step", "index": i, "action": step["action"], "now": now, "domain": domain}
            if "applied_id" in step:
                msg["applied_id"] = step["applied_id"]
            if "mx" in step:
                msg["mx"] = [{"host": m["host"]} for m in step["mx"]]
            send(msg)
            while True:
                m = recv()
                t = m.get("type")
                if t == "dns":
                    send(world.dns(m))
                elif t == "https":
                    send(world.https(m))
                elif t == "smtp":
                    send(world.smtp(m))
                elif t == "clock":
                    send({"type": "clock", "now": now})
                elif t == "unimplemented":
                    yield step, {"UNIMPLEMENTED": m.get("detail")}
                    break
                elif t == "result":
                    obs = dict(m["observation"])
                    obs.update(fetches=len(world.requests), requests=world.requests, queries=world.queries)
                    yield step, obs
                    break
                else:
                    yield step, {"CRASH": "unknown message %r" % m}
                    return
        send({"type": "end"})
        proc.stdin.close()
        rc = proc.wait(timeout=max(1, deadline - time.monotonic()))
        if rc != 0:
            yield None, {"CRASH": "exit %d after end" % rc}
    except (EOFError, TimeoutError, BrokenPipeError, ValueError) as e:
        yield None, {"CRASH": repr(e)}
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def load_tokens():
    with open(os.path.join(ROOT, "fixtures", "error-tokens.json")) as f:
        return {t["token"]: t["family"] for t in json.load(f)}


def rough_verdict(expect, obs, config, tokens):
    """Compares the expected fields after the ErrorMap; returns the differing fields."""
    emap = (config or {}).get("ErrorMap", {})
    families = set(tokens.values())

    def mapped(m):
        return m if m in tokens else emap.get(m, m)

    obs = json.loads(json.dumps(obs))
    if "messages" in obs and "events" not in obs:
        obs["events"] = [mapped(m) for m in obs["messages"]]
    if isinstance(obs.get("error"), dict) and "message" in obs["error"]:
        obs["error"]["token"] = mapped(obs["error"]["message"])
    diffs = []
    for k, want in expect.items():
        if k in ("extensions", "record") and k not in obs:
            continue  # compared only when the shim prints them (asked of the runner too)
        got = obs.get(k, "<absent>")
        if k == "events" and any(e in families for e in got if isinstance(got, list)):
            want = [tokens.get(e, e) for e in want]
            got = [tokens.get(e, e) for e in got]
        if k == "event_families":
            got = [tokens.get(e, e) for e in obs.get("events", [])]
        if k == "error" and isinstance(want, dict) and isinstance(got, dict):
            tok = got.get("token")
            ok = tok == want.get("token") or (tok in families and tokens.get(want.get("token")) == tok)
            if not ok:
                diffs.append("error: want %s got %s" % (want.get("token"), got))
            continue
        if k == "policy" and isinstance(want, dict) and isinstance(got, dict):
            want = {f: v for f, v in want.items() if f in got}
        if k == "mx" and isinstance(want, list) and isinstance(got, list):
            want, got = [w.lower() if isinstance(w, str) else w for w in want], [g.lower() if isinstance(g, str) else g for g in got]
        if k == "cache_after" and isinstance(want, dict) and isinstance(got, dict):
            want = dict(want)
            if "fetched_at" in want:
                want["fetched_at"] = fixture_time(want["fetched_at"])
            got = {f: got.get(f) for f in want}
            if isinstance(want.get("policy"), dict) and isinstance(got.get("policy"), dict):
                want["policy"] = {f: v for f, v in want["policy"].items() if f in got["policy"]}
        if want != got:
            diffs.append("%s: want %s got %s" % (k, json.dumps(want), json.dumps(got)))
    return diffs


def classify(test, pairs, config, tokens):
    """A rough PROTOCOL.md status for one test (the runner's own comparison decides)."""
    if any("UNIMPLEMENTED" in o for _, o in pairs):
        return "UNIMPLEMENTED", ""
    if any("CRASH" in o for _, o in pairs):
        return "CRASH", json.dumps([o for _, o in pairs if "CRASH" in o])[:300]
    diffs, alt_ok, accepted = [], True, False
    for step, obs in pairs:
        d = rough_verdict(step.get("expect", {}), obs, config, tokens)
        diffs += d
        alts = [rough_verdict(a, obs, config, tokens) for a in step.get("alternatives", [])]
        alt_ok = alt_ok and (not d or any(not x for x in alts))
        accepted = accepted or obs.get("valid") is True or obs.get("outcome") in ("fetched", "cached") \
            or obs.get("match") is True
    if not diffs:
        return ("ACCEPTABLE_PASS" if test["result"] == "acceptable" else "PASS"), ""
    why = "; ".join(diffs)
    if test["result"] == "valid":
        return "SHOULD_HAVE_PASSED", why
    if test["result"] == "acceptable":
        return ("ACCEPTABLE_FAIL" if alt_ok else "SHOULD_HAVE_PASSED"), why
    only_error = all(x.startswith(("error:", "events:", "event_families:")) for x in diffs)
    return ("WRONG_ERROR" if only_error and not accepted else "SHOULD_HAVE_FAILED"), why


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shim", required=True, help="the shim command line (split on spaces)")
    ap.add_argument("--config", help="shim config, for the rough verdict")
    ap.add_argument("--timeout", type=float, default=10)
    ap.add_argument("-v", "--verbose", action="store_true", help="show the JSON lines")
    ap.add_argument("--summary", action="store_true",
                    help="one line per test, then the messages printed and the config entries never used")
    ap.add_argument("--inventory", metavar="FILE", help="write the distinct messages printed, as a JSON list")
    ap.add_argument("fixtures", nargs="+", metavar="FIXTURE.json [TEST-GLOB ...]",
                    help="fixture files (*.json), then optional test name globs")
    a = ap.parse_args()
    files = [f for f in a.fixtures if f.endswith(".json")]
    globs = [f for f in a.fixtures if not f.endswith(".json")]
    shim = shlex.split(a.shim)
    config = json.load(open(a.config)) if a.config else None
    tokens = load_tokens()
    caps = json.loads(subprocess.run(shim + ["--capabilities"], capture_output=True, check=True,
                                     stdin=subprocess.DEVNULL).stdout)
    messages, used_globs, counts = {}, set(), {}
    for path in files:
        with open(path) as f:
            doc = json.load(f)
        for group in doc["testGroups"]:
            for test in group["tests"]:
                name = test["name"]
                if globs and not any(fnmatch.fnmatchcase(name, g) for g in globs):
                    continue
                disabled = [g for g in (config or {}).get("DisabledTests", {}) if fnmatch.fnmatchcase(name, g)]
                used_globs.update(disabled)
                missing = [c for c in test.get("requires", []) if c not in caps["capabilities"]]
                if disabled or missing:
                    status = "DISABLED" if disabled else "UNIMPLEMENTED"
                    counts[status] = counts.get(status, 0) + 1
                    if not a.summary:
                        print("== %s (%s) %s" % (name, test["result"], status))
                    continue
                if all(s["action"] in PARSE_ACTIONS for s in test["steps"]):
                    pairs = [(s, run_parse_step(shim, s, a.timeout)) for s in test["steps"]]
                else:
                    pairs = list(run_session(shim, test, a.timeout, a.verbose))
                for _, obs in pairs:
                    for m in obs.get("messages", []) + ([obs["error"]["message"]] if isinstance(obs.get("error"), dict)
                                                       and "message" in obs["error"] else []):
                        messages[m] = messages.get(m, 0) + 1
                status, why = classify(test, [(s, o) for s, o in pairs if s is not None] or pairs, config, tokens)
                counts[status] = counts.get(status, 0) + 1
                if a.summary:
                    print("%-18s %s%s" % (status, name, ("  [" + why[:400] + "]") if why else ""))
                    continue
                print("== %s (%s)" % (name, test["result"]))
                for step, obs in pairs:
                    print("   observed:", json.dumps(obs))
                    if step is not None:
                        print("   expected:", json.dumps(step.get("expect")))
                print("   -> %s %s" % (status, why))
    if a.inventory:
        with open(a.inventory, "w") as f:
            json.dump(sorted(messages), f, indent=1)
    if a.summary:
        emap = (config or {}).get("ErrorMap", {})
        print("\n# statuses: " + ", ".join("%s %d" % kv for kv in sorted(counts.items())))
        print("# messages printed (count, message -> ErrorMap):")
        for m, n in sorted(messages.items()):
            print("  %4d  %s -> %s" % (n, json.dumps(m), emap.get(m, "UNMAPPED")))
        if config:
            unused = [k for k in emap if k not in messages]
            print("# ErrorMap keys never printed:", json.dumps(unused))
            print("# DisabledTests globs matching nothing:",
                  json.dumps([g for g in config.get("DisabledTests", {}) if g not in used_globs]))


if __name__ == "__main__":
    sys.exit(main())
