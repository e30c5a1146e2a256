#!/usr/bin/env bash
# Undoes up.sh: deletes the bridges (their tap devices go with them), stops ovs-vswitchd and ovsdb-server by the pids
# in the state directory, and removes that directory.
#
#   tests/support/ovs/down.sh [STATE_DIR]      (default STATE_DIR: /run/nfvmano-ovs)
set -uo pipefail

state=${1:-/run/nfvmano-ovs}
log() { echo "[ovs down] $*" >&2; }
[ -d "$state" ] || { log "nothing to stop ($state does not exist)"; exit 0; }
state=$(cd "$state" && pwd)
export OVS_RUNDIR=$state OVS_DBDIR=$state OVS_LOGDIR=$state OVS_SYSCONFDIR=$state

if [ -S "$state/db.sock" ]; then
    for br in $(ovs-vsctl --db="unix:$state/db.sock" --timeout=5 list-br 2>/dev/null); do
        log "deleting bridge $br"
        ovs-vsctl --db="unix:$state/db.sock" --timeout=5 del-br "$br" >/dev/null 2>&1
    done
fi

stop() {
    local pidfile=$state/$1.pid pid
    [ -s "$pidfile" ] || return 0
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
        log "stopping $1 (pid $pid)"
        kill "$pid"
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    rm -f "$pidfile"
}
stop ovs-vswitchd
stop ovsdb-server
# The default-socket link up.sh made for libvirtd, only if it points here.
default_sock=/var/run/openvswitch/db.sock
if [ -L "$default_sock" ] && [ "$(readlink "$default_sock")" = "$state/db.sock" ]; then
    rm -f "$default_sock"
fi
# Only what the daemons made: the directory may have been given by the caller.
rm -f "$state"/conf.db "$state"/.conf.db.~lock~ "$state"/db.sock "$state"/*.ctl "$state"/*.mgmt "$state"/*.snoop "$state"/*.log
rmdir "$state" 2>/dev/null || log "$state not empty; left in place"
