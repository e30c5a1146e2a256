using NfvMano.Descriptors.Validation;

namespace NfvMano.Descriptors.Tosca;

/// <summary>Reads one topology_template and checks every template against its type and every reference.</summary>
internal sealed class TopologyReader(TypeRegistry registry, IPackageFiles files, ProblemList problems)
{
    private static readonly HashSet<string> NodeTemplateKeys = new(StringComparer.Ordinal)
    {
        "type", "description", "metadata", "directives", "properties", "attributes", "requirements", "capabilities", "interfaces", "artifacts", "node_filter", "copy",
    };

    private readonly ValueValidator _values = new(registry, problems);

    public Topology Read(YMapping tt, string file)
    {
        var topology = new Topology(file);
        var at = YamlLocation.Of(file, "topology_template", tt);

        if (tt["inputs"] is YMapping inputs)
        {
            foreach (var (name, body) in inputs.Entries)
            {
                var def = body as YMapping;
                topology.Inputs[name.Value] = new InputDefinition(name.Value, (def?["type"] as YScalar)?.Value ?? "string", def?["default"]);
            }
        }

        var nodesAt = at.Child("node_templates", tt["node_templates"]);
        if (tt["node_templates"] is YMapping nodes)
        {
            foreach (var (name, body) in nodes.Entries)
            {
                if (ReadNode(name.Value, body, nodesAt.Child(name.Value, name)) is { } node)
                {
                    topology.NodeTemplates[node.Name] = node;
                }
            }
        }
        else if (tt["node_templates"] is { } badNodes)
        {
            problems.Add("tosca.schema", nodesAt, "node_templates must be a mapping");
        }

        if (tt["groups"] is YMapping groups)
        {
            foreach (var (name, body) in groups.Entries)
            {
                if (ReadGroup(name.Value, body, at.Child("groups", groups).Child(name.Value, name)) is { } group)
                {
                    topology.Groups[group.Name] = group;
                }
            }
        }

        if (tt["policies"] is YSequence policies)
        {
            for (var i = 0; i < policies.Items.Count; i++)
            {
                if (policies.Items[i] is YMapping { Count: 1 } one)
                {
                    var (name, body) = one.Entries[0];
                    if (ReadPolicy(name.Value, body, at.Child("policies", policies).Child(name.Value, name)) is { } policy)
                    {
                        topology.Policies.Add(policy);
                    }
                }
                else
                {
                    problems.Add("tosca.schema", at.Child("policies", policies).Index(i, policies.Items[i]), "each policy must be a single-key mapping");
                }
            }
        }
        else if (tt["policies"] is YMapping policyMap)
        {
            // TOSCA 1.0 allowed a map; accept it.
            foreach (var (name, body) in policyMap.Entries)
            {
                if (ReadPolicy(name.Value, body, at.Child("policies", policyMap).Child(name.Value, name)) is { } policy)
                {
                    topology.Policies.Add(policy);
                }
            }
        }

        if (tt["substitution_mappings"] is YMapping sm)
        {
            topology.Substitution = ReadSubstitution(sm, at.Child("substitution_mappings", sm));
        }

        CheckReferences(topology);
        return topology;
    }

    private NodeTemplate? ReadNode(string name, YNode body, YamlLocation at)
    {
        if (body is not YMapping map)
        {
            problems.Add("tosca.schema", at, "a node template must be a mapping");
            return null;
        }

        foreach (var (key, _) in map.Entries)
        {
            if (!NodeTemplateKeys.Contains(key.Value))
            {
                problems.Add("tosca.unknown-key", at.Child(key.Value, key), $"'{key.Value}' is not a node template keyword");
            }
        }

        var typeName = (map["type"] as YScalar)?.Value;
        if (typeName is null)
        {
            problems.Add("tosca.schema", at, "type is required");
            return null;
        }

        var type = registry.Find(typeName);
        if (type is null || type.Kind != ToscaTypeKind.Node)
        {
            problems.Add("tosca.unknown-type", at.Child("type", map["type"]), $"unknown node type '{typeName}'");
            type = null;
        }

        var node = new NodeTemplate { Name = name, TypeName = typeName, Type = type, Location = at };
        node.IsSubstitutable = (map["directives"] as YSequence)?.Items.OfType<YScalar>().Any(d => d.Value == "substitute") == true;
        if (type is null)
        {
            return node;
        }

        foreach (var (k, v) in _values.ValidateProperties(map["properties"], type.AllProperties, at.Child("properties", map["properties"]), $"node type {type.Name}"))
        {
            node.Properties[k] = v;
        }

        ReadCapabilities(node, type, map["capabilities"], at.Child("capabilities", map["capabilities"]));
        ReadRequirements(node, map["requirements"], at.Child("requirements", map["requirements"]));
        ReadArtifacts(node, map["artifacts"], at.Child("artifacts", map["artifacts"]));
        ReadInterfaces(node, type, map["interfaces"], at.Child("interfaces", map["interfaces"]));
        return node;
    }

