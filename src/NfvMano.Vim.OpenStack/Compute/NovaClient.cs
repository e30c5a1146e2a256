using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using NfvMano.Vim.OpenStack.Flavors;
using NfvMano.Vim.OpenStack.Http;

namespace NfvMano.Vim.OpenStack.Compute;

/// <summary>A Nova server as NfvMano reads it.</summary>
/// <param name="Id">The server id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Status">Nova's status (<c>BUILD</c>, <c>ACTIVE</c>, <c>SHUTOFF</c>, <c>ERROR</c>, ...).</param>
/// <param name="Host">The compute host, when visible.</param>
/// <param name="Fault">The fault message when in ERROR.</param>
/// <param name="Metadata">Its metadata.</param>
/// <param name="AvailabilityZone">The availability zone it is in (<c>OS-EXT-AZ:availability_zone</c>), once scheduled.</param>
public sealed record NovaServer(
    string Id, string Name, string Status, string? Host, string? Fault, IReadOnlyDictionary<string, string> Metadata, string? AvailabilityZone = null)
{
    /// <summary>When Nova accepted the server (its <c>created</c> time, ISO 8601 as Nova writes it), or empty.</summary>
    public string Created { get; init; } = "";
}

/// <summary>A flavor as Nova has it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Vcpus">Its vCPUs.</param>
/// <param name="RamMiB">Its RAM.</param>
/// <param name="DiskGiB">Its root disk.</param>
/// <param name="ExtraSpecs">Its extra specs (listed with the flavor from microversion 2.61).</param>
public sealed record NovaFlavor(string Id, string Name, int Vcpus, long RamMiB, int DiskGiB, IReadOnlyDictionary<string, string> ExtraSpecs)
{
    /// <summary>Size and extra specs, for explanations.</summary>
    public string Describe() =>
        $"'{Name}' ({Vcpus} vCPUs, {RamMiB} MiB, {DiskGiB} GiB; {(ExtraSpecs.Count == 0 ? "no extra specs" : string.Join(", ", ExtraSpecs.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}")))})";
}

/// <summary>What to boot.</summary>
/// <param name="Name">Server name.</param>
/// <param name="FlavorId">The flavor.</param>
/// <param name="ImageId">The Glance image.</param>
/// <param name="PortIds">Neutron ports, in guest NIC order.</param>
/// <param name="Metadata">Metadata written on the server (our ownership record).</param>
/// <param name="ServerGroupId">A server group for affinity / anti-affinity, or null.</param>
/// <param name="AvailabilityZone">The availability zone from the grant, or null.</param>
public sealed record NovaServerRequest(
    string Name, string FlavorId, string ImageId, IReadOnlyList<string> PortIds,
    IReadOnlyDictionary<string, string> Metadata, string? ServerGroupId = null, string? AvailabilityZone = null)
{
    /// <summary>Servers (ids) the new one must not share a host with: the <c>different_host</c> scheduler hint.</summary>
    public IReadOnlyList<string> DifferentHostFrom { get; init; } = [];

    /// <summary>Servers (ids) the new one must share a host with: the <c>same_host</c> scheduler hint.</summary>
    public IReadOnlyList<string> SameHostAs { get; init; } = [];
}

/// <summary>Nova: microversion negotiation, flavors, server groups, servers and their actual placement.</summary>
public sealed class NovaClient
{
    private const string Service = "compute";
    private readonly OpenStackHttp _http;
    private readonly OpenStackVimOptions _options;
    private readonly TimeProvider _time;
    private Dictionary<string, string>? _headers;

    /// <summary>Creates the client.</summary>
    public NovaClient(OpenStackHttp http, OpenStackVimOptions options, TimeProvider time)
    {
        _http = http;
        _options = options;
        _time = time;
    }

    /// <summary>The microversion negotiated with this cloud (null before the first call).</summary>
    public string? Microversion { get; private set; }

    /// <summary>The highest microversion the cloud offers.</summary>
    public string? CloudMaxMicroversion { get; private set; }

