namespace NfvMano.Vim.OpenStack.Compute;

/// <summary>Where Nova actually put a server, read back from the topology API, Placement and Neutron.</summary>
/// <param name="ServerId">The Nova server id.</param>
/// <param name="Host">The compute host (admin-only attribute; null when hidden).</param>
/// <param name="PageSizeKiB">The backing page size of the guest memory, or null when Nova reports none.</param>
/// <param name="Nodes">Guest NUMA nodes with their host node and pinning; empty for a guest without NUMA topology.</param>
/// <param name="Allocations">Placement allocations of the server: resource class to amount, summed over providers.</param>
/// <param name="Ports">The ports with their binding.</param>
public sealed record ServerPlacement(
    string ServerId,
    string? Host,
    long? PageSizeKiB,
    IReadOnlyList<PlacedNumaNode> Nodes,
    IReadOnlyDictionary<string, long> Allocations,
    IReadOnlyList<PortBinding> Ports);

/// <summary>A guest NUMA node as placed.</summary>
/// <param name="HostNode">The host NUMA node.</param>
/// <param name="MemoryMiB">Its memory.</param>
/// <param name="VcpuToHostCpu">Pinned host CPU of each vCPU (empty for floating vCPUs).</param>
/// <param name="Siblings">The host CPU sibling sets it uses.</param>
public sealed record PlacedNumaNode(int HostNode, long MemoryMiB, IReadOnlyDictionary<int, int> VcpuToHostCpu, IReadOnlyList<IReadOnlyList<int>> Siblings);

/// <summary>A Neutron port's binding.</summary>
/// <param name="PortId">The port.</param>
/// <param name="VnicType"><c>normal</c>, <c>direct</c>, <c>direct-physical</c>.</param>
/// <param name="VifType">How it was bound (<c>ovs</c>, <c>hw_veb</c>, <c>hostdev_physical</c>, <c>unbound</c>, <c>binding_failed</c>).</param>
/// <param name="Host">The host it is bound on.</param>
/// <param name="PciSlot">The VF or PF handed to the guest, for SR-IOV ports.</param>
/// <param name="PhysicalNetwork">The physical network of the device, for SR-IOV ports.</param>
public sealed record PortBinding(string PortId, string VnicType, string VifType, string? Host, string? PciSlot, string? PhysicalNetwork);
