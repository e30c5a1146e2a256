"""nova-compute with NfvMano's fake virt driver.

Nova's stock fake driver reports no NUMA topology, no PCPU inventory and no PCI devices, so every EPA
request gets NoValidHost once NUMATopologyFilter and PciPassthroughFilter are on. This subclass
describes one host the way the libvirt driver would describe real hardware: two NUMA cells, each with
8 physical cores x 2 SMT threads, 2 MiB and 1 GiB page pools, and SR-IOV VFs on physnet-data1 and
physnet-data2 in both cells. Nova's real scheduler, resource tracker and Placement then do the NUMA
fitting, pinning, page accounting and VF claims; nothing runs a guest.

Nova loads drivers only as nova.virt.<name>, so the module registers itself there before
nova.cmd.compute.main() parses compute_driver = nfvmano_fake.NfvManoFakeDriver.

Usage: python3 nfvmano_fake_compute.py --config-file nova.conf [--config-file ...]
"""

import os
import sys

import nova.monkey_patch  # noqa: F401 -- eventlet must patch before anything else is imported
from nova.virt import fake

import nova.conf
from nova import objects
from oslo_serialization import jsonutils
import os_resource_classes as orc

CONF = nova.conf.CONF

CELLS = 2
CPUS_PER_CELL = 16
# NFVMANO_FAKE_SMT=0 describes a host without SMT: Nova (since Train) places hw:cpu_thread_policy=isolate
# only there, and hw:cpu_thread_policy=require only on a host with SMT, so the stack runs one of each.
THREADS_PER_CORE = 2 if os.environ.get('NFVMANO_FAKE_SMT', '1') == '1' else 1
CORES_PER_CELL = CPUS_PER_CELL // THREADS_PER_CORE
# The first core of each cell (both its threads) is for shared vCPUs; the rest are dedicated.
SHARED_CORES_PER_CELL = 2 // THREADS_PER_CORE
CELL_MEMORY_MIB = 32768
PAGES_2M_PER_CELL = 1024   # 2 GiB
PAGES_1G_PER_CELL = 16     # 16 GiB
VFS_PER_PF = 4
VENDOR_ID = '8086'
PRODUCT_ID = '154c'        # an Intel XL710 VF
# (physical network, PCI bus of the cell's PF, VF slot): one PF per physnet per cell.
PFS = [
    ('physnet-data1', {0: 0x81, 1: 0xc1}, 0x10),
    ('physnet-data2', {0: 0x81, 1: 0xc1}, 0x11),
]


def cell_cpus(cell):
    first = cell * CPUS_PER_CELL
    return list(range(first, first + CPUS_PER_CELL))


def sibling_groups(cell):
    cpus = cell_cpus(cell)
    return [set(cpus[i:i + THREADS_PER_CORE]) for i in range(0, len(cpus), THREADS_PER_CORE)]


def shared_cpus(cell):
    return set(cell_cpus(cell)[:SHARED_CORES_PER_CELL * THREADS_PER_CORE])


def dedicated_cpus(cell):
    return set(cell_cpus(cell)) - shared_cpus(cell)


def pci_devices():
    devices = []
    for physnet, buses, slot in PFS:
        for cell, bus in buses.items():
            pf = '0000:%02x:00.%d' % (bus, slot - 0x10)
            devices.append({
                'address': pf, 'product_id': '1583', 'vendor_id': VENDOR_ID,
                'status': 'available', 'dev_type': 'type-PF', 'parent_addr': None,
                'numa_node': cell, 'label': 'label_%s_1583' % VENDOR_ID,
            })
            for fn in range(VFS_PER_PF):
                devices.append({
                    'address': '0000:%02x:%02x.%d' % (bus, slot, fn),
                    'product_id': PRODUCT_ID, 'vendor_id': VENDOR_ID,
                    'status': 'available', 'dev_type': 'type-VF', 'parent_addr': pf,
                    'numa_node': cell, 'label': 'label_%s_%s' % (VENDOR_ID, PRODUCT_ID),
                    'parent_ifname': 'ens%d%s' % (cell + 1, 'f%d' % (slot - 0x10)),
                })
    return devices


