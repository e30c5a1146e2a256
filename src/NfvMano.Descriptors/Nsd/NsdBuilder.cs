using NfvMano.Descriptors.Tosca;
using NfvMano.Descriptors.Validation;
using NfvMano.Descriptors.Vnfd;

namespace NfvMano.Descriptors.Nsd;

/// <summary>Builds the <see cref="NsDescriptor"/> from a loaded service template and checks its cross references.</summary>
internal static class NsdBuilder
{
    public const string NsType = "tosca.nodes.nfv.NS";

    public static bool IsNsd(ToscaModel model) =>
        model.Topologies.Any(t => t.Substitution?.NodeType?.DerivesFrom(NsType) == true || t.NodesDerivedFrom(NsType).Any());

    public static NsDescriptor? Build(ToscaModel model, ProblemList problems)
    {
        NsDescriptor? result = null;
        var flavours = new List<NsFlavour>();
        var layered = model.Topologies.Count(t => t.Substitution?.NodeType?.DerivesFrom(NsType) == true) > 0
            && model.Topologies.Count > 1;
        foreach (var topology in model.Topologies)
        {
            var nsNode = topology.NodesDerivedFrom(NsType).FirstOrDefault(n => !n.IsSubstitutable);
            var substitutesNs = topology.Substitution?.NodeType?.DerivesFrom(NsType) == true;
            if ((nsNode is null && !substitutesNs) || (layered && !substitutesNs))
            {
                continue;
            }

            var read = new ValueReader(topology, model.Registry);
            var props = new Dictionary<string, YNode?>(StringComparer.Ordinal);
            foreach (var (name, def) in topology.Substitution?.NodeType?.AllProperties ?? new Dictionary<string, PropertyDefinition>())
            {
                props[name] = def.Default;
            }

            foreach (var (k, v) in nsNode?.Properties ?? [])
            {
                props[k] = v;
            }

            var id = read.String(props.GetValueOrDefault("descriptor_id")) ?? "";
            if (result is not null && result.DescriptorId != id)
            {
                problems.Add("nsd.inconsistent-id", nsNode?.Location ?? topology.Substitution!.Location, $"descriptor_id '{id}' differs from '{result.DescriptorId}' of another flavour");
            }

            result ??= new NsDescriptor(id, read.String(props.GetValueOrDefault("designer")) ?? "", read.String(props.GetValueOrDefault("version")) ?? "",
                read.String(props.GetValueOrDefault("name")) ?? "", read.String(props.GetValueOrDefault("invariant_id")) ?? "",
                nsNode?.TypeName ?? topology.Substitution!.NodeTypeName, flavours);
            var flavourId = read.String(props.GetValueOrDefault("flavour_id")) ?? "";
            if (flavours.Any(f => f.FlavourId == flavourId))
            {
                problems.Add("nsd.duplicate-flavour", nsNode?.Location ?? topology.Substitution!.Location, $"flavour_id '{flavourId}' is used by more than one topology");
            }

            flavours.Add(BuildFlavour(topology, flavourId, read, problems));
        }

        if (result is null)
        {
            problems.Add("nsd.no-ns", model.EntryFile, $"no topology_template holds a {NsType} node template or substitutes one");
        }

        return result;
    }

