using System.Text.Json.Nodes;
using NfvMano.Vim.OpenStack.Http;

namespace NfvMano.Vim.OpenStack.Networking;

/// <summary>Which traffic enters a chain (a networking-sfc flow classifier).</summary>
/// <param name="LogicalSourcePort">The Neutron port the traffic comes from (required by the OVS driver).</param>
/// <param name="Protocol"><c>tcp</c>, <c>udp</c>, <c>icmp</c> or null for any.</param>
/// <param name="SourcePrefix">Source IP prefix, or null.</param>
/// <param name="DestinationPrefix">Destination IP prefix, or null.</param>
/// <param name="DestinationPortMin">First destination port, or null.</param>
/// <param name="DestinationPortMax">Last destination port, or null.</param>
/// <param name="EtherType"><c>IPv4</c> or <c>IPv6</c>.</param>
public sealed record FlowClassifierSpec(
    string LogicalSourcePort, string? Protocol = null, string? SourcePrefix = null, string? DestinationPrefix = null,
    int? DestinationPortMin = null, int? DestinationPortMax = null, string EtherType = "IPv4");

/// <summary>One hop of a chain: the service function's ingress and egress ports (a port pair group of one or more pairs).</summary>
/// <param name="Name">The hop name.</param>
/// <param name="Pairs">Ingress and egress ports of each instance of the service function (several for load sharing).</param>
public sealed record ChainHop(string Name, IReadOnlyList<(string Ingress, string Egress)> Pairs);

/// <summary>A port chain as Neutron has it.</summary>
/// <param name="Id">The chain id.</param>
/// <param name="Name">Its name.</param>
/// <param name="PortPairGroupIds">Its hops, in order.</param>
/// <param name="FlowClassifierIds">Its classifiers.</param>
/// <param name="ChainId">The chain path id Neutron gave it.</param>
public sealed record PortChain(string Id, string Name, IReadOnlyList<string> PortPairGroupIds, IReadOnlyList<string> FlowClassifierIds, int? ChainId);

/// <summary>networking-sfc: a VNFFG's forwarding path as port pairs, port pair groups, flow classifiers and a port chain.</summary>
public sealed class SfcClient
{
    private const string Service = "network";
    private readonly OpenStackHttp _http;

    /// <summary>Creates the client.</summary>
    public SfcClient(OpenStackHttp http) => _http = http;

    private Task<JsonNode?> CallAsync(HttpMethod method, string path, JsonNode? body, bool allowNotFound, CancellationToken ct) =>
        _http.SendAsync(Service, method, "/v2.0/sfc" + path, body, null, allowNotFound, ct);

    private async Task<string> EnsureAsync(string collection, string kind, string name, JsonObject attributes, CancellationToken ct)
    {
        var list = await CallAsync(HttpMethod.Get, $"/{collection}?name={Uri.EscapeDataString(name)}", null, false, ct).ConfigureAwait(false);
        if ((list?[collection] as JsonArray ?? []).FirstOrDefault() is { } existing)
        {
            return (string)existing["id"]!;
        }

        attributes["name"] = name;
        var created = await CallAsync(HttpMethod.Post, $"/{collection}", new JsonObject { [kind] = attributes }, false, ct).ConfigureAwait(false);
        return (string)created![kind]!["id"]!;
    }

    private static JsonArray Ids(IEnumerable<string> ids) => new(ids.Select(i => (JsonNode)JsonValue.Create(i)!).ToArray());

    /// <summary>
    /// Creates (or finds, by name) the whole chain: a port pair per service function instance, a port pair group per
    /// hop, a flow classifier per classifier spec, and the port chain tying them in order.
    /// </summary>
    public async Task<PortChain> EnsureChainAsync(string name, IReadOnlyList<ChainHop> hops, IReadOnlyList<FlowClassifierSpec> classifiers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hops);
        ArgumentNullException.ThrowIfNull(classifiers);
        if (hops.Count == 0)
        {
            throw new OpenStackException(Service, $"creating port chain '{name}'", null, "a chain needs at least one hop");
        }

