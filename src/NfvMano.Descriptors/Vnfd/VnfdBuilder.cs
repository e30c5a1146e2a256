using NfvMano.Descriptors.Epa;
using NfvMano.Descriptors.Tosca;
using NfvMano.Descriptors.Validation;

namespace NfvMano.Descriptors.Vnfd;

/// <summary>Builds the <see cref="VnfDescriptor"/> from a loaded service template and checks its cross references.</summary>
internal static class VnfdBuilder
{
    public const string VnfType = "tosca.nodes.nfv.VNF";

    public static bool IsVnfd(ToscaModel model) =>
        model.Topologies.Any(t => t.Substitution?.NodeType?.DerivesFrom(VnfType) == true || t.NodesDerivedFrom(VnfType).Any());

    private static NodeTemplate? FlavourVnfNode(Topology topology) => topology.NodesDerivedFrom(VnfType).FirstOrDefault(n => !n.IsSubstitutable);

    public static VnfDescriptor? Build(ToscaModel model, ProblemList problems, Func<string, string, string?>? digestOf = null)
    {
        var flavours = new List<DeploymentFlavour>();
        VnfIdentity? identity = null;

        // When flavour files substitute the VNF node, a template without substitution_mappings is the
        // top-level VNFD (its VNF node stands for whichever flavour is selected), not a flavour itself.
        var layered = model.Topologies.Any(t => t.Substitution?.NodeType?.DerivesFrom(VnfType) == true);
        foreach (var topology in model.Topologies)
        {
            var substitutesVnf = topology.Substitution?.NodeType?.DerivesFrom(VnfType) == true;
            var vnfNode = FlavourVnfNode(topology);
            if ((!substitutesVnf && vnfNode is null) || (layered && !substitutesVnf))
            {
                continue;
            }

            var read = new ValueReader(topology, model.Registry);
            var props = EffectiveVnfProperties(topology, vnfNode, read);
            var id = new VnfIdentity(
                read.String(props.GetValueOrDefault("descriptor_id")) ?? "",
                read.String(props.GetValueOrDefault("descriptor_version")) ?? "",
                read.String(props.GetValueOrDefault("provider")) ?? "",
                read.String(props.GetValueOrDefault("product_name")) ?? "",
                read.String(props.GetValueOrDefault("software_version")) ?? "",
                read.String(props.GetValueOrDefault("product_info_name")),
                read.String(props.GetValueOrDefault("product_info_description")),
                read.Strings(props.GetValueOrDefault("vnfm_info")),
                vnfNode?.TypeName ?? topology.Substitution!.NodeTypeName);
            var at = vnfNode?.Location ?? topology.Substitution!.Location;
            if (identity is null)
            {
                identity = id;
            }
            else if (identity.DescriptorId != id.DescriptorId)
            {
                problems.Add("vnfd.inconsistent-id", at, $"descriptor_id '{id.DescriptorId}' differs from '{identity.DescriptorId}' of another flavour");
            }

            var flavourId = read.String(topology.Substitution?.Properties.GetValueOrDefault("flavour_id") is YSequence { Items.Count: 1 } inputRef
                    ? read.Resolve(new YMappingBuilder("get_input", inputRef.Items[0]).Build())
                    : topology.Substitution?.Properties.GetValueOrDefault("flavour_id"))
                ?? read.String(props.GetValueOrDefault("flavour_id"));
            if (string.IsNullOrEmpty(flavourId))
            {
                problems.Add("vnfd.no-flavour-id", at, "the deployment flavour has no flavour_id");
                flavourId = "";
            }
            else if (flavours.Any(f => f.FlavourId == flavourId))
            {
                problems.Add("vnfd.duplicate-flavour", at, $"flavour_id '{flavourId}' is used by more than one topology");
            }

            flavours.Add(BuildFlavour(topology, vnfNode, flavourId, read.String(props.GetValueOrDefault("flavour_description")) ?? "", read, problems, digestOf));
        }

        if (identity is null)
        {
            problems.Add("vnfd.no-vnf", model.EntryFile, $"no topology_template holds a {VnfType} node template or substitutes one");
            return null;
        }

        return new VnfDescriptor(identity.DescriptorId, identity.DescriptorVersion, identity.Provider, identity.ProductName, identity.SoftwareVersion,
            identity.ProductInfoName, identity.ProductInfoDescription, identity.VnfmInfo, identity.NodeType, flavours);
    }

    private sealed record VnfIdentity(string DescriptorId, string DescriptorVersion, string Provider, string ProductName, string SoftwareVersion,
        string? ProductInfoName, string? ProductInfoDescription, IReadOnlyList<string> VnfmInfo, string NodeType);

