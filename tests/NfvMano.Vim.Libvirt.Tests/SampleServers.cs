using NfvMano.Vim.Servers;

namespace NfvMano.Vim.Libvirt.Tests;

/// <summary>
/// Placement decisions for the sample VNFCs on the 2-socket Xeon fixture (CPUs n and n+28 are SMT
/// siblings; 0-13,28-41 on cell 0, 14-27,42-55 on cell 1; PF 0000:3b on cell 0, 0000:af on cell 1).
/// </summary>
internal static class SampleServers
{
    internal const string Host = "compute-0";

    /// <summary>vRouter data plane: 8 dedicated vCPUs on whole cores, 2 guest cells over both host cells, 1 GiB pages, a VF per cell + virtio management.</summary>
    internal static ServerSpec VRouter(string host = Host) => new()
    {
        HostId = host,
        Name = "vrouter-dp-0",
        Owner = new ServerOwner("6f1c2a8e-0c1d-4f59-9d7e-2b8b3c4d5e6f", "vdu-dataplane-0"),
        VcpuCount = 8,
        MemoryMiB = 8192,
        Pinning = new CpuPinning([2, 30, 3, 31, 16, 44, 17, 45], [0, 28]),
        GuestCells =
        [
            new GuestNumaCell(0, [0, 1, 2, 3], 4096, HostCell: 0),
            new GuestNumaCell(1, [4, 5, 6, 7], 4096, HostCell: 1),
        ],
        PageSizeKiB = 1048576,
        SriovPorts =
        [
            new SriovPortSpec("0000:3b:02.0", VlanId: 100, PhysicalNetwork: "physnet-a", MacAddress: "fa:16:3e:00:01:01"),
            new SriovPortSpec("0000:af:02.0", VlanId: 200, PhysicalNetwork: "physnet-b", MacAddress: "fa:16:3e:00:01:02"),
        ],
        VirtioPorts = [new VirtioPortSpec("mgmt", "fa:16:3e:00:01:03")],
        Disks = [new DiskSpec("vrouter-dp-0-root")],
        ConsoleLogPath = "/var/log/nfvmano/console/vrouter-dp-0.log",
    };

    /// <summary>Firewall: 4 dedicated vCPUs and 2 MiB pages on host cell 1, SR-IOV in and out on that cell's NIC.</summary>
    internal static ServerSpec Firewall(string host = Host) => new()
    {
        HostId = host,
        Name = "fw-0",
        Owner = new ServerOwner("0b7c9d1e-2f3a-4b5c-8d6e-7f8091a2b3c4", "vdu-fw-0"),
        VcpuCount = 4,
        MemoryMiB = 4096,
        Pinning = new CpuPinning([18, 46, 19, 47], [20, 48]),
        GuestCells = [new GuestNumaCell(0, [0, 1, 2, 3], 4096, HostCell: 1)],
        PageSizeKiB = 2048,
        SriovPorts =
        [
            new SriovPortSpec("0000:af:02.1", VlanId: 300, PhysicalNetwork: "physnet-b"),
            new SriovPortSpec("0000:af:02.2", VlanId: 301, PhysicalNetwork: "physnet-b"),
        ],
        VirtioPorts = [new VirtioPortSpec("mgmt")],
        Disks = [new DiskSpec("fw-0-root")],
    };

    /// <summary>Storage node: shared CPUs floating over part of cell 0, normal pages, a root disk and a data volume that outlives it.</summary>
    internal static ServerSpec Storage(string host = Host) => new()
    {
        HostId = host,
        Name = "storage-0",
        Owner = new ServerOwner("9a8b7c6d-5e4f-4321-8765-0fedcba98765", "vdu-storage-0"),
        VcpuCount = 4,
        MemoryMiB = 16384,
        SharedCpuSet = [8, 9, 10, 11, 12, 13, 36, 37, 38, 39, 40, 41],
        VirtioPorts = [new VirtioPortSpec("storage-net"), new VirtioPortSpec("mgmt")],
        Disks = [new DiskSpec("storage-0-root"), new DiskSpec("storage-0-data", DeleteWithServer: false)],
    };
}
