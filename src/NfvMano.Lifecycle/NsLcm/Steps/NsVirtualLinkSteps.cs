using System.Text.Json.Nodes;
using NfvMano.Descriptors.Nsd;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Vim;
using NfvMano.Vim.Networks;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.NsLcm.Steps;

/// <summary>
/// The VIM networks of an NS instance's virtual links. One network per NS virtual link, with the same name on every
/// host of the VIM (a libvirt host has networks of its own; OpenStack has one Neutron network for all), so a VNF's
/// external virtual link names it by that one name wherever its VNFCs land.
/// </summary>
public static class NsNetworks
{
    /// <summary>The network name of an NS virtual link: derived from the NS instance and link ids, so a retried or
    /// compensating step finds what a crashed one made.</summary>
    public static string Name(Guid nsInstanceId, string virtualLinkId)
    {
        ArgumentNullException.ThrowIfNull(virtualLinkId);
        var slug = new string([.. virtualLinkId.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-')]).Trim('-');
        return $"ns{nsInstanceId.ToString("N")[..8]}-{(slug.Length > 0 ? slug : "vl")}";
    }

    /// <summary>
    /// The SOL003 <c>extVirtualLinks</c> for a VNF of <paramref name="profile"/>: each NS virtual link the NSD binds one
    /// of its requirements to, with the CP the VNFD exposes for that requirement. Requirements the VNFD does not expose
    /// on a CP of <paramref name="vnfFlavour"/> are left out (they are reported by <see cref="Unbound"/>).
    /// </summary>
    public static JsonArray ExtVirtualLinks(Guid nsInstanceId, VnfProfile profile, Descriptors.Vnfd.DeploymentFlavour vnfFlavour)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(vnfFlavour);
        var exposed = vnfFlavour.ExposedVirtualLinks ?? new Dictionary<string, string>();
        var links = new JsonArray();
        foreach (var group in profile.VirtualLinks.Where(c => exposed.ContainsKey(c.Requirement)).GroupBy(c => c.VirtualLink, StringComparer.Ordinal))
        {
            links.Add(new JsonObject
            {
                ["id"] = group.Key,
                ["resourceId"] = Name(nsInstanceId, group.Key),
                ["extCps"] = new JsonArray([.. group.Select(c => exposed[c.Requirement]).Distinct(StringComparer.Ordinal)
                    .Select(cp => (JsonNode)new JsonObject { ["cpdId"] = cp })]),
            });
        }
        return links;
    }

    /// <summary>The requirements the NSD binds for <paramref name="profile"/> that the VNF flavour exposes on no CP.</summary>
    public static IReadOnlyList<string> Unbound(VnfProfile profile, Descriptors.Vnfd.DeploymentFlavour vnfFlavour)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(vnfFlavour);
        var exposed = vnfFlavour.ExposedVirtualLinks ?? new Dictionary<string, string>();
        return [.. profile.VirtualLinks.Where(c => !exposed.ContainsKey(c.Requirement)).Select(c => c.Requirement)];
    }

    /// <summary>The NS virtual links of the flavour that something connects to (a VNF profile or a SAP).</summary>
    public static IReadOnlyList<NsVirtualLink> Used(NsFlavour flavour)
    {
        ArgumentNullException.ThrowIfNull(flavour);
        var used = flavour.VnfProfiles.SelectMany(p => p.VirtualLinks.Select(c => c.VirtualLink))
            .Concat(flavour.Saps.Select(s => s.InternalVirtualLink).OfType<string>())
            .ToHashSet(StringComparer.Ordinal);
        return [.. flavour.VirtualLinks.Where(vl => used.Contains(vl.Id))];
    }
}

/// <summary>
/// NS LCM step: creates the VIM network of every NS virtual link of the flavour on every host, before the VNFs that
/// connect to them. Input: <c>flavourId</c>. Output: <c>nsVirtualLinks</c>, each link with its network per host, which
/// the finalise step records in the NS instance. Compensation removes the networks (what this step made, by name).
/// </summary>
internal sealed class CreateNsVirtualLinksStep(IVimDriver vim, VimInventory inventory, NsdSource nsds) : IStepHandler
{
    public const string HandlerKey = "nslcm.virtual-links";

    public string Key => HandlerKey;

    public async Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var (nsId, flavour) = await NsVirtualLinkData.FlavourAsync(context, nsds, cancellationToken);
        var hosts = await inventory.HostsAsync(cancellationToken);
        var links = new JsonArray();
        foreach (var vl in NsNetworks.Used(flavour))
        {
            var name = NsNetworks.Name(nsId, vl.Id);
            var networks = new JsonArray();
            var seen = new HashSet<VimResourceRef>();
            foreach (var host in hosts)
            {
                var network = await vim.CreateNetworkAsync(new NetworkSpec(host.Name, name), cancellationToken);
                // A VIM with one network for every host (OpenStack) answers the same network each time: record it once.
                if (seen.Add(network.Ref))
                {
                    networks.Add(new JsonObject { ["host"] = network.Ref.HostId, ["name"] = name, ["resourceId"] = network.Id });
                }
            }
            links.Add(new JsonObject { ["id"] = vl.Id, ["name"] = name, ["networks"] = networks });
        }
        return new JsonObject { ["nsVirtualLinks"] = links };
    }

    public async Task CompensateAsync(StepContext context, CancellationToken cancellationToken)
    {
        var (nsId, flavour) = await NsVirtualLinkData.FlavourAsync(context, nsds, cancellationToken);
        await NsVirtualLinkData.DeleteAsync(vim, inventory, nsId, flavour, cancellationToken);
    }
}

