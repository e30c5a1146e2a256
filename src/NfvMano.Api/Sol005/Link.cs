using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace NfvMano.Api.Sol005;

/// <summary>SOL013 <c>Link</c>: a URI to a resource.</summary>
/// <param name="Href">The absolute URI.</param>
public sealed record Link([property: JsonPropertyName("href")] string Href)
{
    /// <summary>A link to a path of this server, absolute as seen by the request.</summary>
    /// <param name="request">The request (scheme, host, path base).</param>
    /// <param name="path">The path below the server root, e.g. <c>/vnfpkgm/v1/vnf_packages/…</c>.</param>
    public static Link To(HttpRequest request, string path)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new($"{request.Scheme}://{request.Host}{request.PathBase}{path}");
    }
}
