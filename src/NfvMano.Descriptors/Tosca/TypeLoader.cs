using NfvMano.Descriptors.Validation;

namespace NfvMano.Descriptors.Tosca;

/// <summary>Reads the *_types sections of a TOSCA file into <see cref="ToscaType"/>s.</summary>
internal static class TypeLoader
{
    private static readonly (string Section, ToscaTypeKind Kind)[] Sections =
    [
        ("node_types", ToscaTypeKind.Node), ("data_types", ToscaTypeKind.Data), ("capability_types", ToscaTypeKind.Capability),
        ("relationship_types", ToscaTypeKind.Relationship), ("policy_types", ToscaTypeKind.Policy), ("group_types", ToscaTypeKind.Group),
        ("interface_types", ToscaTypeKind.Interface), ("artifact_types", ToscaTypeKind.Artifact),
    ];

    public static void Load(YMapping root, string file, TypeRegistry registry, ProblemList problems, bool builtIn)
    {
        foreach (var (section, kind) in Sections)
        {
            if (root[section] is not { } sectionNode)
            {
                continue;
            }

            var at = YamlLocation.Of(file, section, sectionNode);
            if (sectionNode is not YMapping types)
            {
                if (!(sectionNode is YScalar s && s.IsNull))
                {
                    problems.Add("tosca.schema", at, $"{section} must be a mapping");
                }

                continue;
            }

            foreach (var (name, body) in types.Entries)
            {
                var type = Read(name.Value, body, kind, file, at.Child(name.Value, body), problems);
                type.IsBuiltIn = builtIn;
                registry.TryAdd(type, problems);
            }
        }
    }

    private static ToscaType Read(string name, YNode body, ToscaTypeKind kind, string file, YamlLocation at, ProblemList problems)
    {
        var type = new ToscaType(name, kind, file) { Node = body };
        if (body is not YMapping map)
        {
            if (!(body is YScalar s && s.IsNull))
            {
                problems.Add("tosca.schema", at, $"type '{name}' must be a mapping");
            }

            return type;
        }

        type.DerivedFrom = (map["derived_from"] as YScalar)?.Value;
        if (map["properties"] is YMapping props)
        {
            foreach (var (pname, pbody) in props.Entries)
            {
                type.Properties[pname.Value] = ReadProperty(pname.Value, pbody, file, at.Child("properties", props).Child(pname.Value, pbody), problems);
            }
        }

        if (kind == ToscaTypeKind.Interface)
        {
            var ops = map["operations"] as YMapping ?? map;
            foreach (var (opName, _) in ops.Entries)
            {
                if (opName.Value is not ("derived_from" or "description" or "version" or "metadata" or "inputs" or "operations" or "notifications"))
                {
                    type.Operations.Add(opName.Value);
                }
            }
        }

        if (map["capabilities"] is YMapping caps)
        {
            foreach (var (cname, cbody) in caps.Entries)
            {
                var (min, max) = ReadOccurrences((cbody as YMapping)?["occurrences"], 1, int.MaxValue);
                var ctype = cbody is YScalar cs ? cs.Value : ((cbody as YMapping)?["type"] as YScalar)?.Value;
                type.Capabilities[cname.Value] = new CapabilityDefinition(cname.Value, ctype, min, max);
            }
        }

        if (map["requirements"] is YSequence reqs)
        {
            foreach (var item in reqs.Items)
            {
                if (item is not YMapping { Count: 1 } one)
                {
                    continue;
                }

                var (rname, rbody) = one.Entries[0];
                if (rbody is YScalar capabilityOnly)
                {
                    type.Requirements.Add(new RequirementDefinition(rname.Value, capabilityOnly.Value, null, null, 1, 1, ExplicitOccurrences: false));
                    continue;
                }

                var r = rbody as YMapping;
                var (min, max) = ReadOccurrences(r?["occurrences"], 1, 1);
                type.Requirements.Add(new RequirementDefinition(
                    rname.Value,
                    (r?["capability"] as YScalar)?.Value,
                    (r?["node"] as YScalar)?.Value,
                    ((r?["relationship"] as YScalar)?.Value) ?? ((r?["relationship"] as YMapping)?["type"] as YScalar)?.Value,
                    min,
                    max,
                    r?["occurrences"] is not null));
            }
        }

        if (map["interfaces"] is YMapping ifaces)
        {
            foreach (var (iname, ibody) in ifaces.Entries)
            {
                if (((ibody as YMapping)?["type"] as YScalar)?.Value is { } itype)
                {
                    type.Interfaces[iname.Value] = itype;
                }
            }
        }

        var targets = map[kind == ToscaTypeKind.Group ? "members" : "targets"] as YSequence;
        foreach (var t in targets?.Items ?? [])
        {
            if (t is YScalar ts)
            {
                type.Targets.Add(ts.Value);
            }
        }

        return type;
    }

    public static PropertyDefinition ReadProperty(string name, YNode body, string file, YamlLocation at, ProblemList problems)
    {
        if (body is not YMapping map)
        {
            problems.Add("tosca.schema", at, $"property definition '{name}' must be a mapping");
            return new PropertyDefinition(name, "any", false, null, [], null, file, body);
        }

        var type = (map["type"] as YScalar)?.Value ?? "";
        var required = true;
        if (map["required"] is YScalar req && req.TryGetBoolean(out var r))
        {
            required = r;
        }

        return new PropertyDefinition(name, type, required, map["default"], ReadConstraints(map["constraints"]), ReadSchema(map["entry_schema"]), file, body);
    }

    private static SchemaDefinition? ReadSchema(YNode? node) => node switch
    {
        YScalar s when !s.IsNull => new SchemaDefinition(s.Value, [], null),
        YMapping m => new SchemaDefinition((m["type"] as YScalar)?.Value ?? "any", ReadConstraints(m["constraints"]), ReadSchema(m["entry_schema"])),
        _ => null,
    };

    private static List<Constraint> ReadConstraints(YNode? node)
    {
        var result = new List<Constraint>();
        if (node is YSequence seq)
        {
            foreach (var c in seq.Items)
            {
                if (c is YMapping { Count: 1 } m)
                {
                    result.Add(new Constraint(m.Entries[0].Key.Value, m.Entries[0].Value));
                }
            }
        }

        return result;
    }

    public static (int Min, int Max) ReadOccurrences(YNode? node, int defaultMin, int defaultMax)
    {
        if (node is YSequence { Items.Count: 2 } seq && seq.Items[0] is YScalar a && seq.Items[1] is YScalar b && a.TryGetInt64(out var min))
        {
            var max = b.Value.Equals("UNBOUNDED", StringComparison.OrdinalIgnoreCase) ? int.MaxValue
                : b.TryGetInt64(out var m) ? (int)Math.Min(m, int.MaxValue) : defaultMax;
            return ((int)Math.Min(min, int.MaxValue), max);
        }

        return (defaultMin, defaultMax);
    }
}
