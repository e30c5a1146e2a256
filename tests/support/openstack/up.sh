#!/usr/bin/env bash
# Brings up a real OpenStack control plane on loopback for NfvMano's OpenStack adapter tests:
# MariaDB, RabbitMQ, Keystone, Placement, Glance, Neutron (ML2: VLAN physnets physnet-data1 and
# physnet-data2, VXLAN tenant networks, networking-sfc) and Nova (API, conductor, scheduler with NUMATopologyFilter,
# PciPassthroughFilter, DifferentHostFilter and SameHostFilter, one nova-compute running our fake driver with 2 NUMA cells, SMT siblings,
# dedicated CPUs, 2 MiB / 1 GiB pages and VFs on both physnets, and a second one without SMT). No systemd: every process is
# started here, its PID recorded under WORK/run, and down.sh stops them.
#
#   eval "$(bash tests/support/openstack/up.sh [WORK])"     # as root; WORK defaults to artifacts/openstack
#
# Prints only `export NFVMANO_OPENSTACK_...=...` lines on stdout; progress goes to stderr, service
# logs to WORK/log. Idempotent: when WORK holds a running stack it only prints the variables again.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
W=${1:-$repo/artifacts/openstack}
mkdir -p "$W"
W=$(cd "$W" && pwd)
PY=/usr/bin/python3
HOST=nfv-compute-1      # 2 NUMA cells with SMT siblings
HOST2=nfv-compute-2     # the same without SMT (Nova places thread policy 'isolate' only there)
started=$(date +%s)

log() { printf '== openstack: %s (%ds)\n' "$*" "$(($(date +%s) - started))" >&2; }
die() { log "FAILED: $*"; exit 1; }

if [[ $(id -u) -ne 0 ]]; then die "run as root (it installs Debian packages and starts services)"; fi

print_env() {
  # shellcheck disable=SC1091
  source "$W/state/env"
  cat <<EOF
export NFVMANO_OPENSTACK_AUTH_URL=$AUTH_URL
export NFVMANO_OPENSTACK_USERNAME=nfvmano
export NFVMANO_OPENSTACK_PASSWORD=$TEST_PASSWORD
export NFVMANO_OPENSTACK_PROJECT=nfvmano
export NFVMANO_OPENSTACK_USER_DOMAIN=Default
export NFVMANO_OPENSTACK_PROJECT_DOMAIN=Default
export NFVMANO_OPENSTACK_REGION=RegionOne
export NFVMANO_OPENSTACK_PHYSNETS=physnet-data1,physnet-data2
EOF
}