    private static Dictionary<string, YNode?> EffectiveVnfProperties(Topology topology, NodeTemplate? vnfNode, ValueReader read)
    {
        var result = new Dictionary<string, YNode?>(StringComparer.Ordinal);
        foreach (var (name, def) in topology.Substitution?.NodeType?.AllProperties ?? new Dictionary<string, PropertyDefinition>())
        {
            result[name] = def.Default;
        }

        foreach (var (name, value) in vnfNode?.Properties ?? [])
        {
            if (read.Resolve(value) is not null)
            {
                result[name] = value;
            }
        }

        return result;
    }

    private static DeploymentFlavour BuildFlavour(Topology topology, NodeTemplate? vnfNode, string flavourId, string description, ValueReader read, ProblemList problems, Func<string, string, string?>? digestOf)
    {
        var aspects = new List<ScalingAspect>();
        var deltasByAspect = new Dictionary<string, List<VduScalingDelta>>(StringComparer.Ordinal);
        foreach (var policy in topology.PoliciesDerivedFrom("tosca.policies.nfv.VduScalingAspectDeltas"))
        {
            var aspect = read.String(read.Get(policy.Properties, "aspect")) ?? "";
            var list = deltasByAspect.TryGetValue(aspect, out var l) ? l : deltasByAspect[aspect] = [];
            foreach (var target in policy.Targets)
            {
                foreach (var (deltaId, delta) in read.Entries(read.Get(policy.Properties, "deltas")))
                {
                    list.Add(new VduScalingDelta(target, deltaId, (int)(read.Int(read.Get(delta, "number_of_instances")) ?? 0)));
                }
            }
        }

        foreach (var policy in topology.PoliciesDerivedFrom("tosca.policies.nfv.ScalingAspects"))
        {
            foreach (var (aspectId, body) in read.Entries(read.Get(policy.Properties, "aspects")))
            {
                var stepDeltas = read.Strings(read.Get(body, "step_deltas"));
                aspects.Add(new ScalingAspect(aspectId, read.String(read.Get(body, "name")) ?? "", read.String(read.Get(body, "description")) ?? "",
                    (int)(read.Int(read.Get(body, "max_scale_level")) ?? 0), stepDeltas, deltasByAspect.GetValueOrDefault(aspectId) ?? []));
            }
        }

        foreach (var policy in topology.PoliciesDerivedFrom("tosca.policies.nfv.VduScalingAspectDeltas"))
        {
            var aspectId = read.String(read.Get(policy.Properties, "aspect")) ?? "";
            var aspect = aspects.FirstOrDefault(a => a.Id == aspectId);
            var at = policy.Location.Child("properties", null).Child("aspect", null);
            if (aspect is null)
            {
                problems.Add("vnfd.unknown-aspect", at, $"scaling aspect '{aspectId}' is not defined by a ScalingAspects policy");
                continue;
            }

            foreach (var (deltaId, _) in read.Entries(read.Get(policy.Properties, "deltas")))
            {
                if (aspect.StepDeltas.Count > 0 && !aspect.StepDeltas.Contains(deltaId))
                {
                    problems.Add("vnfd.unknown-delta", policy.Location.Child("properties", null).Child("deltas", null).Child(deltaId, null),
                        $"delta '{deltaId}' is not among the step_deltas of aspect '{aspectId}'");
                }
            }
        }

        foreach (var aspect in aspects)
        {
            foreach (var step in aspect.StepDeltas.Distinct())
            {
                if (!aspect.VduDeltas.Any(d => d.DeltaId == step))
                {
                    problems.Add("vnfd.unknown-delta", topology.PoliciesDerivedFrom("tosca.policies.nfv.ScalingAspects").First().Location,
                        $"step delta '{step}' of aspect '{aspect.Id}' is not defined by any VduScalingAspectDeltas policy");
                }
            }
        }

        // Instantiation levels
        var levels = new List<InstantiationLevel>();
        string? defaultLevel = null;
        var vduLevels = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var policy in topology.PoliciesDerivedFrom("tosca.policies.nfv.VduInstantiationLevels"))
        {
            foreach (var (levelId, body) in read.Entries(read.Get(policy.Properties, "levels")))
            {
                var map = vduLevels.TryGetValue(levelId, out var m) ? m : vduLevels[levelId] = new(StringComparer.Ordinal);
                foreach (var target in policy.Targets)
                {
                    map[target] = (int)(read.Int(read.Get(body, "number_of_instances")) ?? 0);
                }
            }
        }

