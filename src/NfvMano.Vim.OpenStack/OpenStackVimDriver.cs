using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NfvMano.Descriptors.Epa;
using NfvMano.Vim.Events;
using NfvMano.Vim.Inventory;
using NfvMano.Vim.Networks;
using NfvMano.Vim.OpenStack.Compute;
using NfvMano.Vim.OpenStack.Flavors;
using NfvMano.Vim.OpenStack.Networking;
using NfvMano.Vim.Reconciliation;
using NfvMano.Vim.Servers;
using NfvMano.Vim.Storage;

namespace NfvMano.Vim.OpenStack;

/// <summary>
/// <see cref="IVimDriver"/> over one OpenStack region. Unlike libvirt, Nova chooses the host, CPUs, pages and
/// VFs: a <see cref="ServerSpec"/>'s cells, pinning and page size become flavor extra specs (see
/// <see cref="EpaTranslation"/>), its SR-IOV ports become Neutron ports of their vNIC type (<c>direct</c> by default)
/// on provider networks of their physical network,
/// and what Nova really did is read back with <see cref="GetPlacementAsync"/>.
/// </summary>
public sealed class OpenStackVimDriver : IVimDriver
{
    /// <summary>Server metadata key holding the VNF instance id.</summary>
    public const string VnfInstanceKey = "nfvmano-vnf-instance";

    /// <summary>Server metadata key holding the VNFC id.</summary>
    public const string VnfcKey = "nfvmano-vnfc";

    private readonly OpenStackCloud _cloud;
    private readonly OpenStackVimOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the driver.</summary>
    public OpenStackVimDriver(OpenStackCloud cloud, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        _cloud = cloud;
        _options = cloud.Options;
        _time = time;
    }

    /// <summary>The cloud this driver talks to.</summary>
    public OpenStackCloud Cloud => _cloud;

    private string Own(string name) => name.StartsWith(_options.NamePrefix, StringComparison.Ordinal) ? name : _options.NamePrefix + name;

    /// <inheritdoc />
    /// <remarks>Nova does not publish host NUMA cells, siblings or VFs: the hosts come back without cells.</remarks>
    public async Task<IReadOnlyList<HostTopology>> DiscoverAsync(CancellationToken cancellationToken)
    {
        var doc = await _cloud.Http.SendAsync("compute", HttpMethod.Get, "/os-hypervisors/detail", cancellationToken: cancellationToken).ConfigureAwait(false);
        return (doc?["hypervisors"] as JsonArray ?? [])
            .Select(h => (string?)h?["hypervisor_hostname"] ?? "")
            .Where(n => n.Length > 0)
            .Select(n => new HostTopology(n, n, [], []))
            .ToList();
    }

    /// <inheritdoc />
    public async Task<VimNetwork> CreateNetworkAsync(NetworkSpec spec, CancellationToken cancellationToken)
    {
        var network = await _cloud.Neutron.EnsureNetworkAsync(NetworkRequestOf(spec), cancellationToken).ConfigureAwait(false);
        var subnets = await _cloud.Neutron.ListSubnetsAsync(network.Id, cancellationToken).ConfigureAwait(false);
        return new VimNetwork(new VimResourceRef(spec.HostId, network.Name), network.Id, true)
        {
            Subnets = [.. subnets.Select(s => new VimSubnet(s.Id, s.Cidr, s.IpVersion, s.GatewayIp, s.EnableDhcp))],
        };
    }

    /// <summary>
    /// The Neutron network a spec asks for. The segmentation type is the descriptor's, else that of the VIM's
    /// configuration (<see cref="OpenStackVimOptions.TenantNetworkType"/> for a tenant network; on a physical network
    /// <c>vlan</c> with a VLAN id, else <see cref="OpenStackVimOptions.UntaggedProviderNetworkType"/>); the subnets are
    /// the spec's, else <see cref="OpenStackVimOptions.VirtualLinkCidr"/>.
    /// </summary>
    public NeutronNetworkRequest NetworkRequestOf(NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var type = spec.NetworkType
            ?? (spec.PhysicalNetwork is null ? _options.TenantNetworkType : spec.VlanId is null ? _options.UntaggedProviderNetworkType : "vlan");
        return new NeutronNetworkRequest(Own(spec.Name), type, spec.PhysicalNetwork, spec.VlanId, spec.Subnets.Count == 0 ? _options.VirtualLinkCidr : null)
        {
            Mtu = spec.Mtu,
            Subnets = [.. spec.Subnets.Select(s => new NeutronSubnetRequest(s.Cidr, s.IpVersion, s.DhcpEnabled, s.GatewayIp))],
        };
    }

