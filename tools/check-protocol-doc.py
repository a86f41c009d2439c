#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Does conformance/PROTOCOL.md document every word of the shim protocol the runner uses?

The words are read from the code's own tables, so a name added there and not to the
document fails this check: capabilities, step actions, test levels and results, DNS rcodes,
HTTPS transports and TLS verdicts (vocabulary.h), statuses (runner.cc), protocol levels
(shim_subject.cc), D1 message types and fields (shim_message.cc, shim_session.cc,
shim_answers.cc, shim_identity.cc), level-P command words (level_p.cc), config and profile
members (shim_config.cc, blackbox_profile.cc) and exit-code constants (`*_exit = N`).
A name counts as documented when it appears in a code span or block of PROTOCOL.md, as a
word or a quoted string.

usage:
  check-protocol-doc.py ROOT              list every undocumented name; exit 1 if any
  check-protocol-doc.py ROOT --self-test  show that a name missing from the document, and a
                                          name planted in a code table, are both caught
"""
import os
import re
import shutil
import sys
import tempfile

RUNNER = "conformance/runner"
SOURCES = {
    "vocabulary": f"{RUNNER}/include/mtasts/conformance/vocabulary.h",
    "runner": f"{RUNNER}/src/runner.cc",
    "subject": f"{RUNNER}/src/shim_subject.cc",
    "message": f"{RUNNER}/src/shim_message.cc",
    "session": f"{RUNNER}/src/shim_session.cc",
    "answers": f"{RUNNER}/src/shim_answers.cc",
    "identity": f"{RUNNER}/src/shim_identity.cc",
    "level_p": f"{RUNNER}/src/level_p.cc",
    "config": f"{RUNNER}/src/shim_config.cc",
    "profile": f"{RUNNER}/src/blackbox_profile.cc",
}
DOC = "conformance/PROTOCOL.md"

WORD = r'"([A-Za-z_][A-Za-z0-9_.-]*|--?[a-z][a-z-]*)"'


def read(root, key):
    with open(os.path.join(root, SOURCES[key]), encoding="utf-8") as f:
        return f.read()


def names_in_code(root):
    """(kind, name) for every protocol word the code's tables hold."""
    found = set()

    def add(kind, names):
        found.update((kind, n) for n in names)

    vocab = read(root, "vocabulary")
    # {capability::parse, "parse"}, {step_action::lookup, "lookup", ...}
    for enum, name in re.findall(r"\{(\w+)::\w+,\s*\"([^\"]+)\"", vocab):
        add(enum, [name])
    add("status", re.findall(r"\{test_status::\w+,\s*\"([A-Z_]+)\"\}", read(root, "runner")))
    add("level", re.findall(r"levels_\.count\(\"(\w+)\"\)", read(root, "subject")))
    for key in ("message", "session", "answers", "identity"):
        text = read(root, key)
        # Message types: `type == "dns"`, {"type", "begin"}.
        add("message type", re.findall(r"type == \"(\w+)\"", text))
        add("message type", re.findall(r"\{\"type\",\s*\"(\w+)\"\}", text))
        # Fields: JSON object keys built or read: {"key", ...}, ["key"], contains("key"),
        # find("key"), value("key", ...), string_member(msg, "key"), required_string(...).
        add("field", re.findall(r"\{\"(\w+)\",", text))
        add("field", re.findall(r"\[\"(\w+)\"\]", text))
        add("field", re.findall(r"(?:contains|find|value)\(\"(\w+)\"", text))
        add("field", re.findall(r"(?:string_member|required_string)\(\w+, \"(\w+)\"", text))
    level_p = read(root, "level_p")
    args = re.search(r"level_p_args\(.*?\n\}", level_p, re.S).group(0)
    add("level-P argument", re.findall(WORD, args))
    for key in ("config", "profile"):
        for block in re.findall(r"std::set<std::string>\s+\w+\s*=\s*\{(.*?)\};",
                                read(root, key), re.S):
            add("config member", re.findall(WORD, block))
    for key in SOURCES:
        for name, value in re.findall(r"constexpr int (\w+_exit) = (\d+);", read(root, key)):
            add("exit code", [f"{name} = {value}"])
    # The D1 command and the handshake flag, appended by shim_session.cc / shim_identity.cc.
    add("command", re.findall(r"argv\.emplace_back\(\"([-\w]+)\"\)",
                              read(root, "session") + read(root, "identity")))
    return found


