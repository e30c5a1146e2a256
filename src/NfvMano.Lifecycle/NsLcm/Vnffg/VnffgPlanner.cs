using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NfvMano.Descriptors.Nsd;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Vim.Ovs.Chains;
using NsdVnffg = NfvMano.Descriptors.Nsd.Vnffg;
using OvsPortRange = NfvMano.Vim.Ovs.Chains.PortRange;

namespace NfvMano.Lifecycle.NsLcm.Vnffg;

/// <summary>
/// The pure part of realising a VNFFG: from the NSD's NFPs and the NS instance's VNFC records to one chain per NFP,
/// with each VNFC port named by the MAC the VNF LCM gave it (<see cref="ExternalPorts.Mac"/>).
/// </summary>
/// <remarks>
/// <para>
/// A position element's first CP reference is where traffic enters the VNF, its last where it leaves (one reference: a
/// one-armed VNF). A reference names a VNF profile and a forwarding capability of its node type; the capability is
/// resolved to a VDU CP by, in order: the context's <see cref="VnffgContext.ForwardingCps"/>; the capability itself
/// when it is a port of the VNF's VNFCs; the convention of the sample NSDs, capability <c>fwd_X</c> = the CP that the
/// VNF's requirement <c>virtual_link_X</c> connects, found as the one pluggable VDU CP of the VNF's external virtual
/// link whose id is the NS virtual link the NSD binds that requirement to.
/// </para>
/// <para>
/// Traffic enters by the first SAP among the VNFFG's connection points and leaves by the last, unless the first or
/// last position names a SAP itself. Every VNFC of the profile's instances that has both CPs is an instance of the
/// hop, so a scaled-out VNF spreads the flows over all its VNFCs. An NFP without classifier rules steers everything
/// that enters at its ingress SAP.
/// </para>
/// </remarks>
public static class VnffgPlanner
{
    /// <summary>The chain id of an NFP: the NS instance, VNFFG and NFP ids, so each NS instance's rules are apart.</summary>
    public static string ChainId(Guid nsInstanceId, string vnffgId, string nfpId) => $"{nsInstanceId:D}/{vnffgId}/{nfpId}";

    /// <summary>
    /// The bridge port realising a SAP of an NS instance when the NS LCM makes it itself (an OVS internal port):
    /// <c>nsap</c> and 11 hex digits of SHA-256(NS instance id/SAP id), within the 15 characters of an interface name
    /// and the same on every call, so a retried step finds the port it made.
    /// </summary>
    public static string SapPortName(Guid nsInstanceId, string sapId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{nsInstanceId:N}/{sapId}"));
        return "nsap" + Convert.ToHexStringLower(hash)[..11];
    }

