"""Waits until the fake compute host is usable: its resource provider has PCPU inventory and Nova lists it up.

Usage: python3 wait_ready.py AUTH_URL PASSWORD HOST TIMEOUT_SECONDS  (user and project: nfvmano)
"""

import sys
import time

from keystoneauth1 import session
from keystoneauth1.identity import v3


def main(auth_url, password, host, timeout):
    auth = v3.Password(auth_url=auth_url, username='nfvmano', password=password, project_name='nfvmano',
                       user_domain_id='default', project_domain_id='default')
    s = session.Session(auth=auth)
    deadline = time.monotonic() + timeout
    last = 'nothing answered yet'
    while time.monotonic() < deadline:
        try:
            rps = s.get('/resource_providers', endpoint_filter={'service_type': 'placement'},
                        params={'name': host}, raise_exc=False)
            if rps.status_code == 200 and rps.json()['resource_providers']:
                rp = rps.json()['resource_providers'][0]['uuid']
                inv = s.get('/resource_providers/%s/inventories' % rp,
                            endpoint_filter={'service_type': 'placement'}).json()['inventories']
                services = s.get('/os-services', endpoint_filter={'service_type': 'compute'},
                                 params={'binary': 'nova-compute'}, raise_exc=False)
                up = services.status_code == 200 and any(
                    x['host'] == host and x['state'] == 'up' for x in services.json()['services'])
                if 'PCPU' in inv and up:
                    print('compute host %s ready: %s' % (host, ', '.join(
                        '%s=%d' % (k, v['total']) for k, v in sorted(inv.items()))), file=sys.stderr)
                    return 0
                last = 'inventory %s, nova-compute up: %s' % (sorted(inv), up)
            else:
                last = 'no resource provider named %s (HTTP %d)' % (host, rps.status_code)
        except Exception as e:  # noqa: BLE001 -- services are still starting; report the last reason
            last = repr(e)
        time.sleep(1)
    print('compute host %s not ready after %ds: %s' % (host, timeout, last), file=sys.stderr)
    return 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))
