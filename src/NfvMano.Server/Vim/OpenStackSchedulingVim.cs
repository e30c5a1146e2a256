using System.Collections.Immutable;
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using NfvMano.Descriptors.Epa;
using NfvMano.Lifecycle.Realisation;
using NfvMano.Placement.Claims;
using NfvMano.Placement.Requests;
using NfvMano.Vim;
using NfvMano.Vim.OpenStack;
using NfvMano.Vim.OpenStack.Flavors;
using NeutronSecurityGroupRule = NfvMano.Vim.OpenStack.Networking.SecurityGroupRule;

namespace NfvMano.Server.Vim;

/// <summary>
/// The VNFM's view of an OpenStack region as a VIM that places servers itself: flavors from the exact EPA
/// translation, images uploaded once per package, and Nova's real placement (topology API, port bindings) written
/// down as an <see cref="Assignment"/>.
/// </summary>
internal sealed class OpenStackSchedulingVim(OpenStackVimDriver driver) : ISchedulingVim
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _imageGates = new(StringComparer.Ordinal);

    private OpenStackCloud Cloud => driver.Cloud;

    private string Prefix => Cloud.Options.NamePrefix;

    public string Domain => Cloud.Options.Region;

    public async Task<SchedulingFlavor> EnsureFlavorAsync(string vduId, VduRequirements requirements, int rootDiskGiB, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        if (Cloud.Options.Flavors.TryGetValue(vduId, out var mapped))
        {
            // The operator's flavor is used as it is; one too small for the VDU would only fail later, inside the guest.
            var chosen = await Cloud.Nova.GetFlavorAsync(mapped, cancellationToken);
            if (chosen.Vcpus < requirements.Vcpus || chosen.RamMiB < requirements.MemoryMiB || chosen.DiskGiB < rootDiskGiB)
            {
                throw new VimException(
                    $"the operator's flavor {chosen.Describe()} (NfvMano:Vim:OpenStack:Flavors:{vduId}) is smaller than VDU {vduId} needs: {requirements.Vcpus} vCPUs, {requirements.MemoryMiB} MiB, {rootDiskGiB} GiB");
            }
            return new SchedulingFlavor(chosen.Id, $"operator's {chosen.Describe()}");
        }
        var flavor = EpaTranslation.Translate(new FlavorRequest(requirements, rootDiskGiB));
        var id = await Cloud.Nova.EnsureFlavorAsync(flavor, cancellationToken);
        return new SchedulingFlavor(id, $"'{flavor.Name}' ({flavor.Vcpus} vCPUs, {flavor.RamMiB} MiB, {flavor.DiskGiB} GiB; {flavor.DescribeExtraSpecs()})");
    }

    public async Task<string> EnsureImageAsync(string name, byte[] content, string diskFormat, string? sha256, CancellationToken cancellationToken)
    {
        // The VNFCs of one operation are created concurrently and Glance allows two images of one name: one upload
        // at a time in this process (two server processes may still race; ADR 0005).
        var gate = _imageGates.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        // Glance's client uploads from a file; the package keeps the image in its archive.
        var file = Path.Combine(Path.GetTempPath(), $"nfvmano-image-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllBytesAsync(file, content, cancellationToken);
            await Cloud.Glance.EnsureImageAsync(Prefix + name, file, diskFormat, sha256, cancellationToken);
        }
        finally
        {
            File.Delete(file);
            gate.Release();
        }
        return name;
    }

    public async Task DeleteImagesAsync(string namePrefix, CancellationToken cancellationToken)
    {
        foreach (var image in await Cloud.Glance.ListOwnedAsync(cancellationToken))
        {
            if (image.Name.StartsWith(Prefix + namePrefix, StringComparison.Ordinal))
            {
                await Cloud.Glance.DeleteImageAsync(image.Id, cancellationToken);
            }
        }
    }

    public async Task DeleteServerGroupsAsync(string namePrefix, CancellationToken cancellationToken)
    {
        var list = await Cloud.Http.SendAsync("compute", HttpMethod.Get, "/os-server-groups", cancellationToken: cancellationToken);
        foreach (var group in list?["server_groups"] as JsonArray ?? [])
        {
            if (((string?)group?["name"] ?? "").StartsWith(Prefix + namePrefix, StringComparison.Ordinal))
            {
                await Cloud.Nova.DeleteServerGroupAsync((string)group!["id"]!, cancellationToken);
            }
        }
    }

    public async Task<string> EnsureSecurityGroupAsync(string name, IReadOnlyList<Descriptors.Vnfd.SecurityGroupRule> rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var neutronRules = rules.Select(r =>
        {
            // The descriptor defaults a rule to every port (0-65535); Neutron states "every port" by leaving the range out.
            var anyPort = r.PortRangeMin <= 1 && r.PortRangeMax >= 65535;
            return new NeutronSecurityGroupRule(
                r.Direction.ToLowerInvariant(),
                r.Protocol.ToLowerInvariant() is "any" or "" ? null : r.Protocol.ToLowerInvariant(),
                anyPort ? null : r.PortRangeMin,
                anyPort ? null : r.PortRangeMax,
                r.EtherType.Equals("ipv6", StringComparison.OrdinalIgnoreCase) ? "IPv6" : "IPv4");
        }).Distinct().ToList();
        return await Cloud.Neutron.EnsureSecurityGroupAsync(Prefix + name, neutronRules, cancellationToken);
    }

    public async Task DeleteSecurityGroupsAsync(string namePrefix, CancellationToken cancellationToken)
    {
        foreach (var (id, _) in await Cloud.Neutron.ListSecurityGroupsAsync(Prefix + namePrefix, cancellationToken))
        {
            await Cloud.Neutron.DeleteSecurityGroupAsync(id, cancellationToken);
        }
    }

    public async Task DeleteUnusedProviderNetworksAsync(IReadOnlyList<string> physicalNetworks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(physicalNetworks);
        // The driver names an untagged SR-IOV port's network after its physical network; the VNFM asks for no VLAN.
        foreach (var physnet in physicalNetworks)
        {
            if (await Cloud.Neutron.FindNetworkAsync(Prefix + physnet, cancellationToken) is not { } network)
            {
                continue;
            }
            try
            {
                await Cloud.Neutron.DeleteNetworkAsync(network.Id, cancellationToken);
            }
            catch (OpenStackException e) when (e.StatusCode == HttpStatusCode.Conflict)
            {
                // Another server (of this or another VNF) still has a VF port on it.
            }
        }
    }

    public async Task<Assignment> ReadPlacementAsync(string requestId, VimResourceRef server, ImmutableArray<ServerGroup> groups, CancellationToken cancellationToken)
    {
        var placed = await driver.GetPlacementAsync(server, cancellationToken);
        var pageSizeKiB = placed.PageSizeKiB ?? 4;
        var cells = placed.Nodes.Select((node, guestCell) => new CellAssignment(
            guestCell,
            node.HostNode,
            [.. node.VcpuToHostCpu.OrderBy(p => p.Key).Select(p => p.Value)],
            [],
            0,
            node.MemoryMiB,
            pageSizeKiB));
        // Nova's API does not say which host NUMA cell a VF's PF sits on: -1 says "not reported".
        var vfs = placed.Ports
            .Where(p => p.VnicType is "direct" or "direct-physical" or "macvtap" && p.PciSlot is not null)
            .Select((p, slot) => new VfAssignment(p.PhysicalNetwork ?? "", -1, slot, p.PciSlot));
        return new Assignment(requestId, placed.Host ?? Domain, [.. cells], [.. vfs], groups);
    }

    public string? NoValidHost(Exception exception) => exception is NoValidHostException e ? e.Fault : null;
}