    /// <summary>Reads the version document and settles on the lower of ours and the cloud's maximum.</summary>
    /// <exception cref="OpenStackException">The cloud offers less than 2.78 (needed for the topology API).</exception>
    public async Task<string> NegotiateAsync(CancellationToken cancellationToken)
    {
        if (Microversion is not null)
        {
            return Microversion;
        }

        var doc = await _http.SendAsync(Service, HttpMethod.Get, "/", cancellationToken: cancellationToken).ConfigureAwait(false);
        var max = (string?)doc?["version"]?["version"] ?? "2.1";
        CloudMaxMicroversion = max;
        var chosen = Compare(max, _options.MaxComputeMicroversion) < 0 ? max : _options.MaxComputeMicroversion;
        if (Compare(chosen, "2.78") < 0)
        {
            throw new OpenStackException(Service, "GET / (version discovery)", null,
                $"the compute API offers microversions up to {max}; NfvMano needs 2.78 to read back server topology");
        }

        Microversion = chosen;
        _headers = new Dictionary<string, string> { ["OpenStack-API-Version"] = $"compute {chosen}", ["X-OpenStack-Nova-API-Version"] = chosen };
        return chosen;
    }

    internal static int Compare(string a, string b)
    {
        static (int, int) Parse(string v)
        {
            var parts = v.Split('.');
            return (int.Parse(parts[0], CultureInfo.InvariantCulture), parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0);
        }

        return Parse(a).CompareTo(Parse(b));
    }

    private async Task<JsonNode?> CallAsync(HttpMethod method, string path, JsonNode? body, bool allowNotFound, CancellationToken ct)
    {
        await NegotiateAsync(ct).ConfigureAwait(false);
        return await _http.SendAsync(Service, method, path, body, _headers, allowNotFound, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Finds a flavor with exactly these vCPUs, RAM, disk and <c>hw:*</c> extra specs, else creates it under the
    /// definition's deterministic name. Returns its id.
    /// </summary>
    public async Task<string> EnsureFlavorAsync(FlavorDefinition flavor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flavor);
        var existing = await FindFlavorAsync(flavor, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing;
        }

        var body = new JsonObject
        {
            ["flavor"] = new JsonObject
            {
                ["name"] = flavor.Name,
                ["vcpus"] = flavor.Vcpus,
                ["ram"] = flavor.RamMiB,
                ["disk"] = flavor.DiskGiB,
                ["os-flavor-access:is_public"] = true,
            },
        };
        string id;
        try
        {
            var created = await CallAsync(HttpMethod.Post, "/flavors", body, false, cancellationToken).ConfigureAwait(false);
            id = (string)created!["flavor"]!["id"]!;
        }
        catch (OpenStackException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            // Another worker created it between our look-up and our create, or a worker died between creating
            // it and setting its extra specs: the name is a hash of the specs, so an incomplete one is ours to finish.
            if (await FindFlavorAsync(flavor, cancellationToken).ConfigureAwait(false) is { } done)
            {
                return done;
            }

            id = await FindIncompleteFlavorAsync(flavor, cancellationToken).ConfigureAwait(false)
                ?? throw new OpenStackException(Service, "POST /flavors", HttpStatusCode.Conflict,
                    $"a flavor named '{flavor.Name}' exists with other properties than {flavor.Vcpus} vCPUs, {flavor.RamMiB} MiB, {flavor.DiskGiB} GiB, {flavor.DescribeExtraSpecs()}", e);
        }

        if (flavor.ExtraSpecs.Count > 0)
        {
            var specs = new JsonObject();
            foreach (var (k, v) in flavor.ExtraSpecs)
            {
                specs[k] = v;
            }

            await CallAsync(HttpMethod.Post, $"/flavors/{id}/os-extra_specs", new JsonObject { ["extra_specs"] = specs }, false, cancellationToken).ConfigureAwait(false);
        }

        return id;
    }

    private async Task<string?> FindIncompleteFlavorAsync(FlavorDefinition flavor, CancellationToken cancellationToken)
    {
        var list = await CallAsync(HttpMethod.Get, "/flavors/detail?is_public=None", null, false, cancellationToken).ConfigureAwait(false);
        var f = (list?["flavors"] as JsonArray ?? []).FirstOrDefault(x => (string?)x?["name"] == flavor.Name);
        if (f is null || (int?)f["vcpus"] != flavor.Vcpus || (long?)f["ram"] != flavor.RamMiB || (int?)f["disk"] != flavor.DiskGiB)
        {
            return null;
        }

        var present = f["extra_specs"] as JsonObject ?? [];
        var subset = present.All(kv => flavor.ExtraSpecs.TryGetValue(kv.Key, out var v) && v == (string?)kv.Value);
        return subset ? (string)f["id"]! : null;
    }

    /// <summary>The id of a flavor matching exactly, or null.</summary>
    public async Task<string?> FindFlavorAsync(FlavorDefinition flavor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flavor);
        var list = await CallAsync(HttpMethod.Get, $"/flavors/detail?is_public=None&minRam={flavor.RamMiB}&minDisk={flavor.DiskGiB}", null, false, cancellationToken).ConfigureAwait(false);
        var candidates = (list?["flavors"] as JsonArray ?? [])
            .Where(f => (int?)f?["vcpus"] == flavor.Vcpus && (long?)f?["ram"] == flavor.RamMiB && (int?)f?["disk"] == flavor.DiskGiB)
            .OrderBy(f => (string?)f?["name"] == flavor.Name ? 0 : 1)
            .ToList();
        foreach (var f in candidates)
        {
            // Microversion 2.61 and later list extra specs with the flavor.
            var specs = (f!["extra_specs"] as JsonObject ?? [])
                .ToDictionary(kv => kv.Key, kv => (string?)kv.Value ?? "", StringComparer.Ordinal);
            if (EpaTranslation.ExtraSpecsMatch(flavor.ExtraSpecs, specs))
            {
                return (string)f["id"]!;
            }
        }

        return null;
    }

