#!/usr/bin/env bash
# Provision subscribers for registration by number (5.18) from subscribers.csv, then list the accounts:
#   examples/accounts/provision.sh [gateway settings, e.g. --db imwsi.sqlite --domain example.com]
# Run it again: what is already provisioned is skipped and counted. Each subscriber then registers with
# Register (tel:+15550100077 and preconfigured-1, see docs/accounts.md) and the account becomes active.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
imwsi() { node "$here/../../bin/imwsi.js" "$@"; }
imwsi users provision --csv "$here/subscribers.csv" "$@"
imwsi users list "$@"
