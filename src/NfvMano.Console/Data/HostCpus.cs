using NfvMano.Vim;

namespace NfvMano.Console.Data;

/// <summary>
/// Every CPU of every host cell as the VIM reports it, including those the placement inventory leaves out because
/// they are kept for the host itself. Discovered once per process, like the inventory.
/// </summary>
public sealed class HostCpus(IVimDriver vim)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyDictionary<(string Host, int Cell), IReadOnlyList<int>>? _cpus;

    /// <summary>The CPUs of one host cell, or empty when the VIM did not report it.</summary>
    public async Task<IReadOnlyList<int>> OfAsync(string host, int cell, CancellationToken cancellationToken)
    {
        if (_cpus is null)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                _cpus ??= (await vim.DiscoverAsync(cancellationToken))
                    .SelectMany(h => h.Cells.Select(c => (Key: (h.HostId, c.Id), Cpus: (IReadOnlyList<int>)[.. c.Cpus.Select(cpu => cpu.Id).Order()])))
                    .ToDictionary(x => x.Key, x => x.Cpus);
            }
            finally
            {
                _gate.Release();
            }
        }

        return _cpus.GetValueOrDefault((host, cell)) ?? [];
    }
}