    private void ReadCapabilities(NodeTemplate node, ToscaType type, YNode? block, YamlLocation at)
    {
        var given = block as YMapping;
        foreach (var (name, def) in type.AllCapabilities)
        {
            var capAt = at.Child(name, given?[name]);
            var capType = def.Type is null ? null : registry.Find(def.Type);
            if (capType is null)
            {
                continue;
            }

            var body = given?[name] as YMapping;
            var props = body?["properties"];
            // Validate required properties only when the capability carries properties at all, or the type demands them.
            if (props is not null || capType.AllProperties.Values.Any(p => p.Required && p.Default is null))
            {
                node.CapabilityProperties[name] = _values.ValidateProperties(props, capType.AllProperties, capAt.Child("properties", props), $"capability type {capType.Name}");
            }
        }

        foreach (var (key, _) in given?.Entries ?? [])
        {
            if (!type.AllCapabilities.ContainsKey(key.Value))
            {
                problems.Add("tosca.unknown-capability", at.Child(key.Value, key), $"'{key.Value}' is not a capability of node type {type.Name}");
            }
        }
    }

    private void ReadRequirements(NodeTemplate node, YNode? block, YamlLocation at)
    {
        if (block is null or YScalar { IsNull: true })
        {
            return;
        }

        if (block is not YSequence list)
        {
            problems.Add("tosca.schema", at, "requirements must be a list");
            return;
        }

        for (var i = 0; i < list.Items.Count; i++)
        {
            var itemAt = at.Index(i, list.Items[i]);
            if (list.Items[i] is not YMapping { Count: 1 } one)
            {
                problems.Add("tosca.schema", itemAt, "each requirement must be a single-key mapping");
                continue;
            }

            var (name, value) = one.Entries[0];
            var reqAt = itemAt.Child(name.Value, value);
            string? target = null;
            string? capability = null;
            switch (value)
            {
                case YScalar s when !s.IsNull:
                    target = s.Value;
                    break;
                case YMapping m:
                    target = (m["node"] as YScalar)?.Value;
                    capability = (m["capability"] as YScalar)?.Value;
                    break;
            }

            if (target is null)
            {
                problems.Add("tosca.schema", reqAt, $"requirement '{name.Value}' must name a node template");
                continue;
            }

            node.Requirements.Add(new RequirementAssignment(name.Value, target, capability, reqAt));
        }
    }

    private void ReadArtifacts(NodeTemplate node, YNode? block, YamlLocation at)
    {
        if (block is not YMapping map)
        {
            return;
        }

        foreach (var (name, body) in map.Entries)
        {
            var artAt = at.Child(name.Value, name);
            string? typeName = null;
            string? file = null;
            YNode? props = null;
            switch (body)
            {
                case YScalar s:
                    file = s.Value;
                    typeName = "tosca.artifacts.File";
                    break;
                case YMapping m:
                    typeName = (m["type"] as YScalar)?.Value;
                    file = (m["file"] as YScalar)?.Value;
                    props = m["properties"];
                    break;
            }

            if (typeName is null || file is null)
            {
                problems.Add("tosca.schema", artAt, "an artifact needs a type and a file");
                continue;
            }

            var type = registry.Find(typeName);
            if (type is null || type.Kind != ToscaTypeKind.Artifact)
            {
                problems.Add("tosca.unknown-type", artAt.Child("type", (body as YMapping)?["type"]), $"unknown artifact type '{typeName}'");
                type = null;
            }

            var values = type is null ? [] : _values.ValidateProperties(props, type.AllProperties, artAt.Child("properties", props), $"artifact type {type.Name}");
            string? resolved = null;
            if (!PackagePath.IsUrl(file))
            {
                resolved = PackagePath.Resolve(node.Location.File, file);
                var fileAt = artAt.Child("file", (body as YMapping)?["file"] ?? body);
                if (resolved is null)
                {
                    problems.Add("tosca.artifact-outside-package", fileAt, $"artifact file '{file}' points outside the package");
                }
                else if (!files.Exists(resolved))
                {
                    problems.Add("tosca.artifact-missing", fileAt, $"artifact file '{resolved}' is not in the package");
                }
            }

            node.Artifacts[name.Value] = new ArtifactDefinition(name.Value, typeName, type, file, resolved, values, artAt);
        }
    }

