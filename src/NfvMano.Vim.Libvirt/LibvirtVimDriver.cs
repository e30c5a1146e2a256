using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NfvMano.Vim.Events;
using NfvMano.Vim.Inventory;
using NfvMano.Vim.Networks;
using NfvMano.Vim.Reconciliation;
using NfvMano.Vim.Servers;
using NfvMano.Vim.Storage;

namespace NfvMano.Vim.Libvirt;

/// <summary>
/// The libvirt VIM: a set of hosts, each behind its own libvirt connection. libvirt has no scheduler,
/// so this driver realises exactly the placement it is given.
/// </summary>
public sealed partial class LibvirtVimDriver : IVimDriver
{
    private const int EventBufferPerWatcher = 1024;

    private readonly Dictionary<string, LibvirtHost> hosts;
    private readonly LibvirtVimOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<Channel<ServerEvent>, byte> watchers = new();

    /// <summary>Creates the driver from bound options (the DI path).</summary>
    public LibvirtVimDriver(IOptions<LibvirtVimOptions> options, TimeProvider time, ILogger<LibvirtVimDriver> logger)
        : this(options.Value, time, logger)
    {
    }

    /// <summary>Creates the driver; connections open on first use of each host.</summary>
    public LibvirtVimDriver(LibvirtVimOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.time = time ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
        var names = new LibvirtNames(options.NamePrefix);
        hosts = options.Hosts.ToDictionary(h => h.Id, h => new LibvirtHost(h, names, ManagerVersion, OnLifecycle), StringComparer.Ordinal);
    }

    /// <summary>The NfvMano version written into every domain we define.</summary>
    public static string ManagerVersion { get; } =
        typeof(LibvirtVimDriver).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>The host identifiers of this VIM.</summary>
    public IReadOnlyCollection<string> HostIds => hosts.Keys;

    /// <inheritdoc />
    public async Task<IReadOnlyList<HostTopology>> DiscoverAsync(CancellationToken cancellationToken)
    {
        var result = new List<HostTopology>();
        foreach (var host in hosts.Values)
        {
            result.Add(await OnHostAsync(host, h => h.Discover(), cancellationToken).ConfigureAwait(false));
        }

        return result;
    }

