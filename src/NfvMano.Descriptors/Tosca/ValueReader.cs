namespace NfvMano.Descriptors.Tosca;

/// <summary>Reads already-validated values, resolving get_input against the topology; tolerant of anything invalid.</summary>
internal sealed class ValueReader(Topology topology, TypeRegistry registry)
{
    public Topology Topology => topology;

    public YNode? Resolve(YNode? node)
    {
        for (var hops = 0; hops < 8 && node is YMapping { Count: 1 } m && m.Entries[0].Key.Value == "get_input"; hops++)
        {
            var input = (m.Entries[0].Value as YScalar)?.Value ?? ((m.Entries[0].Value as YSequence)?.Items.FirstOrDefault() as YScalar)?.Value;
            if (input is null)
            {
                return null;
            }

            if (topology.Inputs.TryGetValue(input, out var def) && def.Default is not null)
            {
                node = def.Default;
            }
            else if (topology.Substitution?.NodeType?.AllProperties.TryGetValue(input, out var prop) == true && prop.Default is not null)
            {
                // Flavour files take the substituted VNF node type's properties as inputs.
                node = prop.Default;
            }
            else
            {
                return null;
            }
        }

        return node;
    }

    public YNode? Get(IReadOnlyDictionary<string, YNode?> values, string key) => values.TryGetValue(key, out var v) ? Resolve(v) : null;

    public YNode? Get(YNode? map, string key) => Resolve((Resolve(map) as YMapping)?[key]);

    public string? String(YNode? node) => Resolve(node) is YScalar { IsNull: false } s ? s.Value : null;

    public long? Int(YNode? node) => Resolve(node) is YScalar s && s.TryGetInt64(out var v) ? v : null;

    public bool? Bool(YNode? node) => Resolve(node) is YScalar s && s.TryGetBoolean(out var v) ? v : null;

    public long? SizeBytes(YNode? node) => Resolve(node) is YScalar s && ScalarUnits.TryParseSize(s.Value, out var v) ? v : null;

    public IReadOnlyList<string> Strings(YNode? node) =>
        Resolve(node) is YSequence seq ? [.. seq.Items.Select(String).OfType<string>()] : [];

    public IReadOnlyList<KeyValuePair<string, YNode>> Entries(YNode? node) =>
        Resolve(node) is YMapping m ? [.. m.Entries.Select(e => new KeyValuePair<string, YNode>(e.Key.Value, e.Value))] : [];

    public SortedDictionary<string, string> StringMap(YNode? node)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in Entries(node))
        {
            if (String(v) is { } s)
            {
                result[k] = s;
            }
        }

        return result;
    }

    public IReadOnlyList<YNode> Items(YNode? node) => Resolve(node) is YSequence seq ? seq.Items : [];

    public ToscaType? FindType(string name) => registry.Find(name);
}