        foreach (var policy in topology.PoliciesDerivedFrom("tosca.policies.nfv.InstantiationLevels"))
        {
            defaultLevel = read.String(read.Get(policy.Properties, "default_level"));
            foreach (var (levelId, body) in read.Entries(read.Get(policy.Properties, "levels")))
            {
                var scale = new SortedDictionary<string, int>(StringComparer.Ordinal);
                foreach (var (aspectId, info) in read.Entries(read.Get(body, "scale_info")))
                {
                    var level = (int)(read.Int(read.Get(info, "scale_level")) ?? 0);
                    scale[aspectId] = level;
                    var at = policy.Location.Child("properties", null).Child("levels", null).Child(levelId, null).Child("scale_info", null).Child(aspectId, info);
                    var aspect = aspects.FirstOrDefault(a => a.Id == aspectId);
                    if (aspect is null)
                    {
                        problems.Add("vnfd.unknown-aspect", at, $"scaling aspect '{aspectId}' is not defined by a ScalingAspects policy");
                    }
                    else if (level > aspect.MaxScaleLevel)
                    {
                        problems.Add("vnfd.scale-level", at, $"scale_level {level} is above max_scale_level {aspect.MaxScaleLevel} of aspect '{aspectId}'");
                    }
                }

                levels.Add(new InstantiationLevel(levelId, read.String(read.Get(body, "description")) ?? "", scale,
                    new SortedDictionary<string, int>(vduLevels.GetValueOrDefault(levelId) ?? [], StringComparer.Ordinal)));
            }

            if (defaultLevel is not null && levels.All(l => l.Id != defaultLevel))
            {
                problems.Add("vnfd.unknown-level", policy.Location.Child("properties", null).Child("default_level", null), $"default_level '{defaultLevel}' is not one of the levels");
            }
        }

        foreach (var policy in topology.PoliciesDerivedFrom("tosca.policies.nfv.VduInstantiationLevels"))
        {
            foreach (var (levelId, _) in read.Entries(read.Get(policy.Properties, "levels")))
            {
                if (levels.All(l => l.Id != levelId))
                {
                    problems.Add("vnfd.unknown-level", policy.Location.Child("properties", null).Child("levels", null).Child(levelId, null),
                        $"instantiation level '{levelId}' is not defined by an InstantiationLevels policy");
                }
            }
        }

        // VDUs
        var cps = topology.NodesDerivedFrom("tosca.nodes.nfv.VduCp").ToList();
        var vdus = new List<Vdu>();
        foreach (var node in topology.NodesDerivedFrom("tosca.nodes.nfv.Vdu.Compute"))
        {
            var profile = read.Get(node.Properties, "vdu_profile");
            var min = (int)(read.Int(read.Get(profile, "min_number_of_instances")) ?? 0);
            var max = (int)(read.Int(read.Get(profile, "max_number_of_instances")) ?? 0);
            var profileAt = node.Location.Child("properties", null).Child("vdu_profile", null);
            if (min > max)
            {
                problems.Add("vnfd.vdu-profile", profileAt, $"min_number_of_instances {min} is above max_number_of_instances {max}");
            }

            var initial = min;
            foreach (var policy in topology.PoliciesDerivedFrom("tosca.policies.nfv.VduInitialDelta").Where(p => p.Targets.Contains(node.Name)))
            {
                initial = (int)(read.Int(read.Get(read.Get(policy.Properties, "initial_delta"), "number_of_instances")) ?? min);
                if (initial < min || initial > max)
                {
                    problems.Add("vnfd.vdu-profile", policy.Location.Child("properties", null).Child("initial_delta", null),
                        $"initial delta {initial} for '{node.Name}' is outside its vdu_profile [{min}, {max}]");
                }
            }

            foreach (var level in levels)
            {
                if (level.VduInstances.TryGetValue(node.Name, out var n) && (n < min || n > max))
                {
                    problems.Add("vnfd.vdu-profile", profileAt, $"instantiation level '{level.Id}' asks for {n} instances of '{node.Name}', outside [{min}, {max}]");
                }
            }

            var myPorts = cps.Where(cp => cp.Targets("virtual_binding").Contains(node.Name)).OrderBy(cp => read.Int(read.Get(cp.Properties, "order")) ?? int.MaxValue).ThenBy(cp => cp.Name, StringComparer.Ordinal).ToList();
            var compute = node.CapabilityProperties.GetValueOrDefault("virtual_compute") ?? [];
            var cpu = read.Get(compute, "virtual_cpu");
            double? clock = read.String(read.Get(cpu, "virtual_cpu_clock")) is { } c && ScalarUnits.TryParseFrequency(c, out var hz) ? hz : null;
            vdus.Add(new Vdu(
                node.Name,
                read.String(read.Get(node.Properties, "name")) ?? node.Name,
                read.String(read.Get(node.Properties, "description")) ?? "",
                min,
                max,
                initial,
                read.String(read.Get(cpu, "cpu_architecture")),
                clock,
                read.Bool(read.Get(node.Properties, "boot_order")) ?? false,
                Image(node, read, problems, digestOf),
                [.. node.Targets("virtual_storage")],
                [.. myPorts.Select(p => p.Name)],
                EpaNormalizer.Normalize(node, myPorts, read, problems)));
        }

