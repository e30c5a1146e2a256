#!/usr/bin/env bash
# Stops every process tests/support/openstack/up.sh started (by the PIDs it recorded, each with its
# process group) and removes the work dir.   bash tests/support/openstack/down.sh [WORK]
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
W=${1:-$repo/artifacts/openstack}
[[ -d "$W" ]] || exit 0

# Reverse start order: compute and APIs first, the message bus and database last.
order=(nova-compute-2 nova-compute nova-scheduler nova-conductor nova-api neutron glance placement keystone rabbitmq epmd mariadb)
pids=()
for name in "${order[@]}"; do
  f="$W/run/$name.pid"
  [[ -f "$f" ]] || continue
  pid=$(cat "$f")
  # Each service was started with setsid, so its PID leads a process group holding its workers.
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    pids+=("$pid")
  fi
done
for ((i = 0; i < 50; i++)); do
  alive=0
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
  ((alive)) || break
  sleep 0.2
done
for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null; done
rm -rf "$W"