    private static NsFlavour BuildFlavour(Topology topology, string flavourId, ValueReader read, ProblemList problems)
    {
        var vnfNodes = topology.NodesDerivedFrom(VnfdBuilder.VnfType).ToList();
        var vnfs = new List<VnfProfile>();
        foreach (var vnf in vnfNodes)
        {
            var profile = read.Get(vnf.Properties, "vnf_profile");
            var min = (int)(read.Int(read.Get(profile, "min_number_of_instances")) ?? 1);
            var max = (int)(read.Int(read.Get(profile, "max_number_of_instances")) ?? 1);
            if (min > max)
            {
                problems.Add("nsd.vnf-profile", vnf.Location.Child("properties", null).Child("vnf_profile", null), $"min_number_of_instances {min} is above max_number_of_instances {max}");
            }

            vnfs.Add(new VnfProfile(
                vnf.Name,
                read.String(read.Get(vnf.Properties, "descriptor_id")) ?? "",
                read.String(read.Get(vnf.Properties, "flavour_id")) ?? "",
                read.String(read.Get(profile, "instantiation_level")),
                min,
                max,
                read.String(read.Get(vnf.Properties, "provider")) ?? "",
                read.String(read.Get(vnf.Properties, "product_name")) ?? "",
                read.String(read.Get(vnf.Properties, "software_version")) ?? "",
                read.String(read.Get(vnf.Properties, "descriptor_version")) ?? "",
                [.. vnf.Requirements.Where(r => r.Name != "dependency").Select(r => LinkOf(topology, r)).OfType<VnfLinkConnection>()]));
        }

        var links = topology.NodesDerivedFrom("tosca.nodes.nfv.NsVirtualLink").Select(vl =>
        {
            var conn = read.Get(vl.Properties, "connectivity_type");
            var profile = read.Get(vl.Properties, "vl_profile");
            return new NsVirtualLink(vl.Name, read.String(read.Get(vl.Properties, "description")), read.Strings(read.Get(conn, "layer_protocols")),
                read.String(read.Get(conn, "flow_pattern")), read.Int(read.Get(read.Get(profile, "max_bitrate_requirements"), "root")),
                read.Int(read.Get(read.Get(profile, "min_bitrate_requirements"), "root")));
        }).ToList();

        var saps = topology.NodesDerivedFrom("tosca.nodes.nfv.Sap").Select(s => new Sap(s.Name, read.Strings(read.Get(s.Properties, "layer_protocols")),
            s.Targets("internal_virtual_link").FirstOrDefault(), s.Targets("external_virtual_link").FirstOrDefault())).ToList();

        var dependencies = topology.NodeTemplates.Values.SelectMany(n => n.Targets("dependency").Select(t => new NsDependency(n.Name, t))).ToList();

        // Scaling
        var aspects = new List<NsScalingAspect>();
        var mappings = new Dictionary<string, List<VnfLevelMapping>>(StringComparer.Ordinal);
        foreach (var policy in topology.PoliciesDerivedFrom("tosca.policies.nfv.VnfToLevelMapping"))
        {
            var aspect = read.String(read.Get(policy.Properties, "aspect")) ?? "";
            var list = mappings.TryGetValue(aspect, out var l) ? l : mappings[aspect] = [];
            var instances = new SortedDictionary<string, int>(read.Entries(read.Get(policy.Properties, "number_of_instances"))
                .ToDictionary(e => e.Key, e => (int)(read.Int(e.Value) ?? 0)), StringComparer.Ordinal);
            list.AddRange(policy.Targets.Select(t => new VnfLevelMapping(t, instances)));
        }

        foreach (var policy in topology.PoliciesDerivedFrom("tosca.policies.nfv.NsScalingAspects"))
        {
            foreach (var (aspectId, body) in read.Entries(read.Get(policy.Properties, "aspects")))
            {
                aspects.Add(new NsScalingAspect(aspectId, read.String(read.Get(body, "name")) ?? "", read.String(read.Get(body, "description")) ?? "",
                    [.. read.Entries(read.Get(body, "ns_scale_levels")).Select(e => e.Key)], mappings.GetValueOrDefault(aspectId) ?? []));
            }
        }

        foreach (var policy in topology.PoliciesDerivedFrom("tosca.policies.nfv.VnfToLevelMapping"))
        {
            var aspectId = read.String(read.Get(policy.Properties, "aspect")) ?? "";
            var aspect = aspects.FirstOrDefault(a => a.Id == aspectId);
            if (aspect is null)
            {
                problems.Add("nsd.unknown-aspect", policy.Location.Child("properties", null).Child("aspect", null), $"NS scaling aspect '{aspectId}' is not defined by an NsScalingAspects policy");
                continue;
            }

            foreach (var (level, _) in read.Entries(read.Get(policy.Properties, "number_of_instances")))
            {
                if (!aspect.Levels.Contains(level))
                {
                    problems.Add("nsd.unknown-level", policy.Location.Child("properties", null).Child("number_of_instances", null).Child(level, null),
                        $"'{level}' is not a scale level of NS aspect '{aspectId}'");
                }
            }
        }

        var levels = new List<NsInstantiationLevel>();
        string? defaultLevel = null;
        var vnfPerLevel = new Dictionary<string, SortedDictionary<string, int>>(StringComparer.Ordinal);
        foreach (var policy in topology.PoliciesDerivedFrom("tosca.policies.nfv.VnfToInstantiationLevelMapping"))
        {
            foreach (var (level, n) in read.Entries(read.Get(policy.Properties, "number_of_instances")))
            {
                var map = vnfPerLevel.TryGetValue(level, out var m) ? m : vnfPerLevel[level] = new(StringComparer.Ordinal);
                foreach (var t in policy.Targets)
                {
                    map[t] = (int)(read.Int(n) ?? 0);
                }
            }
        }

        foreach (var policy in topology.PoliciesDerivedFrom("tosca.policies.nfv.NsInstantiationLevels"))
        {
            defaultLevel = read.String(read.Get(policy.Properties, "default_level"));
            foreach (var (levelId, body) in read.Entries(read.Get(policy.Properties, "levels")))
            {
                var scale = new SortedDictionary<string, int>(StringComparer.Ordinal);
                foreach (var (aspectId, info) in read.Entries(read.Get(body, "scale_info")))
                {
                    scale[aspectId] = (int)(read.Int(read.Get(info, "scale_level")) ?? 0);
                    if (aspects.All(a => a.Id != aspectId))
                    {
                        problems.Add("nsd.unknown-aspect", policy.Location.Child("properties", null).Child("levels", null).Child(levelId, null).Child("scale_info", null).Child(aspectId, info),
                            $"NS scaling aspect '{aspectId}' is not defined by an NsScalingAspects policy");
                    }
                }

                levels.Add(new NsInstantiationLevel(levelId, read.String(read.Get(body, "description")) ?? "", scale, vnfPerLevel.GetValueOrDefault(levelId) ?? []));
            }

            if (defaultLevel is not null && levels.All(l => l.Id != defaultLevel))
            {
                problems.Add("nsd.unknown-level", policy.Location.Child("properties", null).Child("default_level", null), $"default_level '{defaultLevel}' is not one of the levels");
            }
        }

        foreach (var policy in topology.PoliciesDerivedFrom("tosca.policies.nfv.VnfToInstantiationLevelMapping"))
        {
            foreach (var (level, _) in read.Entries(read.Get(policy.Properties, "number_of_instances")))
            {
                if (levels.All(l => l.Id != level))
                {
                    problems.Add("nsd.unknown-level", policy.Location.Child("properties", null).Child("number_of_instances", null).Child(level, null),
                        $"'{level}' is not defined by an NsInstantiationLevels policy");
                }
            }
        }

        var rules = topology.Policies.Where(p => p.Type?.DerivesFrom("tosca.policies.nfv.AffinityRule") == true || p.Type?.DerivesFrom("tosca.policies.nfv.AntiAffinityRule") == true)
            .Select(p => new PlacementRule(p.Name, p.Type!.DerivesFrom("tosca.policies.nfv.AffinityRule"), read.String(read.Get(p.Properties, "scope")) ?? "", [.. p.Targets]))
            .ToList();

        return new NsFlavour(flavourId, topology.File, vnfs, links, saps, dependencies, aspects, levels, defaultLevel, rules, BuildVnffgs(topology, read, problems));
    }

