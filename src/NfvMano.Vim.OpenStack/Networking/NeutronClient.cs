using System.Text.Json.Nodes;
using NfvMano.Vim.OpenStack.Compute;
using NfvMano.Vim.OpenStack.Http;

namespace NfvMano.Vim.OpenStack.Networking;

/// <summary>A network for a virtual link.</summary>
/// <param name="Name">Its name (unique among ours).</param>
/// <param name="NetworkType"><c>vlan</c>, <c>vxlan</c>, <c>flat</c>, <c>geneve</c>; null for the cloud's tenant default.</param>
/// <param name="PhysicalNetwork">The provider physical network (VLAN and flat).</param>
/// <param name="SegmentationId">VLAN id or VNI; null lets Neutron allocate one.</param>
/// <param name="Cidr">A subnet to create on it when <see cref="Subnets"/> is empty, or null for none.</param>
/// <param name="EnableDhcp">Whether Neutron serves DHCP on the <paramref name="Cidr"/> subnet.</param>
public sealed record NeutronNetworkRequest(string Name, string? NetworkType, string? PhysicalNetwork, int? SegmentationId, string? Cidr = null, bool EnableDhcp = false)
{
    /// <summary>The network's MTU, or null for Neutron's (the physical MTU less the encapsulation's overhead).</summary>
    public int? Mtu { get; init; }

    /// <summary>The subnets to have on it; when empty, <see cref="Cidr"/> (if any) is the one.</summary>
    public IReadOnlyList<NeutronSubnetRequest> Subnets { get; init; } = [];

    internal IReadOnlyList<NeutronSubnetRequest> AllSubnets =>
        Subnets.Count > 0 ? Subnets : Cidr is null ? [] : [new NeutronSubnetRequest(Cidr, Cidr.Contains(':', StringComparison.Ordinal) ? 6 : 4, EnableDhcp)];
}

/// <summary>A subnet to have on a network.</summary>
/// <param name="Cidr">Its range.</param>
/// <param name="IpVersion">4 or 6.</param>
/// <param name="EnableDhcp">Whether Neutron serves DHCP on it.</param>
/// <param name="GatewayIp">Its gateway, or null for Neutron's default (the first address).</param>
public sealed record NeutronSubnetRequest(string Cidr, int IpVersion, bool EnableDhcp, string? GatewayIp = null);

/// <summary>A subnet as Neutron has it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="NetworkId">Its network.</param>
/// <param name="Cidr">Its range.</param>
/// <param name="IpVersion">4 or 6.</param>
/// <param name="GatewayIp">Its gateway, or null for none.</param>
/// <param name="EnableDhcp">Whether DHCP is served.</param>
public sealed record NeutronSubnet(string Id, string NetworkId, string Cidr, int IpVersion, string? GatewayIp, bool EnableDhcp);

/// <summary>A network as Neutron has it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="NetworkType">Provider network type.</param>
/// <param name="PhysicalNetwork">Provider physical network.</param>
/// <param name="SegmentationId">VLAN id or VNI.</param>
/// <param name="SubnetIds">Its subnets.</param>
public sealed record NeutronNetwork(string Id, string Name, string? NetworkType, string? PhysicalNetwork, int? SegmentationId, IReadOnlyList<string> SubnetIds);

/// <summary>A port to create.</summary>
/// <param name="Name">Its name.</param>
/// <param name="NetworkId">Its network.</param>
/// <param name="VnicType"><c>normal</c>, <c>direct</c> (an SR-IOV VF) or <c>direct-physical</c> (a whole PF).</param>
/// <param name="SecurityGroupIds">Security groups; ignored for SR-IOV ports, which bypass the host's firewall.</param>
/// <param name="MacAddress">A fixed MAC, or null.</param>
/// <param name="BindingHost">Binds the port to a compute host before any server uses it (admin only), or null to let Nova bind it.</param>
public sealed record NeutronPortRequest(
    string Name, string NetworkId, string VnicType = "normal", IReadOnlyList<string>? SecurityGroupIds = null, string? MacAddress = null, string? BindingHost = null);

/// <summary>A security group rule from a descriptor's <c>SecurityGroupRule</c> policy.</summary>
/// <param name="Direction"><c>ingress</c> or <c>egress</c>.</param>
/// <param name="Protocol"><c>tcp</c>, <c>udp</c>, <c>icmp</c> or null for any.</param>
/// <param name="PortRangeMin">First port, or null.</param>
/// <param name="PortRangeMax">Last port, or null.</param>
/// <param name="EtherType"><c>IPv4</c> or <c>IPv6</c>.</param>
/// <param name="RemoteIpPrefix">Source (ingress) or destination (egress) prefix, or null for any.</param>
public sealed record SecurityGroupRule(string Direction, string? Protocol, int? PortRangeMin, int? PortRangeMax, string EtherType = "IPv4", string? RemoteIpPrefix = null);

