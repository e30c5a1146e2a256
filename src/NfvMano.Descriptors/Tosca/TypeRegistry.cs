using NfvMano.Descriptors.Validation;

namespace NfvMano.Descriptors.Tosca;

/// <summary>The types visible to one service template: ours built in, then the package's own.</summary>
internal sealed class TypeRegistry
{
    private readonly TypeRegistry? _baseRegistry;
    private readonly Dictionary<string, ToscaType> _types = new(StringComparer.Ordinal);

    public TypeRegistry(TypeRegistry? baseRegistry = null)
    {
        _baseRegistry = baseRegistry;
    }

    public static readonly IReadOnlySet<string> PrimitiveTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "string", "integer", "float", "boolean", "timestamp", "null", "version", "range", "list", "map",
        "scalar-unit.size", "scalar-unit.time", "scalar-unit.frequency", "scalar-unit.bitrate", "any",
    };

    public IEnumerable<ToscaType> OwnTypes => _types.Values;

    public ToscaType? Find(string name)
    {
        if (_types.TryGetValue(name, out var type))
        {
            return type;
        }

        if (_baseRegistry?.Find(name) is { } inherited)
        {
            return inherited;
        }

        // TOSCA short names and the "tosca:" prefix name the normative types.
        if (name.StartsWith("tosca:", StringComparison.Ordinal))
        {
            return Find(name["tosca:".Length..]) ?? FindShort(name["tosca:".Length..]);
        }

        return name.Contains('.', StringComparison.Ordinal) ? null : FindShort(name);
    }

    private ToscaType? FindShort(string shortName)
    {
        foreach (var prefix in (string[])["tosca.nodes.", "tosca.datatypes.", "tosca.capabilities.", "tosca.relationships.", "tosca.policies.", "tosca.groups.", "tosca.interfaces.", "tosca.artifacts."])
        {
            if (Find(prefix + shortName) is { } t)
            {
                return t;
            }
        }

        return null;
    }

    /// <summary>Adds a type; a type our built-in knowledge already has is kept as ours (packages often ship ETSI's files).</summary>
    public bool TryAdd(ToscaType type, ProblemList problems)
    {
        if (_baseRegistry?.Find(type.Name) is not null)
        {
            return false;
        }

        if (_types.TryGetValue(type.Name, out var existing))
        {
            if (existing.File != type.File)
            {
                problems.Add("tosca.duplicate-type", YamlLocation.Of(type.File, type.Name, type.Node),
                    $"type '{type.Name}' is already defined in {existing.File}");
            }

            return false;
        }

        _types.Add(type.Name, type);
        return true;
    }

    /// <summary>Links every own type to its parent; reports unknown parents and cycles.</summary>
    public void ResolveParents(ProblemList problems)
    {
        foreach (var type in _types.Values)
        {
            if (type.DerivedFrom is null)
            {
                continue;
            }

            var parent = Find(type.DerivedFrom);
            if (parent is null)
            {
                problems.Add("tosca.unknown-type", YamlLocation.Of(type.File, $"{SectionOf(type.Kind)}.{type.Name}.derived_from", type.Node),
                    $"derived_from names unknown type '{type.DerivedFrom}'");
                continue;
            }

            type.Parent = parent;
        }

        foreach (var type in _types.Values)
        {
            var seen = new HashSet<ToscaType>();
            for (var t = type; t is not null; t = t.Parent)
            {
                if (!seen.Add(t))
                {
                    problems.Add("tosca.type-cycle", YamlLocation.Of(type.File, $"{SectionOf(type.Kind)}.{type.Name}.derived_from", type.Node),
                        $"derived_from forms a cycle through '{t.Name}'");
                    type.Parent = null;
                    break;
                }
            }
        }
    }

    public static string SectionOf(ToscaTypeKind kind) => kind switch
    {
        ToscaTypeKind.Node => "node_types",
        ToscaTypeKind.Data => "data_types",
        ToscaTypeKind.Capability => "capability_types",
        ToscaTypeKind.Relationship => "relationship_types",
        ToscaTypeKind.Policy => "policy_types",
        ToscaTypeKind.Group => "group_types",
        ToscaTypeKind.Interface => "interface_types",
        _ => "artifact_types",
    };
}
