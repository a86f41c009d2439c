#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A skeleton shim for `mtasts conform` (protocol mtasts-shim/1, PROTOCOL.md).

It answers the handshake and declares no capability yet, so every question is
unimplemented (exit 89). Add a capability to CAPABILITIES when its questions are answered.
"""
import json
import sys

NAME = "{{NAME}}"  # the implementation's name: [A-Za-z0-9._-], at most 64 bytes
VERSION = "0.1"
LEVELS = ["P"]  # "P": one command per question; "D1": a JSON-lines session per test;
# "D2": D1, and the shim's TLS code judges the certificate chains the runner hands over
CAPABILITIES = []  # e.g. "parse" once `parse txt|policy` are answered
UNIMPLEMENTED = 89  # the exit status that means "this implementation cannot answer"


def main(args):
    if args == ["--capabilities"]:
        print(json.dumps({"protocol": "mtasts-shim/1", "name": NAME, "version": VERSION,
                          "levels": LEVELS, "capabilities": CAPABILITIES}))
        return 0
    # Level P questions, as the runner builds them:
    #   parse txt FILE | parse txt --records FILE | parse policy FILE | parse tlsrpt FILE
    #   match -- PATTERN HOST | cert-match [--policy-host] -- HOST NAME...
    # Level D1: `session`, JSON lines on stdin and stdout.
    print("unimplemented: " + " ".join(args), file=sys.stderr)
    return UNIMPLEMENTED


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
