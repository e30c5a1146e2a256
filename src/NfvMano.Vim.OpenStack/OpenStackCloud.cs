using System.Text.Json.Nodes;
using NfvMano.Vim.OpenStack.Compute;
using NfvMano.Vim.OpenStack.Http;
using NfvMano.Vim.OpenStack.Identity;
using NfvMano.Vim.OpenStack.Images;
using NfvMano.Vim.OpenStack.Networking;

namespace NfvMano.Vim.OpenStack;

/// <summary>
/// One OpenStack VIM reached through one shared HTTP client: Keystone, Nova, Neutron, Glance and Placement.
/// </summary>
public sealed class OpenStackCloud
{
    /// <summary>Connects (lazily: the first call authenticates) to the cloud the options describe.</summary>
    public OpenStackCloud(HttpClient http, OpenStackVimOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Auth = new KeystoneAuthenticator(http, options, time);
        Http = new OpenStackHttp(http, Auth, options, time);
        Nova = new NovaClient(Http, options, time);
        Neutron = new NeutronClient(Http);
        Glance = new GlanceClient(Http);
        Sfc = new SfcClient(Http);
    }

    /// <summary>The options.</summary>
    public OpenStackVimOptions Options { get; }

    /// <summary>Keystone tokens and catalog.</summary>
    public KeystoneAuthenticator Auth { get; }

    /// <summary>The authenticated HTTP layer.</summary>
    public OpenStackHttp Http { get; }

    /// <summary>Compute.</summary>
    public NovaClient Nova { get; }

    /// <summary>Networking.</summary>
    public NeutronClient Neutron { get; }

    /// <summary>Service function chaining (networking-sfc), for VNFFGs.</summary>
    public SfcClient Sfc { get; }

    /// <summary>Images.</summary>
    public GlanceClient Glance { get; }

    /// <summary>Placement allocations of a consumer (a server): resource class to amount, over all providers.</summary>
    public async Task<IReadOnlyDictionary<string, long>> GetAllocationsAsync(string consumerId, CancellationToken cancellationToken)
    {
        var doc = await Http.SendAsync("placement", HttpMethod.Get, $"/allocations/{consumerId}", cancellationToken: cancellationToken).ConfigureAwait(false);
        var totals = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (_, provider) in doc?["allocations"] as JsonObject ?? [])
        {
            foreach (var (rc, amount) in provider?["resources"] as JsonObject ?? [])
            {
                totals[rc] = totals.GetValueOrDefault(rc) + ((long?)amount ?? 0);
            }
        }

        return totals;
    }

    /// <summary>Reads where a server actually landed: topology (pinning, host nodes, pages), allocations, port bindings.</summary>
    public async Task<ServerPlacement> GetPlacementAsync(string serverId, CancellationToken cancellationToken)
    {
        var server = await Nova.GetServerAsync(serverId, cancellationToken).ConfigureAwait(false)
            ?? throw new OpenStackException("compute", $"GET /servers/{serverId}", System.Net.HttpStatusCode.NotFound, "the server does not exist");
        var (pageSize, nodes) = await Nova.GetTopologyAsync(serverId, cancellationToken).ConfigureAwait(false);
        var allocations = await GetAllocationsAsync(serverId, cancellationToken).ConfigureAwait(false);
        var ports = new List<PortBinding>();
        foreach (var id in await Neutron.ListServerPortsAsync(serverId, cancellationToken).ConfigureAwait(false))
        {
            if (await Neutron.GetPortBindingAsync(id, cancellationToken).ConfigureAwait(false) is { } binding)
            {
                ports.Add(binding);
            }
        }

        return new ServerPlacement(serverId, server.Host, pageSize, nodes, allocations, ports);
    }
}