    private static List<Vnffg> BuildVnffgs(Topology topology, ValueReader read, ProblemList problems)
    {
        var result = new List<Vnffg>();
        var rulesByNfp = topology.PoliciesDerivedFrom("tosca.policies.nfv.NfpRule")
            .SelectMany(p => p.Targets.Select(t => (Target: t, Rule: ReadRule(p, read))))
            .ToLookup(x => x.Target, x => x.Rule, StringComparer.Ordinal);

        foreach (var group in topology.Groups.Values.Where(g => g.Type?.DerivesFrom("tosca.groups.nfv.VNFFG") == true))
        {
            var propsAt = group.Location.Child("properties", null);
            var constituents = read.Strings(read.Get(group.Properties, "constituent_vnfs"));
            foreach (var vnf in constituents)
            {
                if (topology.NodeTemplates.GetValueOrDefault(vnf)?.Type?.DerivesFrom(VnfdBuilder.VnfType) != true)
                {
                    problems.Add("nsd.unknown-vnf", propsAt.Child("constituent_vnfs", null), $"constituent VNF '{vnf}' is not a VNF node template");
                }
            }

            var connectionPoints = read.Strings(read.Get(group.Properties, "connection_point"));
            foreach (var cp in connectionPoints)
            {
                if (!IsKnownCp(topology, read, constituents, cp))
                {
                    problems.Add("nsd.unknown-cp", propsAt.Child("connection_point", null),
                        $"connection point '{cp}' is neither a SAP nor a forwarding CP of a constituent VNF");
                }
            }

            var nfps = new List<Nfp>();
            foreach (var member in group.Members)
            {
                if (topology.NodeTemplates.GetValueOrDefault(member) is not { } nfpNode || nfpNode.Type?.DerivesFrom("tosca.nodes.nfv.NFP") != true)
                {
                    continue;
                }

                var positions = new List<NfpPosition>();
                foreach (var positionName in nfpNode.Targets("nfp_position"))
                {
                    if (topology.NodeTemplates.GetValueOrDefault(positionName) is not { } position)
                    {
                        continue;
                    }

                    var elements = new List<ForwardingElement>();
                    foreach (var elementName in position.Targets("element"))
                    {
                        if (topology.NodeTemplates.GetValueOrDefault(elementName) is not { } element)
                        {
                            continue;
                        }

                        var cps = element.Requirements.Where(r => r.Name == "profile_element").Select(r => CpOf(topology, r)).ToList();
                        foreach (var (cp, req) in cps.Zip(element.Requirements.Where(r => r.Name == "profile_element")))
                        {
                            var target = topology.NodeTemplates.GetValueOrDefault(cp.Node);
                            if (target?.Type?.DerivesFrom(VnfdBuilder.VnfType) == true && !constituents.Contains(cp.Node) && constituents.Count > 0)
                            {
                                problems.Add("nsd.unknown-vnf", req.Location, $"'{cp.Node}' is used by NFP '{nfpNode.Name}' but is not a constituent VNF of VNFFG '{group.Name}'");
                            }

                            if (target?.Type?.DerivesFrom(VnfdBuilder.VnfType) == true && cp.ConnectionPoint is null)
                            {
                                problems.Add("nsd.unknown-cp", req.Location, $"a VNF position element must name the VNF's forwarding CP (capability), e.g. {{ node: {cp.Node}, capability: <cp> }}");
                            }
                        }

                        elements.Add(new ForwardingElement(element.Name, cps));
                    }

                    positions.Add(new NfpPosition(position.Name, read.String(read.Get(position.Properties, "forwarding_behaviour")) ?? "all", elements));
                }

                nfps.Add(new Nfp(nfpNode.Name, [.. rulesByNfp[nfpNode.Name]], positions));
            }

            foreach (var nfp in topology.NodesDerivedFrom("tosca.nodes.nfv.NFP"))
            {
                if (!topology.Groups.Values.Any(g => g.Members.Contains(nfp.Name)))
                {
                    problems.Add("nsd.orphan-nfp", nfp.Location, $"NFP '{nfp.Name}' is not a member of any VNFFG");
                }
            }

            result.Add(new Vnffg(group.Name, read.String(read.Get(group.Properties, "description")) ?? "",
                (int)(read.Int(read.Get(group.Properties, "number_of_endpoints")) ?? 0), connectionPoints, constituents, [.. group.Members], nfps));
        }

        return result;
    }

