#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""mta-sts-query's output → a level N observation (conformance/PROTOCOL.md "Level N").

mta-sts-query (postfix-mta-sts-resolver) prints the repr of its result tuple, e.g.
  (<STSFetchResult.VALID: 1>, ('id1', {'mx': ['mx1.example.com'], 'version': 'STSv1', ...}))
  (<STSFetchResult.FETCH_ERROR: 2>, None)
Reads that on stdin, prints {"outcome", "policy", "active"} as JSON. The enum repr is not a
Python literal, so it is matched first; the rest goes through ast.literal_eval.
Exit 1 (with a message on stderr) when the output is not such a tuple.
"""
import ast
import json
import re
import sys

STANDARD = ("version", "mode", "max_age", "mx")


def policy_object(pol):
    # pmsr keeps every "key: value" line in a dict (mx as a list, the last of other
    # duplicates wins); keys outside the standard ones are its extensions, in order.
    return {
        "version": pol.get("version"),
        "mode": pol.get("mode"),
        "max_age": pol.get("max_age"),
        "mx": list(pol.get("mx", [])),
        "extensions": [[k, v] for k, v in pol.items() if k not in STANDARD],
    }


def main():
    text = sys.stdin.read().strip()
    m = re.fullmatch(r"\(<STSFetchResult\.(\w+): \d+>, (.*)\)", text, re.S)
    if not m:
        print("not an STSFetchResult tuple: %r" % text[-200:], file=sys.stderr)
        return 1
    result, rest = m.group(1), ast.literal_eval(m.group(2))
    if result == "VALID":
        _id, pol = rest
        observation = {"outcome": "fetched", "policy": policy_object(pol),
                       "active": pol.get("mode") != "none"}
    elif result in ("NONE", "FETCH_ERROR"):
        observation = {"outcome": "none", "policy": None, "active": False}
    else:
        print("unexpected result %s for a first lookup" % result, file=sys.stderr)
        return 1
    json.dump(observation, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
