namespace NfvMano.Vim.Reconciliation;

/// <summary>Compares what a VIM holds with what is expected and optionally removes orphans.</summary>
public static class VimReconciler
{
    /// <summary>
    /// Lists what <paramref name="driver"/> owns, compares it with <paramref name="expected"/> and, when
    /// <paramref name="removeOrphans"/> is set, deletes orphans: servers first (they use the rest),
    /// then volumes, images and networks. A failed removal is reported, not thrown, so one stuck
    /// resource does not stop the others.
    /// </summary>
    public static async Task<ReconciliationReport> ReconcileAsync(
        IVimDriver driver, ExpectedResources expected, bool removeOrphans, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentNullException.ThrowIfNull(expected);
        var owned = await driver.ListOwnedAsync(cancellationToken).ConfigureAwait(false);

        var servers = owned.Servers.Select(s => s.Ref).ToList();
        var networks = owned.Networks.Select(n => n.Ref).ToList();
        var volumes = owned.Volumes.Select(v => v.Ref).ToList();
        var images = owned.Images.Select(i => i.Ref).ToList();

        var orphanServers = servers.Where(r => !expected.Servers.Contains(r)).ToList();
        var orphanNetworks = networks.Where(r => !expected.Networks.Contains(r)).ToList();
        var orphanVolumes = volumes.Where(r => !expected.Volumes.Contains(r)).ToList();
        var orphanImages = images.Where(r => !expected.Images.Contains(r)).ToList();
        var missing = expected.Servers.Except(servers)
            .Concat(expected.Networks.Except(networks))
            .Concat(expected.Volumes.Except(volumes))
            .Concat(expected.Images.Except(images))
            .ToList();

        var removed = new List<VimResourceRef>();
        var failures = new List<string>();
        if (removeOrphans)
        {
            await RemoveAllAsync(orphanServers, "server", driver.DeleteServerAsync).ConfigureAwait(false);
            await RemoveAllAsync(orphanVolumes, "volume", driver.DeleteVolumeAsync).ConfigureAwait(false);
            await RemoveAllAsync(orphanImages, "image", driver.DeleteImageAsync).ConfigureAwait(false);
            await RemoveAllAsync(orphanNetworks, "network", driver.DeleteNetworkAsync).ConfigureAwait(false);
        }

        return new ReconciliationReport(orphanServers, orphanNetworks, orphanVolumes, orphanImages, missing, removed, failures);

        async Task RemoveAllAsync(List<VimResourceRef> refs, string kind, Func<VimResourceRef, CancellationToken, Task> delete)
        {
            foreach (var r in refs)
            {
                try
                {
                    await delete(r, cancellationToken).ConfigureAwait(false);
                    removed.Add(r);
                }
                catch (VimException ex)
                {
                    failures.Add($"removing orphan {kind} {r} failed: {ex.Message}");
                }
            }
        }
    }
}
