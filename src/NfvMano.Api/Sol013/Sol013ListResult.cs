using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace NfvMano.Api.Sol013;

/// <summary>
/// The 200 response of a SOL013 list endpoint: applies the request's <c>filter</c>, then paging
/// (<c>nextpage_opaque_marker</c>, <c>Link: rel="next"</c>), then attribute selectors, and writes the JSON
/// array. Invalid query parameters raise a 400 ProblemDetails. Use it as a typed result in a handler's
/// <c>Results&lt;…&gt;</c>.
/// </summary>
/// <typeparam name="T">The DTO type of the listed resources.</typeparam>
public sealed class Sol013ListResult<T> : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult
{
    /// <summary>Query parameter of the attribute-based filter.</summary>
    public const string FilterParameter = "filter";

    internal Sol013ListResult(IEnumerable<T> items, ResourceProfile profile)
    {
        Items = items;
        Profile = profile;
    }

    /// <summary>All resources, in the order they are listed, before filtering and paging.</summary>
    public IEnumerable<T> Items { get; }

    /// <summary>The resource's selector and paging profile.</summary>
    public ResourceProfile Profile { get; }

    /// <inheritdoc />
    public int? StatusCode => StatusCodes.Status200OK;

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var services = httpContext.RequestServices;
        var json = services.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;
        var pageSize = services.GetRequiredService<IOptions<Sol013Options>>().Value.PageSize;
        var request = httpContext.Request;

        var schema = ResourceSchema.For<T>(json);
        var filter = ParseFilter(request.Query);
        filter?.Validate(schema);
        var selector = AttributeSelector.FromQuery(request.Query);
        selector.Validate(schema);
        var marker = Pager.MarkerOf(request);

        var typeInfo = (JsonTypeInfo<T>)json.GetTypeInfo(typeof(T));
        var nodes = Items.Select(item => JsonSerializer.SerializeToNode(item, typeInfo));
        if (filter is not null)
        {
            nodes = nodes.Where(filter.Matches);
        }

        var page = Pager.Slice(nodes, marker, pageSize, KeyOf);
        var body = new JsonArray();
        foreach (var node in page.Items)
        {
            body.Add(selector.Apply(node, Profile));
        }

        if (page.Next is { } next)
        {
            Pager.SetNextLink(httpContext, next);
        }

        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        await httpContext.Response.WriteAsJsonAsync(body, json, contentType: "application/json", httpContext.RequestAborted);
    }

    /// <inheritdoc />
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T[]), ["application/json"]));
    }

    private string? KeyOf(JsonNode? node)
    {
        var key = node?[Profile.KeyAttribute];
        return key is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : key?.ToJsonString();
    }

    private static AttributeFilter? ParseFilter(IQueryCollection query)
    {
        if (!query.TryGetValue(FilterParameter, out var values))
        {
            return null;
        }

        // Several filter parameters mean all of them must hold, which is what ';' already means.
        var conditions = values.SelectMany(v => AttributeFilter.Parse(v ?? string.Empty).Conditions).ToArray();
        return AttributeFilter.Of(conditions);
    }
}

/// <summary>Factories of SOL013 typed results.</summary>
public static class Sol013Results
{
    /// <summary>
    /// A list response that applies the request's <c>filter</c>, paging and attribute selectors to
    /// <paramref name="items"/> (see <see cref="Sol013ListResult{T}"/>).
    /// </summary>
    /// <typeparam name="T">The DTO type.</typeparam>
    /// <param name="items">All resources in a stable order (e.g. by creation, then id).</param>
    /// <param name="profile">The resource's selector and paging profile.</param>
    public static Sol013ListResult<T> List<T>(IEnumerable<T> items, ResourceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(profile);
        return new Sol013ListResult<T>(items, profile);
    }
}
