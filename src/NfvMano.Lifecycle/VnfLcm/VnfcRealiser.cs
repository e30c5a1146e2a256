using Microsoft.Extensions.Options;
using NfvMano.Descriptors.Vnfd;
using NfvMano.Lifecycle.Realisation;
using NfvMano.Placement.Claims;
using NfvMano.Placement.Requests;
using NfvMano.Vim;
using NfvMano.Vim.Networks;
using NfvMano.Vim.Servers;
using NfvMano.Vim.Storage;

namespace NfvMano.Lifecycle.VnfLcm;

/// <summary>
/// Turns a VDU and its placement into VIM resources and back. Names are derived from the instance and VNFC ids, so
/// every call is idempotent: creating again returns what exists, and a compensation can find what a crashed step
/// may have made without having recorded it.
/// </summary>
public sealed class VnfcRealiser(IVimDriver vim, VimInventory inventory, IOptions<VnfLcmOptions> options)
{
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

    /// <summary>The placement request for a new VNFC of a VDU, with the flavour's anti-affinity or affinity rule for it.</summary>
    /// <exception cref="VnfLcmException">The VDU's requirements cannot be expressed to the placement engine.</exception>
    public static PlacementRequest PlacementRequestFor(Guid instanceId, DeploymentFlavour flavour, Vdu vdu, string vnfcId)
    {
        ArgumentNullException.ThrowIfNull(flavour);
        ArgumentNullException.ThrowIfNull(vdu);
        var rule = flavour.PlacementRules.FirstOrDefault(r => r.Targets.Contains(vdu.Id));
        ServerGroup? group = rule is null ? null : new ServerGroup(
            $"{instanceId:N}/{rule.Id}",
            rule.Affinity ? GroupPolicy.Affinity : GroupPolicy.AntiAffinity,
            rule.Scope is "zone" or "zone_group" ? GroupScope.Zone : GroupScope.Host);
        var (request, problems) = PlacementRequestMapper.FromVdu(RequestId(instanceId, vnfcId), vdu.Id, vdu.Requirements, group);
        return request ?? throw new VnfLcmException(VnfLcmErrorKind.Unprocessable, string.Join("; ", problems));
    }

    /// <summary>Creates (or finds) the volumes and the server of a VNFC exactly as placed, and starts it.</summary>
    public async Task<VnfcRecord> CreateAsync(Guid instanceId, DeploymentFlavour flavour, Vdu vdu, string vnfcId, Assignment assignment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flavour);
        ArgumentNullException.ThrowIfNull(vdu);
        ArgumentNullException.ThrowIfNull(assignment);
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

        var server = await vim.CreateServerAsync(spec, cancellationToken);
        await vim.StartServerAsync(server.Ref, cancellationToken);
        return new VnfcRecord(vnfcId, vdu.Id, assignment.Host, name, server.Id, volumes, ports, assignment);
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

    /// <summary>Creates (or finds) the network of a virtual link on a host.</summary>
    public async Task<NetworkRecord> CreateNetworkAsync(Guid instanceId, string virtualLinkId, string host, CancellationToken cancellationToken)
    {
        var name = NetworkName(instanceId, virtualLinkId);
        var network = await vim.CreateNetworkAsync(new NetworkSpec(host, name), cancellationToken);
        return new NetworkRecord(virtualLinkId, host, name, network.Id);
    }

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