    private void ReadInterfaces(NodeTemplate node, ToscaType type, YNode? block, YamlLocation at)
    {
        if (block is not YMapping map)
        {
            return;
        }

        foreach (var (iname, ibody) in map.Entries)
        {
            var iAt = at.Child(iname.Value, iname);
            if (!type.AllInterfaces.TryGetValue(iname.Value, out var itypeName))
            {
                problems.Add("tosca.unknown-interface", iAt, $"'{iname.Value}' is not an interface of node type {type.Name}");
                continue;
            }

            var itype = registry.Find(itypeName);
            var ops = new Dictionary<string, string?>(StringComparer.Ordinal);
            node.Interfaces[iname.Value] = ops;
            var opsMap = (ibody as YMapping)?["operations"] as YMapping ?? ibody as YMapping;
            foreach (var (opName, opBody) in opsMap?.Entries ?? [])
            {
                if (opName.Value is "type" or "inputs" or "operations" or "notifications" or "description")
                {
                    continue;
                }

                var opAt = iAt.Child(opName.Value, opName);
                if (itype is not null && !itype.AllOperations.Contains(opName.Value, StringComparer.Ordinal))
                {
                    problems.Add("tosca.unknown-operation", opAt, $"'{opName.Value}' is not an operation of interface {itype.Name}");
                    continue;
                }

                var implementation = opBody switch
                {
                    YScalar s when !s.IsNull => s.Value,
                    YMapping m => (m["implementation"] as YScalar)?.Value ?? ((m["implementation"] as YMapping)?["primary"] as YScalar)?.Value,
                    _ => null,
                };
                ops[opName.Value] = implementation;
                if (implementation is not null && !node.Artifacts.ContainsKey(implementation) && !PackagePath.IsUrl(implementation))
                {
                    var path = PackagePath.Resolve(node.Location.File, implementation);
                    if (path is null || !files.Exists(path))
                    {
                        problems.Add("tosca.unknown-artifact", opAt.Child("implementation", opBody),
                            $"implementation '{implementation}' is neither an artifact of {node.Name} nor a file in the package");
                    }
                }
            }
        }
    }

    private PolicyTemplate? ReadPolicy(string name, YNode body, YamlLocation at)
    {
        if (body is not YMapping map || (map["type"] as YScalar)?.Value is not { } typeName)
        {
            problems.Add("tosca.schema", at, "a policy needs a type");
            return null;
        }

        var type = registry.Find(typeName);
        if (type is null || type.Kind != ToscaTypeKind.Policy)
        {
            problems.Add("tosca.unknown-type", at.Child("type", map["type"]), $"unknown policy type '{typeName}'");
            type = null;
        }

        var policy = new PolicyTemplate { Name = name, TypeName = typeName, Type = type, Location = at };
        if (type is not null)
        {
            foreach (var (k, v) in _values.ValidateProperties(map["properties"], type.AllProperties, at.Child("properties", map["properties"]), $"policy type {type.Name}"))
            {
                policy.Properties[k] = v;
            }
        }

        foreach (var t in (map["targets"] as YSequence)?.Items ?? [])
        {
            if (t is YScalar ts)
            {
                policy.Targets.Add(ts.Value);
            }
        }

        return policy;
    }

