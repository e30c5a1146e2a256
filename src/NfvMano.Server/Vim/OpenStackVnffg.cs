using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NfvMano.Descriptors.Nsd;
using NfvMano.Lifecycle.NsLcm;
using NfvMano.Lifecycle.NsLcm.Vnffg;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Vim.OpenStack;
using NfvMano.Vim.OpenStack.Networking;
using NfvMano.Workflows.Steps;

namespace NfvMano.Server.Vim;

/// <summary>
/// An NS instance's VNFFGs on an OpenStack VIM through networking-sfc: each NFP of <see cref="VnffgPlanner"/> becomes a
/// port chain whose hops are the VNFCs' Neutron ports (found by the MAC the VNFM gave them, <see cref="ExternalPorts.Mac"/>)
/// and whose classifiers take traffic from the ingress SAP's port. A SAP the NS LCM realises itself is a Neutron port on
/// the network of the port its NFP first enters (ingress, bound to that VNFC's compute host, where networking-sfc
/// classifies) or last leaves by (egress). A cloud without networking-sfc
/// refuses, saying so, instead of the VNFFG being recorded as if steered.
/// </summary>
public sealed class OpenStackVnffgRealiser(OpenStackVimDriver driver)
{
    private OpenStackCloud Cloud => driver.Cloud;

    private string Prefix => Cloud.Options.NamePrefix;

    /// <summary>The Neutron name of an NS instance's SAP port (without the VIM's name prefix).</summary>
    public static string SapPortName(Guid nsInstanceId, string sapId) => $"{nsInstanceId.ToString("N")[..8]}-sap-{sapId}";

    /// <summary>The name of an NFP's port chain (without the VIM's name prefix); its pairs, groups and classifiers start with it.</summary>
    public static string ChainName(string chainId) => (chainId ?? throw new ArgumentNullException(nameof(chainId))).Replace('/', '-');

    /// <summary>The networking-sfc extensions this cloud lacks (none when it offers port chains and flow classifiers).</summary>
    public async Task<IReadOnlyList<string>> MissingSfcExtensionsAsync(CancellationToken cancellationToken)
    {
        var list = await Cloud.Http.SendAsync("network", HttpMethod.Get, "/v2.0/extensions", cancellationToken: cancellationToken);
        var aliases = (list?["extensions"] as JsonArray ?? []).Select(e => (string?)e?["alias"]).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return [.. new[] { "sfc", "flow_classifier" }.Where(a => !aliases.Contains(a))];
    }

    /// <summary>
    /// Creates (or re-creates, when the NS's VNFCs changed) one port chain per NFP of the VNFFG.
    /// </summary>
    /// <exception cref="PermanentStepException">networking-sfc is missing, the plan has problems, a VNFC port is not in
    /// Neutron, or a classifier uses a field networking-sfc is not given here; nothing is created then.</exception>
    public async Task<IReadOnlyList<PortChain>> ApplyAsync(VnffgContext context, string vnffgId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await MissingSfcExtensionsAsync(cancellationToken) is { Count: > 0 } missing)
        {
            throw new PermanentStepException(
                $"NS instance {context.NsInstanceId}, VNFFG {vnffgId}: networking-sfc not available on this VIM (Neutron of region {Cloud.Options.Region} " +
                $"offers no '{string.Join("', '", missing)}' extension), so its traffic cannot be steered; deploy networking-sfc or use an NSD flavour without VNFFGs");
        }

        IReadOnlyList<NfpPlan> plans;
        try
        {
            // SAP ports are made below, once the networks of the chain's ends are known: the planner only names them.
            plans = VnffgPlanner.Plan(context with { SapPorts = VnffgPlanner.SapsOf(context.Flavour).ToDictionary(s => s, s => s, StringComparer.Ordinal) }, vnffgId);
        }
        catch (VnffgException e)
        {
            throw new PermanentStepException(e.Message, e);
        }

