namespace NfvMano.Vim.Reconciliation;

/// <summary>The difference between the VIM and the database, and what was done about it.</summary>
/// <param name="OrphanServers">Ours in the VIM, unknown to the database.</param>
/// <param name="OrphanNetworks">Ours in the VIM, unknown to the database.</param>
/// <param name="OrphanVolumes">Ours in the VIM, unknown to the database.</param>
/// <param name="OrphanImages">Ours in the VIM, unknown to the database.</param>
/// <param name="Missing">Expected by the database, absent from the VIM.</param>
/// <param name="Removed">Orphans that were removed.</param>
/// <param name="Failures">Orphans whose removal failed, with the reason.</param>
public sealed record ReconciliationReport(
    IReadOnlyList<VimResourceRef> OrphanServers,
    IReadOnlyList<VimResourceRef> OrphanNetworks,
    IReadOnlyList<VimResourceRef> OrphanVolumes,
    IReadOnlyList<VimResourceRef> OrphanImages,
    IReadOnlyList<VimResourceRef> Missing,
    IReadOnlyList<VimResourceRef> Removed,
    IReadOnlyList<string> Failures)
{
    /// <summary>Whether the VIM matched the database.</summary>
    public bool InSync => OrphanServers.Count + OrphanNetworks.Count + OrphanVolumes.Count + OrphanImages.Count + Missing.Count == 0;
}
