"""Creates the service project, service users, catalog and NfvMano's test project and user in Keystone.

Idempotent: what exists is kept. Usage:
  python3 catalog.py AUTH_URL ADMIN_PASSWORD SERVICE_PASSWORD TEST_PASSWORD name=url ...
where each name=url is a service (compute, placement, image, network) and its endpoint URL.
"""

import sys

from keystoneauth1 import session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client

TYPES = {'compute': 'nova', 'placement': 'placement', 'image': 'glance', 'network': 'neutron'}
REGION = 'RegionOne'


def first(items):
    return items[0] if items else None


def main(auth_url, admin_password, service_password, test_password, endpoints):
    auth = v3.Password(auth_url=auth_url, username='admin', password=admin_password, project_name='admin',
                       user_domain_id='default', project_domain_id='default')
    ks = client.Client(session=session.Session(auth=auth))
    domain = ks.domains.get('default')
    admin_role = first(ks.roles.list(name='admin'))
    member_role = first(ks.roles.list(name='member')) or ks.roles.create('member')

    def project(name):
        return first(ks.projects.list(name=name, domain=domain)) or ks.projects.create(name, domain)

    def user(name, password, proj, roles):
        u = first(ks.users.list(name=name, domain=domain))
        if u is None:
            u = ks.users.create(name, domain=domain, password=password, default_project=proj)
        else:
            ks.users.update(u, password=password)
        for role in roles:
            ks.roles.grant(role, user=u, project=proj)
        return u

    service_project = project('service')
    for kind, url in endpoints.items():
        name = TYPES[kind]
        user(name, service_password, service_project, [admin_role])
        svc = first(ks.services.list(type=kind)) or ks.services.create(name, type=kind)
        existing = {e.interface: e for e in ks.endpoints.list(service=svc, region=REGION)}
        for interface in ('public', 'internal', 'admin'):
            if interface in existing:
                if existing[interface].url != url:
                    ks.endpoints.update(existing[interface], url=url)
            else:
                ks.endpoints.create(svc, url, interface=interface, region=REGION)

    test_project = project('nfvmano')
    # Admin on its own project: flavors, provider networks and the topology API are admin-only by default.
    user('nfvmano', test_password, test_project, [admin_role, member_role])


if __name__ == '__main__':
    urls = dict(arg.split('=', 1) for arg in sys.argv[5:])
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], urls)
