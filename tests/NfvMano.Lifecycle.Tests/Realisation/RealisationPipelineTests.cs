using NfvMano.Descriptors.Csar;
using NfvMano.Descriptors.Vnfd;
using NfvMano.Lifecycle.Realisation;
using NfvMano.Placement;
using NfvMano.Placement.Inventory;
using NfvMano.Testing;
using NfvMano.Vim.Inventory;
using NfvMano.Vim.Servers;

namespace NfvMano.Lifecycle.Tests.Realisation;

/// <summary>
/// The sample vRouter's descriptor, through placement, to the exact server the VIM must create:
/// the path every VNFC takes from a package to a domain.
/// </summary>
public sealed class RealisationPipelineTests
{
    // Two sockets, 16 cores × 2 threads each (siblings n and n+32), 16 × 1 GiB and 1024 × 2 MiB pages
    // per cell, physnet-data1 VFs on cell 0, physnet-data2 VFs on cell 1.
    private static HostTopology Server()
    {
        NumaCell Cell(int id) => new(
            id,
            192L * 1024 * 1024,
            [.. Enumerable.Range(id * 16, 16).SelectMany(core => new[] { core, core + 32 })
                .Select(cpu => new HostCpu(cpu, id, cpu % 32, [cpu % 32, cpu % 32 + 32]))],
            [new PagePool(4, 0, 0), new PagePool(2048, 1024, 1024), new PagePool(1048576, 16, 16)]);
        SriovPhysicalFunction Pf(int cell, string physnet) => new(
            $"0000:{0x3b + cell * 0x40:x2}:00.0", $"ens{cell}f0", cell, physnet,
            [.. Enumerable.Range(1, 8).Select(f => new SriovVirtualFunction($"0000:{0x3b + cell * 0x40:x2}:{f / 8:x2}.{f % 8}", cell, $"0000:{0x3b + cell * 0x40:x2}:00.0"))]);
        return new HostTopology("compute-1", "compute-1.lab", [Cell(0), Cell(1)], [Pf(0, "physnet-data1"), Pf(1, "physnet-data2")]);
    }

    private static VnfDescriptor SampleVnfd(string name)
    {
        using var zip = new MemoryStream(Samples.Zip(name));
        var result = CsarReader.Read(zip);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        return result.Vnfd!;
    }

    [Fact]
    public void VRouterDataPlane_IsPlacedAndRealisedWithPinnedCpusOneGigPagesAndLocalVfs()
    {
        var topology = Server();
        var partition = HostCpuPartition.Typical(topology, sharedCoresPerCell: 2, reservedMemoryMiBPerCell: 4096);
        var inventory = HostInventoryMapper.ToInventory(topology, partition, "az1");
        var engine = new PlacementEngine([inventory]);
        var vdu = SampleVnfd("vrouter").Flavours[0].Vdus.Single(v => v.Id == "dataplane");

        var (request, problems) = PlacementRequestMapper.FromVdu("vnfc-1", vdu.Id, vdu.Requirements);
        Assert.Empty(problems);
        var decision = engine.Place(request!);
        Assert.True(decision.Accepted, decision.Reason);
        var spec = ServerSpecBuilder.Build(decision.Assignment!, inventory, vdu.Requirements, "vrouter-dp-0",
            new ServerOwner("vnf-1", "vnfc-1"),
            [.. vdu.Requirements.SriovPorts.Select(p => (p.PhysicalNetwork!, (int?)100))], [new VirtioPortSpec("mgmt")], []);

        Assert.Equal("compute-1", spec.HostId);
        Assert.Equal(1048576, spec.PageSizeKiB);
        Assert.Equal(2, spec.GuestCells.Count);
        Assert.NotNull(spec.Pinning);
        var pinned = spec.Pinning!.VcpuToHostCpu;
        Assert.Equal(8, pinned.Distinct().Count());
        Assert.DoesNotContain(pinned, partition.HostCpus.Contains);
        Assert.DoesNotContain(pinned, partition.SharedCpus.Contains);
        foreach (var cell in spec.GuestCells)
        {
            var hostCell = topology.Cells.Single(c => c.Id == cell.HostCell);
            Assert.All(cell.Vcpus, v => Assert.Contains(pinned[v], hostCell.Cpus.Select(c => c.Id)));
        }
        // isolate: no two vCPUs on sibling threads of one core
        Assert.Equal(8, pinned.Select(cpu => cpu % 32).Distinct().Count());
        Assert.Equal(2, spec.SriovPorts.Count);
        var cellsUsed = spec.GuestCells.Select(c => c.HostCell).ToHashSet();
        foreach (var port in spec.SriovPorts)
        {
            var vf = topology.SriovPhysicalFunctions.SelectMany(pf => pf.VirtualFunctions.Select(v => (pf.PhysicalNetwork, v))).Single(x => x.v.PciAddress == port.PciAddress);
            Assert.Equal(port.PhysicalNetwork, vf.PhysicalNetwork);
            Assert.Contains(vf.v.NumaNode, cellsUsed);
            Assert.Equal(100, port.VlanId);
        }
    }