def words_in_doc(text):
    """Every word or quoted string inside a code span or block of the document."""
    spans = re.findall(r"```.*?```", text, re.S)
    rest = re.sub(r"```.*?```", "", text, flags=re.S)
    spans += re.findall(r"`([^`\n]+)`", rest)
    words = set()
    for span in spans:
        words.update(re.findall(r"--?[A-Za-z][\w-]*|[A-Za-z_][\w.]*|\d+", span))
        words.update(re.findall(r"[A-Za-z_][\w.-]*", span))  # cert-match as one word
    return words


def undocumented(root, doc_text):
    words = words_in_doc(doc_text)
    missing = []
    for kind, name in sorted(names_in_code(root)):
        if kind == "exit code":
            constant, value = name.split(" = ")
            # The number must appear in a code span or table, and the constant be named.
            if value not in words or constant not in words:
                missing.append((kind, name))
        elif name not in words:
            missing.append((kind, name))
    return missing


def check(root):
    with open(os.path.join(root, DOC), encoding="utf-8") as f:
        doc = f.read()
    missing = undocumented(root, doc)
    for kind, name in missing:
        print(f"{DOC}: the {kind} {name!r} is not documented (no code span names it)")
    if not missing:
        print(f"{DOC}: documents all {len(names_in_code(root))} protocol names of the runner")
    return 1 if missing else 0


def self_test(root):
    failures = []
    with open(os.path.join(root, DOC), encoding="utf-8") as f:
        doc = f.read()
    if undocumented(root, doc):
        failures.append("the real document already misses names; fix that first")
    # 1. A name dropped from the document is reported.
    dropped = re.sub(r"\bbody_base64\b", "body_b64", doc)
    if ("field", "body_base64") not in undocumented(root, dropped):
        failures.append("removing body_base64 from the document was not caught")
    # 2. A name planted in a code table is reported.
    with tempfile.TemporaryDirectory() as tmp:
        for rel in SOURCES.values():
            os.makedirs(os.path.dirname(os.path.join(tmp, rel)), exist_ok=True)
            shutil.copy(os.path.join(root, rel), os.path.join(tmp, rel))
        vocab = os.path.join(tmp, SOURCES["vocabulary"])
        with open(vocab, encoding="utf-8") as f:
            text = f.read()
        text = text.replace('{capability::tlsrpt, "tlsrpt"},',
                            '{capability::tlsrpt, "tlsrpt"},\n    {capability::planted, "planted_cap"},')
        with open(vocab, "w", encoding="utf-8") as f:
            f.write(text)
        level_p = os.path.join(tmp, SOURCES["level_p"])
        with open(level_p, encoding="utf-8") as f:
            text = f.read().replace("constexpr int unimplemented_exit = 89;",
                                    "constexpr int unimplemented_exit = 77;")
        with open(level_p, "w", encoding="utf-8") as f:
            f.write(text)
        caught = undocumented(tmp, doc)
        if ("capability", "planted_cap") not in caught:
            failures.append("a capability planted in vocabulary.h was not caught")
        if ("exit code", "unimplemented_exit = 77") not in caught:
            failures.append("a changed exit code in level_p.cc was not caught")
    # 3. The extraction finds the tables at all (a regex that silently matches nothing
    #    would pass every document).
    kinds = {k for k, _ in names_in_code(root)}
    for need in ("capability", "step_action", "status", "level", "message type", "field",
                 "level-P argument", "config member", "exit code", "command",
                 "test_level", "expected_result"):
        if need not in kinds:
            failures.append(f"no {need} names were read from the code")
    for f in failures:
        print("self-test:", f)
    if not failures:
        print("self-test: a missing name and a planted name are both caught")
    return 1 if failures else 0


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    root = args[0]
    if args[1:] == ["--self-test"]:
        return self_test(root)
    return check(root)


if __name__ == "__main__":
    sys.exit(main())