    /// <summary>The SAPs the VNFFGs of the flavour start or end at (those that need a bridge port).</summary>
    public static IReadOnlyList<string> SapsOf(NsFlavour flavour)
    {
        ArgumentNullException.ThrowIfNull(flavour);
        var saps = flavour.Saps.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        return [.. flavour.Vnffgs
            .SelectMany(g => g.ConnectionPoints.Concat(g.Nfps.SelectMany(n => n.Positions).SelectMany(p => p.Elements).SelectMany(e => e.ConnectionPoints).Select(c => c.Node)))
            .Where(saps.Contains)
            .Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The chain ids of every NFP of <paramref name="vnffg"/>.</summary>
    public static IReadOnlyList<string> ChainIds(Guid nsInstanceId, NsdVnffg vnffg)
    {
        ArgumentNullException.ThrowIfNull(vnffg);
        return [.. vnffg.Nfps.Select(n => ChainId(nsInstanceId, vnffg.Id, n.Id))];
    }

    /// <summary>The VNFFG <paramref name="vnffgId"/> of the flavour, or a <see cref="VnffgException"/> naming those it has.</summary>
    public static NsdVnffg Find(Guid nsInstanceId, NsFlavour flavour, string vnffgId)
    {
        ArgumentNullException.ThrowIfNull(flavour);
        return flavour.Vnffgs.FirstOrDefault(g => g.Id == vnffgId)
            ?? throw new VnffgException(nsInstanceId, vnffgId,
                [$"NS flavour {flavour.FlavourId} has no VNFFG '{vnffgId}' (it has {string.Join(", ", flavour.Vnffgs.Select(g => g.Id).DefaultIfEmpty("none"))})"]);
    }

    /// <summary>One plan per NFP of the VNFFG, or a <see cref="VnffgException"/> listing every problem.</summary>
    public static IReadOnlyList<NfpPlan> Plan(VnffgContext context, string vnffgId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var vnffg = Find(context.NsInstanceId, context.Flavour, vnffgId);
        var problems = new List<string>();
        var plans = new List<NfpPlan>();
        if (vnffg.Nfps.Count == 0)
        {
            problems.Add("it has no NFP");
        }

        foreach (var nfp in vnffg.Nfps)
        {
            if (PlanNfp(context, vnffg, nfp, problems) is { } plan)
            {
                plans.Add(plan);
            }
        }

        return problems.Count == 0 ? plans : throw new VnffgException(context.NsInstanceId, vnffgId, problems);
    }

    /// <summary>The OVS classifier of a SOL001 <c>NfpRule</c>; what cannot be expressed is added to <paramref name="problems"/>.</summary>
    public static FlowClassifier? Classifier(NfpRule rule, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(problems);
        var where = $"classifier {rule.Id}";
        var before = problems.Count;
        int? dscp = null;
        if (rule.Dscp is { } d)
        {
            if (int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= 63)
            {
                dscp = value;
            }
            else
            {
                problems.Add($"{where}: dscp '{d}' is not 0-63");
            }
        }

        var vlans = new List<int>();
        foreach (var tag in rule.VlanTags)
        {
            if (int.TryParse(tag, NumberStyles.None, CultureInfo.InvariantCulture, out var vlan) && vlan <= 4095)
            {
                vlans.Add(vlan);
            }
            else
            {
                problems.Add($"{where}: vlan_tag '{tag}' is not 0-4095");
            }
        }

        var sourcePorts = Ports(rule.SourcePortRange, $"{where}: source_port_range", problems);
        var destinationPorts = Ports(rule.DestinationPortRange, $"{where}: destination_port_range", problems);
        if (problems.Count > before)
        {
            return null;
        }

        return new FlowClassifier
        {
            EtherType = rule.EtherType?.ToLowerInvariant(),
            Protocol = rule.Protocol?.ToLowerInvariant(),
            SourceIpPrefix = rule.SourceIpAddressPrefix,
            DestinationIpPrefix = rule.DestinationIpAddressPrefix,
            SourcePorts = sourcePorts,
            DestinationPorts = destinationPorts,
            Dscp = dscp,
            VlanIds = vlans,
            EtherSource = rule.EtherSourceAddress,
            EtherDestination = rule.EtherDestinationAddress,
        };
    }

    private static OvsPortRange? Ports(Descriptors.Nsd.PortRange? range, string where, ICollection<string> problems)
    {
        if (range is null)
        {
            return null;
        }

        if (range.Lower < 0 || range.Upper > 65535 || range.Lower > range.Upper)
        {
            problems.Add($"{where} [{range.Lower}, {range.Upper}] is not an ascending range within 0-65535");
            return null;
        }

        return new OvsPortRange((int)range.Lower, (int)range.Upper);
    }

    private static NfpPlan? PlanNfp(VnffgContext context, NsdVnffg vnffg, Nfp nfp, List<string> problems)
    {
        var before = problems.Count;
        var where = $"NFP {nfp.Id}";
        var classifiers = new List<FlowClassifier>();
        var ruleProblems = new List<string>();
        foreach (var rule in nfp.Rules)
        {
            if (Classifier(rule, ruleProblems) is { } classifier)
            {
                classifiers.Add(classifier);
            }
        }

        problems.AddRange(ruleProblems.Select(p => $"{where}: {p}"));
        if (nfp.Rules.Count == 0)
        {
            classifiers.Add(new FlowClassifier());
        }

        var sapIds = context.Flavour.Saps.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var endpoints = vnffg.ConnectionPoints.Where(sapIds.Contains).ToList();
        var ingressSap = endpoints.FirstOrDefault();
        var egressSap = endpoints.Count > 1 ? endpoints[^1] : null;

        var hops = new List<HopPlan>();
        for (var i = 0; i < nfp.Positions.Count; i++)
        {
            var position = nfp.Positions[i];
            var nodes = position.Elements.SelectMany(e => e.ConnectionPoints).Select(c => c.Node).Distinct(StringComparer.Ordinal).ToList();
            if (nodes.Count == 1 && sapIds.Contains(nodes[0]) && (i == 0 || i == nfp.Positions.Count - 1))
            {
                // A position that is a SAP is an end of the path rather than a hop.
                if (i == 0)
                {
                    ingressSap = nodes[0];
                }
                else
                {
                    egressSap = nodes[0];
                }

                continue;
            }

            if (PlanHop(context, position, $"{where} position {position.Id}", problems) is { } hop)
            {
                hops.Add(hop);
            }
        }

        if (hops.Count == 0 && problems.Count == before)
        {
            problems.Add($"{where}: no position names a VNF");
        }

        var ingressPort = SapPort(context, ingressSap, "ingress", where, problems);
        var egressPort = SapPort(context, egressSap, "egress", where, problems);
        return problems.Count > before
            ? null
            : new NfpPlan(ChainId(context.NsInstanceId, vnffg.Id, nfp.Id), nfp.Id, classifiers, ingressSap!, ingressPort!, hops, egressSap!, egressPort!);
    }

    private static string? SapPort(VnffgContext context, string? sap, string role, string where, List<string> problems)
    {
        if (sap is null)
        {
            problems.Add($"{where}: no {role} SAP (the VNFFG's connection points name no SAP of the flavour for it, nor does the NFP's {(role == "ingress" ? "first" : "last")} position)");
            return null;
        }

        if (context.SapPorts.GetValueOrDefault(sap) is not { Length: > 0 } port)
        {
            problems.Add($"{where}: {role} SAP {sap} has no bridge port (known SAP ports: {string.Join(", ", context.SapPorts.Keys.DefaultIfEmpty("none"))})");
            return null;
        }

        return port;
    }

    private static HopPlan? PlanHop(VnffgContext context, NfpPosition position, string where, List<string> problems)
    {
        var before = problems.Count;
        var pairs = new List<VnfcPortPair>();
        if (position.Elements.Count == 0)
        {
            problems.Add($"{where}: it has no element");
        }

        foreach (var element in position.Elements)
        {
            var elementWhere = $"{where} element {element.Id}";
            if (element.ConnectionPoints.Count == 0 || element.ConnectionPoints.Select(c => c.Node).Distinct(StringComparer.Ordinal).Count() != 1)
            {
                problems.Add($"{elementWhere}: its CP references must all name one VNF (they name {string.Join(", ", element.ConnectionPoints.Select(c => c.Node).DefaultIfEmpty("nothing"))})");
                continue;
            }

            var ingress = element.ConnectionPoints[0];
            var egress = element.ConnectionPoints[^1];
            var profile = context.Flavour.VnfProfiles.FirstOrDefault(p => p.Id == ingress.Node);
            if (profile is null)
            {
                problems.Add($"{elementWhere}: '{ingress.Node}' is not a VNF profile of NS flavour {context.Flavour.FlavourId}");
                continue;
            }

            var instances = context.Vnfs.Where(v => v.VnfProfileId == profile.Id).ToList();
            if (instances.Count == 0)
            {
                problems.Add($"{elementWhere}: the NS instance has no instance of VNF {profile.Id}");
                continue;
            }

            foreach (var instance in instances)
            {
                var inCp = ResolveCp(context, profile, instance, ingress.ConnectionPoint, elementWhere, problems);
                var outCp = ResolveCp(context, profile, instance, egress.ConnectionPoint, elementWhere, problems);
                if (inCp is null || outCp is null)
                {
                    continue;
                }

                foreach (var vnfc in instance.Vnf.Vnfcs.Where(c => c.Ports.ContainsKey(inCp) && c.Ports.ContainsKey(outCp)).OrderBy(c => c.Id, StringComparer.Ordinal))
                {
                    pairs.Add(new VnfcPortPair(
                        profile.Id, instance.InstanceId, vnfc.Id,
                        inCp, ExternalPorts.Mac(instance.InstanceId, vnfc.Id, inCp),
                        outCp, ExternalPorts.Mac(instance.InstanceId, vnfc.Id, outCp)));
                }

                if (!instance.Vnf.Vnfcs.Any(c => c.Ports.ContainsKey(inCp) && c.Ports.ContainsKey(outCp)))
                {
                    problems.Add($"{elementWhere}: no VNFC of VNF {profile.Id} instance {instance.InstanceId} has ports {inCp} and {outCp}");
                }
            }
        }

        return problems.Count > before ? null : new HopPlan(position.Id, pairs);
    }

    private static string? ResolveCp(VnffgContext context, VnfProfile profile, VnffgVnfInstance instance, string? capability, string where, List<string> problems)
    {
        var what = $"{where}: forwarding capability '{capability}' of VNF {profile.Id} instance {instance.InstanceId}";
        if (capability is null)
        {
            problems.Add($"{where}: a CP reference to VNF {profile.Id} names no forwarding capability");
            return null;
        }

        if (context.ForwardingCps?.GetValueOrDefault(profile.Id)?.GetValueOrDefault(capability) is { } mapped)
        {
            return mapped;
        }

        if (instance.Vnf.Vnfcs.Any(c => c.Ports.ContainsKey(capability)))
        {
            return capability;
        }

        const string Prefix = "fwd_";
        if (!capability.StartsWith(Prefix, StringComparison.Ordinal))
        {
            problems.Add($"{what}: it is no port of the VNF's VNFCs and not of the form fwd_X; map it to a VDU CP (ForwardingCps)");
            return null;
        }

        var requirement = "virtual_link_" + capability[Prefix.Length..];
        var link = profile.VirtualLinks.FirstOrDefault(l => l.Requirement == requirement)?.VirtualLink;
        if (link is null)
        {
            problems.Add($"{what}: by convention it is the CP of requirement {requirement}, which the NSD does not bind to an NS virtual link");
            return null;
        }

        var ext = instance.Vnf.ExtVirtualLinks?.FirstOrDefault(l => l.Id == link);
        if (ext is null)
        {
            problems.Add($"{what}: the VNF instance has no external virtual link '{link}' (requirement {requirement}'s NS virtual link)");
            return null;
        }

        var cps = ext.ExtCps.Select(c => c.CpdId).Distinct(StringComparer.Ordinal)
            .Where(cp => instance.Vnf.Vnfcs.Any(c => c.Ports.ContainsKey(cp))).ToList();
        if (cps.Count != 1)
        {
            problems.Add($"{what}: external virtual link '{link}' should connect exactly one VDU port of the VNFCs, it connects {(cps.Count == 0 ? "none" : string.Join(", ", cps))}");
            return null;
        }

        return cps[0];
    }
}