    [Fact]
    public void VRouterControl_FloatsOnTheSharedPoolOfItsCell()
    {
        var topology = Server();
        var partition = HostCpuPartition.Typical(topology, sharedCoresPerCell: 2, reservedMemoryMiBPerCell: 4096);
        var inventory = HostInventoryMapper.ToInventory(topology, partition, "az1");
        var vdu = SampleVnfd("vrouter").Flavours[0].Vdus.Single(v => v.Id == "control");

        var (request, problems) = PlacementRequestMapper.FromVdu("vnfc-2", vdu.Id, vdu.Requirements);
        var decision = new PlacementEngine([inventory]).Place(request!);
        var spec = ServerSpecBuilder.Build(decision.Assignment!, inventory, vdu.Requirements, "vrouter-ctl-0",
            new ServerOwner("vnf-1", "vnfc-2"), [], [new VirtioPortSpec("mgmt")], []);

        Assert.Empty(problems);
        Assert.Null(spec.Pinning);
        Assert.Null(spec.PageSizeKiB);
        var hostCell = Assert.Single(spec.GuestCells).HostCell;
        Assert.NotEmpty(spec.SharedCpuSet);
        Assert.All(spec.SharedCpuSet, cpu => Assert.Contains(cpu, partition.SharedCpus));
        Assert.All(spec.SharedCpuSet, cpu => Assert.Contains(cpu, topology.Cells.Single(c => c.Id == hostCell).Cpus.Select(c => c.Id)));
    }

    [Fact]
    public void Inventory_CountsTotalsAndLeavesHostCpusAndReservedMemoryOut()
    {
        var topology = Server();
        var partition = HostCpuPartition.Typical(topology, sharedCoresPerCell: 2, reservedMemoryMiBPerCell: 4096);

        var inventory = HostInventoryMapper.ToInventory(topology, partition, "az2");

        Assert.Equal("az2", inventory.Zone);
        var cell0 = inventory.Cells[0];
        Assert.Equal([0, 32], partition.HostCpus.Where(c => c < 16 || (c >= 32 && c < 48)).Order());
        Assert.Equal(26, cell0.PinnableCpus.Length);
        Assert.Equal(4, cell0.SharedCpus.Length);
        Assert.Equal(16, cell0.HugePages[1048576]);
        Assert.Equal(1024, cell0.HugePages[2048]);
        Assert.Equal(192L * 1024 - 16 * 1024 - 2048 - 4096, cell0.SmallPageMemoryMiB);
        var vfs = Assert.Single(cell0.SrIov);
        Assert.Equal(("physnet-data1", 8), (vfs.Physnet, vfs.Count));
        Assert.Equal(8, vfs.Identities.Length);
    }

    [Fact]
    public void MixedCpuPolicy_IsRejectedWithTheVduNamed()
    {
        var requirements = new Descriptors.Epa.VduRequirements(
            Descriptors.Epa.CpuPolicy.Mixed, Descriptors.Epa.ThreadPolicy.Unspecified, 4, 4096, [], null,
            Descriptors.Epa.PciNumaAffinity.Unspecified,
            [new Descriptors.Epa.SriovPort("cp1", "direct", null, null)]);

        var (request, problems) = PlacementRequestMapper.FromVdu("r", "VDU9", requirements);

        Assert.Null(request);
        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.StartsWith("VDU VDU9:", p, StringComparison.Ordinal));
    }
}
