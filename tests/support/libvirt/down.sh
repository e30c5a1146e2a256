#!/usr/bin/env bash
# Undoes up.sh: removes what tests left behind (domains, networks, pools named with the nfv prefix),
# stops libvirtd (guests first: killing libvirtd does not kill them) and releases the hugepages.
set -uo pipefail

state=/run/nfvmano-libvirt
pidfile=$state/libvirtd.pid
uri=qemu:///system
prefix=${NFVMANO_LIBVIRT_PREFIX:-nfv}

log() { echo "[libvirt down] $*" >&2; }

if virsh -c "$uri" version >/dev/null 2>&1; then
    for d in $(virsh -c "$uri" list --all --name | grep "^$prefix" || true); do
        log "removing leftover domain $d"
        virsh -c "$uri" destroy "$d" >/dev/null 2>&1
        virsh -c "$uri" undefine "$d" --managed-save --snapshots-metadata >/dev/null 2>&1
    done
    for n in $(virsh -c "$uri" net-list --all --name | grep "^$prefix" || true); do
        log "removing leftover network $n"
        virsh -c "$uri" net-destroy "$n" >/dev/null 2>&1
        virsh -c "$uri" net-undefine "$n" >/dev/null 2>&1
    done
    for p in $(virsh -c "$uri" pool-list --all --name | grep "^$prefix" || true); do
        log "removing leftover pool $p and its volumes"
        for v in $(virsh -c "$uri" vol-list "$p" 2>/dev/null | awk 'NR>2 && $1 {print $1}'); do
            virsh -c "$uri" vol-delete "$v" --pool "$p" >/dev/null 2>&1
        done
        virsh -c "$uri" pool-destroy "$p" >/dev/null 2>&1
        virsh -c "$uri" pool-undefine "$p" >/dev/null 2>&1
    done
fi

if [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    pid=$(cat "$pidfile")
    log "stopping libvirtd (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
fi
rm -f "$pidfile"

if mountpoint -q /dev/hugepages; then
    umount /dev/hugepages 2>/dev/null || log "hugetlbfs still in use; left mounted"
fi
before=$(cat "$state/hugepages.before" 2>/dev/null || echo 0)
echo "$before" >/proc/sys/vm/nr_hugepages
rm -f "$state/hugepages.before"
log "hugepages back to $(cat /proc/sys/vm/nr_hugepages)"