    /// <summary>
    /// The id of an operator's flavor given by id or by name (Nova's <c>flavorRef</c> takes only ids).
    /// </summary>
    /// <exception cref="OpenStackException">No flavor has that id or name, or several have that name.</exception>
    public async Task<string> ResolveFlavorAsync(string idOrName, CancellationToken cancellationToken) =>
        (await GetFlavorAsync(idOrName, cancellationToken).ConfigureAwait(false)).Id;

    /// <summary>An operator's flavor given by id or by name, with its size and extra specs.</summary>
    /// <exception cref="OpenStackException">No flavor has that id or name, or several have that name.</exception>
    public async Task<NovaFlavor> GetFlavorAsync(string idOrName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(idOrName);
        var byId = await CallAsync(HttpMethod.Get, $"/flavors/{Uri.EscapeDataString(idOrName)}", null, true, cancellationToken).ConfigureAwait(false);
        if (byId?["flavor"] is JsonObject flavor)
        {
            return ToFlavor(flavor);
        }

        var list = await CallAsync(HttpMethod.Get, "/flavors/detail?is_public=None", null, false, cancellationToken).ConfigureAwait(false);
        var named = (list?["flavors"] as JsonArray ?? []).Where(f => (string?)f?["name"] == idOrName).Select(f => ToFlavor(f!)).ToList();
        return named.Count switch
        {
            1 => named[0],
            0 => throw new OpenStackException(Service, "GET /flavors/detail", HttpStatusCode.NotFound, $"no flavor has the id or name '{idOrName}'"),
            _ => throw new OpenStackException(Service, "GET /flavors/detail", HttpStatusCode.Conflict,
                $"{named.Count} flavors are named '{idOrName}' ({string.Join(", ", named.Select(f => f.Id))}); give the operator's flavor by id"),
        };
    }

    private static NovaFlavor ToFlavor(JsonNode f) => new(
        (string)f["id"]!,
        (string?)f["name"] ?? "",
        (int?)f["vcpus"] ?? 0,
        (long?)f["ram"] ?? 0,
        (int?)f["disk"] ?? 0,
        (f["extra_specs"] as JsonObject ?? []).ToDictionary(kv => kv.Key, kv => (string?)kv.Value ?? "", StringComparer.Ordinal));