    private GroupTemplate? ReadGroup(string name, YNode body, YamlLocation at)
    {
        if (body is not YMapping map || (map["type"] as YScalar)?.Value is not { } typeName)
        {
            problems.Add("tosca.schema", at, "a group needs a type");
            return null;
        }

        var type = registry.Find(typeName);
        if (type is null || type.Kind != ToscaTypeKind.Group)
        {
            problems.Add("tosca.unknown-type", at.Child("type", map["type"]), $"unknown group type '{typeName}'");
            type = null;
        }

        var group = new GroupTemplate { Name = name, TypeName = typeName, Type = type, Location = at };
        if (type is not null)
        {
            foreach (var (k, v) in _values.ValidateProperties(map["properties"], type.AllProperties, at.Child("properties", map["properties"]), $"group type {type.Name}"))
            {
                group.Properties[k] = v;
            }
        }

        foreach (var m in (map["members"] as YSequence)?.Items ?? [])
        {
            if (m is YScalar ms)
            {
                group.Members.Add(ms.Value);
            }
        }

        return group;
    }

    private SubstitutionMappings ReadSubstitution(YMapping sm, YamlLocation at)
    {
        var typeName = (sm["node_type"] as YScalar)?.Value ?? "";
        var type = registry.Find(typeName);
        if (type is null || type.Kind != ToscaTypeKind.Node)
        {
            problems.Add("tosca.unknown-type", at.Child("node_type", sm["node_type"]), $"substitution_mappings names unknown node type '{typeName}'");
        }

        var result = new SubstitutionMappings { NodeTypeName = typeName, NodeType = type, Location = at };
        foreach (var (k, v) in (sm["properties"] as YMapping)?.Entries ?? [])
        {
            result.Properties[k.Value] = v;
            if (type is not null && !type.AllProperties.ContainsKey(k.Value))
            {
                problems.Add("tosca.unknown-property", at.Child("properties", sm["properties"]).Child(k.Value, k), $"'{k.Value}' is not a property of node type {type.Name}");
            }
        }

        ReadMappingPairs(sm["requirements"], result.Requirements);
        ReadMappingPairs(sm["capabilities"], result.Capabilities);
        return result;
    }

    private static void ReadMappingPairs(YNode? block, Dictionary<string, (string, string)> into)
    {
        foreach (var (k, v) in (block as YMapping)?.Entries ?? [])
        {
            if (v is YSequence { Items.Count: 2 } pair && pair.Items[0] is YScalar n && pair.Items[1] is YScalar r)
            {
                into[k.Value] = (n.Value, r.Value);
            }
            else if (v is YMapping m && (m["mapping"] as YSequence) is { Items.Count: 2 } mp && mp.Items[0] is YScalar mn && mp.Items[1] is YScalar mr)
            {
                into[k.Value] = (mn.Value, mr.Value);
            }
        }
    }