/// <summary>
/// NS LCM step: removes the VIM networks of the NS virtual links once the VNFs are gone (terminate). Input:
/// <c>flavourId</c>. Nothing to compensate: a terminate that fails later is continued, not undone.
/// </summary>
internal sealed class DeleteNsVirtualLinksStep(IVimDriver vim, VimInventory inventory, NsdSource nsds) : IStepHandler
{
    public const string HandlerKey = "nslcm.virtual-links.delete";

    public string Key => HandlerKey;

    public async Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var (nsId, flavour) = await NsVirtualLinkData.FlavourAsync(context, nsds, cancellationToken);
        await NsVirtualLinkData.DeleteAsync(vim, inventory, nsId, flavour, cancellationToken);
        return [];
    }

    public Task CompensateAsync(StepContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static class NsVirtualLinkData
{
    public static async Task<(Guid NsId, NsFlavour Flavour)> FlavourAsync(StepContext context, NsdSource nsds, CancellationToken cancellationToken)
    {
        var nsId = NsStepData.NsInstanceId(context);
        var ns = await context.Db.NsInstances.FindAsync([nsId], cancellationToken)
            ?? throw new PermanentStepException($"NS instance {nsId} is gone");
        var flavourId = NsStepData.Str(context.Input, "flavourId") ?? ns.FlavourId;
        var nsd = await nsds.GetAsync(ns.NsdInfoId, cancellationToken);
        return (nsId, NsdSource.Flavour(nsd, flavourId));
    }

    public static async Task DeleteAsync(IVimDriver vim, VimInventory inventory, Guid nsId, NsFlavour flavour, CancellationToken cancellationToken)
    {
        var hosts = await inventory.HostsAsync(cancellationToken);
        foreach (var vl in NsNetworks.Used(flavour))
        {
            foreach (var host in hosts)
            {
                await vim.DeleteNetworkAsync(new VimResourceRef(host.Name, NsNetworks.Name(nsId, vl.Id)), cancellationToken);
            }
        }
    }
}

/// <summary>The external virtual links an NS gives one of its VNFs: its profile's NS links, by the CPs its flavour exposes.</summary>
internal static class NsVnfLinks
{
    /// <summary>
    /// The <c>extVirtualLinks</c> for the VNF of <paramref name="profileId"/> with VNF flavour <paramref name="vnfFlavourId"/>;
    /// null when the NS flavour has no such profile or the VNFD no such flavour. When the flavour exposes none of the
    /// requirements the NSD binds, the step fails for good: the descriptors disagree.
    /// </summary>
    public static async Task<JsonArray?> ForAsync(StepContext context, NsdSource nsds, VnfdSource vnfds, Guid packageId, string profileId, string? vnfFlavourId,
        CancellationToken cancellationToken)
    {
        var nsId = NsStepData.NsInstanceId(context);
        var ns = await context.Db.NsInstances.FindAsync([nsId], cancellationToken) ?? throw new PermanentStepException($"NS instance {nsId} is gone");
        var nsFlavourId = NsStepData.Str(context.RunInput, "flavourId") is { Length: > 0 } given ? given : ns.FlavourId;
        var nsd = await nsds.GetAsync(ns.NsdInfoId, cancellationToken);
        var profile = nsd.Flavours.FirstOrDefault(f => f.FlavourId == nsFlavourId)?.VnfProfiles.FirstOrDefault(p => p.Id == profileId);
        var vnfd = await vnfds.GetAsync(packageId, cancellationToken);
        var vnfFlavour = vnfd.Flavours.FirstOrDefault(f => f.FlavourId == vnfFlavourId);
        if (profile is null || vnfFlavour is null)
        {
            return null;
        }
        // A flavour may leave an optional requirement unmapped (the VNF then has no CP on that link); one that maps
        // none at all while the NSD binds some most likely lacks its substitution_mappings.
        if (NsNetworks.Unbound(profile, vnfFlavour) is { Count: > 0 } unbound && unbound.Count == profile.VirtualLinks.Count)
        {
            throw new PermanentStepException($"VNF {profileId} of NS instance {nsId}: the NSD binds {string.Join(", ", unbound)} to NS virtual links, " +
                $"but flavour {vnfFlavour.FlavourId} of VNFD {vnfd.DescriptorId} exposes no CP for them (substitution_mappings requirements)");
        }
        return NsNetworks.ExtVirtualLinks(nsId, profile, vnfFlavour);
    }
}
