#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Times postfix-mta-sts-resolver's parsers over a workload file (tools/bench/gen_workload.py).

usage: /usr/bin/python3 pmsr_bench.py policy|txt FILE [--passes N] [--verdicts FILE]

Run it with Debian's /usr/bin/python3, which sees the postfix-mta-sts-resolver package
(conformance/adapters/install.sh installs it). Times only the parse loop, best of N passes,
and prints one JSON object with the keys of `mtasts bench`: records, valid, bytes, seconds,
records_per_s, mb_per_s.

The timed work per record is what pmsr does with a body or record it has received: decode
the bytes to str (UTF-8, as its fetcher does when the server names no charset), then
parse_mta_sts_policy(text) or parse_mta_sts_record(text). Neither parser validates: they
split lines and fields and never reject, so `valid` counts the records that decode and
parse without an exception (the resolver checks version, mode, max_age and mx afterwards,
outside these functions). Agreement with a validating parser is therefore not meaningful.
"""

import argparse
import json
import struct
import sys
import time

from postfix_mta_sts_resolver.utils import parse_mta_sts_policy, parse_mta_sts_record


def malformed(message):
    print(f"pmsr_bench: malformed workload: {message}", file=sys.stderr)
    sys.exit(2)


def read_records(path):
    """Splits a length-prefixed workload file; exits 2 when it is malformed."""
    with open(path, "rb") as f:
        data = f.read()
    records, pos = [], 0
    while pos < len(data):
        if len(data) - pos < 4:
            malformed(f"truncated length prefix at byte {pos}")
        (length,) = struct.unpack_from("<I", data, pos)
        pos += 4
        if length > len(data) - pos:
            malformed(f"record {len(records)} declares {length} bytes but only "
                      f"{len(data) - pos} remain")
        records.append(data[pos:pos + length])
        pos += length
    return records


def one_pass(records, parse, verdicts):
    valid = 0
    for i, record in enumerate(records):
        try:
            parse(record.decode("utf-8"))
            ok = True
        except Exception:  # the peer's own reject: a decode error or a parser exception
            ok = False
        verdicts[i] = ok
        valid += ok
    return valid


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=["policy", "txt"])
    parser.add_argument("file")
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--verdicts", help="write '1'/'0' per record, like mtasts bench")
    args = parser.parse_args()
    if args.passes < 1:
        parser.error("--passes must be at least 1")

    records = read_records(args.file)
    parse = parse_mta_sts_policy if args.kind == "policy" else parse_mta_sts_record
    verdicts = [False] * len(records)
    best, valid = float("inf"), 0
    for _ in range(args.passes):
        start = time.perf_counter()
        valid = one_pass(records, parse, verdicts)
        best = min(best, time.perf_counter() - start)

    if args.verdicts:
        with open(args.verdicts, "w", encoding="ascii") as f:
            f.write("".join("1" if v else "0" for v in verdicts) + "\n")
    size = sum(len(r) for r in records)
    timed = best > 0 and records
    print(json.dumps({
        "records": len(records), "valid": valid, "bytes": size, "seconds": best,
        "records_per_s": len(records) / best if timed else 0.0,
        "mb_per_s": size / best / 1e6 if timed else 0.0,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
