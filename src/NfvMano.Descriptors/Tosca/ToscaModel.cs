namespace NfvMano.Descriptors.Tosca;

/// <summary>A loaded service template: the entry file, every imported file, the types and the topologies.</summary>
internal sealed class ToscaModel
{
    public required string EntryFile { get; init; }

    public required TypeRegistry Registry { get; init; }

    public YMapping? EntryRoot { get; init; }

    /// <summary>Topologies in import order, the entry file's first.</summary>
    public List<Topology> Topologies { get; } = [];

    public Dictionary<string, YMapping> Files { get; } = new(StringComparer.Ordinal);

    public string? Metadata(string key) => ((EntryRoot?["metadata"] as YMapping)?[key] as YScalar)?.Value;
}
