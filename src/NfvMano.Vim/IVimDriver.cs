using NfvMano.Vim.Events;
using NfvMano.Vim.Inventory;
using NfvMano.Vim.Networks;
using NfvMano.Vim.Reconciliation;
using NfvMano.Vim.Servers;
using NfvMano.Vim.Storage;

namespace NfvMano.Vim;

/// <summary>
/// One Virtualised Infrastructure Manager: a set of compute hosts reached through one technology.
/// The caller decides placement; a driver realises exactly what it is told and never re-schedules.
/// Every operation is idempotent: creating what exists with the same name returns it, deleting what
/// is gone succeeds.
/// </summary>
public interface IVimDriver : IAsyncDisposable
{
    /// <summary>Reads the topology and free resources of every host of this VIM.</summary>
    Task<IReadOnlyList<HostTopology>> DiscoverAsync(CancellationToken cancellationToken);

    /// <summary>Creates (or returns the existing) network for a virtual link on one host and starts it.</summary>
    Task<VimNetwork> CreateNetworkAsync(NetworkSpec spec, CancellationToken cancellationToken);

    /// <summary>Stops and removes a network; succeeds when it does not exist.</summary>
    Task DeleteNetworkAsync(VimResourceRef network, CancellationToken cancellationToken);

    /// <summary>Imports a software image from a file into the host's image store.</summary>
    Task<VimImage> CreateImageAsync(ImageSpec spec, CancellationToken cancellationToken);

    /// <summary>Removes an image; succeeds when it does not exist.</summary>
    Task DeleteImageAsync(VimResourceRef image, CancellationToken cancellationToken);

    /// <summary>Creates a volume, empty or as a copy-on-write overlay of an image.</summary>
    Task<VimVolume> CreateVolumeAsync(VolumeSpec spec, CancellationToken cancellationToken);

    /// <summary>Removes a volume; succeeds when it does not exist.</summary>
    Task DeleteVolumeAsync(VimResourceRef volume, CancellationToken cancellationToken);

    /// <summary>Defines a server exactly as placed in <paramref name="spec"/>; it is not started.</summary>
    Task<VimServer> CreateServerAsync(ServerSpec spec, CancellationToken cancellationToken);

    /// <summary>Hot-plugs a virtio port on a network into a server (live and persistent when running).</summary>
    Task AttachPortAsync(VimResourceRef server, VirtioPortSpec port, CancellationToken cancellationToken);

    /// <summary>Removes a virtio port (identified by its MAC address); succeeds when it is not attached.</summary>
    Task DetachPortAsync(VimResourceRef server, string macAddress, CancellationToken cancellationToken);

    /// <summary>Starts a server; succeeds when it is already running.</summary>
    Task StartServerAsync(VimResourceRef server, CancellationToken cancellationToken);

    /// <summary>
    /// Asks the guest to shut down and waits up to <paramref name="gracePeriod"/>; then powers it off.
    /// Succeeds when it is already stopped.
    /// </summary>
    Task<StopOutcome> StopServerAsync(VimResourceRef server, TimeSpan gracePeriod, CancellationToken cancellationToken);

    /// <summary>Reboots a running server.</summary>
    Task RebootServerAsync(VimResourceRef server, CancellationToken cancellationToken);

    /// <summary>Powers off (if needed) and removes a server and the volumes it owns; succeeds when it is gone.</summary>
    Task DeleteServerAsync(VimResourceRef server, CancellationToken cancellationToken);

    /// <summary>Reads the current power state of a server, or null when it does not exist.</summary>
    Task<ServerState?> GetServerStateAsync(VimResourceRef server, CancellationToken cancellationToken);

    /// <summary>Lists every resource this MANO owns on every host (for reconcilers).</summary>
    Task<OwnedResources> ListOwnedAsync(CancellationToken cancellationToken);

    /// <summary>Streams server lifecycle events from all hosts until cancelled.</summary>
    IAsyncEnumerable<ServerEvent> WatchEventsAsync(CancellationToken cancellationToken);
}
