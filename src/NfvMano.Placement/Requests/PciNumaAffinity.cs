namespace NfvMano.Placement.Requests;

/// <summary>Where VFs may sit relative to the guest's cells (Nova's <c>hw:pci_numa_affinity_policy</c>).</summary>
public enum PciNumaAffinity
{
    /// <summary>VFs must be on one of the guest's host cells (every VF here reports a NUMA node).</summary>
    Legacy,

    /// <summary>VFs must be on one of the guest's host cells.</summary>
    Required,

    /// <summary>Local VFs first, remote ones allowed.</summary>
    Preferred,
}
