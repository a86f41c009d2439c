#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A toy MTA-STS implementation and its level-P shim, written from conformance/PROTOCOL.md
alone: it parses the `_mta-sts` TXT record (RFC 8461 §3.1) and the policy file (§3.2) with
its own small parser, to show that the document is enough to write a shim. Its baseline,
expectations.json, records what it gets wrong; `conformance.toy_shim` checks nothing
changed.
"""
import base64
import json
import re
import sys

UNIMPLEMENTED = 89


def as_json_bytes(b):
    """The protocol's bytes rule: UTF-8 text as a string, anything else {"base64"}."""
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(b).decode("ascii")}


def from_json_bytes(v):
    if isinstance(v, dict):
        return base64.b64decode(v["base64"])
    return v.encode("utf-8")


class Rejected(Exception):
    def __init__(self, token, offset=None):
        super().__init__(token)
        self.token = token
        self.offset = offset


# --- TXT record -----------------------------------------------------------------------------

FIELD_NAME = re.compile(rb"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")
FIELD_VALUE = re.compile(rb"[\x21-\x3a\x3c\x3e-\x7e]+")
ID_VALUE = re.compile(rb"[A-Za-z0-9]{1,32}")


def parse_txt(record):
    if not record:
        raise Rejected("TXT_EMPTY", 0)
    for i, c in enumerate(record):
        if c > 0x7E:
            raise Rejected("TXT_NON_ASCII", i)
        if c < 0x20 and c != 0x09 or c == 0x7F:
            raise Rejected("TXT_CONTROL_CHARACTER", i)
    if not record.startswith(b"v=STSv1"):
        if record.startswith(b"v="):
            raise Rejected("TXT_VERSION_VALUE", 0)
        raise Rejected("TXT_VERSION_MISSING", 0)
    fields = re.split(rb"[ \t]*;[ \t]*", record)
    if fields[0] != b"v=STSv1":
        raise Rejected("TXT_VERSION_VALUE", 0)
    if fields[-1] == b"":
        fields = fields[:-1]  # a trailing ';' is allowed
    ident = None
    extensions = []
    for field in fields[1:]:
        if field == b"":
            raise Rejected("TXT_EMPTY_FIELD")
        if field != field.rstrip(b" \t"):
            raise Rejected("TXT_TRAILING_WHITESPACE")
        name, eq, value = field.partition(b"=")
        if not eq:
            raise Rejected("TXT_FIELD_SYNTAX")
        if name == b"id":
            if ident is not None:
                continue  # the first id wins
            if not ID_VALUE.fullmatch(value):
                raise Rejected("TXT_ID_SYNTAX")
            ident = value
            continue
        if not FIELD_NAME.fullmatch(name):
            raise Rejected("TXT_EXTENSION_NAME_SYNTAX")
        if not FIELD_VALUE.fullmatch(value):
            raise Rejected("TXT_EXTENSION_VALUE_SYNTAX")
        extensions.append([as_json_bytes(name), as_json_bytes(value)])
    if ident is None:
        raise Rejected("TXT_ID_MISSING")
    return {"valid": True, "kind": "txt", "id": as_json_bytes(ident), "extensions": extensions}


def select_record(records):
    """RFC 8461 §3.1: of the records at _mta-sts, exactly one starts with v=STSv1."""
    joined = []
    for r in records:
        parts = r if isinstance(r, list) else [r]
        joined.append(b"".join(from_json_bytes(p) for p in parts))
    candidates = [i for i, r in enumerate(joined) if r.startswith(b"v=STSv1;") or r == b"v=STSv1"]
    if not candidates:
        raise Rejected("TXT_SELECT_NONE")
    if len(candidates) > 1:
        raise Rejected("TXT_SELECT_MULTIPLE")
    return candidates[0], joined[candidates[0]]


# --- policy file ----------------------------------------------------------------------------

MAX_AGE_CEILING = 31557600


