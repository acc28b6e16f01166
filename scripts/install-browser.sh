#!/usr/bin/env bash
# Installs Debian's Chromium, which the web portal's browser tests drive headless through playwright-core
# (test/portal/). Without it those tests skip with a notice; with it they must pass. Needs root (apt-get).
set -euo pipefail
if dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q 'ok installed'; then
  echo "browser: chromium installed"
  exit 0
fi
echo "browser: installing chromium"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium
