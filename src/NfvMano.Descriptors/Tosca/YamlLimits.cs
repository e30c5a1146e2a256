namespace NfvMano.Descriptors.Tosca;

/// <summary>Bounds on what one YAML file may cost to load.</summary>
/// <param name="MaxFileBytes">Largest YAML file accepted.</param>
/// <param name="MaxDepth">Deepest nesting of mappings and sequences.</param>
/// <param name="MaxExpandedNodes">Most nodes a document may stand for once aliases are expanded (alias bombs).</param>
/// <param name="MaxAliases">Most alias references in one document.</param>
public sealed record YamlLimits(long MaxFileBytes, int MaxDepth, long MaxExpandedNodes, int MaxAliases)
{
    /// <summary>Generous for any real descriptor, small enough to stay fast on hostile input.</summary>
    public static YamlLimits Default { get; } = new(MaxFileBytes: 8L * 1024 * 1024, MaxDepth: 64, MaxExpandedNodes: 1_000_000, MaxAliases: 10_000);
}