all_running() {
  [[ -f "$W/state/ready" ]] || return 1
  local pidfile
  for pidfile in "$W"/run/*.pid; do
    [[ -f "$pidfile" ]] || return 1
    kill -0 "$(cat "$pidfile")" 2>/dev/null || return 1
  done
}

if all_running; then
  log "already running in $W"
  print_env
  exit 0
fi
if [[ -d "$W/run" ]]; then
  log "a previous stack in $W is incomplete: stopping it first"
  bash "$here/down.sh" "$W" >&2 || true
  mkdir -p "$W"
fi

# --- packages --------------------------------------------------------------------------------------
packages=(python3-keystone python3-placement python3-nova python3-glance python3-neutron
          python3-openstackclient keystone placement-api nova-api nova-conductor nova-scheduler
          glance-api neutron-server rabbitmq-server mariadb-server python3-pymysql uwsgi uwsgi-plugin-python3
          python3-networking-sfc)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing ${#missing[@]} Debian packages"
  # The packages' maintainer scripts must not start services of their own.
  policy=/usr/sbin/policy-rc.d
  restore_policy=""
  if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' > $policy; chmod +x $policy; restore_policy=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$W/apt.log" 2>&1 \
    || { tail -20 "$W/apt.log" >&2; die "apt-get install failed (log: $W/apt.log)"; }
  if [[ -n "$restore_policy" ]]; then rm -f $policy; fi
  log "packages installed"
fi

# --- work dir, ports, secrets ----------------------------------------------------------------------
mkdir -p "$W"/{etc,log,run,state,mysql,rabbit,keystone,nova,nova2,glance/images,glance/staging,glance/tasks,neutron/lock,nova/lock}
free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
secret() { $PY -c 'import secrets; print(secrets.token_hex(12))'; }
if [[ ! -f "$W/state/env" ]]; then
  {
    echo "DB_PORT=$(free_port)"; echo "RABBIT_PORT=$(free_port)"; echo "RABBIT_DIST_PORT=$(free_port)"
    echo "EPMD_PORT=$(free_port)"; echo "KEYSTONE_PORT=$(free_port)"; echo "PLACEMENT_PORT=$(free_port)"
    echo "NOVA_PORT=$(free_port)"; echo "GLANCE_PORT=$(free_port)"; echo "NEUTRON_PORT=$(free_port)"
    echo "DB_PASSWORD=$(secret)"; echo "ADMIN_PASSWORD=$(secret)"; echo "SERVICE_PASSWORD=$(secret)"
    echo "TEST_PASSWORD=$(secret)"
  } > "$W/state/env.tmp"
  # shellcheck disable=SC1091
  source "$W/state/env.tmp"
  echo "AUTH_URL=http://127.0.0.1:$KEYSTONE_PORT/v3" >> "$W/state/env.tmp"
  mv "$W/state/env.tmp" "$W/state/env"
fi
chmod 600 "$W/state/env"
# shellcheck disable=SC1091
source "$W/state/env"
KS=http://127.0.0.1:$KEYSTONE_PORT
DB="mysql+pymysql://os:$DB_PASSWORD@127.0.0.1:$DB_PORT"
MQ="rabbit://guest:guest@127.0.0.1:$RABBIT_PORT/"

# start NAME CMD...: runs CMD in the background with its output in WORK/log/NAME.log, PID in WORK/run.
start() {
  local name=$1; shift
  setsid "$@" >>"$W/log/$name.log" 2>&1 < /dev/null &
  echo $! > "$W/run/$name.pid"
}

wait_port() {
  local port=$1 what=$2 limit=${3:-90} i
  for ((i = 0; i < limit * 5; i++)); do
    if (: < "/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  die "$what did not listen on 127.0.0.1:$port within ${limit}s (logs: $W/log)"
}

wait_http() {
  local url=$1 what=$2 limit=${3:-90} i
  for ((i = 0; i < limit * 2; i++)); do
    if curl -s -o /dev/null -m 5 "$url"; then return 0; fi
    sleep 0.5
  done
  die "$what did not answer $url within ${limit}s (logs: $W/log)"
}

authtoken() {
  cat <<EOF
[keystone_authtoken]
www_authenticate_uri = $KS
auth_url = $KS
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = $1
password = $SERVICE_PASSWORD
EOF
}

service_auth() { # SECTION USER
  cat <<EOF
[$1]
auth_url = $KS
auth_type = password
project_domain_name = Default
user_domain_name = Default
region_name = RegionOne
project_name = service
username = $2
password = $SERVICE_PASSWORD
EOF
}

# --- MariaDB and RabbitMQ --------------------------------------------------------------------------
if [[ ! -d "$W/mysql/mysql" ]]; then
  mariadb-install-db --no-defaults --datadir="$W/mysql" --user=root --auth-root-authentication-method=normal \
    --skip-test-db >"$W/log/mariadb-install.log" 2>&1 || die "mariadb-install-db failed (log: $W/log/mariadb-install.log)"
fi
start mariadb mariadbd --no-defaults --datadir="$W/mysql" --socket="$W/mysql.sock" --port="$DB_PORT" \
  --bind-address=127.0.0.1 --user=root --skip-name-resolve --max-connections=1000 \
  --innodb-flush-log-at-trx-commit=0 --innodb-buffer-pool-size=256M --character-set-server=utf8mb4 \
  --collation-server=utf8mb4_general_ci --pid-file="$W/mysql/mariadbd.pid"

export HOME_RABBIT="$W/rabbit"
echo '[].' > "$W/rabbit/enabled_plugins"
rabbit_env=(env HOME="$W/rabbit" RABBITMQ_MNESIA_BASE="$W/rabbit/mnesia" RABBITMQ_LOG_BASE="$W/log/rabbit"
  RABBITMQ_NODENAME=nfvmano@localhost RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$RABBIT_PORT"
  RABBITMQ_DIST_PORT="$RABBIT_DIST_PORT" ERL_EPMD_PORT="$EPMD_PORT" ERL_EPMD_ADDRESS=127.0.0.1
  RABBITMQ_ENABLED_PLUGINS_FILE="$W/rabbit/enabled_plugins" RABBITMQ_CONFIG_FILE="$W/rabbit/rabbitmq"
  RABBITMQ_ADVANCED_CONFIG_FILE="$W/rabbit/advanced.config" RABBITMQ_CONF_ENV_FILE="$W/rabbit/rabbitmq-env.conf")
touch "$W/rabbit/rabbitmq-env.conf"
echo 'loopback_users.guest = true' > "$W/rabbit/rabbitmq.conf"
start epmd epmd -address 127.0.0.1 -port "$EPMD_PORT"
start rabbitmq "${rabbit_env[@]}" /usr/lib/rabbitmq/bin/rabbitmq-server

wait_port "$DB_PORT" MariaDB 60
for ((i = 0; i < 100; i++)); do [[ -S "$W/mysql.sock" ]] && break; sleep 0.2; done
mariadb --no-defaults -S "$W/mysql.sock" -uroot <<EOF || die "creating the databases failed"
CREATE USER IF NOT EXISTS 'os'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO 'os'@'127.0.0.1';
CREATE DATABASE IF NOT EXISTS keystone; CREATE DATABASE IF NOT EXISTS placement;
CREATE DATABASE IF NOT EXISTS nova_api; CREATE DATABASE IF NOT EXISTS nova; CREATE DATABASE IF NOT EXISTS nova_cell0;
CREATE DATABASE IF NOT EXISTS glance; CREATE DATABASE IF NOT EXISTS neutron;
FLUSH PRIVILEGES;
EOF
log "MariaDB on 127.0.0.1:$DB_PORT"

# --- configuration ---------------------------------------------------------------------------------
mkdir -p "$W/etc/keystone" "$W/etc/placement" "$W/etc/nova" "$W/etc/glance" "$W/etc/neutron"
cat > "$W/etc/keystone/keystone.conf" <<EOF
[DEFAULT]
log_file = $W/log/keystone-app.log
[database]
connection = $DB/keystone
[token]
provider = fernet
expiration = 3600
[fernet_tokens]
key_repository = $W/keystone/fernet-keys
[fernet_receipts]
key_repository = $W/keystone/fernet-keys
[credential]
key_repository = $W/keystone/credential-keys
EOF

cat > "$W/etc/placement/placement.conf" <<EOF
[DEFAULT]
log_file = $W/log/placement-app.log
[api]
auth_strategy = keystone
[placement_database]
connection = $DB/placement
$(authtoken placement)
EOF

device_specs=$($PY "$here/nfvmano_fake_compute.py" --print-device-specs 2>/dev/null)
cat > "$W/etc/nova/nova.conf" <<EOF
[DEFAULT]
transport_url = $MQ
my_ip = 127.0.0.1
host = $HOST
state_path = $W/nova
instances_path = $W/nova/instances
log_dir = $W/log
enabled_apis = osapi_compute
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = $NOVA_PORT
osapi_compute_workers = 1
compute_driver = nfvmano_fake.NfvManoFakeDriver
reserved_host_memory_mb = 0
reserved_host_disk_mb = 0
vif_plugging_is_fatal = false
vif_plugging_timeout = 0
[api]
auth_strategy = keystone
[api_database]
connection = $DB/nova_api
[database]
connection = $DB/nova
[conductor]
workers = 1
[scheduler]
discover_hosts_in_cells_interval = 2
workers = 1
[filter_scheduler]
enabled_filters = ComputeFilter,ComputeCapabilitiesFilter,ImagePropertiesFilter,ServerGroupAntiAffinityFilter,ServerGroupAffinityFilter,DifferentHostFilter,SameHostFilter,AvailabilityZoneFilter,NUMATopologyFilter,PciPassthroughFilter
[compute]
cpu_shared_set = 0-1,16-17
cpu_dedicated_set = 2-15,18-31
[pci]
$device_specs
[oslo_concurrency]
lock_path = $W/nova/lock
[glance]
region_name = RegionOne
[cinder]
os_region_name = RegionOne
$(authtoken nova)
$(service_auth placement nova)
$(service_auth neutron neutron)
EOF

cat > "$W/etc/nova/compute-2.conf" <<EOF
[DEFAULT]
host = $HOST2
state_path = $W/nova2
instances_path = $W/nova2/instances
EOF

cat > "$W/etc/glance/glance-api.conf" <<EOF
[DEFAULT]
bind_host = 127.0.0.1
bind_port = $GLANCE_PORT
workers = 1
log_file = $W/log/glance-app.log
enabled_backends = file:file
[database]
connection = $DB/glance
[paste_deploy]
flavor = keystone
config_file = /etc/glance/glance-api-paste.ini
[glance_store]
default_backend = file
[file]
filesystem_store_datadir = $W/glance/images/
[os_glance_staging_store]
filesystem_store_datadir = $W/glance/staging/
[os_glance_tasks_store]
filesystem_store_datadir = $W/glance/tasks/
[oslo_concurrency]
lock_path = $W/glance
$(authtoken glance)
EOF

cat > "$W/etc/neutron/neutron.conf" <<EOF
[DEFAULT]
core_plugin = ml2
# networking-sfc: port pairs, groups, flow classifiers and chains for VNFFGs.
service_plugins = flow_classifier,sfc
auth_strategy = keystone
transport_url = $MQ
bind_host = 127.0.0.1
bind_port = $NEUTRON_PORT
api_workers = 1
rpc_workers = 1
rpc_state_report_workers = 1
state_path = $W/neutron
log_file = $W/log/neutron-app.log
api_paste_config = /etc/neutron/api-paste.ini
allow_overlapping_ips = true
notify_nova_on_port_status_changes = false
notify_nova_on_port_data_changes = false
# One registration keeps the (process-less) agents alive; larger values overflow an eventlet timer.
agent_down_time = 3000000
dhcp_agents_per_network = 1
[database]
connection = $DB/neutron
[oslo_concurrency]
lock_path = $W/neutron/lock
[agent]
report_interval = 30
[sfc]
drivers = ovs
[flowclassifier]
drivers = ovs
$(authtoken neutron)
$(service_auth nova nova)
EOF
cat > "$W/etc/neutron/ml2_conf.ini" <<EOF
[ml2]
type_drivers = flat,vlan,vxlan
tenant_network_types = vxlan
mechanism_drivers = openvswitch,sriovnicswitch
extension_drivers = port_security
[ml2_type_flat]
flat_networks = *
[ml2_type_vlan]
network_vlan_ranges = physnet-data1:100:199,physnet-data2:200:299
[ml2_type_vxlan]
vni_ranges = 1000:1999
[securitygroup]
enable_security_group = true
firewall_driver = noop
EOF

# --- schemas (in parallel) -------------------------------------------------------------------------
log "syncing database schemas"
(
  keystone-manage --config-file "$W/etc/keystone/keystone.conf" fernet_setup --keystone-user root --keystone-group root
  keystone-manage --config-file "$W/etc/keystone/keystone.conf" credential_setup --keystone-user root --keystone-group root
  keystone-manage --config-file "$W/etc/keystone/keystone.conf" db_sync
) >"$W/log/sync-keystone.log" 2>&1 &
sync_keystone=$!
placement-manage --config-file "$W/etc/placement/placement.conf" db sync >"$W/log/sync-placement.log" 2>&1 &
sync_placement=$!
glance-manage --config-file "$W/etc/glance/glance-api.conf" db_sync >"$W/log/sync-glance.log" 2>&1 &
sync_glance=$!
neutron-db-manage --config-file "$W/etc/neutron/neutron.conf" --config-file "$W/etc/neutron/ml2_conf.ini" upgrade head \
  >"$W/log/sync-neutron.log" 2>&1 &
sync_neutron=$!
nova_conf=(--config-file "$W/etc/nova/nova.conf")
(
  nova-manage "${nova_conf[@]}" api_db sync
  nova-manage "${nova_conf[@]}" cell_v2 map_cell0 --database_connection "$DB/nova_cell0"
  nova-manage "${nova_conf[@]}" cell_v2 list_cells | grep -q ' cell1 ' \
    || nova-manage "${nova_conf[@]}" cell_v2 create_cell --name cell1
  nova-manage "${nova_conf[@]}" db sync
) >"$W/log/sync-nova.log" 2>&1 &
sync_nova=$!

wait $sync_keystone || die "Keystone schema sync failed (log: $W/log/sync-keystone.log)"
start keystone env OS_KEYSTONE_CONFIG_DIR="$W/etc/keystone" uwsgi --plugin python3 \
  --http-socket "127.0.0.1:$KEYSTONE_PORT" --wsgi-file /usr/bin/keystone-wsgi-public --master --processes 2 \
  --threads 2 --enable-threads --lazy-apps --die-on-term --buffer-size 65535 --add-header "Connection: close"
keystone-manage --config-file "$W/etc/keystone/keystone.conf" bootstrap --bootstrap-password "$ADMIN_PASSWORD" \
  --bootstrap-admin-url "$KS/v3/" --bootstrap-internal-url "$KS/v3/" --bootstrap-public-url "$KS/v3/" \
  --bootstrap-region-id RegionOne >"$W/log/keystone-bootstrap.log" 2>&1 || die "Keystone bootstrap failed"
wait_http "$KS/v3" Keystone 60
$PY "$here/catalog.py" "$KS/v3" "$ADMIN_PASSWORD" "$SERVICE_PASSWORD" "$TEST_PASSWORD" \
  "compute=http://127.0.0.1:$NOVA_PORT/v2.1" "placement=http://127.0.0.1:$PLACEMENT_PORT" \
  "image=http://127.0.0.1:$GLANCE_PORT" "network=http://127.0.0.1:$NEUTRON_PORT" >"$W/log/catalog.log" 2>&1 \
  || { tail -5 "$W/log/catalog.log" >&2; die "creating the Keystone catalog failed"; }
log "Keystone on $KS with the catalog"

wait $sync_placement || die "Placement schema sync failed (log: $W/log/sync-placement.log)"
start placement env OS_PLACEMENT_CONFIG_DIR="$W/etc/placement" uwsgi --plugin python3 \
  --http-socket "127.0.0.1:$PLACEMENT_PORT" --wsgi-file /usr/bin/placement-api --master --processes 1 \
  --threads 4 --enable-threads --lazy-apps --die-on-term --buffer-size 65535 --add-header "Connection: close"

wait $sync_glance || die "Glance schema sync failed (log: $W/log/sync-glance.log)"
start glance glance-api --config-file "$W/etc/glance/glance-api.conf"

wait_port "$RABBIT_PORT" RabbitMQ 90
log "RabbitMQ on 127.0.0.1:$RABBIT_PORT"
wait $sync_neutron || die "Neutron schema sync failed (log: $W/log/sync-neutron.log)"
start neutron neutron-server --config-file "$W/etc/neutron/neutron.conf" --config-file "$W/etc/neutron/ml2_conf.ini"

wait $sync_nova || die "Nova schema sync failed (log: $W/log/sync-nova.log)"
start nova-api nova-api "${nova_conf[@]}"
start nova-conductor nova-conductor "${nova_conf[@]}"
start nova-scheduler nova-scheduler "${nova_conf[@]}"

wait_port "$NEUTRON_PORT" Neutron 120
tunnel_ip=11
for h in "$HOST" "$HOST2"; do
  tunnel_ip=$((tunnel_ip + 1))
  for ((i = 0; i < 30; i++)); do
    if $PY "$here/register_agents.py" "$W/etc/neutron/neutron.conf" "$h" physnet-data1,physnet-data2 "127.0.0.$tunnel_ip" \
         >>"$W/log/register-agents.log" 2>&1; then break; fi
    sleep 1
  done
  ((i < 30)) || die "registering the Neutron agents failed (log: $W/log/register-agents.log)"
done
log "Neutron on 127.0.0.1:$NEUTRON_PORT with OVS and SR-IOV agents for $HOST and $HOST2"

wait_port "$NOVA_PORT" "Nova API" 120
start nova-compute env NFVMANO_FAKE_SMT=1 $PY "$here/nfvmano_fake_compute.py" "${nova_conf[@]}"
start nova-compute-2 env NFVMANO_FAKE_SMT=0 $PY "$here/nfvmano_fake_compute.py" "${nova_conf[@]}" \
  --config-file "$W/etc/nova/compute-2.conf"
wait_port "$GLANCE_PORT" Glance 60
wait_port "$PLACEMENT_PORT" Placement 60
for h in "$HOST" "$HOST2"; do
  $PY "$here/wait_ready.py" "$KS/v3" "$TEST_PASSWORD" "$h" 180 || die "the compute host $h did not come up (logs: $W/log)"
done
nova-manage "${nova_conf[@]}" cell_v2 discover_hosts >"$W/log/discover-hosts.log" 2>&1 || true
# The default quotas (50 GiB of RAM, 20 cores) are smaller than what the EPA tests ask of the fake hosts.
openstack --os-auth-url "$KS/v3" --os-username admin --os-password "$ADMIN_PASSWORD" --os-project-name admin \
  --os-user-domain-name Default --os-project-domain-name Default --os-region-name RegionOne \
  quota set --ram -1 --cores -1 --instances -1 nfvmano >"$W/log/quota.log" 2>&1 || die "setting the quotas failed (log: $W/log/quota.log)"

cat > "$W/openrc" <<EOF
export OS_AUTH_URL=$KS/v3 OS_USERNAME=nfvmano OS_PASSWORD=$TEST_PASSWORD OS_PROJECT_NAME=nfvmano
export OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default OS_REGION_NAME=RegionOne OS_IDENTITY_API_VERSION=3
EOF
touch "$W/state/ready"
log "OpenStack ready in $W"
print_env
