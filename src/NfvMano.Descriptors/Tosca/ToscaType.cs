namespace NfvMano.Descriptors.Tosca;

internal enum ToscaTypeKind
{
    Node,
    Data,
    Capability,
    Relationship,
    Policy,
    Group,
    Interface,
    Artifact,
}

/// <summary>A TOSCA type definition (ours built in, or one a package defines) with its inheritance resolved lazily.</summary>
internal sealed class ToscaType
{
    private Dictionary<string, PropertyDefinition>? _allProperties;
    private Dictionary<string, CapabilityDefinition>? _allCapabilities;
    private List<RequirementDefinition>? _allRequirements;
    private Dictionary<string, string>? _allInterfaces;

    public ToscaType(string name, ToscaTypeKind kind, string file)
    {
        Name = name;
        Kind = kind;
        File = file;
    }

    public string Name { get; }

    public ToscaTypeKind Kind { get; }

    public string File { get; }

    public YNode? Node { get; set; }

    public string? DerivedFrom { get; set; }

    public ToscaType? Parent { get; set; }

    public bool IsBuiltIn { get; set; }

    public Dictionary<string, PropertyDefinition> Properties { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, CapabilityDefinition> Capabilities { get; } = new(StringComparer.Ordinal);

    public List<RequirementDefinition> Requirements { get; } = [];

    /// <summary>Interface name to interface type name (node types).</summary>
    public Dictionary<string, string> Interfaces { get; } = new(StringComparer.Ordinal);

    /// <summary>Operation names (interface types).</summary>
    public HashSet<string> Operations { get; } = new(StringComparer.Ordinal);

    /// <summary>Allowed target types (policy types) or member types (group types).</summary>
    public List<string> Targets { get; } = [];

    public IEnumerable<ToscaType> Lineage()
    {
        for (var t = this; t is not null; t = t.Parent)
        {
            yield return t;
        }
    }

    public bool DerivesFrom(string name)
    {
        foreach (var t in Lineage())
        {
            if (t.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    public IReadOnlyDictionary<string, PropertyDefinition> AllProperties => _allProperties ??= Merge(t => t.Properties, MergeProperty);

    public IReadOnlyDictionary<string, CapabilityDefinition> AllCapabilities =>
        _allCapabilities ??= Merge(t => t.Capabilities, (parent, child) => child with { Type = child.Type ?? parent.Type });

    public IReadOnlyDictionary<string, string> AllInterfaces => _allInterfaces ??= Merge(t => t.Interfaces, (_, child) => child);

    public IReadOnlyList<RequirementDefinition> AllRequirements
    {
        get
        {
            if (_allRequirements is null)
            {
                var byName = new Dictionary<string, RequirementDefinition>(StringComparer.Ordinal);
                var order = new List<string>();
                foreach (var t in Lineage().Reverse())
                {
                    foreach (var r in t.Requirements)
                    {
                        if (!byName.ContainsKey(r.Name))
                        {
                            order.Add(r.Name);
                        }

                        byName[r.Name] = r;
                    }
                }

                _allRequirements = [.. order.Select(n => byName[n])];
            }

            return _allRequirements;
        }
    }

    public IEnumerable<string> AllOperations => Lineage().SelectMany(t => t.Operations);

    public IReadOnlyList<string> AllTargets => Lineage().FirstOrDefault(t => t.Targets.Count > 0)?.Targets ?? (IReadOnlyList<string>)[];

    private static PropertyDefinition MergeProperty(PropertyDefinition parent, PropertyDefinition child) =>
        child with { Type = child.Type.Length == 0 ? parent.Type : child.Type, EntrySchema = child.EntrySchema ?? parent.EntrySchema };

    private Dictionary<string, T> Merge<T>(Func<ToscaType, Dictionary<string, T>> select, Func<T, T, T> refine)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var t in Lineage().Reverse())
        {
            foreach (var (name, def) in select(t))
            {
                result[name] = result.TryGetValue(name, out var inherited) ? refine(inherited, def) : def;
            }
        }

        return result;
    }

    public override string ToString() => Name;
}

internal sealed record SchemaDefinition(string Type, IReadOnlyList<Constraint> Constraints, SchemaDefinition? EntrySchema);

internal sealed record PropertyDefinition(
    string Name,
    string Type,
    bool Required,
    YNode? Default,
    IReadOnlyList<Constraint> Constraints,
    SchemaDefinition? EntrySchema,
    string File,
    YNode? Node);

internal sealed record Constraint(string Operator, YNode Argument);

internal sealed record CapabilityDefinition(string Name, string? Type, int MinOccurrences, int MaxOccurrences);

// ExplicitOccurrences is false when the definition leaves occurrences to TOSCA's [1, 1] default, which
// descriptors in the wild do not honour (VNF node types list requirements satisfied only inside an NSD).
internal sealed record RequirementDefinition(string Name, string? Capability, string? NodeType, string? Relationship, int MinOccurrences, int MaxOccurrences, bool ExplicitOccurrences = true);
