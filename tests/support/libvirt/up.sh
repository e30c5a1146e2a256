#!/usr/bin/env bash
# Starts a real libvirtd (no systemd needed) with QEMU/TCG and 2 MiB hugepages, and builds the tiny
# test guest (Debian cloud kernel + busybox initramfs). Idempotent: run it as often as you like.
#
#   eval "$(tests/support/libvirt/up.sh [CACHE_DIR])"
#
# Progress goes to stderr; stdout carries only the export line for eval.
# Environment: NFVMANO_HUGEPAGES (2 MiB pages to reserve, default 256).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
cache=${1:-$repo/artifacts/libvirt-guest}
hugepages=${NFVMANO_HUGEPAGES:-256}
state=/run/nfvmano-libvirt
pidfile=$state/libvirtd.pid
uri=qemu:///system

log() { echo "[libvirt up] $*" >&2; }
fail() { echo "[libvirt up] ERROR: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "must run as root (it installs packages, reserves hugepages and starts libvirtd)"
mkdir -p "$state" "$cache"
cache=$(cd "$cache" && pwd)

# 1. Packages (about 10 s when missing).
# iptables: libvirt 9 applies firewall rules even to isolated networks without an address.
packages="libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86 qemu-utils busybox-static cpio iptables"
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    log "installing$missing"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
fi

# 2. The qemu driver resolves its user and group before reading qemu.conf, so they must exist even
#    though guests run as root here (no systemd, no AppArmor, no dynamic ownership needed).
getent group libvirt-qemu >/dev/null || groupadd --system libvirt-qemu
getent passwd libvirt-qemu >/dev/null || useradd --system -g libvirt-qemu -d /var/lib/libvirt -s /usr/sbin/nologin libvirt-qemu
mkdir -p /var/log/libvirt/qemu /var/lib/libvirt /var/cache/libvirt /run/libvirt /etc/libvirt
conf=/etc/libvirt/qemu.conf
touch "$conf"
set_conf() {
    if grep -qE "^[[:space:]]*$1[[:space:]]*=" "$conf"; then
        sed -i -E "s|^[[:space:]]*$1[[:space:]]*=.*|$1 = $2|" "$conf"
    else
        echo "$1 = $2" >>"$conf"
    fi
}
set_conf user '"root"'
set_conf group '"root"'
set_conf security_driver '"none"'
set_conf stdio_handler '"file"'
set_conf hugetlbfs_mount '"/dev/hugepages"'

# 3. Hugepages and hugetlbfs before libvirtd starts: it looks for the mount only at start-up.
[ -f "$state/hugepages.before" ] || cat /proc/sys/vm/nr_hugepages >"$state/hugepages.before"
if [ "$(cat /proc/sys/vm/nr_hugepages)" -lt "$hugepages" ]; then
    echo "$hugepages" >/proc/sys/vm/nr_hugepages
fi
got=$(cat /proc/sys/vm/nr_hugepages)
[ "$got" -ge "$hugepages" ] || fail "asked for $hugepages 2 MiB hugepages, the kernel gave $got (memory fragmented?)"
if ! mountpoint -q /dev/hugepages; then
    mkdir -p /dev/hugepages
    mount -t hugetlbfs -o pagesize=2M hugetlbfs /dev/hugepages
fi

# 4. libvirtd, daemonised with our own pid file.
if [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    log "libvirtd already running (pid $(cat "$pidfile"))"
else
    log "starting libvirtd"
    libvirtd -d --pid-file "$pidfile"
fi
for _ in $(seq 1 120); do
    virsh -c "$uri" version >/dev/null 2>&1 && break
    sleep 0.5
done
virsh -c "$uri" version >/dev/null 2>&1 || fail "libvirtd did not answer on $uri within 60 s (see /var/log/libvirt)"

# 5. The guest: a Debian cloud kernel and a busybox initramfs whose /init prints one marker line on
#    the serial console (ttyS0) with the NUMA nodes and CPUs it sees, then idles.
kernel=$cache/vmlinuz
initrd=$cache/initrd.img
if [ ! -s "$kernel" ]; then
    work=$(mktemp -d)
    chmod 755 "$work" # apt's download user must be able to write there
    pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/Depends: linux-image-/{print $2; exit}')
    if [ -z "$pkg" ]; then
        apt-get update -qq >&2
        pkg=$(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-/{print $2; exit}')
    fi
    [ -n "$pkg" ] || fail "cannot find the Debian cloud kernel package"
    log "downloading $pkg"
    (cd "$work" && apt-get download -qq "$pkg" >&2)
    dpkg-deb -x "$work"/*.deb "$work/extracted"
    cp "$work"/extracted/boot/vmlinuz-* "$kernel.tmp" && mv "$kernel.tmp" "$kernel"
    rm -rf "$work"
fi
if [ ! -s "$initrd" ] || [ "$here/up.sh" -nt "$initrd" ]; then
    log "building the initramfs"
    work=$(mktemp -d)
    mkdir -p "$work"/{bin,dev,proc,sys}
    cp /bin/busybox "$work/bin/busybox"
    mknod "$work/dev/console" c 5 1
    cat >"$work/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
nodes=$(ls -d /sys/devices/system/node/node[0-9]* 2>/dev/null | wc -l)
cpus=$(grep -c ^processor /proc/cpuinfo)
echo "NFVMANO-GUEST-UP nodes=$nodes cpus=$cpus" >/dev/ttyS0
while :; do sleep 3600; done
INIT
    chmod +x "$work/init"
    (cd "$work" && find . | cpio -o -H newc --quiet | gzip -1) >"$initrd.tmp"
    mv "$initrd.tmp" "$initrd"
    rm -rf "$work"
fi

log "ready: $(virsh -c "$uri" version 2>/dev/null | tr '\n' ' ')"
echo "export NFVMANO_LIBVIRTD_URI=$uri NFVMANO_GUEST_KERNEL=$kernel NFVMANO_GUEST_INITRD=$initrd"
