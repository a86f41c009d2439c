#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Generates the test PKI in fixtures/certs/ (issue 5, "Test PKI"). Run ONCE; the output is
# committed and CI never regenerates it. Refuses to overwrite existing files unless --force.
#
# Windows hold at every fixture time (2001..2899) and at any real date:
#   valid          2000-01-01T00:00:00Z .. 9999-12-31T23:59:59Z
#   expired        2000-01-01T00:00:00Z .. 2000-12-31T23:59:59Z
#   not yet valid  2901-01-01T00:00:00Z .. 9999-12-31T23:59:59Z
# Certificates are issued with `openssl ca` and absolute -startdate/-enddate (OpenSSL 3.0's
# `req -x509` has no absolute dates, so roots are self-signed with `openssl ca -selfsign`).
# Keys are EC P-256 to keep the files small. All keys are TEST KEYS, published on purpose.
#
# Usage: tools/gen-test-pki.sh [--force] [OUTDIR]   (default OUTDIR: fixtures/certs)
set -euo pipefail

force=0
out=""
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -h | --help)
      sed -n '2,13p' "$0"
      exit 0
      ;;
    -*)
      echo "gen-test-pki: unknown option $arg" >&2
      exit 2
      ;;
    *) out="$arg" ;;
  esac
done
root_dir="$(cd "$(dirname "$0")/.." && pwd)"
out="${out:-$root_dir/fixtures/certs}"

case "$(openssl version)" in
  "OpenSSL 3."*) ;;
  *)
    echo "gen-test-pki: needs OpenSSL 3 (found: $(openssl version))" >&2
    exit 1
    ;;
esac

mkdir -p "$out"
if [ $force -eq 0 ] && compgen -G "$out/*.pem" >/dev/null; then
  echo "gen-test-pki: $out already holds certificates; the committed PKI is never" \
    "regenerated. Pass --force to overwrite (then commit every file again)." >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

VALID_FROM=20000101000000Z
VALID_TO=99991231235959Z
EXPIRED_FROM=20000101000000Z
EXPIRED_TO=20001231235959Z
FUTURE_FROM=29010101000000Z
FUTURE_TO=99991231235959Z

cat >"$work/ext.cnf" <<'EOF'
[ root_ext ]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ intermediate_ext ]
basicConstraints       = critical, CA:TRUE, pathlen:0
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ leaf_ext ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
subjectAltName         = ${ENV::SAN}