        var problems = new List<string>();
        var ports = new Dictionary<string, (string Id, string Network, string? Host)>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in plans.SelectMany(p => p.Hops).SelectMany(h => h.Instances))
        {
            foreach (var (cp, mac) in new[] { (pair.IngressCp, pair.IngressMac), (pair.EgressCp, pair.EgressMac) })
            {
                if (ports.ContainsKey(mac))
                {
                    continue;
                }
                var found = await Cloud.Http.SendAsync("network", HttpMethod.Get, $"/v2.0/ports?mac_address={Uri.EscapeDataString(mac)}", cancellationToken: cancellationToken);
                if ((found?["ports"] as JsonArray ?? []).FirstOrDefault() is { } port)
                {
                    ports[mac] = ((string)port["id"]!, (string)port["network_id"]!, (string?)port["binding:host_id"] is { Length: > 0 } host ? host : null);
                }
                else
                {
                    problems.Add($"{pair.Describe(cp)} (MAC {mac}) has no Neutron port: is the CP on an external virtual link of the VNF?");
                }
            }
        }
        foreach (var plan in plans)
        {
            foreach (var field in plan.Classifiers.Select(Unsupported).OfType<string>())
            {
                problems.Add($"NFP {plan.NfpId}: a classifier matches on {field}, which this VNFM does not state to networking-sfc");
            }
        }
        if (problems.Count > 0)
        {
            throw new PermanentStepException($"NS instance {context.NsInstanceId}, VNFFG {vnffgId} cannot be realised with networking-sfc: {string.Join("; ", problems)}");
        }

        var chains = new List<PortChain>();
        foreach (var plan in plans)
        {
            // networking-sfc classifies on the host of the classifier's source port, so an unbound SAP port is refused
            // (its OVS driver fails on a null host): it is bound where the chain's first VNFC is (binding needs admin).
            var first = ports[plan.Hops[0].Instances[0].IngressMac];
            var ingressSap = await Cloud.Neutron.EnsurePortAsync(
                new NeutronPortRequest(Prefix + SapPortName(context.NsInstanceId, plan.IngressSap), first.Network, BindingHost: first.Host), cancellationToken);
            await Cloud.Neutron.EnsurePortAsync(
                new NeutronPortRequest(Prefix + SapPortName(context.NsInstanceId, plan.EgressSap), ports[plan.Hops[^1].Instances[^1].EgressMac].Network), cancellationToken);
            var hops = plan.Hops.Select(h => new ChainHop(h.PositionId, [.. h.Instances.Select(i => (ports[i.IngressMac].Id, ports[i.EgressMac].Id))])).ToList();
            var specs = plan.Classifiers.Select(c => new FlowClassifierSpec(
                ingressSap,
                c.Protocol?.ToLowerInvariant(),
                c.SourceIpPrefix,
                c.DestinationIpPrefix,
                c.DestinationPorts?.Lower,
                c.DestinationPorts?.Upper,
                IsIpv6(c) ? "IPv6" : "IPv4")).ToList();
            // A chain found by name keeps its old hops: after a scale or heal it is made again from the VNFCs as they are.
            var name = Prefix + ChainName(plan.ChainId);
            await Cloud.Sfc.DeleteChainAsync(name, cancellationToken);
            chains.Add(await Cloud.Sfc.EnsureChainAsync(name, hops, specs, cancellationToken));
        }
        return chains;
    }

    /// <summary>Deletes the port chains of every VNFFG of the flavour and the SAP ports; succeeds when there are none.</summary>
    public async Task RemoveAllAsync(Guid nsInstanceId, NsFlavour flavour, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flavour);
        if ((await MissingSfcExtensionsAsync(cancellationToken)).Count == 0)
        {
            foreach (var vnffg in flavour.Vnffgs)
            {
                foreach (var chainId in VnffgPlanner.ChainIds(nsInstanceId, vnffg))
                {
                    await Cloud.Sfc.DeleteChainAsync(Prefix + ChainName(chainId), cancellationToken);
                }
            }
        }
        foreach (var sap in VnffgPlanner.SapsOf(flavour))
        {
            var name = Uri.EscapeDataString(Prefix + SapPortName(nsInstanceId, sap));
            var found = await Cloud.Http.SendAsync("network", HttpMethod.Get, $"/v2.0/ports?name={name}", cancellationToken: cancellationToken);
            foreach (var port in found?["ports"] as JsonArray ?? [])
            {
                await Cloud.Neutron.DeletePortAsync((string)port!["id"]!, cancellationToken);
            }
        }
    }

    private static bool IsIpv6(NfvMano.Vim.Ovs.Chains.FlowClassifier c) =>
        c.EtherType?.Equals("ipv6", StringComparison.OrdinalIgnoreCase) == true
        || (c.EtherType is null && ((c.SourceIpPrefix ?? c.DestinationIpPrefix)?.Contains(':', StringComparison.Ordinal) ?? false));

    private static string? Unsupported(NfvMano.Vim.Ovs.Chains.FlowClassifier c) =>
        c.SourcePorts is not null ? "source_port_range"
        : c.Dscp is not null ? "dscp"
        : c.VlanIds.Count > 0 ? "vlan_tag"
        : c.EtherSource is not null || c.EtherDestination is not null ? "ether addresses"
        : null;
}

