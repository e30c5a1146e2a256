#!/usr/bin/env bash
# Starts Open vSwitch in user space (ovsdb-server + ovs-vswitchd, no systemd, no kernel module) with its database,
# sockets, pid files and logs in one state directory. Bridges must use datapath_type=netdev here.
# Idempotent: daemons already running from that directory are reused.
#
#   eval "$(tests/support/ovs/up.sh [STATE_DIR])"      (default STATE_DIR: /run/nfvmano-ovs)
#
# Progress goes to stderr; stdout carries only the export line for eval.
set -euo pipefail

state=${1:-/run/nfvmano-ovs}

log() { echo "[ovs up] $*" >&2; }
fail() { echo "[ovs up] ERROR: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "must run as root (it installs packages and creates tap devices)"

# 1. Packages (about 12 s when missing).
if ! dpkg-query -W -f='${Status}' openvswitch-switch 2>/dev/null | grep -q "install ok installed"; then
    log "installing openvswitch-switch"
    apt-get update -qq >&2
    # The package's init script cannot start anything without systemd; that is expected.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openvswitch-switch >&2
fi
[ -e /dev/net/tun ] || fail "/dev/net/tun is missing: netdev bridges need it for their internal and tap ports"

mkdir -p "$state"
state=$(cd "$state" && pwd)
db=$state/conf.db
sock=$state/db.sock
# Unix socket paths are limited to 107 bytes.
[ ${#state} -le 70 ] || fail "state directory path '$state' is too long for the control sockets inside it"

# Everything the daemons and tools write goes to the state directory, not to /var/run/openvswitch.
export OVS_RUNDIR=$state OVS_DBDIR=$state OVS_LOGDIR=$state OVS_SYSCONFDIR=$state

running() { [ -s "$state/$1.pid" ] && kill -0 "$(cat "$state/$1.pid")" 2>/dev/null; }

# 2. The database server.
if running ovsdb-server; then
    log "ovsdb-server already running (pid $(cat "$state/ovsdb-server.pid"))"
else
    [ -f "$db" ] || ovsdb-tool create "$db" /usr/share/openvswitch/vswitch.ovsschema
    ovsdb-server "$db" --remote="punix:$sock" --pidfile="$state/ovsdb-server.pid" \
        --log-file="$state/ovsdb-server.log" -vconsole:off --detach
    ovs-vsctl --db="unix:$sock" --no-wait init
fi

# 3. The switch daemon.
if running ovs-vswitchd; then
    log "ovs-vswitchd already running (pid $(cat "$state/ovs-vswitchd.pid"))"
else
    ovs-vswitchd "unix:$sock" --pidfile="$state/ovs-vswitchd.pid" --log-file="$state/ovs-vswitchd.log" -vconsole:off --detach
fi
ctl=$state/ovs-vswitchd.$(cat "$state/ovs-vswitchd.pid").ctl
for _ in $(seq 1 50); do
    [ -S "$ctl" ] && ovs-appctl -t "$ctl" version >/dev/null 2>&1 && break
    sleep 0.1
done
ovs-appctl -t "$ctl" version >/dev/null 2>&1 || fail "ovs-vswitchd did not answer on $ctl within 5 s (see $state/ovs-vswitchd.log)"
# vsctl waits until vswitchd has applied the database: proves the two are connected.
ovs-vsctl --db="unix:$sock" --timeout=10 show >/dev/null || fail "ovs-vswitchd is not connected to the database (see $state/ovs-vswitchd.log)"

# 4. libvirtd plugs guest NICs of <virtualport type='openvswitch'/> networks by running plain `ovs-vsctl`, which talks to
# the default database socket: point that at this database. An existing socket of another OVS is left alone.
default_sock=/var/run/openvswitch/db.sock
mkdir -p "$(dirname "$default_sock")"
if [ -L "$default_sock" ] || [ ! -e "$default_sock" ]; then
    ln -sfn "$sock" "$default_sock"
    ovs-vsctl --timeout=5 show >/dev/null || fail "ovs-vsctl cannot reach the database through $default_sock"
else
    log "WARNING: $default_sock belongs to another Open vSwitch; libvirt networks on our bridges will not work"
fi

log "ready: $(ovs-appctl -t "$ctl" version | head -n 1) in $state"
echo "export NFVMANO_OVS_DB=unix:$sock NFVMANO_OVS_VSWITCHD_CTL=$ctl"
