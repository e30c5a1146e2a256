using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using NfvMano.Descriptors.Vnfd;
using NfvMano.Lifecycle.Realisation;
using NfvMano.Placement.Claims;
using NfvMano.Placement.Requests;
using NfvMano.Vim;
using NfvMano.Vim.Networks;
using NfvMano.Vim.Servers;
using NfvMano.Vim.Storage;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.VnfLcm;

/// <summary>
/// Turns a VDU and its placement into VIM resources and back. Names are derived from the instance and VNFC ids, so
/// every call is idempotent: creating again returns what exists, and a compensation can find what a crashed step
/// may have made without having recorded it. With an <see cref="ISchedulingVim"/> (OpenStack) the VIM chooses the
/// host, CPUs, pages and VFs from the VDU's requirements and the record holds what it really chose.
/// </summary>
public sealed class VnfcRealiser(
    IVimDriver vim, VimInventory inventory, IOptions<VnfLcmOptions> options, VnfdSource vnfds, ISchedulingVim? scheduling = null)
{
    /// <summary>Whether the VIM places servers itself (and grants only record claims on its scheduling domain).</summary>
    public bool VimSchedules => scheduling is not null;

    /// <summary>The prefix of the names of a package's images in a scheduling VIM.</summary>
    public static string ImagePrefix(Guid packageId) => $"pkg-{packageId.ToString("N")[..12]}-";

    /// <summary>The placement request id of a VNFC (unique across instances).</summary>
    public static string RequestId(Guid instanceId, string vnfcId) => $"{instanceId:N}/{vnfcId}";

    /// <summary>The name of a VNFC's server on its host.</summary>
    public static string ServerName(Guid instanceId, string vnfcId) => $"{instanceId.ToString("N")[..8]}-{vnfcId}";

    /// <summary>The name of a virtual link's network on a host.</summary>
    public static string NetworkName(Guid instanceId, string virtualLinkId) => $"{instanceId.ToString("N")[..8]}-{Slug(virtualLinkId)}";

    /// <summary>A new VNFC id for a VDU.</summary>
    public static string NewVnfcId(string vduId) => $"{Slug(vduId)}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>The internal virtual links a VDU's ordinary (virtio) ports attach to.</summary>
    public static IReadOnlyList<string> VirtualLinksOf(DeploymentFlavour flavour, Vdu vdu)
    {
        ArgumentNullException.ThrowIfNull(flavour);
        ArgumentNullException.ThrowIfNull(vdu);
        var sriov = vdu.Requirements.SriovPorts.Select(p => p.ConnectionPoint).ToHashSet(StringComparer.Ordinal);
        return [.. flavour.ConnectionPoints
            .Where(cp => cp.Vdu == vdu.Id && cp.VirtualLink is not null && !sriov.Contains(cp.Id))
            .OrderBy(cp => cp.Order ?? int.MaxValue).ThenBy(cp => cp.Id, StringComparer.Ordinal)
            .Select(cp => cp.VirtualLink!).Distinct()];
    }

    /// <summary>
    /// The placement request for a new VNFC of a VDU, in a server group for each of the flavour's affinity or
    /// anti-affinity rules that names the VDU, and in the groups the VNF belongs to as a whole (<paramref name="vnfGroups"/>:
    /// an NS's rules between its VNFs).
    /// </summary>
    /// <exception cref="VnfLcmException">The VDU's requirements cannot be expressed to the placement engine.</exception>
    public static PlacementRequest PlacementRequestFor(Guid instanceId, DeploymentFlavour flavour, Vdu vdu, string vnfcId, IReadOnlyList<ServerGroup>? vnfGroups = null)
    {
        ArgumentNullException.ThrowIfNull(flavour);
        ArgumentNullException.ThrowIfNull(vdu);
        ImmutableArray<ServerGroup> groups = [.. flavour.PlacementRules.Where(r => r.Targets.Contains(vdu.Id)).Select(rule => new ServerGroup(
            $"{instanceId:N}/{rule.Id}",
            rule.Affinity ? GroupPolicy.Affinity : GroupPolicy.AntiAffinity,
            rule.Scope is "zone" or "zone_group" or "nfvi_pop" ? GroupScope.Zone : GroupScope.Host)), .. vnfGroups ?? []];
        var (request, problems) = PlacementRequestMapper.FromVdu(RequestId(instanceId, vnfcId), vdu.Id, vdu.Requirements, groups);
        return request ?? throw new VnfLcmException(VnfLcmErrorKind.Unprocessable, string.Join("; ", problems));
    }

    /// <summary>
    /// Creates (or finds) the volumes and the server of a VNFC exactly as placed, and starts it; on a scheduling VIM,
    /// creates it from the VDU's requirements and records where the VIM put it.
    /// </summary>
    /// <param name="instanceId">The VNF instance.</param>
    /// <param name="packageId">Its package (the software image's source).</param>
    /// <param name="flavour">The deployment flavour.</param>
    /// <param name="vdu">The VDU the VNFC realises.</param>
    /// <param name="vnfcId">The VNFC id.</param>
    /// <param name="assignment">Where the grant put it.</param>
    /// <param name="externalLinks">The VNF's external virtual links: the VDU's CPs they name get ports on their networks.</param>
    /// <param name="cancellationToken">Cancels the VIM calls.</param>
    public async Task<VnfcRecord> CreateAsync(
        Guid instanceId, Guid packageId, DeploymentFlavour flavour, Vdu vdu, string vnfcId, Assignment assignment,
        IReadOnlyList<ExtVirtualLinkRecord>? externalLinks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flavour);
        ArgumentNullException.ThrowIfNull(vdu);
        ArgumentNullException.ThrowIfNull(assignment);
        if (scheduling is not null)
        {
            return await CreateScheduledAsync(scheduling, instanceId, packageId, flavour, vdu, vnfcId, assignment, externalLinks, cancellationToken);
        }
        var host = await inventory.HostAsync(assignment.Host, cancellationToken);
        var name = ServerName(instanceId, vnfcId);
        var volumes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var storageId in vdu.VirtualStorages)
        {
            var storage = flavour.Storages.FirstOrDefault(s => s.Id == storageId);
            var volume = $"{name}-{Slug(storageId)}";
            await vim.CreateVolumeAsync(new VolumeSpec(assignment.Host, volume, storage?.SizeBytes ?? options.Value.DefaultVolumeBytes), cancellationToken);
            volumes[storageId] = volume;
        }

        var ports = new Dictionary<string, string>(StringComparer.Ordinal);
        var sriovPorts = vdu.Requirements.SriovPorts.Where(p => p.PhysicalNetwork is not null).ToList();
        var virtio = VirtualLinksOf(flavour, vdu).Select(vl => new VirtioPortSpec(NetworkName(instanceId, vl))).ToList();
        var external = ExternalPorts.Of(instanceId, vnfcId, flavour, vdu, externalLinks);
        virtio.AddRange(external.Select(p => new VirtioPortSpec(p.Network, p.Mac)));
        var spec = ServerSpecBuilder.Build(assignment, host, vdu.Requirements, name, new ServerOwner(instanceId.ToString(), vnfcId),
            [.. sriovPorts.Select(p => (p.PhysicalNetwork!, (int?)null))], virtio,
            [.. volumes.Values.Select(v => new DiskSpec(v))]);
        for (var i = 0; i < sriovPorts.Count; i++)
        {
            ports[sriovPorts[i].ConnectionPoint] = spec.SriovPorts[i].PciAddress;
        }
        var sriovCps = sriovPorts.Select(p => p.ConnectionPoint).ToHashSet(StringComparer.Ordinal);
        foreach (var cp in flavour.ConnectionPoints.Where(c => c.Vdu == vdu.Id && c.VirtualLink is not null && !sriovCps.Contains(c.Id)))
        {
            ports[cp.Id] = NetworkName(instanceId, cp.VirtualLink!);
        }
        foreach (var port in external)
        {
            ports[port.Cp] = port.Network;
        }

        var server = await vim.CreateServerAsync(spec, cancellationToken);
        await vim.StartServerAsync(server.Ref, cancellationToken);
        return new VnfcRecord(vnfcId, vdu.Id, assignment.Host, name, server.Id, volumes, ports, assignment, server.Zone ?? options.Value.Zone);
    }

    // The grant (or, on heal, the last read-back) gives only the request id and server group: the VIM chooses anew.
    private async Task<VnfcRecord> CreateScheduledAsync(
        ISchedulingVim vimScheduler, Guid instanceId, Guid packageId, DeploymentFlavour flavour, Vdu vdu, string vnfcId, Assignment grant,
        IReadOnlyList<ExtVirtualLinkRecord>? externalLinks, CancellationToken cancellationToken)
    {
        if (vdu.VirtualStorages.Count > 0)
        {
            throw new PermanentStepException(
                $"VDU {vdu.Id} has virtual storage ({string.Join(", ", vdu.VirtualStorages)}): the OpenStack VIM boots from images and does not drive Cinder volumes yet");
        }
        var image = vdu.Image ?? throw new PermanentStepException($"VDU {vdu.Id} has no software image: an OpenStack server boots from one");
        var imageName = await EnsureImageAsync(vimScheduler, packageId, vdu, image, cancellationToken);
        var rootDiskGiB = image.MinDiskBytes is { } minDisk ? (int)Math.Ceiling(minDisk / (double)(1L << 30)) : 0;
        SchedulingFlavor flavor;
        try
        {
            flavor = await vimScheduler.EnsureFlavorAsync(vdu.Id, vdu.Requirements, rootDiskGiB, cancellationToken);
        }
        catch (VimException e)
        {
            throw new PermanentStepException($"VDU {vdu.Id}: its requirements cannot be stated to the VIM: {e.Message}", e);
        }

        // Nova takes one server group per server, whose members are servers: the VNF's own rule maps onto it. An NS's
        // rules between VNFs (members are VNF instances) become scheduler hints naming the other VNFs' servers.
        var novaGroups = grant.Groups.Where(g => g.Member is null).ToList();
        var peerGroups = grant.Groups.Where(g => g.Member is not null)
            .Select(g => new PeerGroup(g.Name, g.Policy == GroupPolicy.Affinity, g.Scope == GroupScope.Host, g.Member!)).ToList();
        if (novaGroups.Count > 1)
        {
            throw new PermanentStepException(
                $"VNFC {vnfcId} (VDU {vdu.Id}) is named by {novaGroups.Count} affinity or anti-affinity rules ({string.Join(", ", novaGroups.Select(g => g.Name))}); "
                + "on a VIM that schedules itself (OpenStack) a server can be in one server group only.");
        }

        var name = ServerName(instanceId, vnfcId);
        var sriovPorts = vdu.Requirements.SriovPorts.Where(p => p.PhysicalNetwork is not null).ToList();
        var sriovCps = sriovPorts.Select(p => p.ConnectionPoint).ToHashSet(StringComparer.Ordinal);
        var virtio = new List<VirtioPortSpec>();
        foreach (var vl in VirtualLinksOf(flavour, vdu))
        {
            // VirtualLinksOf gives one port per link: its security group is the first of the VDU's CPs on it.
            var cp = flavour.ConnectionPoints
                .Where(c => c.Vdu == vdu.Id && c.VirtualLink == vl && !sriovCps.Contains(c.Id))
                .OrderBy(c => c.Order ?? int.MaxValue).ThenBy(c => c.Id, StringComparer.Ordinal).First();
            virtio.Add(new VirtioPortSpec(NetworkName(instanceId, vl), null, await SecurityGroupAsync(vimScheduler, instanceId, flavour, cp.Id, cancellationToken)));
        }
        // An external link's resourceId is a network of the VIM's own (a Neutron id or name), not one the VNFM made.
        var external = ExternalPorts.Of(instanceId, vnfcId, flavour, vdu, externalLinks);
        foreach (var port in external)
        {
            virtio.Add(new VirtioPortSpec(port.Network, port.Mac, await SecurityGroupAsync(vimScheduler, instanceId, flavour, port.Cp, cancellationToken)));
        }
        var r = vdu.Requirements;
        var spec = new ServerSpec
        {
            HostId = vimScheduler.Domain,
            Name = name,
            Owner = new ServerOwner(instanceId.ToString(), vnfcId),
            VcpuCount = r.Vcpus,
            MemoryMiB = r.MemoryMiB,
            // The VIM picks the device: a port states only its physical network and vNIC type (a VF unless the CP says otherwise).
            SriovPorts = [.. sriovPorts.Select(p => new SriovPortSpec("", null, p.PhysicalNetwork, null, string.IsNullOrEmpty(p.VnicType) ? "direct" : p.VnicType))],
            VirtioPorts = virtio,
            Scheduling = new ServerSchedulingHints
            {
                Flavor = flavor.Id,
                Image = imageName,
                RootDiskGiB = rootDiskGiB,
                ServerGroup = novaGroups.SingleOrDefault() is { } group ? ServerGroupName(group.Name) : null,
                ServerGroupPolicy = novaGroups.SingleOrDefault()?.Policy == GroupPolicy.Affinity ? "affinity" : "anti-affinity",
                PeerGroups = peerGroups,
                // The grant's zone; the default one leaves the choice to Nova, and the zone it chose is read back below.
                AvailabilityZone = options.Value.Zone == VnfLcmOptions.DefaultZone ? null : options.Value.Zone,
            },
        };

        var serverRef = new VimResourceRef(vimScheduler.Domain, name);
        VimServer server;
        try
        {
            server = await vim.CreateServerAsync(spec, cancellationToken);
        }
        catch (Exception e) when (vimScheduler.NoValidHost(e) is { } reason)
        {
            // The server Nova could not place stays in ERROR: remove it so a retry starts clean and nothing is left.
            await vim.DeleteServerAsync(serverRef, cancellationToken);
            throw new PermanentStepException(
                $"VNFC {vnfcId} (VDU {vdu.Id}): the VIM's scheduler found no valid host for flavor {flavor.Description}: {reason}", e);
        }
        await vim.StartServerAsync(server.Ref, cancellationToken);

        var placed = await vimScheduler.ReadPlacementAsync(grant.RequestId, server.Ref, grant.Groups, cancellationToken);
        var ports = new Dictionary<string, string>(StringComparer.Ordinal);
        var vfs = new Dictionary<string, Queue<VfAssignment>>(StringComparer.Ordinal);
        foreach (var vf in placed.Vfs)
        {
            (vfs.TryGetValue(vf.Physnet, out var q) ? q : vfs[vf.Physnet] = new Queue<VfAssignment>()).Enqueue(vf);
        }
        foreach (var p in sriovPorts)
        {
            if (!vfs.TryGetValue(p.PhysicalNetwork!, out var q) || !q.TryDequeue(out var vf) || vf.Identity is null)
            {
                throw new PermanentStepException(
                    $"VNFC {vnfcId}: the VIM bound no VF on {p.PhysicalNetwork} for connection point {p.ConnectionPoint} (its port bindings show none)");
            }
            ports[p.ConnectionPoint] = vf.Identity;
        }
        foreach (var cp in flavour.ConnectionPoints.Where(c => c.Vdu == vdu.Id && c.VirtualLink is not null && !sriovCps.Contains(c.Id)))
        {
            ports[cp.Id] = NetworkName(instanceId, cp.VirtualLink!);
        }
        foreach (var port in external)
        {
            ports[port.Cp] = port.Network;
        }
        // The record's host is where the VIM finds the server again (its scheduling domain, as every other reference of
        // this VIM); the compute host Nova chose is the assignment's, with the rest of the placement.
        return new VnfcRecord(vnfcId, vdu.Id, vimScheduler.Domain, name, server.Id, new Dictionary<string, string>(StringComparer.Ordinal), ports, placed,
            server.Zone ?? spec.Scheduling.AvailabilityZone);
    }

    // Once per package and VIM: the name is the package's, so every VNFC of every instance of it finds the same image.
    private async Task<string> EnsureImageAsync(ISchedulingVim vimScheduler, Guid packageId, Vdu vdu, SoftwareImage image, CancellationToken cancellationToken)
    {
        var name = ImagePrefix(packageId) + Slug(image.Name ?? image.ArtifactName ?? vdu.Id);
        var content = image.File is { } file ? await vnfds.FileAsync(packageId, file, cancellationToken) : null;
        if (content is null)
        {
            throw new PermanentStepException(
                $"VDU {vdu.Id}: the package holds no file for software image '{image.Name ?? image.ArtifactName}' ({image.File ?? "no artifact"}); an OpenStack VIM needs it to upload to Glance");
        }
        var sha256 = image.ChecksumAlgorithm is { } algorithm && algorithm.Replace("-", "", StringComparison.Ordinal).Equals("sha256", StringComparison.OrdinalIgnoreCase)
            ? image.ChecksumHash
            : null;
        try
        {
            return await vimScheduler.EnsureImageAsync(name, content, image.DiskFormat ?? "qcow2", sha256, cancellationToken);
        }
        catch (VimException e) when (e.Message.Contains("SHA-256", StringComparison.Ordinal))
        {
            throw new PermanentStepException($"VDU {vdu.Id}: {e.Message}", e);
        }
    }

    /// <summary>The name of the security group of an instance's connection point on a scheduling VIM.</summary>
    public static string SecurityGroupName(Guid instanceId, string cpId) => $"{instanceId:N}-sg-{Slug(cpId)}";

    // One group per instance and CP with the descriptor's rules that target the CP (SOL001 targets are VduCps); a CP no
    // rule names keeps the VIM's default group.
    private static async Task<string?> SecurityGroupAsync(
        ISchedulingVim vimScheduler, Guid instanceId, DeploymentFlavour flavour, string cpId, CancellationToken cancellationToken)
    {
        var rules = flavour.SecurityGroupRules.Where(r => r.Targets.Contains(cpId)).ToList();
        return rules.Count == 0 ? null : await vimScheduler.EnsureSecurityGroupAsync(SecurityGroupName(instanceId, cpId), rules, cancellationToken);
    }

    // Placement group names are "<instance>/<rule>"; the instance id first lets terminate find them all.
    private static string ServerGroupName(string placementGroup) => placementGroup.Replace('/', '-');

    /// <summary>
    /// Removes an instance's server groups, and a package's images and the VIM's shared SR-IOV provider networks when
    /// nothing uses them any more, from a scheduling VIM; does nothing on a VIM that does not schedule.
    /// </summary>
    /// <param name="instanceId">The instance that no longer holds VNFCs.</param>
    /// <param name="packageId">The package whose images may go.</param>
    /// <param name="imagesUnused">Whether no other instance of the package holds or is building VNFCs.</param>
    /// <param name="flavour">The flavour whose SR-IOV physical networks may be released.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task ReleaseSharedAsync(Guid instanceId, Guid packageId, bool imagesUnused, DeploymentFlavour flavour, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flavour);
        if (scheduling is null)
        {
            return;
        }
        await scheduling.DeleteServerGroupsAsync(ServerGroupName($"{instanceId:N}/"), cancellationToken);
        await scheduling.DeleteSecurityGroupsAsync($"{instanceId:N}-sg-", cancellationToken);
        if (imagesUnused)
        {
            await scheduling.DeleteImagesAsync(ImagePrefix(packageId), cancellationToken);
        }
        var physnets = flavour.Vdus.SelectMany(v => v.Requirements.SriovPorts).Select(p => p.PhysicalNetwork).OfType<string>()
            .Distinct(StringComparer.Ordinal).ToList();
        await scheduling.DeleteUnusedProviderNetworksAsync(physnets, cancellationToken);
    }

    /// <summary>
    /// Moves a running VNFC's external ports from one set of external links to another: a port whose network changes
    /// or that is no longer connected is unplugged, a new or moved one plugged (hot-plug). Unplugging first by the
    /// port's own MAC makes a repeated call after a crash land in the same state.
    /// </summary>
    /// <returns>The VNFC record with its ports as they now are.</returns>
    public async Task<VnfcRecord> ReconnectExternalAsync(
        Guid instanceId, DeploymentFlavour flavour, Vdu vdu, VnfcRecord vnfc,
        IReadOnlyList<ExtVirtualLinkRecord>? from, IReadOnlyList<ExtVirtualLinkRecord>? to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vnfc);
        var before = ExternalPorts.Of(instanceId, vnfc.Id, flavour, vdu, from).ToDictionary(p => p.Cp, StringComparer.Ordinal);
        var after = ExternalPorts.Of(instanceId, vnfc.Id, flavour, vdu, to).ToDictionary(p => p.Cp, StringComparer.Ordinal);
        var server = new VimResourceRef(vnfc.Host, vnfc.ServerName);
        var ports = new Dictionary<string, string>(vnfc.Ports, StringComparer.Ordinal);
        foreach (var (cp, port) in before.Where(b => !after.TryGetValue(b.Key, out var a) || a.Network != b.Value.Network))
        {
            await vim.DetachPortAsync(server, port.Mac, cancellationToken);
            ports.Remove(cp);
        }
        foreach (var (cp, port) in after.Where(a => !before.TryGetValue(a.Key, out var b) || b.Network != a.Value.Network))
        {
            await vim.DetachPortAsync(server, port.Mac, cancellationToken);
            var group = scheduling is null ? null : await SecurityGroupAsync(scheduling, instanceId, flavour, cp, cancellationToken);
            await vim.AttachPortAsync(server, new VirtioPortSpec(port.Network, port.Mac, group), cancellationToken);
            ports[cp] = port.Network;
        }
        return vnfc with { Ports = ports };
    }

    /// <summary>Removes a VNFC's server and volumes; succeeds when they are gone already.</summary>
    public async Task DeleteAsync(Guid instanceId, DeploymentFlavour flavour, Vdu? vdu, string vnfcId, string host, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flavour);
        var name = ServerName(instanceId, vnfcId);
        var server = new VimResourceRef(host, name);
        if (gracePeriod > TimeSpan.Zero)
        {
            await vim.StopServerAsync(server, gracePeriod, cancellationToken);
        }
        await vim.DeleteServerAsync(server, cancellationToken);
        foreach (var storageId in vdu?.VirtualStorages ?? [])
        {
            await vim.DeleteVolumeAsync(new VimResourceRef(host, $"{name}-{Slug(storageId)}"), cancellationToken);
        }
    }

    /// <summary>
    /// Creates (or finds) the network of a virtual link on a host, with the segmentation, MTU and subnet of the link's
    /// protocol data; a link whose descriptor gives no range gets a deterministic one no other link of the flavour has.
    /// </summary>
    /// <exception cref="PermanentStepException">The link's protocol data states a range that cannot be used.</exception>
    public async Task<NetworkRecord> CreateNetworkAsync(Guid instanceId, DeploymentFlavour flavour, string virtualLinkId, string host, CancellationToken cancellationToken)
    {
        var name = NetworkName(instanceId, virtualLinkId);
        var spec = NetworkSpecOf(flavour, virtualLinkId, host, name);
        var network = await vim.CreateNetworkAsync(spec, cancellationToken);
        return new NetworkRecord(virtualLinkId, host, name, network.Id,
            [.. network.Subnets.Select(s => new SubnetRecord(s.Id, s.Cidr, s.IpVersion, s.GatewayIp, s.DhcpEnabled))]);
    }

    /// <summary>The network a virtual link asks for: the first L2 and L3 protocol data of its profile, and its subnet.</summary>
    /// <exception cref="PermanentStepException">A stated range does not parse or disagrees with its IP version.</exception>
    public static NetworkSpec NetworkSpecOf(DeploymentFlavour flavour, string virtualLinkId, string host, string name)
    {
        ArgumentNullException.ThrowIfNull(flavour);
        var link = flavour.VirtualLinks.FirstOrDefault(l => l.Id == virtualLinkId);
        IReadOnlyDictionary<string, string> ranges;
        try
        {
            ranges = SubnetPlan.Allocate([.. flavour.VirtualLinks.Select(l =>
            {
                var p = L3Of(l);
                return new SubnetWish(l.Id, SubnetPlan.IpVersionOf(p?.IpVersion, p?.Cidr), p?.Cidr);
            })]);
        }
        catch (VimException e)
        {
            throw new PermanentStepException($"flavour {flavour.FlavourId}: {e.Message}", e);
        }
        var l3 = link is null ? null : L3Of(link);
        var l2 = link?.Protocols.FirstOrDefault(p => p.NetworkType is not null || p.Mtu is not null);
        var cidr = ranges.TryGetValue(virtualLinkId, out var r) ? r : SubnetPlan.Allocate([new SubnetWish(virtualLinkId, 4, null)])[virtualLinkId];
        return new NetworkSpec(host, name)
        {
            NetworkType = l2?.NetworkType?.ToLowerInvariant(),
            Mtu = l2?.Mtu is { } mtu ? (int)mtu : null,
            // DHCP only where the descriptor asks for it: a data-plane VNF often brings its own addressing.
            Subnets = [new SubnetSpec(cidr, SubnetPlan.IpVersionOf(l3?.IpVersion, cidr), l3?.DhcpEnabled ?? false)],
        };
    }

    private static VirtualLinkProtocol? L3Of(VnfVirtualLink link) =>
        link.Protocols.FirstOrDefault(p => p.Cidr is not null || p.IpVersion is not null || p.DhcpEnabled is not null);

    /// <summary>Removes the network of a virtual link on a host; succeeds when it is gone.</summary>
    public Task DeleteNetworkAsync(Guid instanceId, string virtualLinkId, string host, CancellationToken cancellationToken) =>
        vim.DeleteNetworkAsync(new VimResourceRef(host, NetworkName(instanceId, virtualLinkId)), cancellationToken);

    /// <summary>Starts or stops a VNFC's server.</summary>
    public async Task PowerAsync(Guid instanceId, string vnfcId, string host, bool start, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        var server = new VimResourceRef(host, ServerName(instanceId, vnfcId));
        if (start)
        {
            await vim.StartServerAsync(server, cancellationToken);
        }
        else
        {
            await vim.StopServerAsync(server, gracePeriod, cancellationToken);
        }
    }

    private static string Slug(string id)
    {
        var chars = id.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-').ToArray();
        return new string(chars).Trim('-') is { Length: > 0 } slug ? slug : "x";
    }
}