        var groups = new List<string>();
        foreach (var hop in hops)
        {
            var pairs = new List<string>();
            for (var i = 0; i < hop.Pairs.Count; i++)
            {
                pairs.Add(await EnsureAsync("port_pairs", "port_pair", $"{name}-{hop.Name}-{i}",
                    new JsonObject { ["ingress"] = hop.Pairs[i].Ingress, ["egress"] = hop.Pairs[i].Egress }, cancellationToken).ConfigureAwait(false));
            }

            groups.Add(await EnsureAsync("port_pair_groups", "port_pair_group", $"{name}-{hop.Name}",
                new JsonObject { ["port_pairs"] = Ids(pairs) }, cancellationToken).ConfigureAwait(false));
        }

        var flowClassifiers = new List<string>();
        for (var i = 0; i < classifiers.Count; i++)
        {
            var c = classifiers[i];
            var fc = new JsonObject { ["logical_source_port"] = c.LogicalSourcePort, ["ethertype"] = c.EtherType };
            if (c.Protocol is not null)
            {
                fc["protocol"] = c.Protocol;
            }

            if (c.SourcePrefix is not null)
            {
                fc["source_ip_prefix"] = c.SourcePrefix;
            }

            if (c.DestinationPrefix is not null)
            {
                fc["destination_ip_prefix"] = c.DestinationPrefix;
            }

            if (c.DestinationPortMin is { } min)
            {
                fc["destination_port_range_min"] = min;
            }

            if (c.DestinationPortMax is { } max)
            {
                fc["destination_port_range_max"] = max;
            }

            flowClassifiers.Add(await EnsureAsync("flow_classifiers", "flow_classifier", $"{name}-fc{i}", fc, cancellationToken).ConfigureAwait(false));
        }

        await EnsureAsync("port_chains", "port_chain", name,
            new JsonObject { ["port_pair_groups"] = Ids(groups), ["flow_classifiers"] = Ids(flowClassifiers) }, cancellationToken).ConfigureAwait(false);
        return await FindChainAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new OpenStackException(Service, $"creating port chain '{name}'", null, "the chain vanished after creation");
    }

    /// <summary>Finds a port chain by name, or null.</summary>
    public async Task<PortChain?> FindChainAsync(string name, CancellationToken cancellationToken)
    {
        var list = await CallAsync(HttpMethod.Get, $"/port_chains?name={Uri.EscapeDataString(name)}", null, false, cancellationToken).ConfigureAwait(false);
        var c = (list?["port_chains"] as JsonArray ?? []).FirstOrDefault();
        return c is null ? null : new PortChain(
            (string)c["id"]!, (string?)c["name"] ?? "",
            (c["port_pair_groups"] as JsonArray ?? []).Select(g => (string)g!).ToList(),
            (c["flow_classifiers"] as JsonArray ?? []).Select(f => (string)f!).ToList(),
            (int?)c["chain_id"]);
    }

    /// <summary>Deletes a chain and the groups, pairs and classifiers named after it; succeeds when they are gone.</summary>
    public async Task DeleteChainAsync(string name, CancellationToken cancellationToken)
    {
        if (await FindChainAsync(name, cancellationToken).ConfigureAwait(false) is { } chain)
        {
            await CallAsync(HttpMethod.Delete, $"/port_chains/{chain.Id}", null, true, cancellationToken).ConfigureAwait(false);
        }

        // Children go after their parents: a group in a chain, or a pair in a group, cannot be deleted.
        foreach (var collection in new[] { "flow_classifiers", "port_pair_groups", "port_pairs" })
        {
            var list = await CallAsync(HttpMethod.Get, $"/{collection}", null, false, cancellationToken).ConfigureAwait(false);
            foreach (var item in list?[collection] as JsonArray ?? [])
            {
                if (((string?)item?["name"] ?? "").StartsWith(name + "-", StringComparison.Ordinal))
                {
                    await CallAsync(HttpMethod.Delete, $"/{collection}/{(string)item!["id"]!}", null, true, cancellationToken).ConfigureAwait(false);
                }
            }

        }
    }

    /// <summary>Counts the SFC objects whose names start with <paramref name="prefix"/> (for leak checks).</summary>
    public async Task<int> CountAsync(string prefix, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var collection in new[] { "port_chains", "flow_classifiers", "port_pair_groups", "port_pairs" })
        {
            var list = await CallAsync(HttpMethod.Get, $"/{collection}", null, false, cancellationToken).ConfigureAwait(false);
            count += (list?[collection] as JsonArray ?? []).Count(i => ((string?)i?["name"] ?? "").StartsWith(prefix, StringComparison.Ordinal));
        }

        return count;
    }
}
