using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace NfvMano.Api.Sol013;

/// <summary>Maps SOL013 API roots and their <c>api_versions</c> resources.</summary>
public static class Sol013EndpointRouteBuilderExtensions
{
    /// <summary>
    /// Registers an API version (so its requests get the <c>Version</c> checks and header), maps its
    /// <c>api_versions</c> resources, and returns the route group of its root (<c>/vnfpkgm/v1</c>) for the
    /// API's endpoints.
    /// </summary>
    /// <param name="endpoints">The application (not a group: the roots are absolute).</param>
    /// <param name="api">The API version.</param>
    /// <returns>The route group of the API root.</returns>
    public static RouteGroupBuilder MapSol013Api(this IEndpointRouteBuilder endpoints, Sol013Api api)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(api);
        endpoints.MapApiVersions(api);
        return endpoints.MapGroup(api.UriPrefix).WithMetadata(api).WithTags(api.Name);
    }

    /// <summary>
    /// Registers an API version and maps <c>GET /{name}/{vN}/api_versions</c> (this version) and, once per API
    /// name, <c>GET /{name}/api_versions</c> (every registered major version of the API), as in SOL013 9.1.
    /// Neither requires a <c>Version</c> header. Calling it again for the same API does nothing.
    /// </summary>
    /// <param name="endpoints">The application (not a group: the paths are absolute).</param>
    /// <param name="api">The API version.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapApiVersions(this IEndpointRouteBuilder endpoints, Sol013Api api)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(api);
        var registry = endpoints.ServiceProvider.GetService<ApiVersionRegistry>()
            ?? throw new InvalidOperationException("Call services.AddNfvManoSol013() before mapping SOL013 APIs.");
        if (!registry.Register(api))
        {
            return endpoints;
        }

        endpoints.MapGet(api.UriPrefix + "/api_versions", () => GetApiVersions(api))
            .WithName($"{api.Name}-{api.UriMajorVersion}-api_versions")
            .WithTags(api.Name);

        if (registry.VersionsOf(api.Name).Count == 1)
        {
            var name = api.Name;
            endpoints.MapGet($"/{name}/api_versions", (ApiVersionRegistry r) => GetAllApiVersions(r, name))
                .WithName($"{name}-api_versions")
                .WithTags(name);
        }

        return endpoints;
    }

    private static Ok<ApiVersionInformation> GetApiVersions(Sol013Api api) =>
        TypedResults.Ok(new ApiVersionInformation(api.UriPrefix, [EntryOf(api)]));

    private static Ok<ApiVersionInformation> GetAllApiVersions(ApiVersionRegistry registry, string name) =>
        TypedResults.Ok(new ApiVersionInformation("/" + name, [.. registry.VersionsOf(name).Select(EntryOf)]));

    private static ApiVersionEntry EntryOf(Sol013Api api) => new(api.Version, api.IsDeprecated, api.RetirementDate);
}