[ leaf_no_san_ext ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
EOF

# One `openssl ca` database per issuing CA.
ca_config() {  # name
  local d="$work/ca-$1"
  mkdir -p "$d/new"
  : >"$d/index.txt"
  echo 1000 >"$d/serial"
  cat >"$d/ca.cnf" <<EOF
[ ca ]
default_ca = this_ca
[ this_ca ]
dir              = $d
database         = $d/index.txt
new_certs_dir    = $d/new
serial           = $d/serial
default_md       = sha256
policy           = any_dn
unique_subject   = no
copy_extensions  = none
email_in_dn      = no
[ any_dn ]
organizationName = optional
commonName       = optional
EOF
}

key() {  # name
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$out/$1.key" 2>/dev/null
}

csr() {  # name subject
  openssl req -new -key "$out/$1.key" -subj "$2" -out "$work/$1.csr"
}

# sign NAME ISSUER FROM TO EXT_SECTION [SAN]; ISSUER "self" self-signs NAME as its own CA.
sign() {
  local name="$1" issuer="$2" from="$3" to="$4" ext="$5" san="${6:-}"
  local db="$issuer" signer=(-cert "$out/$issuer.pem" -keyfile "$out/$issuer.key")
  if [ "$issuer" = self ]; then
    db="$name"
    ca_config "$name"
    signer=(-selfsign -keyfile "$out/$name.key")
  fi
  SAN="$san" openssl ca -batch -notext -preserveDN -config "$work/ca-$db/ca.cnf" \
    "${signer[@]}" -in "$work/$name.csr" -out "$out/$name.pem" \
    -startdate "$from" -enddate "$to" -extfile "$work/ext.cnf" -extensions "$ext" 2>"$work/err" ||
    {
      cat "$work/err" >&2
      exit 1
    }
}

ca() {  # name subject issuer from to ext
  key "$1"
  csr "$1" "$2"
  sign "$1" "$3" "$4" "$5" "$6"
  [ "$3" = self ] || ca_config "$1"
}

leaf() {  # name subject issuer from to san ("" for none)
  key "$1"
  csr "$1" "$2"
  if [ -n "$6" ]; then
    sign "$1" "$3" "$4" "$5" leaf_ext "$6"
  else
    sign "$1" "$3" "$4" "$5" leaf_no_san_ext
  fi
}

O="/O=mtasts test PKI"

# --- certificate authorities -----------------------------------------------------------
ca root-ca "$O/CN=mtasts Test Root CA" self $VALID_FROM $VALID_TO root_ext
ca untrusted-root-ca "$O/CN=mtasts Untrusted Root CA" self $VALID_FROM $VALID_TO root_ext
ca intermediate-ca "$O/CN=mtasts Test Intermediate CA" root-ca $VALID_FROM $VALID_TO \
  intermediate_ext
ca expired-intermediate-ca "$O/CN=mtasts Expired Intermediate CA" root-ca \
  $EXPIRED_FROM $EXPIRED_TO intermediate_ext

# --- Policy Host leaves (mta-sts.example.com) ------------------------------------------
I=intermediate-ca
leaf policy-valid "/CN=mta-sts.example.com" $I $VALID_FROM $VALID_TO DNS:mta-sts.example.com
leaf policy-expired "/CN=mta-sts.example.com" $I $EXPIRED_FROM $EXPIRED_TO \
  DNS:mta-sts.example.com
leaf policy-not-yet-valid "/CN=mta-sts.example.com" $I $FUTURE_FROM $FUTURE_TO \
  DNS:mta-sts.example.com
leaf policy-wrong-name "/CN=mta-sts.example.net" $I $VALID_FROM $VALID_TO DNS:mta-sts.example.net
leaf policy-cn-only "/CN=mta-sts.example.com" $I $VALID_FROM $VALID_TO ""
leaf policy-partial-wildcard "/CN=mta-*.example.com" $I $VALID_FROM $VALID_TO \
  'DNS:mta-*.example.com'
leaf policy-untrusted-root "/CN=mta-sts.example.com" untrusted-root-ca $VALID_FROM $VALID_TO \
  DNS:mta-sts.example.com

# --- MX host leaves (mx1.example.com, mx2.example.com) ---------------------------------
leaf mx1-valid "/CN=mx1.example.com" $I $VALID_FROM $VALID_TO DNS:mx1.example.com
leaf mx2-valid "/CN=mx2.example.com" $I $VALID_FROM $VALID_TO DNS:mx2.example.com
leaf mx-both-valid "/CN=mx1.example.com" $I $VALID_FROM $VALID_TO \
  DNS:mx1.example.com,DNS:mx2.example.com
leaf mx-expired "/CN=mx1.example.com" $I $EXPIRED_FROM $EXPIRED_TO DNS:mx1.example.com
leaf mx-not-yet-valid "/CN=mx1.example.com" $I $FUTURE_FROM $FUTURE_TO DNS:mx1.example.com
leaf mx-wrong-name "/CN=mx1.example.net" $I $VALID_FROM $VALID_TO DNS:mx1.example.net
leaf mx-cn-only "/CN=mx1.example.com" $I $VALID_FROM $VALID_TO ""
leaf mx-partial-wildcard "/CN=mx*.example.com" $I $VALID_FROM $VALID_TO 'DNS:mx*.example.com'
leaf mx-untrusted-root "/CN=mx1.example.com" untrusted-root-ca $VALID_FROM $VALID_TO \
  DNS:mx1.example.com
leaf mx-expired-intermediate "/CN=mx1.example.com" expired-intermediate-ca \
  $VALID_FROM $VALID_TO DNS:mx1.example.com

# --- shared wildcard leaf (covers mta-sts.example.com and mxN.example.com) --------------
leaf wildcard "/CN=*.example.com" $I $VALID_FROM $VALID_TO 'DNS:*.example.com'

# --- README: one row per certificate, read back from the files -------------------------
window() {  # file -> "from .. to" in ISO 8601
  local nb na
  nb=$(openssl x509 -in "$1" -noout -startdate | sed 's/^notBefore=//')
  na=$(openssl x509 -in "$1" -noout -enddate | sed 's/^notAfter=//')
  echo "$(date -u -d "$nb" +%Y-%m-%dT%H:%M:%SZ) .. $(date -u -d "$na" +%Y-%m-%dT%H:%M:%SZ)"
}
{
  cat <<'EOF'
# Test PKI

Generated once by `tools/gen-test-pki.sh` (OpenSSL 3, `openssl ca` with absolute
`-startdate`/`-enddate`, EC P-256 keys, SHA-256 signatures) and committed. **CI never
regenerates it**: the script refuses to overwrite these files unless given `--force`, and
`parser/x509_openssl/tests/` checks the dates, SANs and chains below.

**Every `*.key` file here is a TEST KEY, published on purpose. Never trust `root-ca.pem`
outside tests.**

Windows hold at every fixture time (fixture `now` values lie between 2001 and 2899) and at
any real date:

| kind | notBefore | notAfter |
| --- | --- | --- |
| valid | 2000-01-01T00:00:00Z | 9999-12-31T23:59:59Z (GeneralizedTime `99991231235959Z`) |
| expired | 2000-01-01T00:00:00Z | 2000-12-31T23:59:59Z |
| not yet valid | 2901-01-01T00:00:00Z | 9999-12-31T23:59:59Z |

Trust anchors: `root-ca.pem` only. `untrusted-root-ca.pem` is a second, self-signed root
that tests never trust. Leaves chain as `leaf, intermediate-ca.pem` unless the table says
otherwise; every leaf has `CN` in its subject, `extendedKeyUsage=serverAuth` and (except
the CN-only leaves) a subjectAltName with dNSName entries only.

| file (+ `.key`) | subject | subjectAltName | issuer | window |
| --- | --- | --- | --- | --- |
EOF
  for f in root-ca untrusted-root-ca intermediate-ca expired-intermediate-ca \
    policy-valid policy-expired policy-not-yet-valid policy-wrong-name policy-cn-only \
    policy-partial-wildcard policy-untrusted-root \
    mx1-valid mx2-valid mx-both-valid mx-expired mx-not-yet-valid mx-wrong-name mx-cn-only \
    mx-partial-wildcard mx-untrusted-root mx-expired-intermediate wildcard; do
    p="$out/$f.pem"
    subject=$(openssl x509 -in "$p" -noout -subject -nameopt RFC2253 | sed 's/^subject=//')
    issuer=$(openssl x509 -in "$p" -noout -issuer -nameopt RFC2253 | sed 's/^issuer=//')
    san=$(openssl x509 -in "$p" -noout -ext subjectAltName 2>/dev/null | sed -n '2p' |
      sed 's/^ *//')
    [ -n "$san" ] && san="\`$san\`" || san="(none)"
    echo "| \`$f.pem\` | \`$subject\` | $san | \`$issuer\` | $(window "$p") |"
  done
  cat <<'EOF'

Uses in tests (`parser/x509_openssl/tests/`, verified at 2026-11-28T00:00:00Z = 1795824000 unless
stated):

- `policy-valid`, `mx1-valid`, `mx2-valid`, `mx-both-valid` with `intermediate-ca`: valid;
  without the intermediate: untrusted.
- `*-expired`: expired; `*-not-yet-valid`: not yet valid; `*-untrusted-root`: untrusted;
  `mx-expired-intermediate` (with `expired-intermediate-ca`): expired, because the
  intermediate ended in 2000.
- `*-wrong-name`: name mismatch; `*-cn-only`: name mismatch (no CN fallback, R-3.3-2,
  R-4.2-2).
- `wildcard`: valid for `mta-sts.example.com` (Policy Host rule) and `mx1.example.com`
  (MX rule); not for `example.com` or `a.mx1.example.com`.
- `policy-partial-wildcard` (`mta-*.example.com`): never valid for the Policy Host
  (R-3.3-3). `mx-partial-wildcard` (`mx*.example.com`): name mismatch for the MX host by
  default; valid only with the RFC 6125 §6.4.3 partial-wildcard option.
EOF
} >"$out/README.md"

chmod 0644 "$out"/*.key "$out"/*.pem
echo "gen-test-pki: wrote $(ls "$out"/*.pem | wc -l) certificates to $out"