        var storages = new List<VirtualStorage>();
        foreach (var node in topology.NodesDerivedFrom("tosca.nodes.nfv.Vdu.VirtualBlockStorage"))
        {
            var data = read.Get(node.Properties, "virtual_block_storage_data");
            storages.Add(new VirtualStorage(node.Name, "block", read.SizeBytes(read.Get(data, "size_of_storage")), read.Bool(read.Get(data, "rdma_enabled")),
                read.Bool(read.Get(node.Properties, "per_vnfc_instance")) ?? true, Image(node, read, problems, digestOf)));
        }

        foreach (var node in topology.NodesDerivedFrom("tosca.nodes.nfv.Vdu.VirtualObjectStorage"))
        {
            var data = read.Get(node.Properties, "virtual_object_storage_data");
            storages.Add(new VirtualStorage(node.Name, "object", read.SizeBytes(read.Get(data, "max_size_of_storage")), null, false, null));
        }

        var connectionPoints = cps.Select(cp => new VduConnectionPoint(
            cp.Name,
            cp.Targets("virtual_binding").FirstOrDefault(),
            cp.Targets("virtual_link").FirstOrDefault(),
            read.Strings(read.Get(cp.Properties, "layer_protocols")),
            read.String(read.Get(cp.Properties, "role")),
            (int?)read.Int(read.Get(cp.Properties, "order")),
            read.String(read.Get(cp.Properties, "vnic_type")),
            read.Int(read.Get(cp.Properties, "bitrate_requirement")),
            new SortedDictionary<string, string>(read.Items(read.Get(cp.Properties, "virtual_network_interface_requirements"))
                .SelectMany(r => read.StringMap(read.Get(r, "network_interface_requirements"))).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value), StringComparer.Ordinal)))
            .ToList();

        var links = topology.NodesDerivedFrom("tosca.nodes.nfv.VnfVirtualLink").Select(vl =>
        {
            var conn = read.Get(vl.Properties, "connectivity_type");
            var profile = read.Get(vl.Properties, "vl_profile");
            return new VnfVirtualLink(
                vl.Name,
                read.String(read.Get(vl.Properties, "description")),
                read.Strings(read.Get(conn, "layer_protocols")),
                read.String(read.Get(conn, "flow_pattern")),
                read.Int(read.Get(read.Get(profile, "max_bitrate_requirements"), "root")),
                read.Int(read.Get(read.Get(profile, "min_bitrate_requirements"), "root")),
                [.. read.Items(read.Get(profile, "virtual_link_protocol_data")).Select(p => new VirtualLinkProtocol(
                    read.String(read.Get(p, "associated_layer_protocol")) ?? "",
                    read.String(read.Get(read.Get(p, "l2_protocol_data"), "network_type")),
                    read.Int(read.Get(read.Get(p, "l2_protocol_data"), "mtu")),
                    read.String(read.Get(read.Get(p, "l3_protocol_data"), "ip_version")),
                    read.String(read.Get(read.Get(p, "l3_protocol_data"), "cidr")),
                    read.Bool(read.Get(read.Get(p, "l3_protocol_data"), "dhcp_enabled"))))]);
        }).ToList();

        var exposed = topology.Substitution?.Requirements ?? [];
        var extCps = topology.NodesDerivedFrom("tosca.nodes.nfv.VnfExtCp").Select(cp => new VnfExtCp(
            cp.Name,
            cp.Targets("internal_virtual_link").FirstOrDefault(),
            read.Strings(read.Get(cp.Properties, "layer_protocols")),
            exposed.FirstOrDefault(e => e.Value.Node == cp.Name).Key)).ToList();

        var rules = topology.Policies.Where(p => p.Type?.DerivesFrom("tosca.policies.nfv.AffinityRule") == true || p.Type?.DerivesFrom("tosca.policies.nfv.AntiAffinityRule") == true)
            .Select(p => new PlacementRule(p.Name, p.Type!.DerivesFrom("tosca.policies.nfv.AffinityRule"), read.String(read.Get(p.Properties, "scope")) ?? "", [.. p.Targets]))
            .ToList();

        var securityRules = topology.PoliciesDerivedFrom("tosca.policies.nfv.SecurityGroupRule").Select(p => new SecurityGroupRule(
            p.Name,
            read.String(read.Get(p.Properties, "direction")) ?? "ingress",
            read.String(read.Get(p.Properties, "ether_type")) ?? "ipv4",
            read.String(read.Get(p.Properties, "protocol")) ?? "tcp",
            (int)(read.Int(read.Get(p.Properties, "port_range_min")) ?? 0),
            (int)(read.Int(read.Get(p.Properties, "port_range_max")) ?? 65535),
            [.. p.Targets])).ToList();
        foreach (var rule in securityRules.Where(r => r.PortRangeMin > r.PortRangeMax))
        {
            problems.Add("vnfd.port-range", topology.Policies.First(p => p.Name == rule.Id).Location, $"port_range_min {rule.PortRangeMin} is above port_range_max {rule.PortRangeMax}");
        }

        var operations = vnfNode?.Interfaces.GetValueOrDefault("Vnflcm")?.Select(kv => new LcmOperation(kv.Key, kv.Value)).ToList() ?? [];
        return new DeploymentFlavour(flavourId, description, topology.File, vdus, storages, connectionPoints, links, extCps, aspects, levels, defaultLevel,
            rules, securityRules, operations, ExposedLinks(exposed, connectionPoints, extCps));
    }

    // Requirement → CP for the requirements mapped onto a CP's virtual_link / external_virtual_link, in name order.
    private static SortedDictionary<string, string> ExposedLinks(IReadOnlyDictionary<string, (string Node, string Name)> exposed,
        IEnumerable<VduConnectionPoint> cps, IEnumerable<VnfExtCp> extCps)
    {
        var names = cps.Select(c => c.Id).Concat(extCps.Select(c => c.Id)).ToHashSet(StringComparer.Ordinal);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (requirement, target) in exposed)
        {
            if (names.Contains(target.Node))
            {
                result[requirement] = target.Node;
            }
        }
        return result;
    }

    private static SoftwareImage? Image(NodeTemplate node, ValueReader read, ProblemList problems, Func<string, string, string?>? digestOf)
    {
        var images = node.Artifacts.Values.Where(a => a.Type?.DerivesFrom("tosca.artifacts.nfv.SwImage") == true).ToList();
        if (images.Count > 1)
        {
            problems.Add("vnfd.multiple-images", node.Location.Child("artifacts", null), $"'{node.Name}' has {images.Count} software images; at most one is allowed");
        }

        var artifact = images.FirstOrDefault();
        var data = read.Get(node.Properties, "sw_image_data");
        if (artifact is null && data is null)
        {
            return null;
        }

        // SOL001 2.x keeps image data in sw_image_data, 3.x and later on the artifact: take either.
        YNode? Field(string name) => read.Get(artifact?.Properties ?? [], name) ?? read.Get(data, name);
        var checksum = Field("checksum");
        var algorithm = read.String(read.Get(checksum, "algorithm"));
        var hash = read.String(read.Get(checksum, "hash"));
        if (artifact?.ResolvedPath is { } file && algorithm is not null && hash is not null
            && Csar.Manifest.CanonicalAlgorithm(algorithm) is { } canonical && digestOf?.Invoke(file, canonical) is { } actual
            && !actual.Equals(hash.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            var at = artifact.Properties.ContainsKey("checksum") ? artifact.Location.Child("properties", null).Child("checksum", null)
                : node.Location.Child("properties", null).Child("sw_image_data", null).Child("checksum", null);
            problems.Add("vnfd.image-checksum", at with { Line = checksum?.Line ?? at.Line, Column = checksum?.Column ?? at.Column },
                $"software image '{file}' has {canonical} {actual}, but its checksum says {hash.Trim()}");
        }

        return new SoftwareImage(
            artifact?.Name,
            artifact?.ResolvedPath,
            read.String(Field("name")),
            read.String(Field("version")),
            read.String(read.Get(checksum, "algorithm")),
            read.String(read.Get(checksum, "hash")),
            read.String(Field("container_format")),
            read.String(Field("disk_format")),
            read.SizeBytes(Field("min_disk")),
            read.SizeBytes(Field("min_ram")),
            read.SizeBytes(Field("size")));
    }
}
