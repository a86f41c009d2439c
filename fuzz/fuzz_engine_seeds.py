#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes corpus/fuzz_engine/seed_* for fuzz/fuzz_engine.cc:
    python3 fuzz/fuzz_engine_seeds.py corpus/fuzz_engine

Every choice of the target is one byte taken from the END of the input (value = byte % n);
free-form strings are taken from the FRONT (FuzzedDataProvider::ConsumeRandomLengthString:
a backslash followed by another character ends a string). A seed is therefore
front strings + reversed(choice bytes). The helpers below emit choices in the order
fuzz_engine.cc consumes them.
"""
import os
import sys


class Seed:
    def __init__(self):
        self.choices = []
        self.front = b""

    def c(self, *values):
        self.choices.extend(values)
        return self

    def string(self, s):  # a free-form string, terminated
        self.front += s.replace(b"\\", b"\\\\") + b"\\x"
        return self

    def bytes(self):
        return self.front + bytes(reversed(self.choices))

    # config: text/plain required, max_body, backoff, cname depth, refresh interval
    def config(self, text_plain=0, body=0, backoff=0, depth=0, interval=0):
        return self.c(text_plain, body, backoff, depth, interval)

    def steps(self, n):
        return self.c(n - 1)

    # advance: index into {0,1,299,300,301,3600,86399,86400,604800,-1,-300}
    ADV = {0: 0, 1: 1, 299: 2, 300: 3, 301: 4, 3600: 5, 86399: 6, 86400: 7, 604800: 8, -1: 9,
           -300: 10}

    def step(self, advance=0, domain=0, change=3):
        return self.c(self.ADV[advance], domain, change)

    # After each TXT answer the target picks whether to also change alias.example.org: 3 sets
    # it to a valid record with id index alias_id.
    def _alias(self, alias_id):
        if alias_id is None:
            return self.c(0)
        return self.c(3, 0, 0, 0, alias_id)

    # TXT: a valid record with id index (a, b, a1, Zz9)
    def txt_valid(self, id_index=0, alias_id=None):
        self.c(0, 0, 0, id_index)  # records, count 1, record kind 0, id
        return self._alias(alias_id)

    def txt_status(self, kind, alias_id=None):  # 3 nx, 4 servfail, 5 timeout, 6 nodata
        self.c(kind)
        return self._alias(alias_id)

    def txt_cname(self, target, alias_id=None):  # 0 _mta-sts.example.net, 1 alias, 2 self
        self.c(7, target)
        return self._alias(alias_id)

    def txt_records(self, records, alias_id=None):  # (kind, arg): 0 id, 3 split, 4 other, 5 str
        self.c(0, len(records) - 1)
        for kind, arg in records:
            self.c(kind)
            if kind <= 3:
                self.c(arg)
                if kind == 3:
                    self.c(7)  # split after 7 characters
            elif kind == 4:
                self.c(arg)
            else:
                self.string(arg)
        return self._alias(alias_id)

    # HTTPS: transport 0 ok / 5 connect / 6 tls / 7 timeout
    def https_fail(self, transport):
        return self.c(transport)

    # cert 0 valid chain, 4 chain with status, 5 transport verdict, 6 none, 7 empty chain
    # status index {200,200,200,200,204,301,404,500}; type index {text/plain, ...; 6 random,
    # 7 none}; body variant (mx list) and body kind (0 enforce week, 1 testing, 2 none, 3
    # max_age 0, 4 max_age 1, 5 max year, 6 testing 300, 7 no mode, 8 html, 9 empty, 10 big,
    # 11 random)
    def https(self, body=0, variant=0, cert=0, cert_status=0, status=0, ctype=0, random=None):
        self.c(0, cert)
        if cert in (4, 5):
            self.c(cert_status)
        self.c(status, ctype)
        if ctype == 6:
            self.string(random.pop(0))
        self.c(variant, body)
        if body == 11:
            self.string(random.pop(0))
        return self

    def no_cache_seed(self):
        return self.c(0)

    def cache_seed(self, body=0, variant=0, id_index=0, age=0, failure=False):
        return self.c(7, variant, body, id_index, age, 1 if failure else 0)

    # ops: 0 lookup, 3 refresh, 4 refresh_due, 5 decide, 6 may_fail, 7 lookup + decide
    def op(self, op, applied=0):
        self.c(op)
        if op == 6:
            self.c(applied)
        return self

    # MX: host index {mail.example.com, a.mx.example.net, MAIL.example.com., evil.example.org,
    # a.b.mx.example.net, *.example.com, "", random}; cert 0 chain, 2 transport verdict, 3 none
    def mxs(self, items):
        self.c(len(items))
        for host, starttls, cert, status in items:
            self.c(host, 0 if starttls else 7, 0, cert, status)
        return self


def seeds():
    out = {}

    s = Seed().config().steps(2)
    s.step(change=0).txt_valid(0).https().no_cache_seed().op(7)
    s.mxs([(0, True, 0, 0), (3, True, 0, 0), (1, True, 0, 2)])
    s.step(advance=3600).no_cache_seed().op(0)
    out["seed_lookup_then_decide"] = s

    # replay_https serves queued responses in order and repeats the last one, so a sequence
    # of responses is queued first (op 4, refresh_due, fetches nothing).
    s = Seed().config().steps(5)
    s.step(change=2).https_fail(5).no_cache_seed().op(4)
    s.step(change=2).https().no_cache_seed().op(4)
    s.step(change=1).txt_valid(0).no_cache_seed().op(0)
    s.step(advance=299).no_cache_seed().op(0)
    s.step(advance=1).no_cache_seed().op(0)
    out["seed_backoff_then_retry"] = s

    s = Seed().config().steps(5)
    s.step(change=0).txt_valid(0).https().no_cache_seed().op(4)
    s.step(change=2).https_fail(7).no_cache_seed().op(4)
    s.step().no_cache_seed().op(0)
    s.step(advance=3600, change=1).txt_valid(1).no_cache_seed().op(7)
    s.mxs([(3, True, 0, 0), (0, True, 0, 0)])
    s.step(advance=1).no_cache_seed().op(0)
    out["seed_changed_id_fetch_fails"] = s

    s = Seed().config().steps(3)
    s.step(change=0).txt_valid(2).https().no_cache_seed().op(0)
    s.step(advance=3600, change=1).txt_status(3).no_cache_seed().op(7)
    s.mxs([(3, True, 0, 0), (2, True, 0, 0)])
    s.step(advance=604800).no_cache_seed().op(0)
    out["seed_txt_gone_cache_kept"] = s

    s = Seed().config().steps(5)
    s.step(change=2).https(body=3).no_cache_seed().op(4)
    s.step(change=2).https_fail(5).no_cache_seed().op(4)
    s.step(change=1).txt_valid(0).no_cache_seed().op(0)
    s.step(advance=1).no_cache_seed().op(7)
    s.mxs([(3, True, 0, 0)])
    s.step(advance=300).no_cache_seed().op(0)
    out["seed_max_age_zero"] = s

    s = Seed().config(interval=1).steps(5)
    s.step(change=0).txt_valid(0).https(body=0).no_cache_seed().op(0)
    s.step(advance=3600, change=2).https_fail(6).no_cache_seed().op(4)
    s.step(advance=0).no_cache_seed().op(3)
    s.step(advance=86400, change=1).txt_status(4).no_cache_seed().op(3)
    s.step(change=1).txt_valid(0).no_cache_seed().op(3)
    out["seed_refresh_fails"] = s

    s = Seed().config().steps(2)
    s.step(change=0).txt_valid(0).https(body=1, variant=1).no_cache_seed().op(7)
    s.mxs([(0, True, 0, 1), (3, False, 0, 0), (4, True, 2, 4), (1, True, 3, 0)])
    s.step().no_cache_seed().op(5).mxs([(0, True, 0, 0)])
    out["seed_testing_reports"] = s

    s = Seed().config().steps(5)
    s.step(change=2).https(body=0).no_cache_seed().op(4)
    s.step(change=2).https(body=2).no_cache_seed().op(4)
    s.step(change=1).txt_valid(0).no_cache_seed().op(0)
    s.step(advance=3600, change=1).txt_valid(1).no_cache_seed().op(7)
    s.mxs([(3, False, 0, 2)])
    s.step(advance=1).no_cache_seed().op(0)
    out["seed_withdraw_mode_none"] = s

    s = Seed().config(depth=0).steps(3)
    s.step(change=0).txt_cname(1, alias_id=1).https().no_cache_seed().op(0)
    s.step(change=1).txt_cname(2).no_cache_seed().op(0)
    s.step(domain=1, change=0).txt_records([(3, 3), (4, 0)]).https(body=0)
    s.no_cache_seed().op(0)
    out["seed_cname_and_records"] = s

    s = Seed().config().steps(4)
    s.step(change=0).txt_valid(0).https().no_cache_seed().op(7)
    s.mxs([(3, True, 0, 0), (4, True, 0, 0)])
    s.step(advance=300, change=1).txt_valid(3).no_cache_seed().op(6, 0)
    s.step().no_cache_seed().op(6, 3)
    s.step().no_cache_seed().op(0)
    out["seed_may_fail_permanently"] = s

    s = Seed().config(text_plain=0).steps(2)
    s.step(change=0).txt_records([(5, b"google-site-verification=x\\y"), (0, 1)])
    s.https(body=11, ctype=6, random=[b"text/plain ; charset=iso-8859-1",
                                      b"version: STSv1\r\nmode: enforce\r\nmax_age: 86400\r\nmx: mail.example.com\r\n"])
    s.no_cache_seed().op(7).mxs([(0, True, 0, 0), (7, True, 0, 0)])
    s.string(b"mail.EXAMPLE.com.")
    s.step(advance=1).no_cache_seed().op(0)
    out["seed_free_form_strings"] = s

    s = Seed().config(backoff=2).steps(3)
    s.step(change=1).txt_valid(1).cache_seed(body=0, variant=1, id_index=0, age=2,
                                                failure=True).op(0)
    s.step(advance=3600, change=2).https(cert=4, cert_status=4).no_cache_seed().op(7)
    s.mxs([(0, True, 0, 0), (3, True, 0, 0)])
    s.step(advance=86400, change=2).https(status=5).cache_seed(body=6, age=5).op(3)
    out["seed_cache_contents"] = s

    s = Seed().config(body=2).steps(4)
    s.step(change=0).txt_valid(0).https(body=10).no_cache_seed().op(0)
    s.step(advance=300, change=2).https(ctype=4).no_cache_seed().op(0)
    s.step(advance=300, change=2).https(ctype=7, status=6).no_cache_seed().op(0)
    s.step(advance=300, change=2).https(cert=5, cert_status=2).no_cache_seed().op(0)
    out["seed_fetch_rejections"] = s
    return out


def main():
    root = sys.argv[1]
    os.makedirs(root, exist_ok=True)
    for name, s in seeds().items():
        with open(os.path.join(root, name), "wb") as f:
            f.write(s.bytes())


if __name__ == "__main__":
    main()