    /// <inheritdoc />
    public Task<VimNetwork> CreateNetworkAsync(NetworkSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return OnHostAsync(Host(spec.HostId), h => h.CreateNetwork(spec), cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteNetworkAsync(VimResourceRef network, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(network);
        return OnHostAsync(Host(network.HostId), h => h.DeleteNetwork(h.Names.Network(network.Name)), cancellationToken);
    }

    /// <inheritdoc />
    public Task<VimImage> CreateImageAsync(ImageSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return OnHostAsync(Host(spec.HostId), h => h.CreateImage(spec), cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteImageAsync(VimResourceRef image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        return OnHostAsync(Host(image.HostId), h => h.DeleteImage(image.Name), cancellationToken);
    }

    /// <inheritdoc />
    public Task<VimVolume> CreateVolumeAsync(VolumeSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return OnHostAsync(Host(spec.HostId), h => h.CreateVolume(spec), cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteVolumeAsync(VimResourceRef volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return OnHostAsync(Host(volume.HostId), h => h.DeleteVolume(h.Names.Volume(volume.Name)), cancellationToken);
    }

    /// <inheritdoc />
    public Task<VimServer> CreateServerAsync(ServerSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return OnHostAsync(Host(spec.HostId), h => h.CreateServer(spec), cancellationToken);
    }

    /// <summary>The domain XML this driver would define for <paramref name="spec"/> (for review and golden tests).</summary>
    public string RenderDomainXml(ServerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Host(spec.HostId).BuildDomainXml(spec);
    }

    /// <inheritdoc />
    public Task AttachPortAsync(VimResourceRef server, VirtioPortSpec port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        return OnHostAsync(Host(server.HostId), h => h.AttachPort(server.Name, port), cancellationToken);
    }

    /// <inheritdoc />
    public Task DetachPortAsync(VimResourceRef server, string macAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        return OnHostAsync(Host(server.HostId), h => h.DetachPort(server.Name, macAddress), cancellationToken);
    }

    /// <inheritdoc />
    public Task StartServerAsync(VimResourceRef server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        return OnHostAsync(Host(server.HostId), h => h.StartServer(server.Name), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<StopOutcome> StopServerAsync(VimResourceRef server, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var outcome = await OnHostAsync(Host(server.HostId), h => h.StopServer(server.Name, gracePeriod, options.StopPollInterval, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        if (outcome == StopOutcome.Forced)
        {
            LogForcedStop(logger, server.ToString(), gracePeriod);
        }

        return outcome;
    }

    /// <inheritdoc />
    public Task RebootServerAsync(VimResourceRef server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        return OnHostAsync(Host(server.HostId), h => h.RebootServer(server.Name), cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteServerAsync(VimResourceRef server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        return OnHostAsync(Host(server.HostId), h => h.DeleteServer(server.Name), cancellationToken);
    }

    /// <inheritdoc />
    public Task<ServerState?> GetServerStateAsync(VimResourceRef server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        return OnHostAsync(Host(server.HostId), h => h.GetServerState(server.Name), cancellationToken);
    }

    /// <summary>The domain XML libvirt holds for a server: live when running unless <paramref name="inactive"/>.</summary>
    public Task<string> GetServerXmlAsync(VimResourceRef server, bool inactive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        return OnHostAsync(Host(server.HostId), h => h.GetServerXml(server.Name, inactive), cancellationToken);
    }

    /// <summary>The host CPUs each vCPU of a running server may run on, read from libvirt.</summary>
    public Task<List<IReadOnlyList<int>>> GetVcpuPinningAsync(VimResourceRef server, int vcpuCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        return OnHostAsync(Host(server.HostId), h => h.GetVcpuPinning(server.Name, vcpuCount), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<OwnedResources> ListOwnedAsync(CancellationToken cancellationToken)
    {
        var servers = new List<VimServer>();
        var networks = new List<VimNetwork>();
        var volumes = new List<VimVolume>();
        var images = new List<VimImage>();
        foreach (var host in hosts.Values)
        {
            await OnHostAsync(
                host,
                h =>
                {
                    servers.AddRange(h.ListServers());
                    networks.AddRange(h.ListNetworks());
                    var (v, i) = h.ListStorage();
                    volumes.AddRange(v);
                    images.AddRange(i);
                },
                cancellationToken).ConfigureAwait(false);
        }

        return new OwnedResources(servers, networks, volumes, images);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ServerEvent> WatchEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<ServerEvent>(new BoundedChannelOptions(EventBufferPerWatcher)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        watchers.TryAdd(channel, 0);
        try
        {
            // Events only flow once each host's connection (and its callback) exists.
            foreach (var host in hosts.Values)
            {
                await OnHostAsync(host, h => h.Connection, cancellationToken).ConfigureAwait(false);
            }

            await foreach (var e in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return e;
            }
        }
        finally
        {
            watchers.TryRemove(channel, out _);
        }
    }

    /// <summary>
    /// Closes every connection and returns, per host, what <c>virConnectClose</c> returned: 0 means no
    /// libvirt object of ours was left holding the connection.
    /// </summary>
    public IReadOnlyDictionary<string, int> CloseConnections()
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (id, host) in hosts)
        {
            if (host.Close() is { } remaining)
            {
                result[id] = remaining;
                if (remaining != 0)
                {
                    LogLeak(logger, id, remaining);
                }
            }
        }

        foreach (var watcher in watchers.Keys)
        {
            watcher.Writer.TryComplete();
        }

        return result;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        CloseConnections();
        return ValueTask.CompletedTask;
    }

    private LibvirtHost Host(string hostId) =>
        hosts.GetValueOrDefault(hostId)
        ?? throw new VimException($"host '{hostId}' is not part of this libvirt VIM (known: {string.Join(", ", hosts.Keys)}).");

    private static Task<T> OnHostAsync<T>(LibvirtHost host, Func<LibvirtHost, T> work, CancellationToken cancellationToken) =>
        Task.Run(() => work(host), cancellationToken);

    private static Task OnHostAsync(LibvirtHost host, Action<LibvirtHost> work, CancellationToken cancellationToken) =>
        Task.Run(() => work(host), cancellationToken);

    private void OnLifecycle(LibvirtHost host, string domainName, int eventType, int detail)
    {
        if (host.Names.FromDomain(domainName) is not { } name)
        {
            return;
        }

        var kind = eventType switch
        {
            0 => ServerEventKind.Defined,
            1 => ServerEventKind.Undefined,
            2 => ServerEventKind.Started,
            3 => ServerEventKind.Suspended,
            4 => ServerEventKind.Resumed,
            5 => ServerEventKind.Stopped,
            6 => ServerEventKind.Shutdown,
            7 => ServerEventKind.PMSuspended,
            8 => ServerEventKind.Crashed,
            _ => ServerEventKind.Other,
        };
        var e = new ServerEvent(new VimResourceRef(host.Options.Id, name), kind, detail, time.GetUtcNow());
        foreach (var watcher in watchers.Keys)
        {
            watcher.Writer.TryWrite(e);
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Server {Server} did not shut down within {GracePeriod}; it was powered off")]
    private static partial void LogForcedStop(ILogger logger, string server, TimeSpan gracePeriod);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Error, Message = "libvirt connection of host {HostId} still had {References} references at close: a handle leaked")]
    private static partial void LogLeak(ILogger logger, string hostId, int references);
}