    private const string ForwardingType = "tosca.nodes.nfv.Forwarding";

    // A VNF requirement reaches an NS virtual link directly, or through a Forwarding node (an NFP hop).
    private static VnfLinkConnection? LinkOf(Topology topology, RequirementAssignment requirement)
    {
        var target = topology.NodeTemplates.GetValueOrDefault(requirement.Node);
        if (target?.Type?.DerivesFrom(ForwardingType) == true)
        {
            target = target.Targets("virtual_link").Select(topology.NodeTemplates.GetValueOrDefault).FirstOrDefault();
        }

        return target?.Type?.DerivesFrom("tosca.nodes.nfv.NsVirtualLink") == true ? new VnfLinkConnection(requirement.Name, target.Name) : null;
    }

    // An NFP element naming a Forwarding node means the VNF CP (requirement) that links to it.
    private static CpReference CpOf(Topology topology, RequirementAssignment element)
    {
        if (topology.NodeTemplates.GetValueOrDefault(element.Node)?.Type?.DerivesFrom(ForwardingType) == true)
        {
            foreach (var vnf in topology.NodesDerivedFrom(VnfdBuilder.VnfType))
            {
                if (vnf.Requirements.FirstOrDefault(r => r.Node == element.Node) is { } link)
                {
                    return new CpReference(vnf.Name, link.Name);
                }
            }
        }

        return new CpReference(element.Node, element.Capability);
    }

