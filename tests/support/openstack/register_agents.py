"""Registers a Neutron Open vSwitch agent and an SR-IOV NIC agent for a host, once, over RPC.

No agent process runs (there is no data plane here), but ML2's real mechanism drivers bind ports only
for hosts with a live agent of their kind. With agent_down_time set high, one report keeps them alive.

It also announces the host's VXLAN endpoint (tunnel_sync), as the OVS agent does at start: networking-sfc
locates a port's host by it. The address is only a name here; nothing is sent to it.

Usage: python3 register_agents.py NEUTRON_CONF HOST PHYSNET[,PHYSNET...] TUNNEL_IP
"""

import sys

from neutron_lib.agent import topics
from neutron_lib import context
from neutron_lib import rpc as n_rpc
from oslo_config import cfg
import oslo_messaging

from neutron.agent import rpc as agent_rpc
from neutron.common import config as common_config  # noqa: F401 -- registers the options read below
from neutron.conf.agent import common as agent_conf


def main(conf_file, host, physnets, tunnel_ip):
    # neutron-server listens on the 'neutron' exchange, not oslo.messaging's default 'openstack'.
    oslo_messaging.set_transport_defaults(control_exchange='neutron')
    agent_conf.register_agent_state_opts_helper(cfg.CONF)
    cfg.CONF(['--config-file', conf_file], project='neutron')
    # A short reply timeout: up.sh retries until neutron-server's RPC workers consume.
    cfg.CONF.set_override('report_interval', 5, 'AGENT')
    n_rpc.init(cfg.CONF)
    api = agent_rpc.PluginReportStateAPI(topics.REPORTS)
    ctx = context.get_admin_context_without_session()
    bridges = {p: 'br-%s' % p.replace('physnet-', '')[:8] for p in physnets}
    agents = [
        {
            'binary': 'neutron-openvswitch-agent', 'host': host, 'topic': 'N/A',
            'agent_type': 'Open vSwitch agent', 'start_flag': True,
            'configurations': {
                'bridge_mappings': bridges, 'tunnel_types': ['vxlan'], 'tunneling_ip': tunnel_ip,
                'l2_population': False, 'ovs_hybrid_plug': False, 'datapath_type': 'system',
                'integration_bridge': 'br-int', 'extensions': [],
            },
        },
        {
            'binary': 'neutron-sriov-nic-agent', 'host': host, 'topic': 'N/A',
            'agent_type': 'NIC Switch agent', 'start_flag': True,
            'configurations': {
                'device_mappings': {p: ['ens-%d' % i] for i, p in enumerate(physnets)},
                'extensions': [],
            },
        },
    ]
    for agent in agents:
        api.report_state(ctx, agent, use_call=True)
        print('registered %s for %s' % (agent['agent_type'], host))
    agent_rpc.PluginApi(topics.PLUGIN).tunnel_sync(ctx, tunnel_ip, 'vxlan', host)
    print('announced VXLAN endpoint %s for %s' % (tunnel_ip, host))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], sys.argv[3].split(','), sys.argv[4])
