#!/usr/bin/env bash
# Installs the independent SOAP stacks the interop tests drive (test/interop/), from Debian's packages.
# Without them those tests skip with a notice; with them they must pass. Needs root (apt-get).
#   python3-zeep python3-xmlsec   Python zeep (examples/python-zeep, test/interop/zeep.test.ts)
#   php-cli php-soap              PHP SoapClient
#   gsoap libgsoap-dev            gSOAP wsdl2h/soapcpp2, and stdsoap2.h + link symlinks (only in the -dev package)
#   g++ libssl-dev zlib1g-dev pkg-config   building the gSOAP client with the wsse plugin
#   libsoap-lite-perl             Perl SOAP::Lite
#   libxml2-utils                 xmllint, for the schema test
#   python3-suds                  Python suds (test/interop/suds.test.ts)
#   jaxws default-jdk-headless    Java JAX-WS RI 2.3 (wsimport, runtime jars in /usr/share/java) and javac
#                                 (test/interop/jaxws.test.ts); JDK 11+ no longer ships JAX-WS itself
set -euo pipefail
packages=(python3-zeep python3-xmlsec php-cli php-soap gsoap libgsoap-dev g++ libssl-dev zlib1g-dev pkg-config
  libsoap-lite-perl libxml2-utils python3-suds jaxws
  default-jdk-headless)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "interop tools: all installed"
  exit 0
fi
echo "interop tools: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
