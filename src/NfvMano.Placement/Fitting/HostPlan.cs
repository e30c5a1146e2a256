namespace NfvMano.Placement.Fitting;

/// <summary>A fit found on one host by counts: which cell and page pool each guest node takes, and where the VFs come from.</summary>
internal sealed class HostPlan
{
    public HostPlan(int nodes, int physnets)
    {
        CellIndex = new int[nodes];
        PageIndex = new int[nodes];
        VfFrom = new List<(int Cell, int Count)>[physnets];
        for (var i = 0; i < physnets; i++)
        {
            VfFrom[i] = [];
        }
    }

    /// <summary>Index into the host's cells per guest node.</summary>
    public int[] CellIndex { get; }

    /// <summary>Huge page pool index per guest node; -1 for small pages.</summary>
    public int[] PageIndex { get; }

    /// <summary>Per requested physnet: cell index and VF count.</summary>
    public List<(int Cell, int Count)>[] VfFrom { get; }

    public double Cost { get; set; }

    public long Version { get; set; }
}