/// <summary>Neutron: networks with provider attributes, subnets, ports with vNIC types, security groups.</summary>
public sealed class NeutronClient
{
    private const string Service = "network";
    private static readonly string[] VnicTypes = ["normal", "direct", "direct-physical", "macvtap", "virtio-forwarder"];
    private readonly OpenStackHttp _http;

    /// <summary>Creates the client.</summary>
    public NeutronClient(OpenStackHttp http) => _http = http;

    private Task<JsonNode?> CallAsync(HttpMethod method, string path, JsonNode? body, bool allowNotFound, CancellationToken ct) =>
        _http.SendAsync(Service, method, "/v2.0" + path, body, null, allowNotFound, ct);

    /// <summary>
    /// Creates the network or returns the one of that name, and gives it every requested subnet it lacks (compared by
    /// range): a retry after a crash between the network and its subnets completes it, and never adds one twice.
    /// </summary>
    public async Task<NeutronNetwork> EnsureNetworkAsync(NeutronNetworkRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var network = await FindNetworkAsync(request.Name, cancellationToken).ConfigureAwait(false);
        if (network is null)
        {
            var created = await CallAsync(HttpMethod.Post, "/networks", NetworkBody(request), false, cancellationToken).ConfigureAwait(false);
            network = ToNetwork(created!["network"]!);
        }

        var wanted = request.AllSubnets;
        if (wanted.Count > 0)
        {
            var present = network.SubnetIds.Count == 0 ? [] : await ListSubnetsAsync(network.Id, cancellationToken).ConfigureAwait(false);
            var ids = network.SubnetIds.ToList();
            foreach (var subnet in wanted.Where(w => !present.Any(p => SameRange(p.Cidr, w.Cidr))))
            {
                var created = await CallAsync(HttpMethod.Post, "/subnets", SubnetBody(request.Name, network.Id, subnet), false, cancellationToken).ConfigureAwait(false);
                ids.Add((string)created!["subnet"]!["id"]!);
            }

            network = network with { SubnetIds = ids };
        }

        return network;
    }

    /// <summary>The body of <c>POST /v2.0/networks</c> for a request: provider attributes only where stated.</summary>
    internal static JsonObject NetworkBody(NeutronNetworkRequest request)
    {
        var n = new JsonObject { ["name"] = request.Name, ["admin_state_up"] = true };
        if (request.NetworkType is not null)
        {
            n["provider:network_type"] = request.NetworkType;
        }

        if (request.PhysicalNetwork is not null)
        {
            n["provider:physical_network"] = request.PhysicalNetwork;
        }

        if (request.SegmentationId is { } seg)
        {
            n["provider:segmentation_id"] = seg;
        }

        if (request.Mtu is { } mtu)
        {
            n["mtu"] = mtu;
        }

        return new JsonObject { ["network"] = n };
    }

    /// <summary>The body of <c>POST /v2.0/subnets</c> for one subnet of a network.</summary>
    internal static JsonObject SubnetBody(string name, string networkId, NeutronSubnetRequest subnet)
    {
        var s = new JsonObject
        {
            ["name"] = name,
            ["network_id"] = networkId,
            ["ip_version"] = subnet.IpVersion,
            ["cidr"] = subnet.Cidr,
            ["enable_dhcp"] = subnet.EnableDhcp,
        };
        if (subnet.GatewayIp is not null)
        {
            s["gateway_ip"] = subnet.GatewayIp;
        }

        return new JsonObject { ["subnet"] = s };
    }

    private static bool SameRange(string a, string b) =>
        System.Net.IPNetwork.TryParse(a, out var x) && System.Net.IPNetwork.TryParse(b, out var y) ? x.Equals(y) : string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>The subnets of a network.</summary>
    public async Task<IReadOnlyList<NeutronSubnet>> ListSubnetsAsync(string networkId, CancellationToken cancellationToken)
    {
        var list = await CallAsync(HttpMethod.Get, $"/subnets?network_id={Uri.EscapeDataString(networkId)}", null, false, cancellationToken).ConfigureAwait(false);
        return [.. (list?["subnets"] as JsonArray ?? []).Select(s => new NeutronSubnet(
            (string)s!["id"]!,
            (string?)s["network_id"] ?? networkId,
            (string?)s["cidr"] ?? "",
            (int?)s["ip_version"] ?? 4,
            (string?)s["gateway_ip"],
            (bool?)s["enable_dhcp"] ?? false))
            .OrderBy(s => s.IpVersion).ThenBy(s => s.Cidr, StringComparer.Ordinal)];
    }

