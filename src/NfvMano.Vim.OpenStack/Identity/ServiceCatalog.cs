using System.Text.Json.Nodes;

namespace NfvMano.Vim.OpenStack.Identity;

/// <summary>One endpoint of the Keystone service catalog.</summary>
/// <param name="ServiceType">The service type (<c>compute</c>, <c>network</c>, ...).</param>
/// <param name="Interface"><c>public</c>, <c>internal</c> or <c>admin</c>.</param>
/// <param name="Region">The region id.</param>
/// <param name="Url">The endpoint URL, without a trailing slash.</param>
public sealed record CatalogEndpoint(string ServiceType, string Interface, string Region, string Url);

/// <summary>The service catalog a Keystone v3 token carries.</summary>
public sealed class ServiceCatalog
{
    private readonly IReadOnlyList<CatalogEndpoint> _endpoints;

    /// <summary>Creates a catalog from its endpoints.</summary>
    public ServiceCatalog(IReadOnlyList<CatalogEndpoint> endpoints) => _endpoints = endpoints;

    /// <summary>Every endpoint.</summary>
    public IReadOnlyList<CatalogEndpoint> Endpoints => _endpoints;

    /// <summary>Reads the <c>catalog</c> array of a Keystone v3 token body.</summary>
    public static ServiceCatalog Parse(JsonArray? catalog)
    {
        var endpoints = new List<CatalogEndpoint>();
        foreach (var service in catalog ?? [])
        {
            var type = (string?)service?["type"];
            if (type is null || service?["endpoints"] is not JsonArray list)
            {
                continue;
            }

            foreach (var e in list)
            {
                var url = (string?)e?["url"];
                var iface = (string?)e?["interface"];
                var region = (string?)e?["region_id"] ?? (string?)e?["region"] ?? "";
                if (url is not null && iface is not null)
                {
                    endpoints.Add(new CatalogEndpoint(type, iface, region, url.TrimEnd('/')));
                }
            }
        }

        return new ServiceCatalog(endpoints);
    }

    /// <summary>The URL of a service in a region on an interface.</summary>
    /// <exception cref="OpenStackException">The catalog has no such endpoint; the message lists what it has.</exception>
    public string Resolve(string serviceType, string region, string @interface)
    {
        var match = _endpoints.FirstOrDefault(e => e.ServiceType == serviceType && e.Region == region && e.Interface == @interface);
        if (match is not null)
        {
            return match.Url;
        }

        var offered = _endpoints.Where(e => e.ServiceType == serviceType).Select(e => $"{e.Region}/{e.Interface}").ToList();
        throw new OpenStackException("identity", $"the service catalog lookup of {serviceType}", null,
            offered.Count == 0
                ? $"the catalog has no '{serviceType}' service (it has: {string.Join(", ", _endpoints.Select(e => e.ServiceType).Distinct())})"
                : $"no '{serviceType}' endpoint in region '{region}' on interface '{@interface}' (offered: {string.Join(", ", offered)})");
    }
}
