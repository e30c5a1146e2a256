using Microsoft.AspNetCore.Http;

namespace NfvMano.Api.Sol013;

/// <summary>
/// The APIs this server offers (filled by <see cref="Sol013EndpointRouteBuilderExtensions.MapSol013Api"/>):
/// which API root a request path falls under, and what <c>api_versions</c> reports.
/// </summary>
public sealed class ApiVersionRegistry
{
    private readonly Lock _gate = new();
    private volatile Sol013Api[] _apis = [];

    /// <summary>The registered APIs.</summary>
    public IReadOnlyList<Sol013Api> Apis => _apis;

    /// <summary>Registers an API version.</summary>
    /// <param name="api">The API.</param>
    /// <returns>Whether it was added (false when the same root was already registered with the same version).</returns>
    /// <exception cref="InvalidOperationException">The root is registered already with another definition.</exception>
    public bool Register(Sol013Api api)
    {
        ArgumentNullException.ThrowIfNull(api);
        lock (_gate)
        {
            var existing = Array.Find(_apis, a => string.Equals(a.UriPrefix, api.UriPrefix, StringComparison.OrdinalIgnoreCase));
            if (existing is not null)
            {
                return existing.Version == api.Version && existing.RequireVersionHeader == api.RequireVersionHeader
                    ? false
                    : throw new InvalidOperationException($"The API root {api.UriPrefix} is registered twice: as {existing} and as {api}.");
            }

            _apis = [.. _apis, api];
            return true;
        }
    }

    /// <summary>The API whose root the path is at or below (<c>/vnfpkgm/v1</c>, <c>/vnfpkgm/v1/…</c>).</summary>
    /// <param name="path">The request path (below the path base).</param>
    public Sol013Api? Find(PathString path)
    {
        foreach (var api in _apis)
        {
            if (path.StartsWithSegments(api.UriPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return api;
            }
        }

        return null;
    }

    /// <summary>All registered versions of an API name, ordered by URI major version.</summary>
    /// <param name="name">API name, e.g. <c>vnflcm</c>.</param>
    public IReadOnlyList<Sol013Api> VersionsOf(string name) =>
        [.. _apis.Where(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase))
            .OrderBy(a => a.UriMajorVersion.Length).ThenBy(a => a.UriMajorVersion, StringComparer.Ordinal)];
}