    /// <summary>Deletes a flavor; succeeds when it is gone.</summary>
    public Task DeleteFlavorAsync(string id, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Delete, $"/flavors/{id}", null, true, cancellationToken);

    /// <summary>Creates a server group (or returns the one of that name) with <c>affinity</c>, <c>anti-affinity</c>, <c>soft-affinity</c> or <c>soft-anti-affinity</c>.</summary>
    public async Task<string> EnsureServerGroupAsync(string name, string policy, CancellationToken cancellationToken)
    {
        var list = await CallAsync(HttpMethod.Get, "/os-server-groups", null, false, cancellationToken).ConfigureAwait(false);
        var found = (list?["server_groups"] as JsonArray ?? []).FirstOrDefault(g => (string?)g?["name"] == name);
        if (found is not null)
        {
            return (string)found["id"]!;
        }

        var created = await CallAsync(HttpMethod.Post, "/os-server-groups",
            new JsonObject { ["server_group"] = new JsonObject { ["name"] = name, ["policy"] = policy } }, false, cancellationToken).ConfigureAwait(false);
        return (string)created!["server_group"]!["id"]!;
    }

    /// <summary>Deletes a server group; succeeds when it is gone.</summary>
    public Task DeleteServerGroupAsync(string id, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Delete, $"/os-server-groups/{id}", null, true, cancellationToken);

    /// <summary>Finds a server by exact name, or null.</summary>
    public async Task<NovaServer?> FindServerAsync(string name, CancellationToken cancellationToken)
    {
        var list = await CallAsync(HttpMethod.Get, $"/servers/detail?name={Uri.EscapeDataString("^" + System.Text.RegularExpressions.Regex.Escape(name) + "$")}", null, false, cancellationToken).ConfigureAwait(false);
        var s = (list?["servers"] as JsonArray ?? []).FirstOrDefault(x => (string?)x?["name"] == name);
        return s is null ? null : ToServer(s);
    }

    /// <summary>Lists the servers whose metadata has <paramref name="key"/>.</summary>
    public async Task<IReadOnlyList<NovaServer>> ListServersWithMetadataAsync(string key, CancellationToken cancellationToken)
    {
        var list = await CallAsync(HttpMethod.Get, "/servers/detail", null, false, cancellationToken).ConfigureAwait(false);
        return (list?["servers"] as JsonArray ?? []).Select(s => ToServer(s!)).Where(s => s.Metadata.ContainsKey(key)).ToList();
    }

    /// <summary>Reads a server, or null when it does not exist.</summary>
    public async Task<NovaServer?> GetServerAsync(string id, CancellationToken cancellationToken)
    {
        var s = await CallAsync(HttpMethod.Get, $"/servers/{id}", null, true, cancellationToken).ConfigureAwait(false);
        return s?["server"] is JsonNode node ? ToServer(node) : null;
    }