/// <summary>
/// NS LCM step <c>nslcm.vnffg.apply</c> on an OpenStack VIM (the key the Open vSwitch step has on libvirt): the NS's
/// VNFFGs as networking-sfc port chains, from the NS's members as the database has them now. Compensation removes them.
/// </summary>
internal sealed class OpenStackApplyVnffgsStep(OpenStackVnffgRealiser realiser, NsdSource nsds) : IStepHandler
{
    public const string HandlerKey = "nslcm.vnffg.apply";

    public string Key => HandlerKey;

    public async Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var (nsId, nsdFlavour) = await OpenStackVnffgStepData.FlavourAsync(context, nsds, cancellationToken);
        // The VNFFGs in force: an update's new state or the instance's recorded one; the chains of removed ones go.
        var state = context.Input[VnffgState.Key] as JsonObject ?? VnffgState.Recorded(
            await context.Db.NsInstances.AsNoTracking().Where(i => i.Id == nsId).Select(i => i.InstantiatedJson).SingleAsync(cancellationToken));
        var flavour = VnffgState.Effective(nsdFlavour, state);
        if (nsdFlavour.Vnffgs.Where(g => flavour.Vnffgs.All(e => e.Id != g.Id)).ToList() is { Count: > 0 } removed)
        {
            await realiser.RemoveAllAsync(nsId, nsdFlavour with { Vnffgs = removed }, cancellationToken);
        }
        var members = await context.Db.NsVnfs.AsNoTracking().Where(m => m.NsInstanceId == nsId).ToListAsync(cancellationToken);
        var ids = members.Select(m => m.VnfInstanceId).ToList();
        var states = await context.Db.VnfInstances.AsNoTracking().Where(v => ids.Contains(v.Id))
            .Select(v => new { v.Id, v.InstantiatedJson }).ToListAsync(cancellationToken);
        var vnfs = members
            .Select(m => (m, InstantiatedVnf.Parse(states.FirstOrDefault(s => s.Id == m.VnfInstanceId)?.InstantiatedJson)))
            .Where(x => x.Item2 is not null)
            .Select(x => new VnffgVnfInstance(x.m.VnfProfileId, x.m.VnfInstanceId, x.Item2!))
            .ToList();
        var vnffgContext = new VnffgContext(nsId, flavour, vnfs, new Dictionary<string, string>(StringComparer.Ordinal));
        var output = new JsonObject();
        foreach (var vnffg in flavour.Vnffgs)
        {
            var chains = await realiser.ApplyAsync(vnffgContext, vnffg.Id, cancellationToken);
            output[vnffg.Id] = new JsonArray([.. chains.Select(c => (JsonNode)JsonValue.Create(c.Id))]);
        }
        return new JsonObject { ["vnffgs"] = output };
    }

    public async Task CompensateAsync(StepContext context, CancellationToken cancellationToken)
    {
        var (nsId, flavour) = await OpenStackVnffgStepData.FlavourAsync(context, nsds, cancellationToken);
        await realiser.RemoveAllAsync(nsId, flavour, cancellationToken);
    }
}

/// <summary>NS LCM step <c>nslcm.vnffg.remove</c> on an OpenStack VIM: the port chains and SAP ports go before the VNFs.</summary>
internal sealed class OpenStackRemoveVnffgsStep(OpenStackVnffgRealiser realiser, NsdSource nsds) : IStepHandler
{
    public const string HandlerKey = "nslcm.vnffg.remove";

    public string Key => HandlerKey;

    public async Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var (nsId, flavour) = await OpenStackVnffgStepData.FlavourAsync(context, nsds, cancellationToken);
        await realiser.RemoveAllAsync(nsId, flavour, cancellationToken);
        return [];
    }

    public Task CompensateAsync(StepContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static class OpenStackVnffgStepData
{
    public static async Task<(Guid NsId, NsFlavour Flavour)> FlavourAsync(StepContext context, NsdSource nsds, CancellationToken cancellationToken)
    {
        var nsId = Guid.Parse((string)context.RunInput["nsInstanceId"]!);
        var ns = await context.Db.NsInstances.AsNoTracking().SingleAsync(i => i.Id == nsId, cancellationToken);
        var flavourId = context.Input["flavourId"] is JsonValue v ? v.GetValue<string>() : ns.FlavourId;
        return (nsId, NsdSource.Flavour(await nsds.GetAsync(ns.NsdInfoId, cancellationToken), flavourId));
    }
}
