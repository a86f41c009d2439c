#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Renders the results of tools/bench/run.sh as Markdown tables (docs/PERFORMANCE.md).

usage: report.py RESULTS_DIR

RESULTS_DIR holds rows.jsonl (one JSON object per table row, appended by run.sh: workload,
row, kind ours|floor|peer|missing, json, verdicts, agreement compare|n/a, note), the JSON
and verdict files the rows name, WORKLOAD.expected (the generator's intended verdicts) and
gbench.json (Google Benchmark's --benchmark_out). Prints three tables: the workload files,
the Google Benchmark rows, and the targets.
"""

import json
import os
import sys

TARGET_FLOOR_RATIO = 2.0  # policy and TXT parse within 2x of the memchr floor
TARGET_PEER_RATIO = 10.0  # at least 10x the fastest peer
TARGET_SUITE_MS = 100.0  # the whole shipped conformance suite in process


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def read_verdicts(path):
    if not path or not os.path.exists(path):
        return None
    with open(path, encoding="ascii") as f:
        return f.read().strip()


def agreement(a, b):
    """Share of records on which two verdict strings agree, as text."""
    if a is None or b is None or len(a) != len(b) or not a:
        return "?"
    same = sum(1 for x, y in zip(a, b) if x == y)
    return f"{100.0 * same / len(a):.2f}% ({same}/{len(a)})"


def fmt_rate(x):
    if x >= 1e6:
        return f"{x / 1e6:.2f} M"
    if x >= 1e3:
        return f"{x / 1e3:.1f} k"
    return f"{x:.0f}"


def workload_table(results_dir, rows):
    lines = [
        "| workload | row | records/s | MB/s | MB/s ÷ ours | valid | agreement |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    summary = {}
    for workload in dict.fromkeys(r["workload"] for r in rows):
        expected = read_verdicts(os.path.join(results_dir, f"{workload}.expected"))
        group = [r for r in rows if r["workload"] == workload]
        ours = next((r for r in group if r["kind"] == "ours"), None)
        ours_result = load_json(ours["json"]) if ours else None
        ours_verdicts = read_verdicts(ours["verdicts"]) if ours else None
        peers = []
        for r in group:
            if r["kind"] == "missing":
                lines.append(f"| {workload} | {r['row']} | — | — | — | — | {r['note']} |")
                continue
            result = load_json(r["json"])
            ratio = (result["mb_per_s"] / ours_result["mb_per_s"]
                     if ours_result and ours_result["mb_per_s"] else 0.0)
            if r["kind"] == "ours":
                agree = "intended labels: " + agreement(ours_verdicts, expected)
            elif r["kind"] == "floor":
                agree = "— (judges nothing)"
                summary[(workload, "floor_ratio")] = ratio
            elif r["agreement"] == "n/a":
                agree = "n/a (does not validate)"
            else:
                agree = "ours: " + agreement(read_verdicts(r["verdicts"]), ours_verdicts)
            if r["kind"] == "peer":
                peers.append((r["row"], ratio))
            valid = "—" if result.get("valid") is None else f"{result['valid']}/{result['records']}"
            lines.append(f"| {workload} | {r['row']} | {fmt_rate(result['records_per_s'])} | "
                         f"{result['mb_per_s']:.1f} | {ratio:.3f} | {valid} | {agree} |")
        if peers:
            summary[(workload, "fastest_peer")] = max(peers, key=lambda p: p[1])
    return lines, summary


def gbench_table(gbench):
    # With --benchmark_repetitions each name comes several times: keep its fastest repetition
    # (CPU time), as the workload rows keep their fastest process (run.sh, best_of).
    fastest, order = {}, []
    for b in gbench.get("benchmarks", []):
        if b.get("run_type") == "aggregate":
            continue
        name = b["name"]
        if name not in fastest:
            order.append(name)
            fastest[name] = b
        elif not b.get("error_occurred") and b.get("cpu_time", float("inf")) < fastest[name].get(
                "cpu_time", float("inf")):
            fastest[name] = b
    benchmarks = [fastest[name] for name in order]
    by_name = {b["name"]: b for b in benchmarks}
    lines = [
        "| benchmark | CPU ns/op | wall ns/op | MB/s | ÷ floor (time) | allocs/op |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
    for b in benchmarks:
        if b.get("error_occurred"):
            lines.append(f"| {b['name']} | skipped: {b.get('error_message', '')} | | | | |")
            continue
        cpu = b["cpu_time"] * scale[b["time_unit"]]
        wall = b["real_time"] * scale[b["time_unit"]]
        mbs = f"{b['bytes_per_second'] / 1e6:.1f}" if "bytes_per_second" in b else ""
        ratio = ""
        parts = b["name"].split("/")
        if parts[0] in ("policy", "txt") and parts[1] != "floor":
            floor = by_name.get("/".join([parts[0], "floor"] + parts[2:]))
            if floor and floor.get("cpu_time"):
                ratio = f"{cpu / (floor['cpu_time'] * scale[floor['time_unit']]):.1f}"
        allocs = b.get("allocs_per_op")
        allocs = "" if allocs is None else f"{allocs:.4g}"
        lines.append(f"| {b['name']} | {cpu:,.1f} | {wall:,.1f} | {mbs} | {ratio} | {allocs} |")
    return lines, by_name


def targets_table(summary, by_name):
    lines = ["| target | measured | met |", "|---|---|---|"]

    def row(target, measured, met):
        lines.append(f"| {target} | {measured} | {'yes' if met else 'NO'} |")

    def worst_floor_ratio(prefix):
        ratios = []
        for name, b in by_name.items():
            parts = name.split("/")
            if name.startswith(prefix) and not b.get("error_occurred"):
                floor = by_name.get("/".join([parts[0], "floor"] + parts[2:]))
                if floor:
                    ratios.append((b["cpu_time"] / floor["cpu_time"], name))
        return max(ratios) if ratios else None

    # The target is on "the same bytes": the workload file, judged on that. Each
    # benchmark shape against the floor on its own bytes is a stricter reading of ours,
    # reported (and judged) on its own row so neither hides the other.
    for kind, prefix in (("policy", "policy/parse_storage/"), ("txt", "txt/parse/")):
        file_ratio = summary.get((kind, "floor_ratio"))
        if file_ratio:
            # file_ratio is the floor's MB/s over ours: how many times the floor's time we take
            row(f"{kind} parse within {TARGET_FLOOR_RATIO:g}× of the memchr floor (workload file)",
                f"{file_ratio:.2f}× the floor's time", file_ratio <= TARGET_FLOOR_RATIO)
        worst = worst_floor_ratio(prefix)
        if worst:
            row(f"{kind}, stricter: every benchmark shape within {TARGET_FLOOR_RATIO:g}× of the "
                "floor on its bytes", f"worst {worst[0]:.1f}× ({worst[1]})",
                worst[0] <= TARGET_FLOOR_RATIO)
    for kind in ("policy", "txt"):
        fastest = summary.get((kind, "fastest_peer"))
        if fastest:
            name, ratio = fastest
            times = 1 / ratio if ratio else float("inf")
            row(f"{kind}: ≥{TARGET_PEER_RATIO:g}× the fastest peer",
                f"{times:.1f}× {name}", times >= TARGET_PEER_RATIO)
        else:
            row(f"{kind}: ≥{TARGET_PEER_RATIO:g}× the fastest peer", "no peer installed", False)
    for prefix, what in (("txt/parse/", "TXT path"),
                         ("policy/parse_storage/", "policy path, caller-supplied storage")):
        allocs = [b.get("allocs_per_op", 0) for n, b in by_name.items()
                  if n.startswith(prefix) and not b.get("error_occurred")]
        if allocs:
            row(f"no heap allocation on the {what}", f"max {max(allocs):g} allocs/op",
                max(allocs) == 0)
    suite = by_name.get("conformance/suite")
    if suite and not suite.get("error_occurred"):
        scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[suite["time_unit"]]
        wall = suite["real_time"] * scale
        row(f"whole shipped conformance suite in process < {TARGET_SUITE_MS:g} ms",
            f"{wall:.1f} ms wall ({int(suite.get('tests', 0))} tests)", wall < TARGET_SUITE_MS)
    return lines


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    results_dir = sys.argv[1]
    with open(os.path.join(results_dir, "rows.jsonl"), encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    out, summary = workload_table(results_dir, rows)
    gbench_path = os.path.join(results_dir, "gbench.json")
    by_name = {}
    if os.path.exists(gbench_path):
        gbench = load_json(gbench_path)
        ctx = gbench.get("context", {})
        out += ["", f"Google Benchmark ({ctx.get('num_cpus', '?')} CPUs at "
                f"{ctx.get('mhz_per_cpu', '?')} MHz, load average "
                f"{', '.join(f'{x:.2f}' for x in ctx.get('load_avg', []))}):", ""]
        table, by_name = gbench_table(gbench)
        out += table
    out += ["", "Targets:", ""] + targets_table(summary, by_name)
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
