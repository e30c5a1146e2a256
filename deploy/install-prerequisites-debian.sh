#!/usr/bin/env bash
# Debian 12 packages a production NfvMano host needs besides the .NET 10 ASP.NET Core runtime:
# the libvirt client library (the libvirt VIM adapter loads libvirt.so.0) and the PostgreSQL
# client for operators. PostgreSQL itself usually runs elsewhere; add `postgresql` to host it here.
set -euo pipefail
[[ $(id -u) -eq 0 ]] || { echo "run as root" >&2; exit 1; }
DEBIAN_FRONTEND=noninteractive apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libvirt0 libvirt-clients postgresql-client ca-certificates
id nfvmano >/dev/null 2>&1 || useradd --system --home-dir /var/lib/nfvmano --create-home --shell /usr/sbin/nologin nfvmano
install -d -o nfvmano -g nfvmano -m 0750 /var/lib/nfvmano /etc/nfvmano
