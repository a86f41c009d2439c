#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes a deterministic benchmark workload of MTA-STS policies or _mta-sts TXT records.

usage: gen_workload.py --kind policy|txt --seed N --count N -o FILE [--expected FILE]

FILE is a sequence of records, each prefixed by its length as a 4-byte little-endian
unsigned integer, then the record's bytes (no terminator between records). Any harness in
any language can read it: `mtasts bench`, tools/bench/peers/*.

The same seed and count always give the same bytes (random.Random(seed) only). The mix of
variants is fixed by the weights below and printed on stdout; each variant says whether
RFC 8461 (strict, as docs/decisions.md reads it) accepts it. --expected writes that label,
one '1' (valid) or '0' per record, then a newline: the format of `mtasts bench --verdicts`.

Policy mix: typical 4-6 line policies (LF or CRLF, mode enforce/testing/none), long mx
lists (20-120 lines), valid edge cases (UTF-8 extension values, leading zeros, duplicate
fields, mixed terminators, no final terminator, ...) and invalid variants (bad version,
mode case, max_age range and syntax, blank line, bare CR, BOM, invalid UTF-8, ...).
TXT mix: typical records, records with extensions, valid edge cases (32-character id,
duplicate or malformed-then-valid id, WSP around ';') and invalid variants.
"""

import argparse
import random
import struct
import sys

ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
LOWER = "abcdefghijklmnopqrstuvwxyz"


def word(rng, low, high, alphabet=LOWER):
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(low, high)))


def host(rng):
    labels = [word(rng, 2, 10) + str(rng.randint(0, 99)) for _ in range(rng.randint(1, 3))]
    return ".".join(labels + [word(rng, 3, 12), rng.choice(["com", "net", "org", "de", "io"])])


def mx_value(rng):
    return ("*." if rng.random() < 0.25 else "") + host(rng)


# --- policies --------------------------------------------------------------------------


class Policy:
    """A policy as lines; rendered with a line ending, optionally without the last one."""

    def __init__(self, rng, mode=None, mx_count=None):
        self.rng = rng
        self.mode = mode or rng.choice(["enforce", "enforce", "testing", "none"])
        if mx_count is None:
            mx_count = rng.randint(0 if self.mode == "none" else 1, 3)
        self.lines = [f"version: STSv1", f"mode: {self.mode}"]
        self.lines += [f"mx: {mx_value(rng)}" for _ in range(mx_count)]
        self.lines.append(f"max_age: {rng.choice([86400, 604800, 1209600, 31557600])}")
        self.eol = rng.choice(["\n", "\r\n"])
        self.final_eol = rng.random() < 0.9

    def replace(self, prefix, line):
        self.lines = [line if l.startswith(prefix) else l for l in self.lines]

    def drop(self, prefix):
        self.lines = [l for l in self.lines if not l.startswith(prefix)]

    def insert(self, line):
        self.lines.insert(self.rng.randint(0, len(self.lines)), line)

    def render(self):
        body = self.eol.join(self.lines) + (self.eol if self.final_eol else "")
        return body.encode("utf-8")


def policy_typical(rng):
    return Policy(rng).render()


def policy_long_mx(rng):
    return Policy(rng, mode="enforce", mx_count=rng.randint(20, 120)).render()


def edge(mutate):
    """A variant of an enforce policy: mutate changes it in place, or returns its bytes."""
    def make(rng):
        p = Policy(rng, mode="enforce", mx_count=rng.randint(1, 3))
        out = mutate(p)
        return p.render() if out is None else out
    return make


def mode_none_without_mx(p):
    p.drop("mx")
    p.replace("mode", "mode: none")


def mode_none_with_malformed_mx(p):
    mode_none_without_mx(p)
    p.insert("mx: bad_host.example.com")  # fits only the extension rule


def only_malformed_mx(p):
    p.drop("mx")
    p.insert("mx: bad_host.example.com")


def appended_line(raw):
    def append(p):
        p.final_eol = True
        return p.render() + raw + p.eol.encode()
    return append


def mixed_terminators(p):
    return ("\r\n".join(p.lines[:2]) + "\n" + "\n".join(p.lines[2:]) + "\r\n").encode()


VALID_POLICY_EDGES = {
    "ext-utf8": lambda p: p.insert("note: caf\u00e9 \u2713 rotated weekly"),
    "max_age-leading-zeros": lambda p: p.replace("max_age", "max_age: 0000086400"),
    "max_age-zero": lambda p: p.replace("max_age", "max_age: 0"),
    "duplicate-mode-first-wins": lambda p: p.lines.append("mode: testing"),
    "no-final-terminator": lambda p: setattr(p, "final_eol", False),
    "tab-after-colon": lambda p: p.replace("mode", "mode:\tenforce"),
    "no-space-after-colon": lambda p: p.replace("version", "version:STSv1"),
    "trailing-wsp": lambda p: p.replace("mode", "mode: enforce \t "),
    "ext-name-32": lambda p: p.insert("x" * 31 + "1: v"),
    "uppercase-mx": lambda p: p.lines.insert(2, "mx: MX1.Example.COM"),
    "mixed-terminators": mixed_terminators,
    "mode-none-no-mx": mode_none_without_mx,
    "mode-none-malformed-mx": mode_none_with_malformed_mx,
}

INVALID_POLICY_VARIANTS = {
    "version-STSv2": lambda p: p.replace("version", "version: STSv2"),
    "mode-uppercase": lambda p: p.replace("mode", "mode: Enforce"),
    "max_age-over-ceiling": lambda p: p.replace("max_age", "max_age: 31557601"),
    "max_age-11-digits": lambda p: p.replace("max_age", "max_age: 00000086400"),
    "max_age-negative": lambda p: p.replace("max_age", "max_age: -1"),
    "enforce-without-mx": lambda p: p.drop("mx"),
    "missing-version": lambda p: p.drop("version"),
    "blank-line": lambda p: p.lines.insert(2, ""),
    "leading-whitespace": lambda p: p.replace("mode", " mode: enforce"),
    "space-before-colon": lambda p: p.replace("mode", "mode : enforce"),
    "missing-colon": lambda p: p.insert("mode enforce"),
    "bare-cr": lambda p: p.render().replace(b"mode: enforce", b"mode: enforce\rx: 1", 1),
    "bom": lambda p: b"\xef\xbb\xbf" + p.render(),
    "invalid-utf8": appended_line(b"note: caf\xe9"),
    "nul-in-value": appended_line(b"note: a\x00b"),
    "only-malformed-mx": only_malformed_mx,
    "empty-body": lambda p: b"",
}

# (name, weight, valid, maker); weights are percentages.
POLICY_MIX = [
    ("typical", 40, True, policy_typical),
    ("long-mx", 10, True, policy_long_mx),
    *[(f"edge:{n}", 15 / len(VALID_POLICY_EDGES), True, edge(f))
      for n, f in VALID_POLICY_EDGES.items()],
    *[(f"invalid:{n}", 35 / len(INVALID_POLICY_VARIANTS), False, edge(f))
      for n, f in INVALID_POLICY_VARIANTS.items()],
]

# --- TXT records -----------------------------------------------------------------------


def txt_id(rng, low=1, high=32):
    return word(rng, low, high, ALNUM)


def ext_field(rng):
    return f"{word(rng, 1, 8)}{rng.choice(['', '-', '_', '.'])}{word(rng, 1, 4)}=" + \
        word(rng, 1, 16, ALNUM + "+-./:_@")


def delim(rng):
    return rng.choice([";", "; ", "; ", " ; ", ";\t"])


def txt_typical(rng):
    record = "v=STSv1" + delim(rng) + "id=" + txt_id(rng, 8, 20)
    return (record + (";" if rng.random() < 0.5 else "")).encode()


def txt_extensions(rng):
    fields = ["id=" + txt_id(rng, 8, 20)] + [ext_field(rng) for _ in range(rng.randint(1, 4))]
    rng.shuffle(fields)
    return ("v=STSv1" + "".join(delim(rng) + f for f in fields)).encode()


VALID_TXT_EDGES = {
    "id-32": lambda r: f"v=STSv1; id={txt_id(r, 32, 32)}".encode(),
    "id-1": lambda r: f"v=STSv1;id={txt_id(r, 1, 1)};".encode(),
    "duplicate-id-first-wins": lambda r: f"v=STSv1; id={txt_id(r)}; id={txt_id(r)}".encode(),
    # a malformed id fits only the extension rule; the valid one counts.
    "malformed-then-valid-id": lambda r: f"v=STSv1; id=a-b; id={txt_id(r)}".encode(),
    "extension-before-id": lambda r: f"v=STSv1; {ext_field(r)}; id={txt_id(r)};".encode(),
    "wsp-around-delimiters": lambda r: f"v=STSv1 \t; \tid={txt_id(r)} ;".encode(),
}

INVALID_TXT_VARIANTS = {
    "missing-id": lambda r: b"v=STSv1;",
    "id-33": lambda r: f"v=STSv1; id={txt_id(r, 33, 33)}".encode(),
    "empty-field": lambda r: f"v=STSv1;; id={txt_id(r)}".encode(),
    "trailing-whitespace": lambda r: f"v=STSv1; id={txt_id(r)} ".encode(),
    "version-STSv2": lambda r: f"v=STSv2; id={txt_id(r)}".encode(),
    "version-lowercase": lambda r: f"v=stsv1; id={txt_id(r)}".encode(),
    "non-ascii-value": lambda r: f"v=STSv1; id={txt_id(r)}; note=caf\u00e9".encode(),
    "id-with-hyphen": lambda r: b"v=STSv1; id=abc-def",
    "space-before-equals": lambda r: f"v=STSv1; id ={txt_id(r)}".encode(),
    "version-not-first": lambda r: f"id={txt_id(r)}; v=STSv1".encode(),
    "empty-record": lambda r: b"",
}

TXT_MIX = [
    ("typical", 50, True, txt_typical),
    ("extensions", 15, True, txt_extensions),
    *[(f"edge:{n}", 10 / len(VALID_TXT_EDGES), True, f) for n, f in VALID_TXT_EDGES.items()],
    *[(f"invalid:{n}", 25 / len(INVALID_TXT_VARIANTS), False, f)
      for n, f in INVALID_TXT_VARIANTS.items()],
]

# --- output ----------------------------------------------------------------------------


def generate(kind, seed, count):
    """Returns [(variant name, valid, bytes)] for count records."""
    rng = random.Random(seed)
    mix = POLICY_MIX if kind == "policy" else TXT_MIX
    weights = [w for _, w, _, _ in mix]
    records = []
    for _ in range(count):
        name, _, valid, make = rng.choices(mix, weights)[0]
        records.append((name, valid, make(rng)))
    return records


def print_mix(kind, seed, records, out):
    total_bytes = sum(len(r) for _, _, r in records)
    valid = sum(1 for _, v, _ in records if v)
    print(f"gen_workload: {kind}, seed {seed}: {len(records)} records, {total_bytes} bytes, "
          f"{valid} valid, {len(records) - valid} invalid (intended, strict RFC 8461)", file=out)
    counts = {}
    for name, v, r in records:
        c = counts.setdefault(name, [0, 0, v])
        c[0] += 1
        c[1] += len(r)
    if kind == "policy":
        crlf = sum(1 for _, _, r in records if b"\r\n" in r)
        print(f"  line endings: {crlf} records with CRLF, {len(records) - crlf} LF only", file=out)
    print(f"  {'variant':36} {'records':>8} {'bytes':>10}  intended", file=out)
    for name, (n, b, v) in sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0])):
        print(f"  {name:36} {n:8} {b:10}  {'valid' if v else 'invalid'}", file=out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", choices=["policy", "txt"], required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("-o", "--output", required=True, help="workload file to write")
    parser.add_argument("--expected", help="also write the intended verdicts, '1'/'0' per record")
    parser.add_argument("--quiet", action="store_true", help="do not print the mix")
    args = parser.parse_args()
    if args.count < 0:
        parser.error("--count must be >= 0")

    records = generate(args.kind, args.seed, args.count)
    with open(args.output, "wb") as f:
        for _, _, r in records:
            f.write(struct.pack("<I", len(r)))
            f.write(r)
    if args.expected:
        with open(args.expected, "w", encoding="ascii") as f:
            f.write("".join("1" if v else "0" for _, v, _ in records) + "\n")
    if not args.quiet:
        print_mix(args.kind, args.seed, records, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
