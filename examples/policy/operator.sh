#!/usr/bin/env bash
# The operator's policy from the shell (docs/operations.md): a limit for a domain, a system filter, a switch
# turned off and on again. Runs twice with the same result: limits replace, switches report "it already was",
# the filter it adds it removes again. Pass the gateway's settings, e.g.: examples/policy/operator.sh --db ./imwsi.sqlite
set -euo pipefail
imwsi() { node "$(dirname "$0")/../../bin/imwsi.js" "$@"; }

imwsi limits set messages.hour 600 --for-domain example.com "$@"
imwsi limits set inbox.depth 1000 "$@"
imwsi limits set inbox.overflow refuse "$@"
imwsi limits list "$@"

id=$(imwsi filters add --sender-domain spam.example --treatment rejectSilent "$@" | awk '{print $2}')
imwsi filters list "$@"
imwsi filters remove "$id" "$@"

imwsi switches off reports --destination outage.example "$@"
imwsi switches list "$@"
imwsi switches on reports --destination outage.example "$@"