def parse_policy(body):
    if not body:
        raise Rejected("POLICY_EMPTY", 0)
    if len(body) > 64 * 1024:
        raise Rejected("POLICY_TOO_LARGE")
    if body.startswith(b"\xef\xbb\xbf"):
        raise Rejected("POLICY_BOM", 0)
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Rejected("POLICY_INVALID_UTF8", e.start)
    bare_cr = re.search(rb"\r(?!\n)", body)
    if bare_cr:
        raise Rejected("POLICY_BARE_CR", bare_cr.start())
    lines = re.split(rb"\r?\n", body)
    if lines[-1] == b"":
        lines.pop()  # the last line's terminator
    policy = {}
    mx = []
    extensions = []
    for line in lines:
        if line == b"":
            raise Rejected("POLICY_BLANK_LINE")
        if line[:1] in (b" ", b"\t"):
            raise Rejected("POLICY_LEADING_WHITESPACE")
        if re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", line):
            raise Rejected("POLICY_CONTROL_CHARACTER")
        name, colon, value = line.partition(b":")
        if not colon:
            raise Rejected("POLICY_MISSING_COLON")
        if not FIELD_NAME.fullmatch(name):
            raise Rejected("POLICY_NAME_SYNTAX")
        value = value.strip(b" \t")
        if not value or b"\t" in value:
            raise Rejected("POLICY_VALUE_SYNTAX")
        if name == b"mx":
            mx.append(as_json_bytes(value))
        elif name in (b"version", b"mode", b"max_age"):
            policy.setdefault(name, value)  # the first wins
        else:
            extensions.append([as_json_bytes(name), as_json_bytes(value)])
    if b"version" not in policy:
        raise Rejected("POLICY_VERSION_MISSING")
    if policy[b"version"] != b"STSv1":
        raise Rejected("POLICY_VERSION_VALUE")
    if b"mode" not in policy:
        raise Rejected("POLICY_MODE_MISSING")
    mode = policy[b"mode"]
    if mode not in (b"enforce", b"testing", b"none"):
        raise Rejected("POLICY_MODE_VALUE")
    if b"max_age" not in policy:
        raise Rejected("POLICY_MAX_AGE_MISSING")
    if not re.fullmatch(rb"[0-9]{1,10}", policy[b"max_age"]):
        raise Rejected("POLICY_MAX_AGE_SYNTAX")
    max_age = int(policy[b"max_age"])
    if max_age > MAX_AGE_CEILING:
        raise Rejected("POLICY_MAX_AGE_RANGE")
    if mode != b"none" and not mx:
        raise Rejected("POLICY_MX_MISSING")
    return {"valid": True, "kind": "policy", "version": "STSv1", "mode": mode.decode(),
            "max_age": max_age, "mx": mx, "extensions": extensions}


# --- the shim -------------------------------------------------------------------------------

def rejection(kind, e, **extra):
    # Positions are compared only when printed: this toy does not track them exactly, so it
    # prints the token alone.
    error = {"token": e.token}
    return {"valid": False, "kind": kind, "error": error, **extra}


def answer(args):
    if args == ["--capabilities"]:
        return {"protocol": "mtasts-shim/1", "name": "toy", "version": "1",
                "levels": ["P"], "capabilities": ["parse"]}, 0
    if args[:2] == ["parse", "txt"] and len(args) == 3:
        with open(args[2], "rb") as f:
            data = f.read()
        try:
            return parse_txt(data), 0
        except Rejected as e:
            return rejection("txt", e), 1
    if args[:3] == ["parse", "txt", "--records"] and len(args) == 4:
        with open(args[3], "rb") as f:
            records = json.load(f)
        try:
            index, record = select_record(records)
        except Rejected as e:
            return rejection("txt", e, record=None), 1
        try:
            return {**parse_txt(record), "record": index}, 0
        except Rejected as e:
            return rejection("txt", e, record=index), 1
    if args[:2] == ["parse", "policy"] and len(args) == 3:
        with open(args[2], "rb") as f:
            data = f.read()
        try:
            return parse_policy(data), 0
        except Rejected as e:
            return rejection("policy", e), 1
    return None, UNIMPLEMENTED  # tlsrpt, match, cert-match, session


def main():
    result, status = answer(sys.argv[1:])
    if result is not None:
        print(json.dumps(result))
    return status


if __name__ == "__main__":
    sys.exit(main())