    /// <summary>Finds a network by exact name, or null.</summary>
    public async Task<NeutronNetwork?> FindNetworkAsync(string name, CancellationToken cancellationToken)
    {
        var list = await CallAsync(HttpMethod.Get, $"/networks?name={Uri.EscapeDataString(name)}", null, false, cancellationToken).ConfigureAwait(false);
        var n = (list?["networks"] as JsonArray ?? []).FirstOrDefault();
        return n is null ? null : ToNetwork(n);
    }

    /// <summary>Reads a network by id, or null when there is none.</summary>
    public async Task<NeutronNetwork?> GetNetworkAsync(string id, CancellationToken cancellationToken)
    {
        var n = (await CallAsync(HttpMethod.Get, $"/networks/{Uri.EscapeDataString(id)}", null, true, cancellationToken).ConfigureAwait(false))?["network"];
        return n is null ? null : ToNetwork(n);
    }

    /// <summary>Lists networks whose name starts with <paramref name="prefix"/>.</summary>
    public async Task<IReadOnlyList<NeutronNetwork>> ListNetworksAsync(string prefix, CancellationToken cancellationToken)
    {
        var list = await CallAsync(HttpMethod.Get, "/networks", null, false, cancellationToken).ConfigureAwait(false);
        return (list?["networks"] as JsonArray ?? []).Select(n => ToNetwork(n!)).Where(n => n.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
    }

    /// <summary>Deletes a network with its ports and subnets (Neutron removes a network's subnets with it); succeeds when it is gone.</summary>
    public async Task DeleteNetworkAsync(string id, CancellationToken cancellationToken)
    {
        var ports = await CallAsync(HttpMethod.Get, $"/ports?network_id={id}", null, false, cancellationToken).ConfigureAwait(false);
        foreach (var p in ports?["ports"] as JsonArray ?? [])
        {
            if (((string?)p?["device_owner"] ?? "").StartsWith("compute:", StringComparison.Ordinal))
            {
                throw new OpenStackException(Service, $"DELETE /networks/{id}", System.Net.HttpStatusCode.Conflict,
                    $"port {(string?)p!["id"]} of server {(string?)p["device_id"]} is still on the network");
            }

            await CallAsync(HttpMethod.Delete, $"/ports/{(string)p!["id"]!}", null, true, cancellationToken).ConfigureAwait(false);
        }

        await CallAsync(HttpMethod.Delete, $"/networks/{id}", null, true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a port (or returns the one of that name on that network).</summary>
    public async Task<string> EnsurePortAsync(NeutronPortRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!VnicTypes.Contains(request.VnicType))
        {
            throw new OpenStackException(Service, "POST /ports", null, $"vNIC type '{request.VnicType}' is not one of {string.Join(", ", VnicTypes)}");
        }

        var list = await CallAsync(HttpMethod.Get, $"/ports?network_id={request.NetworkId}&name={Uri.EscapeDataString(request.Name)}", null, false, cancellationToken).ConfigureAwait(false);
        if ((list?["ports"] as JsonArray ?? []).FirstOrDefault() is { } existing)
        {
            return (string)existing["id"]!;
        }

        var port = new JsonObject
        {
            ["name"] = request.Name,
            ["network_id"] = request.NetworkId,
            ["binding:vnic_type"] = request.VnicType,
        };
        if (request.VnicType == "normal")
        {
            if (request.SecurityGroupIds is { } groups)
            {
                port["security_groups"] = new JsonArray(groups.Select(g => (JsonNode)JsonValue.Create(g)!).ToArray());
            }
        }
        else
        {
            // A VF or PF bypasses the host's switch: security groups cannot be enforced on it, so say so.
            port["port_security_enabled"] = false;
            port["security_groups"] = new JsonArray();
        }

        if (request.MacAddress is not null)
        {
            port["mac_address"] = request.MacAddress;
        }

        if (request.BindingHost is not null)
        {
            port["binding:host_id"] = request.BindingHost;
        }

        var created = await CallAsync(HttpMethod.Post, "/ports", new JsonObject { ["port"] = port }, false, cancellationToken).ConfigureAwait(false);
        return (string)created!["port"]!["id"]!;
    }

    /// <summary>Reads a port's binding, or null when it does not exist.</summary>
    public async Task<PortBinding?> GetPortBindingAsync(string id, CancellationToken cancellationToken)
    {
        var p = (await CallAsync(HttpMethod.Get, $"/ports/{id}", null, true, cancellationToken).ConfigureAwait(false))?["port"];
        if (p is null)
        {
            return null;
        }

        var profile = p["binding:profile"] as JsonObject;
        return new PortBinding(id, (string?)p["binding:vnic_type"] ?? "normal", (string?)p["binding:vif_type"] ?? "unbound",
            (string?)p["binding:host_id"] is { Length: > 0 } h ? h : null, (string?)profile?["pci_slot"], (string?)profile?["physical_network"]);
    }

    /// <summary>The ids of the ports of a server.</summary>
    public async Task<IReadOnlyList<string>> ListServerPortsAsync(string serverId, CancellationToken cancellationToken)
    {
        var list = await CallAsync(HttpMethod.Get, $"/ports?device_id={serverId}", null, false, cancellationToken).ConfigureAwait(false);
        return (list?["ports"] as JsonArray ?? []).Select(p => (string)p!["id"]!).ToList();
    }

    /// <summary>Deletes a port; succeeds when it is gone.</summary>
    public Task DeletePortAsync(string id, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Delete, $"/ports/{id}", null, true, cancellationToken);

    /// <summary>Creates a security group with these rules, or returns the one of that name with any of them it lacks added.</summary>
    public async Task<string> EnsureSecurityGroupAsync(string name, IReadOnlyList<SecurityGroupRule> rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var list = await CallAsync(HttpMethod.Get, $"/security-groups?name={Uri.EscapeDataString(name)}", null, false, cancellationToken).ConfigureAwait(false);
        var group = (list?["security_groups"] as JsonArray ?? []).FirstOrDefault();
        if (group is null)
        {
            var created = await CallAsync(HttpMethod.Post, "/security-groups",
                new JsonObject { ["security_group"] = new JsonObject { ["name"] = name, ["description"] = "NfvMano" } }, false, cancellationToken).ConfigureAwait(false);
            group = created!["security_group"]!;
        }

        var id = (string)group["id"]!;
        // A creation interrupted between the group and its rules left some out: add only those missing.
        var present = (group["security_group_rules"] as JsonArray ?? []).Select(r => new SecurityGroupRule(
            (string)r!["direction"]!, (string?)r["protocol"], (int?)r["port_range_min"], (int?)r["port_range_max"],
            (string?)r["ethertype"] ?? "IPv4", (string?)r["remote_ip_prefix"])).ToHashSet();
        foreach (var r in rules.Where(r => !present.Contains(r)))
        {
            var rule = new JsonObject { ["security_group_id"] = id, ["direction"] = r.Direction, ["ethertype"] = r.EtherType };
            if (r.Protocol is not null)
            {
                rule["protocol"] = r.Protocol;
            }

            if (r.PortRangeMin is { } min)
            {
                rule["port_range_min"] = min;
            }

            if (r.PortRangeMax is { } max)
            {
                rule["port_range_max"] = max;
            }

            if (r.RemoteIpPrefix is not null)
            {
                rule["remote_ip_prefix"] = r.RemoteIpPrefix;
            }

            await CallAsync(HttpMethod.Post, "/security-group-rules", new JsonObject { ["security_group_rule"] = rule }, false, cancellationToken).ConfigureAwait(false);
        }

        return id;
    }

    /// <summary>The ids and names of the project's security groups whose names start with <paramref name="prefix"/>.</summary>
    public async Task<IReadOnlyList<(string Id, string Name)>> ListSecurityGroupsAsync(string prefix, CancellationToken cancellationToken)
    {
        var list = await CallAsync(HttpMethod.Get, "/security-groups", null, false, cancellationToken).ConfigureAwait(false);
        return [.. (list?["security_groups"] as JsonArray ?? [])
            .Select(g => ((string)g!["id"]!, (string?)g["name"] ?? ""))
            .Where(g => g.Item2.StartsWith(prefix, StringComparison.Ordinal))];
    }

    /// <summary>Deletes a security group; succeeds when it is gone.</summary>
    public Task DeleteSecurityGroupAsync(string id, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Delete, $"/security-groups/{id}", null, true, cancellationToken);

    private static NeutronNetwork ToNetwork(JsonNode n) => new(
        (string)n["id"]!,
        (string?)n["name"] ?? "",
        (string?)n["provider:network_type"],
        (string?)n["provider:physical_network"],
        (int?)n["provider:segmentation_id"],
        (n["subnets"] as JsonArray ?? []).Select(s => (string)s!).ToList());
}
