using System.Collections.Immutable;

namespace NfvMano.Placement.Inventory;

/// <summary>
/// SR-IOV virtual functions of one physical function attached to a NUMA cell.
/// </summary>
/// <param name="Physnet">The physical network the PF is wired to (Neutron's <c>physical_network</c>).</param>
/// <param name="Count">How many VFs the PF offers to guests.</param>
/// <param name="Identities">
/// Optional concrete identities of the VFs (PCI addresses such as <c>0000:18:02.1</c>) so a VIM
/// adapter can realise a claim; empty when the inventory only knows the count. When present it
/// holds exactly <paramref name="Count"/> entries.
/// </param>
public sealed record VfPool(string Physnet, int Count, ImmutableArray<string> Identities)
{
    /// <summary>A pool that only knows its count.</summary>
    public VfPool(string physnet, int count)
        : this(physnet, count, [])
    {
    }
}
