using Microsoft.Extensions.Options;
using NfvMano.Lifecycle.Realisation;
using NfvMano.Placement.Inventory;
using NfvMano.Vim;

namespace NfvMano.Lifecycle.VnfLcm;

/// <summary>
/// The placement inventory of the VIM's hosts: total capacity as discovered, minus what the operator keeps for the
/// host. Discovered once per process; what our guests hold is in the claim table, not here.
/// </summary>
public sealed class VimInventory(IVimDriver vim, IOptions<VnfLcmOptions> options)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<HostInventory>? _hosts;

    /// <summary>The inventory of every host.</summary>
    public async Task<IReadOnlyList<HostInventory>> HostsAsync(CancellationToken cancellationToken)
    {
        if (_hosts is { } hosts)
        {
            return hosts;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_hosts is null)
            {
                var o = options.Value;
                var topologies = await vim.DiscoverAsync(cancellationToken);
                _hosts = [.. topologies.Select(t => HostInventoryMapper.ToInventory(
                    t, HostCpuPartition.Typical(t, o.SharedCoresPerCell, o.ReservedMemoryMiBPerCell, o.HostCoresPerCell), o.Zone))];
            }
            return _hosts;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The inventory of one host.</summary>
    public async Task<HostInventory> HostAsync(string hostId, CancellationToken cancellationToken) =>
        (await HostsAsync(cancellationToken)).FirstOrDefault(h => h.Name == hostId)
        ?? throw new InvalidOperationException($"host {hostId} is not part of the VIM's inventory");
}