    /// <summary>
    /// Creates a server (or finds the one of that name) and waits until it is ACTIVE.
    /// </summary>
    /// <exception cref="NoValidHostException">The scheduler found no host; the message has the flavor's extra specs.</exception>
    /// <exception cref="OpenStackException">The server went to ERROR (with Nova's fault) or did not become ACTIVE in time.</exception>
    public async Task<NovaServer> CreateServerAsync(NovaServerRequest request, FlavorDefinition? flavor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var server = await FindServerAsync(request.Name, cancellationToken).ConfigureAwait(false);
        if (server is null)
        {
            var metadata = new JsonObject();
            foreach (var (k, v) in request.Metadata)
            {
                metadata[k] = v;
            }

            var s = new JsonObject
            {
                ["name"] = request.Name,
                ["flavorRef"] = request.FlavorId,
                ["imageRef"] = request.ImageId,
                ["networks"] = request.PortIds.Count == 0
                    ? JsonValue.Create("none")
                    : new JsonArray(request.PortIds.Select(p => (JsonNode)new JsonObject { ["port"] = p }).ToArray()),
                ["metadata"] = metadata,
            };
            if (request.AvailabilityZone is not null)
            {
                s["availability_zone"] = request.AvailabilityZone;
            }

            var body = new JsonObject { ["server"] = s };
            var hints = new JsonObject();
            if (request.ServerGroupId is not null)
            {
                hints["group"] = request.ServerGroupId;
            }

            // Honoured by the scheduler's DifferentHostFilter and SameHostFilter, which the cloud must enable.
            if (request.DifferentHostFrom.Count > 0)
            {
                hints["different_host"] = new JsonArray([.. request.DifferentHostFrom.Select(id => (JsonNode)id)]);
            }

            if (request.SameHostAs.Count > 0)
            {
                hints["same_host"] = new JsonArray([.. request.SameHostAs.Select(id => (JsonNode)id)]);
            }

            if (hints.Count > 0)
            {
                body["os:scheduler_hints"] = hints;
            }

            var created = await CallAsync(HttpMethod.Post, "/servers", body, false, cancellationToken).ConfigureAwait(false);
            var id = (string)created!["server"]!["id"]!;
            server = new NovaServer(id, request.Name, "BUILD", null, null, request.Metadata);
        }

        var done = await WaitForStatusAsync(server.Id, ["ACTIVE"], cancellationToken).ConfigureAwait(false);
        if (done.Status == "ERROR")
        {
            var fault = done.Fault ?? "(Nova gave no fault)";
            if (fault.Contains("No valid host", StringComparison.OrdinalIgnoreCase))
            {
                var description = flavor is null
                    ? $"'{request.FlavorId}'"
                    : $"'{flavor.Name}' ({flavor.Vcpus} vCPUs, {flavor.RamMiB} MiB, {flavor.DiskGiB} GiB; {flavor.DescribeExtraSpecs()})";
                throw new NoValidHostException(request.Name, description, fault);
            }

            throw new OpenStackException(Service, $"building server '{request.Name}' ({done.Id})", null, $"it went to ERROR: {fault}");
        }

        return done;
    }

