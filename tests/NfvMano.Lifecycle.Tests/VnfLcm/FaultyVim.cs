using NfvMano.Vim;
using NfvMano.Vim.Events;
using NfvMano.Vim.Inventory;
using NfvMano.Vim.Networks;
using NfvMano.Vim.Reconciliation;
using NfvMano.Vim.Servers;
using NfvMano.Vim.Storage;

namespace NfvMano.Lifecycle.Tests.VnfLcm;

/// <summary>The real libvirt test-driver VIM, with server creation made to fail a given number of times.</summary>
internal sealed class FaultyVim(IVimDriver inner) : IVimDriver
{
    private int _createServerFailures;

    public int CreateServerCalls;

    /// <summary>The next <paramref name="count"/> server creations fail as a VIM outage would.</summary>
    public void FailNextServerCreations(int count) => Volatile.Write(ref _createServerFailures, count);

    /// <summary>When set, server creation waits for it (an operation caught mid-step).</summary>
    public TaskCompletionSource? HoldServerCreation { get; set; }

    /// <summary>Signalled when a server creation is being held.</summary>
    public TaskCompletionSource ServerCreationHeld { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<VimServer> CreateServerAsync(ServerSpec spec, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref CreateServerCalls);
        if (HoldServerCreation is { } hold)
        {
            ServerCreationHeld.TrySetResult();
            await hold.Task;
        }
        return Interlocked.Decrement(ref _createServerFailures) >= 0
            ? throw new VimException($"injected failure creating server {spec.Name}")
            : await inner.CreateServerAsync(spec, cancellationToken);
    }

    public Task<IReadOnlyList<HostTopology>> DiscoverAsync(CancellationToken cancellationToken) => inner.DiscoverAsync(cancellationToken);

    public Task<VimNetwork> CreateNetworkAsync(NetworkSpec spec, CancellationToken cancellationToken) => inner.CreateNetworkAsync(spec, cancellationToken);

    public Task DeleteNetworkAsync(VimResourceRef network, CancellationToken cancellationToken) => inner.DeleteNetworkAsync(network, cancellationToken);

    public Task<VimImage> CreateImageAsync(ImageSpec spec, CancellationToken cancellationToken) => inner.CreateImageAsync(spec, cancellationToken);

    public Task DeleteImageAsync(VimResourceRef image, CancellationToken cancellationToken) => inner.DeleteImageAsync(image, cancellationToken);

    public Task<VimVolume> CreateVolumeAsync(VolumeSpec spec, CancellationToken cancellationToken) => inner.CreateVolumeAsync(spec, cancellationToken);

    public Task DeleteVolumeAsync(VimResourceRef volume, CancellationToken cancellationToken) => inner.DeleteVolumeAsync(volume, cancellationToken);

    public Task AttachPortAsync(VimResourceRef server, VirtioPortSpec port, CancellationToken cancellationToken) => inner.AttachPortAsync(server, port, cancellationToken);

    public Task DetachPortAsync(VimResourceRef server, string macAddress, CancellationToken cancellationToken) => inner.DetachPortAsync(server, macAddress, cancellationToken);

    public Task StartServerAsync(VimResourceRef server, CancellationToken cancellationToken) => inner.StartServerAsync(server, cancellationToken);

    public Task<StopOutcome> StopServerAsync(VimResourceRef server, TimeSpan gracePeriod, CancellationToken cancellationToken) => inner.StopServerAsync(server, gracePeriod, cancellationToken);

    public Task RebootServerAsync(VimResourceRef server, CancellationToken cancellationToken) => inner.RebootServerAsync(server, cancellationToken);

    public Task DeleteServerAsync(VimResourceRef server, CancellationToken cancellationToken) => inner.DeleteServerAsync(server, cancellationToken);

    public Task<ServerState?> GetServerStateAsync(VimResourceRef server, CancellationToken cancellationToken) => inner.GetServerStateAsync(server, cancellationToken);

    public Task<OwnedResources> ListOwnedAsync(CancellationToken cancellationToken) => inner.ListOwnedAsync(cancellationToken);

    public IAsyncEnumerable<ServerEvent> WatchEventsAsync(CancellationToken cancellationToken) => inner.WatchEventsAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