def device_specs():
    """The [pci] device_spec lines matching the VFs above, tagged with their physical network."""
    specs = []
    for physnet, buses, slot in PFS:
        for bus in buses.values():
            specs.append(jsonutils.dumps({'address': '0000:%02x:%02x.*' % (bus, slot),
                                          'physical_network': physnet}))
    return specs


class NfvManoFakeDriver(fake.FakeDriver):
    capabilities = dict(fake.FakeDriver.capabilities, supports_pcpus=True)

    vcpus = CELLS * CPUS_PER_CELL
    memory_mb = CELLS * CELL_MEMORY_MIB
    local_gb = 1000

    def _numa_topology(self):
        cells = []
        for cell in range(CELLS):
            small_kb = (CELL_MEMORY_MIB - PAGES_2M_PER_CELL * 2 - PAGES_1G_PER_CELL * 1024) * 1024
            cells.append(objects.NUMACell(
                id=cell,
                socket=cell,
                cpuset=shared_cpus(cell),
                pcpuset=dedicated_cpus(cell),
                memory=CELL_MEMORY_MIB,
                cpu_usage=0,
                memory_usage=0,
                pinned_cpus=set(),
                siblings=sibling_groups(cell),
                mempages=[
                    objects.NUMAPagesTopology(size_kb=4, total=small_kb // 4, used=0, reserved=0),
                    objects.NUMAPagesTopology(size_kb=2048, total=PAGES_2M_PER_CELL, used=0, reserved=0),
                    objects.NUMAPagesTopology(size_kb=1048576, total=PAGES_1G_PER_CELL, used=0, reserved=0),
                ],
                network_metadata=objects.NetworkMetadata(physnets=set(), tunneled=False)))
        return objects.NUMATopology(cells=cells)

    def get_available_resource(self, nodename):
        status = super().get_available_resource(nodename)
        if not status:
            return status
        status['numa_topology'] = self._numa_topology()._to_json()
        status['pci_passthrough_devices'] = jsonutils.dumps(pci_devices())
        status['cpu_info'] = jsonutils.dumps({
            'arch': 'x86_64', 'model': 'Skylake-Server', 'vendor': 'Intel', 'features': [],
            'topology': {'sockets': CELLS, 'cores': CORES_PER_CELL, 'threads': THREADS_PER_CORE},
        })
        return status

    def update_provider_tree(self, provider_tree, nodename, allocations=None):
        super().update_provider_tree(provider_tree, nodename, allocations)
        inventory = provider_tree.data(nodename).inventory
        shared = sum(len(shared_cpus(c)) for c in range(CELLS))
        dedicated = sum(len(dedicated_cpus(c)) for c in range(CELLS))
        inventory[orc.VCPU] = dict(inventory[orc.VCPU], total=shared, max_unit=shared, reserved=0)
        inventory[orc.PCPU] = {
            'total': dedicated, 'min_unit': 1, 'max_unit': dedicated, 'step_size': 1,
            'allocation_ratio': 1.0, 'reserved': 0,
        }
        inventory[orc.MEMORY_MB] = dict(inventory[orc.MEMORY_MB], reserved=0)
        provider_tree.update_inventory(nodename, inventory)
        # As the libvirt driver does: the scheduler keeps 'isolate' guests off hosts with this trait.
        traits = set(provider_tree.data(nodename).traits)
        if THREADS_PER_CORE > 1:
            traits.add('HW_CPU_HYPERTHREADING')
        else:
            traits.discard('HW_CPU_HYPERTHREADING')
        provider_tree.update_traits(nodename, traits)


if __name__ == '__main__':
    if len(sys.argv) > 1 and sys.argv[1] == '--print-device-specs':
        print('\n'.join('device_spec = ' + s for s in device_specs()))
        sys.exit(0)
    this = sys.modules[__name__]
    sys.modules['nova.virt.nfvmano_fake'] = this
    import nova.virt
    nova.virt.nfvmano_fake = this
    from nova.cmd import compute
    sys.exit(compute.main())