    /// <inheritdoc />
    public async Task DeleteNetworkAsync(VimResourceRef network, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (await _cloud.Neutron.FindNetworkAsync(Own(network.Name), cancellationToken).ConfigureAwait(false) is { } n)
        {
            await _cloud.Neutron.DeleteNetworkAsync(n.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<VimImage> CreateImageAsync(ImageSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var image = await _cloud.Glance.EnsureImageAsync(Own(spec.Name), spec.SourcePath, spec.Format, null, cancellationToken).ConfigureAwait(false);
        return new VimImage(new VimResourceRef(spec.HostId, image.Name), image.Id, image.SizeBytes ?? 0);
    }

    /// <inheritdoc />
    public async Task DeleteImageAsync(VimResourceRef image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (await _cloud.Glance.FindImageAsync(Own(image.Name), cancellationToken).ConfigureAwait(false) is { } i)
        {
            await _cloud.Glance.DeleteImageAsync(i.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task<VimVolume> CreateVolumeAsync(VolumeSpec spec, CancellationToken cancellationToken) =>
        throw new VimException($"volume '{spec?.Name}': the OpenStack adapter does not drive Cinder yet; boot servers from an image (ServerSpec.Scheduling.Image).");

    /// <inheritdoc />
    public Task DeleteVolumeAsync(VimResourceRef volume, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The EPA requirements a server spec states, as Nova must honour them.</summary>
    public static FlavorRequest FlavorRequestOf(ServerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var hints = spec.Scheduling ?? new ServerSchedulingHints();
        var requirements = new VduRequirements(
            spec.Pinning is null ? CpuPolicy.Shared : CpuPolicy.Dedicated,
            ParseEnum(hints.CpuThreadPolicy, ThreadPolicy.Unspecified),
            spec.VcpuCount,
            spec.MemoryMiB,
            spec.GuestCells.Select(c => new GuestNumaNode(c.Id, c.Vcpus, c.MemoryMiB)).ToList(),
            spec.PageSizeKiB is { } kib ? new PageSize(PageSizeKind.Explicit, kib * 1024) : null,
            ParseEnum(hints.PciNumaAffinity, PciNumaAffinity.Unspecified),
            spec.SriovPorts.Select((p, i) => new SriovPort($"sriov{i}", p.VnicType, p.PhysicalNetwork, null)).ToList());
        return new FlavorRequest(requirements, hints.RootDiskGiB, ParseEnum(hints.EmulatorThreadsPolicy, EmulatorThreadsPolicy.Unspecified));
    }

    private static T ParseEnum<T>(string? text, T unspecified)
        where T : struct, Enum =>
        text is null ? unspecified
        : Enum.TryParse<T>(text, ignoreCase: true, out var value) ? value
        : throw new VimException($"'{text}' is not a {typeof(T).Name} (one of {string.Join(", ", Enum.GetNames<T>())}).");

    /// <inheritdoc />
    /// <remarks>Nova boots what it creates; the server is powered off afterwards, as the contract says.</remarks>
    public async Task<VimServer> CreateServerAsync(ServerSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var hints = spec.Scheduling
            ?? throw new VimException($"server '{spec.Name}': an OpenStack VIM needs ServerSpec.Scheduling (at least the image to boot).");
        var imageRef = hints.Image ?? throw new VimException($"server '{spec.Name}': ServerSpec.Scheduling.Image is not set.");
        var name = Own(spec.Name);

        var flavor = hints.Flavor is null ? EpaTranslation.Translate(FlavorRequestOf(spec)) : null;
        // An operator's flavor is taken as it is (by id or name): its extra specs are the operator's business.
        var flavorId = flavor is null
            ? await _cloud.Nova.ResolveFlavorAsync(hints.Flavor!, cancellationToken).ConfigureAwait(false)
            : await _cloud.Nova.EnsureFlavorAsync(flavor, cancellationToken).ConfigureAwait(false);
        var image = await _cloud.Glance.FindImageAsync(Own(imageRef), cancellationToken).ConfigureAwait(false)
            ?? await _cloud.Glance.FindImageAsync(imageRef, cancellationToken).ConfigureAwait(false)
            ?? await _cloud.Glance.GetImageAsync(imageRef, cancellationToken).ConfigureAwait(false)
            ?? throw new VimException($"server '{spec.Name}': Glance has no image '{imageRef}'.");

        var ports = new List<string>();
        for (var i = 0; i < spec.SriovPorts.Count; i++)
        {
            var p = spec.SriovPorts[i];
            var physnet = p.PhysicalNetwork ?? throw new VimException($"server '{spec.Name}': SR-IOV port {i} has no physical network; Nova picks the VF by physical network.");
            var networkName = Own(p.VlanId is { } vlan ? string.Create(CultureInfo.InvariantCulture, $"{physnet}-vlan{vlan}") : physnet);
            var network = await _cloud.Neutron.EnsureNetworkAsync(new NeutronNetworkRequest(
                networkName, p.VlanId is null ? _options.UntaggedProviderNetworkType : "vlan", physnet, p.VlanId, _options.VirtualLinkCidr), cancellationToken).ConfigureAwait(false);
            ports.Add(await _cloud.Neutron.EnsurePortAsync(new NeutronPortRequest($"{name}-sriov{i}", network.Id, p.VnicType, null, p.MacAddress), cancellationToken).ConfigureAwait(false));
        }

        for (var i = 0; i < spec.VirtioPorts.Count; i++)
        {
            var p = spec.VirtioPorts[i];
            var network = await ResolveNetworkAsync(p.Network, cancellationToken).ConfigureAwait(false)
                ?? throw new VimException($"server '{spec.Name}': network '{p.Network}' does not exist (neither ours, nor a Neutron network of that name or id).");
            ports.Add(await _cloud.Neutron.EnsurePortAsync(
                new NeutronPortRequest($"{name}-eth{i}", network.Id, "normal", p.SecurityGroup is { } sg ? [sg] : null, p.MacAddress), cancellationToken).ConfigureAwait(false));
        }

        string? group = null;
        if (hints.ServerGroup is not null)
        {
            group = await _cloud.Nova.EnsureServerGroupAsync(Own(hints.ServerGroup), hints.ServerGroupPolicy, cancellationToken).ConfigureAwait(false);
        }

        var metadata = new Dictionary<string, string> { [VnfInstanceKey] = spec.Owner.VnfInstanceId, [VnfcKey] = spec.Owner.VnfcId };
        NovaServer server;
        for (var attempt = 1; ; attempt++)
        {
            var peers = await PeerConstraintsAsync(name, flavor?.Name ?? flavorId, hints, metadata, cancellationToken).ConfigureAwait(false);
            try
            {
                server = await _cloud.Nova.CreateServerAsync(
                    new NovaServerRequest(name, flavorId, image.Id, ports, metadata, group, peers.Zone)
                    {
                        DifferentHostFrom = peers.Apart,
                        SameHostAs = peers.Together,
                    },
                    flavor, cancellationToken).ConfigureAwait(false);
            }
            catch (NoValidHostException e) when (peers.Rules.Count > 0)
            {
                throw new NoValidHostException(e.Server, e.FlavorDescription, $"{e.Fault}; besides, it must {string.Join("; ", peers.Rules)}");
            }

            // The hints name the peers that existed when they were read: a peer created at the same moment (another VNF
            // of the NS instantiated in parallel) did not see this one either. As Nova's compute re-checks server
            // groups, the later of two clashing servers gives way and is scheduled again, now seeing the other.
            if (await PeerClashAsync(server, hints.PeerGroups, cancellationToken).ConfigureAwait(false) is not { } clash)
            {
                break;
            }

            await _cloud.Nova.DeleteServerAsync(server.Id, cancellationToken).ConfigureAwait(false);
            if (attempt == MaxPeerAttempts)
            {
                throw new NoValidHostException(name, flavor?.Name ?? flavorId, $"after {attempt} attempts it still {clash}");
            }
        }

        await _cloud.Nova.StopServerAsync(server.Id, cancellationToken).ConfigureAwait(false);
        return new VimServer(new VimResourceRef(spec.HostId, name), server.Id, spec.Owner, ServerState.Stopped) { Zone = server.AvailabilityZone };
    }

    /// <summary>The server metadata key that marks a server as one of a member's in a peer group (value: the member).</summary>
    public static string PeerGroupKey(string group) =>
        "nfvmano-peers-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(group)))[..16];

    private const int MaxPeerAttempts = 4;

    // What breaks a rule for this server among peers placed before it, or null when none does.
    private async Task<string?> PeerClashAsync(NovaServer server, IReadOnlyList<PeerGroup> groups, CancellationToken ct)
    {
        if (groups.Count == 0)
        {
            return null;
        }

        // An earlier peer still being scheduled has no host yet: wait for it, or both could keep a clashing place.
        var deadline = _time.GetUtcNow() + _options.ServerTimeout;
        NovaServer self;
        List<(PeerGroup Group, NovaServer Peer)> earlier;
        while (true)
        {
            var all = await _cloud.Nova.ListServersWithMetadataAsync(VnfcKey, ct).ConfigureAwait(false);
            self = all.FirstOrDefault(s => s.Id == server.Id) ?? server;
            var order = self.Created + self.Id;
            earlier = [.. groups.SelectMany(g => all
                .Where(s => s.Id != server.Id && s.Status != "ERROR"
                    && s.Metadata.TryGetValue(PeerGroupKey(g.Name), out var member) && member != g.Member
                    && string.CompareOrdinal(s.Created + s.Id, order) < 0)
                .Select(s => (g, s)))];
            if (earlier.All(e => e.Peer.Host is not null) || _time.GetUtcNow() > deadline)
            {
                break;
            }

            await Task.Delay(_options.PollInterval, _time, ct).ConfigureAwait(false);
        }

        foreach (var (g, peer) in earlier)
        {
            var (mine, theirs, what) = g.HostScope ? (self.Host, peer.Host, "host") : (self.AvailabilityZone, peer.AvailabilityZone, "zone");
            if (g.Affinity ? mine != theirs : mine == theirs)
            {
                return $"{(g.Affinity ? "is not on the" : "shares its")} {what} {(g.Affinity ? theirs : mine)} {(g.Affinity ? "of" : "with")} server {peer.Name} of group {g.Name}";
            }
        }

        return null;
    }

    private sealed record PeerConstraints(IReadOnlyList<string> Apart, IReadOnlyList<string> Together, string? Zone, IReadOnlyList<string> Rules);

    // Nova's server groups hold servers, not sets of them, and a server joins one: a rule between members (an NS's rule
    // between its VNFs) becomes scheduler hints naming the other members' servers, found by the key each server of a
    // member carries, and for zone rules the zone to ask for.
    private async Task<PeerConstraints> PeerConstraintsAsync(
        string server, string flavor, ServerSchedulingHints hints, Dictionary<string, string> metadata, CancellationToken ct)
    {
        if (hints.PeerGroups.Count == 0)
        {
            return new PeerConstraints([], [], hints.AvailabilityZone, []);
        }

        var apart = new List<string>();
        var together = new List<string>();
        var rules = new List<string>();
        var zone = hints.AvailabilityZone;
        var ours = await _cloud.Nova.ListServersWithMetadataAsync(VnfcKey, ct).ConfigureAwait(false);
        var others = new Dictionary<PeerGroup, List<NovaServer>>();
        foreach (var g in hints.PeerGroups)
        {
            var key = PeerGroupKey(g.Name);
            metadata[key] = g.Member;
            others[g] = [.. ours.Where(s => s.Metadata.TryGetValue(key, out var member) && member != g.Member && s.Name != server && s.Status != "ERROR")];
        }

        // Zone affinity first: it fixes the zone that anti-affinity then has to respect.
        foreach (var (g, peers) in others.OrderBy(kv => kv.Key.Affinity ? 0 : 1))
        {
            if (peers.Count == 0)
            {
                continue;
            }

            if (g.HostScope)
            {
                (g.Affinity ? together : apart).AddRange(peers.Select(p => p.Id));
                rules.Add($"{(g.Affinity ? "share the host of" : "keep off the hosts of")} {peers.Count} server(s) of group {g.Name}");
                continue;
            }

            var used = peers.Select(p => p.AvailabilityZone).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
            if (g.Affinity)
            {
                if (used.Count > 1 || (used.Count == 1 && zone is not null && zone != used[0]))
                {
                    throw new NoValidHostException(server, flavor,
                        $"affinity group {g.Name} keeps it in the zone of the other members' servers ({string.Join(", ", used)}), but it is asked for zone {zone ?? used[0]}");
                }

                zone ??= used.FirstOrDefault();
                rules.Add($"stay in zone {zone} with the servers of group {g.Name}");
                continue;
            }

            if (zone is null)
            {
                var zones = await _cloud.Nova.ListAvailabilityZonesAsync(ct).ConfigureAwait(false);
                zone = zones.FirstOrDefault(z => !used.Contains(z))
                    ?? throw new NoValidHostException(server, flavor,
                        $"anti-affinity group {g.Name} keeps it out of the zones of the other members' servers ({string.Join(", ", used)}), and the cloud has no other available zone");
            }
            else if (used.Contains(zone))
            {
                throw new NoValidHostException(server, flavor,
                    $"anti-affinity group {g.Name} keeps it out of zone {zone}, where the other members' servers are, but it is asked for that zone");
            }

            rules.Add($"stay out of zone(s) {string.Join(", ", used)} of the servers of group {g.Name}");
        }

        return new PeerConstraints(apart, together, zone, rules);
    }

    /// <summary>Where Nova really put a server: host, pinning, pages, allocations and VFs.</summary>
    public async Task<ServerPlacement> GetPlacementAsync(VimResourceRef server, CancellationToken cancellationToken)
    {
        var s = await RequireServerAsync(server, cancellationToken).ConfigureAwait(false);
        return await _cloud.GetPlacementAsync(s.Id, cancellationToken).ConfigureAwait(false);
    }

    private async Task<NovaServer> RequireServerAsync(VimResourceRef server, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(server);
        return await _cloud.Nova.FindServerAsync(Own(server.Name), ct).ConfigureAwait(false)
            ?? throw new VimException($"server '{server}' does not exist in Nova.");
    }

    /// <inheritdoc />
    public async Task AttachPortAsync(VimResourceRef server, VirtioPortSpec port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(port);
        var s = await RequireServerAsync(server, cancellationToken).ConfigureAwait(false);
        var network = await ResolveNetworkAsync(port.Network, cancellationToken).ConfigureAwait(false)
            ?? throw new VimException($"network '{port.Network}' does not exist (neither ours, nor a Neutron network of that name or id).");
        var existing = await _cloud.Neutron.ListServerPortsAsync(s.Id, cancellationToken).ConfigureAwait(false);
        var portId = await _cloud.Neutron.EnsurePortAsync(
            new NeutronPortRequest($"{s.Name}-eth-{existing.Count}", network.Id, "normal", port.SecurityGroup is { } sg ? [sg] : null, port.MacAddress), cancellationToken).ConfigureAwait(false);
        await _cloud.Http.SendAsync("compute", HttpMethod.Post, $"/servers/{s.Id}/os-interface",
            new JsonObject { ["interfaceAttachment"] = new JsonObject { ["port_id"] = portId } }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    // A network the VIM made for a virtual link carries our prefix; an external link names a network of the cloud's
    // own, by name or by id.
    private async Task<NeutronNetwork?> ResolveNetworkAsync(string network, CancellationToken ct) =>
        await _cloud.Neutron.FindNetworkAsync(Own(network), ct).ConfigureAwait(false)
        ?? await _cloud.Neutron.FindNetworkAsync(network, ct).ConfigureAwait(false)
        ?? await _cloud.Neutron.GetNetworkAsync(network, ct).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task DetachPortAsync(VimResourceRef server, string macAddress, CancellationToken cancellationToken)
    {
        var s = await RequireServerAsync(server, cancellationToken).ConfigureAwait(false);
        var doc = await _cloud.Http.SendAsync("compute", HttpMethod.Get, $"/servers/{s.Id}/os-interface", cancellationToken: cancellationToken).ConfigureAwait(false);
        var attachment = (doc?["interfaceAttachments"] as JsonArray ?? [])
            .FirstOrDefault(a => string.Equals((string?)a?["mac_addr"], macAddress, StringComparison.OrdinalIgnoreCase));
        if (attachment is not null)
        {
            var portId = (string)attachment["port_id"]!;
            await _cloud.Http.SendAsync("compute", HttpMethod.Delete, $"/servers/{s.Id}/os-interface/{portId}", allowNotFound: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            await _cloud.Neutron.DeletePortAsync(portId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task StartServerAsync(VimResourceRef server, CancellationToken cancellationToken) =>
        await _cloud.Nova.StartServerAsync((await RequireServerAsync(server, cancellationToken).ConfigureAwait(false)).Id, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    /// <remarks>Nova's stop asks the guest and powers off after its own <c>shutdown_timeout</c>; it does not say which happened.</remarks>
    public async Task<StopOutcome> StopServerAsync(VimResourceRef server, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        var s = await RequireServerAsync(server, cancellationToken).ConfigureAwait(false);
        if (s.Status == "SHUTOFF")
        {
            return StopOutcome.AlreadyStopped;
        }

        await _cloud.Nova.StopServerAsync(s.Id, cancellationToken).ConfigureAwait(false);
        return StopOutcome.Graceful;
    }

    /// <inheritdoc />
    public async Task RebootServerAsync(VimResourceRef server, CancellationToken cancellationToken) =>
        await _cloud.Nova.RebootServerAsync((await RequireServerAsync(server, cancellationToken).ConfigureAwait(false)).Id, hard: false, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    /// <remarks>Also deletes the ports this driver created for the server.</remarks>
    public async Task DeleteServerAsync(VimResourceRef server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var s = await _cloud.Nova.FindServerAsync(Own(server.Name), cancellationToken).ConfigureAwait(false);
        if (s is null)
        {
            return;
        }

        var ports = await _cloud.Neutron.ListServerPortsAsync(s.Id, cancellationToken).ConfigureAwait(false);
        await _cloud.Nova.DeleteServerAsync(s.Id, cancellationToken).ConfigureAwait(false);
        foreach (var port in ports)
        {
            await _cloud.Neutron.DeletePortAsync(port, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<ServerState?> GetServerStateAsync(VimResourceRef server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var s = await _cloud.Nova.FindServerAsync(Own(server.Name), cancellationToken).ConfigureAwait(false);
        return s is null ? null : StateOf(s.Status);
    }

    internal static ServerState StateOf(string status) => status switch
    {
        "ACTIVE" => ServerState.Running,
        "SHUTOFF" or "SUSPENDED" or "SHELVED" or "SHELVED_OFFLOADED" => ServerState.Stopped,
        "PAUSED" => ServerState.Paused,
        "ERROR" => ServerState.Crashed,
        _ => ServerState.Unknown,
    };

    /// <inheritdoc />
    public async Task<OwnedResources> ListOwnedAsync(CancellationToken cancellationToken)
    {
        var servers = await _cloud.Nova.ListServersWithMetadataAsync(VnfcKey, cancellationToken).ConfigureAwait(false);
        var networks = await _cloud.Neutron.ListNetworksAsync(_options.NamePrefix, cancellationToken).ConfigureAwait(false);
        var images = await _cloud.Glance.ListOwnedAsync(cancellationToken).ConfigureAwait(false);
        return new OwnedResources(
            servers.Select(s => new VimServer(new VimResourceRef(_options.Region, s.Name), s.Id,
                new ServerOwner(s.Metadata.GetValueOrDefault(VnfInstanceKey, ""), s.Metadata[VnfcKey]), StateOf(s.Status))).ToList(),
            networks.Select(n => new VimNetwork(new VimResourceRef(_options.Region, n.Name), n.Id, true)).ToList(),
            [],
            images.Select(i => new VimImage(new VimResourceRef(_options.Region, i.Name), i.Id, i.SizeBytes ?? 0)).ToList());
    }

    /// <inheritdoc />
    /// <remarks>Nova has no event stream for tenants: owned servers are polled and changes reported.</remarks>
    public async IAsyncEnumerable<ServerEvent> WatchEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        var first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            var servers = await _cloud.Nova.ListServersWithMetadataAsync(VnfcKey, cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            foreach (var s in servers)
            {
                var before = known.GetValueOrDefault(s.Name);
                known[s.Name] = s.Status;
                if (!first && before != s.Status)
                {
                    var kind = before is null ? ServerEventKind.Defined : StateOf(s.Status) switch
                    {
                        ServerState.Running => ServerEventKind.Started,
                        ServerState.Stopped => ServerEventKind.Stopped,
                        ServerState.Paused => ServerEventKind.Suspended,
                        ServerState.Crashed => ServerEventKind.Crashed,
                        _ => ServerEventKind.Other,
                    };
                    yield return new ServerEvent(new VimResourceRef(_options.Region, s.Name), kind, 0, now);
                }
            }

            foreach (var gone in known.Keys.Except(servers.Select(s => s.Name)).ToList())
            {
                known.Remove(gone);
                yield return new ServerEvent(new VimResourceRef(_options.Region, gone), ServerEventKind.Undefined, 0, now);
            }

            first = false;
            await Task.Delay(_options.PollInterval * 4, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
