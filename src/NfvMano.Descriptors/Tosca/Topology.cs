namespace NfvMano.Descriptors.Tosca;

/// <summary>One topology_template: the templates of one file, validated against the types.</summary>
internal sealed class Topology
{
    public Topology(string file) => File = file;

    public string File { get; }

    public Dictionary<string, InputDefinition> Inputs { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, NodeTemplate> NodeTemplates { get; } = new(StringComparer.Ordinal);

    public List<PolicyTemplate> Policies { get; } = [];

    public Dictionary<string, GroupTemplate> Groups { get; } = new(StringComparer.Ordinal);

    public SubstitutionMappings? Substitution { get; set; }

    public IEnumerable<NodeTemplate> NodesDerivedFrom(string typeName) =>
        NodeTemplates.Values.Where(n => n.Type?.DerivesFrom(typeName) == true);

    public IEnumerable<PolicyTemplate> PoliciesDerivedFrom(string typeName) =>
        Policies.Where(p => p.Type?.DerivesFrom(typeName) == true);
}

internal sealed record InputDefinition(string Name, string Type, YNode? Default);

internal sealed class SubstitutionMappings
{
    public required string NodeTypeName { get; init; }

    public ToscaType? NodeType { get; init; }

    public required YamlLocation Location { get; init; }

    /// <summary>Property name to the value mapped (1.2: a value or [input_name]).</summary>
    public Dictionary<string, YNode> Properties { get; } = new(StringComparer.Ordinal);

    /// <summary>Requirement name of the substituted node to (node template, requirement).</summary>
    public Dictionary<string, (string Node, string Name)> Requirements { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (string Node, string Name)> Capabilities { get; } = new(StringComparer.Ordinal);
}

internal sealed class NodeTemplate
{
    public required string Name { get; init; }

    public required string TypeName { get; init; }

    public ToscaType? Type { get; init; }

    public required YamlLocation Location { get; init; }

    public Dictionary<string, YNode?> Properties { get; } = new(StringComparer.Ordinal);

    /// <summary>A node marked "substitute" stands for a topology elsewhere (e.g. a VNFD's flavour files).</summary>
    public bool IsSubstitutable { get; set; }

    public Dictionary<string, Dictionary<string, YNode?>> CapabilityProperties { get; } = new(StringComparer.Ordinal);

    public List<RequirementAssignment> Requirements { get; } = [];

    public Dictionary<string, ArtifactDefinition> Artifacts { get; } = new(StringComparer.Ordinal);

    /// <summary>Interface name to operation name to implementation (artifact name or file), may be empty.</summary>
    public Dictionary<string, Dictionary<string, string?>> Interfaces { get; } = new(StringComparer.Ordinal);

    public IEnumerable<string> Targets(string requirement) => Requirements.Where(r => r.Name == requirement).Select(r => r.Node);
}

internal sealed record RequirementAssignment(string Name, string Node, string? Capability, YamlLocation Location);

internal sealed record ArtifactDefinition(string Name, string TypeName, ToscaType? Type, string File, string? ResolvedPath, Dictionary<string, YNode?> Properties, YamlLocation Location);

internal sealed class PolicyTemplate
{
    public required string Name { get; init; }

    public required string TypeName { get; init; }

    public ToscaType? Type { get; init; }

    public required YamlLocation Location { get; init; }

    public Dictionary<string, YNode?> Properties { get; } = new(StringComparer.Ordinal);

    public List<string> Targets { get; } = [];
}

internal sealed class GroupTemplate
{
    public required string Name { get; init; }

    public required string TypeName { get; init; }

    public ToscaType? Type { get; init; }

    public required YamlLocation Location { get; init; }

    public Dictionary<string, YNode?> Properties { get; } = new(StringComparer.Ordinal);

    public List<string> Members { get; } = [];
}