    /// <summary>The names of the availability zones that are available, in name order.</summary>
    public async Task<IReadOnlyList<string>> ListAvailabilityZonesAsync(CancellationToken cancellationToken)
    {
        var doc = await CallAsync(HttpMethod.Get, "/os-availability-zone", null, false, cancellationToken).ConfigureAwait(false);
        return [.. (doc?["availabilityZoneInfo"] as JsonArray ?? [])
            .Where(z => (bool?)z?["zoneState"]?["available"] ?? false)
            .Select(z => (string?)z?["zoneName"])
            .OfType<string>()
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Powers a server off and waits for SHUTOFF; succeeds when it is already off.</summary>
    public Task StopServerAsync(string id, CancellationToken cancellationToken) => ActionAsync(id, "os-stop", null, "SHUTOFF", cancellationToken);

    /// <summary>Powers a server on and waits for ACTIVE; succeeds when it is already on.</summary>
    public Task StartServerAsync(string id, CancellationToken cancellationToken) => ActionAsync(id, "os-start", null, "ACTIVE", cancellationToken);

    /// <summary>Reboots a server (soft or hard) and waits for ACTIVE.</summary>
    public Task RebootServerAsync(string id, bool hard, CancellationToken cancellationToken) =>
        ActionAsync(id, "reboot", new JsonObject { ["type"] = hard ? "HARD" : "SOFT" }, "ACTIVE", cancellationToken, always: true);

    private async Task ActionAsync(string id, string action, JsonNode? argument, string target, CancellationToken ct, bool always = false)
    {
        var server = await GetServerAsync(id, ct).ConfigureAwait(false)
            ?? throw new OpenStackException(Service, $"{action} of server {id}", HttpStatusCode.NotFound, "the server does not exist");
        if (server.Status == target && !always)
        {
            return;
        }

        await CallAsync(HttpMethod.Post, $"/servers/{id}/action", new JsonObject { [action] = argument }, false, ct).ConfigureAwait(false);
        if (always)
        {
            // A reboot passes through REBOOT/HARD_REBOOT; give Nova a moment to leave ACTIVE.
            await Task.Delay(_options.PollInterval, _time, ct).ConfigureAwait(false);
        }

        var after = await WaitForStatusAsync(id, [target], ct).ConfigureAwait(false);
        if (after.Status != target)
        {
            throw new OpenStackException(Service, $"{action} of server '{server.Name}' ({id})", null, $"it is {after.Status}: {after.Fault}");
        }
    }

    /// <summary>Deletes a server and waits until Nova no longer has it; succeeds when it is gone.</summary>
    public async Task DeleteServerAsync(string id, CancellationToken cancellationToken)
    {
        await CallAsync(HttpMethod.Delete, $"/servers/{id}", null, true, cancellationToken).ConfigureAwait(false);
        var deadline = _time.GetUtcNow() + _options.ServerTimeout;
        while (await GetServerAsync(id, cancellationToken).ConfigureAwait(false) is { } s)
        {
            if (s.Status == "DELETED")
            {
                return;
            }

            if (_time.GetUtcNow() > deadline)
            {
                throw new OpenStackException(Service, $"DELETE /servers/{id}", null, $"the server is still {s.Status} after {_options.ServerTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
            }

            await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<NovaServer> WaitForStatusAsync(string id, string[] targets, CancellationToken ct)
    {
        var deadline = _time.GetUtcNow() + _options.ServerTimeout;
        while (true)
        {
            var s = await GetServerAsync(id, ct).ConfigureAwait(false)
                ?? throw new OpenStackException(Service, $"waiting for server {id}", HttpStatusCode.NotFound, "the server disappeared");
            if (targets.Contains(s.Status) || s.Status == "ERROR")
            {
                return s;
            }

            if (_time.GetUtcNow() > deadline)
            {
                throw new OpenStackException(Service, $"waiting for server '{s.Name}' ({id})", null,
                    $"it is still {s.Status} after {_options.ServerTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s (wanted {string.Join(" or ", targets)})");
            }

            await Task.Delay(_options.PollInterval, _time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Reads <c>GET /servers/{id}/topology</c> (microversion 2.78): host NUMA nodes, pinning, page size.</summary>
    public async Task<(long? PageSizeKiB, IReadOnlyList<PlacedNumaNode> Nodes)> GetTopologyAsync(string id, CancellationToken cancellationToken)
    {
        var t = await CallAsync(HttpMethod.Get, $"/servers/{id}/topology", null, true, cancellationToken).ConfigureAwait(false);
        if (t is null)
        {
            return (null, []);
        }

        var nodes = (t["nodes"] as JsonArray ?? []).Select(n => new PlacedNumaNode(
            (int?)n?["host_node"] ?? -1,
            (long?)n?["memory_mb"] ?? 0,
            (n?["cpu_pinning"] as JsonObject ?? []).ToDictionary(kv => int.Parse(kv.Key, CultureInfo.InvariantCulture), kv => (int)kv.Value!),
            (n?["siblings"] as JsonArray ?? []).Select(sib => (IReadOnlyList<int>)(sib as JsonArray ?? []).Select(c => (int)c!).ToList()).ToList()))
            .ToList();
        return ((long?)t["pagesize_kb"], nodes);
    }

    private static NovaServer ToServer(JsonNode s) => new(
        (string)s["id"]!,
        (string?)s["name"] ?? "",
        (string?)s["status"] ?? "UNKNOWN",
        (string?)s["OS-EXT-SRV-ATTR:host"],
        (string?)s["fault"]?["message"],
        (s["metadata"] as JsonObject ?? []).ToDictionary(kv => kv.Key, kv => (string?)kv.Value ?? "", StringComparer.Ordinal),
        (string?)s["OS-EXT-AZ:availability_zone"] is { Length: > 0 } zone ? zone : null)
    {
        Created = (string?)s["created"] ?? "",
    };
}