    private void CheckReferences(Topology topology)
    {
        foreach (var node in topology.NodeTemplates.Values)
        {
            if (node.Type is null)
            {
                continue;
            }

            var definitions = node.Type.AllRequirements;
            foreach (var req in node.Requirements)
            {
                var def = definitions.FirstOrDefault(d => d.Name == req.Name);
                if (def is null)
                {
                    problems.Add("tosca.unknown-requirement", req.Location, $"'{req.Name}' is not a requirement of node type {node.Type.Name}");
                    continue;
                }

                if (!topology.NodeTemplates.TryGetValue(req.Node, out var target))
                {
                    problems.Add("tosca.unknown-node", req.Location, $"requirement '{req.Name}' names unknown node template '{req.Node}'");
                    continue;
                }

                if (target.Type is null)
                {
                    continue;
                }

                if (def.NodeType is not null && registry.Find(def.NodeType) is { } wanted && !target.Type.DerivesFrom(wanted.Name))
                {
                    problems.Add("tosca.wrong-target", req.Location, $"requirement '{req.Name}' needs a {wanted.Name}, but '{req.Node}' is a {target.Type.Name}");
                    continue;
                }

                if (def.Capability is null || registry.Find(def.Capability) is not { } capType)
                {
                    continue;
                }

                if (req.Capability is not null)
                {
                    if (!target.Type.AllCapabilities.TryGetValue(req.Capability, out var named))
                    {
                        // A capability type name is also allowed here by TOSCA.
                        if (!(registry.Find(req.Capability) is { } asType && asType.DerivesFrom(capType.Name)
                              && target.Type.AllCapabilities.Values.Any(c => c.Type is not null && registry.Find(c.Type)?.DerivesFrom(asType.Name) == true)))
                        {
                            problems.Add("tosca.unknown-capability", req.Location, $"'{req.Node}' has no capability '{req.Capability}'");
                        }
                    }
                    else if (named.Type is null || registry.Find(named.Type)?.DerivesFrom(capType.Name) != true)
                    {
                        problems.Add("tosca.wrong-target", req.Location, $"capability '{req.Capability}' of '{req.Node}' is not a {capType.Name}");
                    }
                }
                else if (!target.Type.AllCapabilities.Values.Any(c => c.Type is not null && registry.Find(c.Type)?.DerivesFrom(capType.Name) == true))
                {
                    problems.Add("tosca.wrong-target", req.Location, $"requirement '{req.Name}' needs a {capType.Name} capability, which '{req.Node}' ({target.Type.Name}) does not offer");
                }
            }

            foreach (var def in definitions)
            {
                var count = node.Requirements.Count(r => r.Name == def.Name);
                if (def.ExplicitOccurrences && count < def.MinOccurrences && topology.Substitution?.Requirements.Values.Any(m => m.Node == node.Name && m.Name == def.Name) != true)
                {
                    problems.Add("tosca.missing-requirement", node.Location, $"requirement '{def.Name}' is required (at least {def.MinOccurrences})");
                }
                else if (count > def.MaxOccurrences)
                {
                    problems.Add("tosca.requirement-occurrences", node.Location, $"requirement '{def.Name}' appears {count} times, at most {def.MaxOccurrences} allowed");
                }
            }
        }

        foreach (var policy in topology.Policies)
        {
            var allowed = policy.Type?.AllTargets ?? [];
            foreach (var target in policy.Targets)
            {
                ToscaType? targetType = topology.NodeTemplates.TryGetValue(target, out var n) ? n.Type
                    : topology.Groups.TryGetValue(target, out var g) ? g.Type : null;
                if (targetType is null && !topology.NodeTemplates.ContainsKey(target) && !topology.Groups.ContainsKey(target))
                {
                    problems.Add("tosca.unknown-target", policy.Location.Child("targets", null), $"policy target '{target}' is not a node template or group");
                    continue;
                }

                if (targetType is not null && allowed.Count > 0 && !allowed.Any(a => targetType.DerivesFrom(registry.Find(a)?.Name ?? a)))
                {
                    problems.Add("tosca.wrong-target", policy.Location.Child("targets", null),
                        $"'{target}' ({targetType.Name}) cannot be a target of {policy.TypeName}; allowed: {string.Join(", ", allowed)}");
                }
            }
        }

        foreach (var group in topology.Groups.Values)
        {
            var allowed = group.Type?.AllTargets ?? [];
            foreach (var member in group.Members)
            {
                if (!topology.NodeTemplates.TryGetValue(member, out var n))
                {
                    problems.Add("tosca.unknown-member", group.Location.Child("members", null), $"group member '{member}' is not a node template");
                    continue;
                }

                if (n.Type is not null && allowed.Count > 0 && !allowed.Any(a => n.Type.DerivesFrom(a)))
                {
                    problems.Add("tosca.wrong-target", group.Location.Child("members", null),
                        $"'{member}' ({n.Type.Name}) cannot be a member of {group.TypeName}; allowed: {string.Join(", ", allowed)}");
                }
            }
        }

        if (topology.Substitution is { } sub)
        {
            foreach (var (name, (node, req)) in sub.Requirements)
            {
                if (!topology.NodeTemplates.TryGetValue(node, out var n))
                {
                    problems.Add("tosca.unknown-node", sub.Location.Child("requirements", null).Child(name, null), $"maps to unknown node template '{node}'");
                }
                else if (n.Type is not null && n.Type.AllRequirements.All(r => r.Name != req))
                {
                    problems.Add("tosca.unknown-requirement", sub.Location.Child("requirements", null).Child(name, null), $"'{req}' is not a requirement of '{node}'");
                }
            }

            foreach (var (name, (node, cap)) in sub.Capabilities)
            {
                if (!topology.NodeTemplates.TryGetValue(node, out var n))
                {
                    problems.Add("tosca.unknown-node", sub.Location.Child("capabilities", null).Child(name, null), $"maps to unknown node template '{node}'");
                }
                else if (n.Type is not null && !n.Type.AllCapabilities.ContainsKey(cap))
                {
                    problems.Add("tosca.unknown-capability", sub.Location.Child("capabilities", null).Child(name, null), $"'{cap}' is not a capability of '{node}'");
                }
            }
        }
    }
}