    private static bool IsKnownCp(Topology topology, ValueReader read, IReadOnlyList<string> constituents, string cp)
    {
        if (topology.NodeTemplates.GetValueOrDefault(cp)?.Type is { } nodeType && (nodeType.DerivesFrom("tosca.nodes.nfv.Sap") || nodeType.DerivesFrom(ForwardingType)))
        {
            return true;
        }

        // A VNF CP is written as the VNF's forwarding capability, alone or as "vnf.capability".
        var dot = cp.IndexOf('.', StringComparison.Ordinal);
        var candidates = dot > 0 ? [cp[..dot]] : constituents;
        var capability = dot > 0 ? cp[(dot + 1)..] : cp;
        return candidates.Any(v => topology.NodeTemplates.GetValueOrDefault(v)?.Type?.AllCapabilities.TryGetValue(capability, out var c) == true
            && c.Type is not null && read.FindType(c.Type)?.DerivesFrom("tosca.capabilities.nfv.Forwarding") == true);
    }

    private static NfpRule ReadRule(PolicyTemplate policy, ValueReader read)
    {
        PortRange? Range(string key) => read.Get(policy.Properties, key) is { } r && ValueValidator.TryRange(r, out var lo, out var hi) ? new PortRange(lo, hi) : null;
        return new NfpRule(
            policy.Name,
            read.String(read.Get(policy.Properties, "ether_type")),
            read.String(read.Get(policy.Properties, "protocol")),
            read.String(read.Get(policy.Properties, "dscp")),
            read.Strings(read.Get(policy.Properties, "vlan_tag")),
            Range("source_port_range"),
            Range("destination_port_range"),
            read.String(read.Get(policy.Properties, "source_ip_address_prefix")),
            read.String(read.Get(policy.Properties, "destination_ip_address_prefix")),
            read.String(read.Get(policy.Properties, "ether_source_address")),
            read.String(read.Get(policy.Properties, "ether_destination_address")));
    }
}
