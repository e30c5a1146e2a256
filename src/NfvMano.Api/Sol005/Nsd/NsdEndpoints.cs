using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using NfvMano.Api.Sol005.Subscriptions;
using NfvMano.Api.Limits;
using NfvMano.Api.Sol013;
using NfvMano.Api.Tenancy;
using NfvMano.Lifecycle;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Lifecycle.Catalogue.Nsds;
using NfvMano.Lifecycle.Notifications;
using NfvMano.Persistence.Catalogue;

namespace NfvMano.Api.Sol005.Nsd;

/// <summary>SOL005 NSD management, <c>/nsd/v1</c>: NS descriptors, their content, subscriptions.</summary>
public static class NsdEndpoints
{
    /// <summary>The API version served (SOL005 nsd 2.8.0).</summary>
    public static Sol013Api Api { get; } = new("nsd", "v1", "2.8.0");

    private static readonly ResourceProfile NsdProfile = new("NsdInfo")
    {
        DefaultExcluded = ["userDefinedData", "onboardingFailureDetails"],
    };

    private static readonly ResourceProfile SubscriptionProfile = new("NsdmSubscription");

    /// <summary>Maps every nsd v1 resource.</summary>
    /// <param name="endpoints">The application.</param>
    /// <returns>The route group of <c>/nsd/v1</c>.</returns>
    public static RouteGroupBuilder MapNsdV1(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapSol013Api(Api);
        api.AddEndpointFilter(CatalogueErrors.Filter);

        api.MapPost("/ns_descriptors", CreateNsd).Accepts<CreateNsdInfoRequest>("application/json").WithName("nsd-create");
        api.MapGet("/ns_descriptors", ListNsds).WithName("nsd-list");
        api.MapGet("/ns_descriptors/{nsdInfoId}", GetNsd).WithName("nsd-get");
        api.MapPatch("/ns_descriptors/{nsdInfoId}", PatchNsd)
            .Accepts<NsdInfoModifications>("application/merge-patch+json", "application/json").WithName("nsd-patch");
        api.MapDelete("/ns_descriptors/{nsdInfoId}", DeleteNsd).WithName("nsd-delete");
        api.MapPut("/ns_descriptors/{nsdInfoId}/nsd_content", UploadContent)
            .Accepts<Stream>("application/zip", "text/plain", "application/yaml", "application/x-yaml", "multipart/form-data").WithName("nsd-upload").WithMetadata(ContentUpload.Marker);
        api.MapGet("/ns_descriptors/{nsdInfoId}/nsd_content", GetContent)
            .Produces(StatusCodes.Status200OK, typeof(byte[]), DescriptorResults.Zip, DescriptorResults.Text).WithName("nsd-content");
        api.MapGet("/ns_descriptors/{nsdInfoId}/nsd", GetNsdDocument)
            .Produces(StatusCodes.Status200OK, typeof(byte[]), DescriptorResults.Text, DescriptorResults.Zip).WithName("nsd-nsd");

        api.MapPost("/subscriptions", CreateSubscription).Accepts<NsdmSubscriptionRequest>("application/json").WithName("nsd-subscribe");
        api.MapGet("/subscriptions", ListSubscriptions).WithName("nsd-subscriptions");
        api.MapGet("/subscriptions/{subscriptionId}", GetSubscription).WithName("nsd-subscription");
        api.MapDelete("/subscriptions/{subscriptionId}", DeleteSubscription).WithName("nsd-unsubscribe");
        return api;
    }

    /// <summary>POST /ns_descriptors: creates an NSD info in CREATED.</summary>
    public static async Task<Created<NsdInfo>> CreateNsd(CreateNsdInfoRequest? request, NsdCatalogue catalogue, HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(http);
        var nsd = await catalogue.CreateAsync(user.TenantOf(), request?.UserDefinedData, cancellationToken);
        EntityTags.SetETag(http.Response, EntityTags.FromVersion(nsd.Version));
        var dto = ToDto(http.Request, nsd);
        return TypedResults.Created(dto.Links.Self.Href, dto);
    }

    /// <summary>GET /ns_descriptors with SOL013 filter, selectors and paging.</summary>
    public static async Task<Sol013ListResult<NsdInfo>> ListNsds(NsdCatalogue catalogue, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var all = await catalogue.ListAsync(user.TenantOf(), cancellationToken);
        return Sol013Results.List(all.Select(n => ToDto(request, n)), NsdProfile);
    }

    /// <summary>GET /ns_descriptors/{id}.</summary>
    public static async Task<Ok<NsdInfo>> GetNsd(string nsdInfoId, NsdCatalogue catalogue, HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(http);
        var nsd = await catalogue.GetAsync(user.TenantOf(), ParseId(nsdInfoId), cancellationToken);
        EntityTags.SetETag(http.Response, EntityTags.FromVersion(nsd.Version));
        return TypedResults.Ok(ToDto(http.Request, nsd));
    }

    /// <summary>PATCH /ns_descriptors/{id}: operational state and user data, honouring If-Match.</summary>
    public static async Task<Ok<NsdInfoModifications>> PatchNsd(string nsdInfoId, NsdInfoModifications modifications, NsdCatalogue catalogue, HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(modifications);
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(http);
        var id = ParseId(nsdInfoId);
        var current = await catalogue.GetAsync(user.TenantOf(), id, cancellationToken);
        EntityTags.CheckIfMatch(http.Request, EntityTags.FromVersion(current.Version));
        var expected = http.Request.Headers.IfMatch.Count > 0 ? current.Version : (long?)null;
        var updated = await catalogue.UpdateAsync(user.TenantOf(), id, expected, modifications.NsdOperationalState, modifications.UserDefinedData, cancellationToken);
        EntityTags.SetETag(http.Response, EntityTags.FromVersion(updated.Version));
        return TypedResults.Ok(modifications);
    }

    /// <summary>DELETE /ns_descriptors/{id}.</summary>
    public static async Task<NoContent> DeleteNsd(string nsdInfoId, NsdCatalogue catalogue, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        await catalogue.DeleteAsync(user.TenantOf(), ParseId(nsdInfoId), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>PUT /ns_descriptors/{id}/nsd_content: a zip or one YAML file; onboarding runs in the background (202).</summary>
    public static async Task<Accepted> UploadContent(string nsdInfoId, NsdCatalogue catalogue, IOptions<CatalogueOptions> options, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(options);
        var id = ParseId(nsdInfoId);
        _ = await catalogue.GetAsync(user.TenantOf(), id, cancellationToken);
        var (body, contentType) = await UploadedContent.OpenAsync(request, options.Value.MaxContentBytes, "application/zip", cancellationToken);
        await catalogue.UploadContentAsync(user.TenantOf(), id, body, contentType, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>GET /ns_descriptors/{id}/nsd_content: the content as uploaded.</summary>
    public static async Task<FileContentHttpResult> GetContent(string nsdInfoId, NsdCatalogue catalogue, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var (content, contentType) = await catalogue.GetContentAsync(user.TenantOf(), ParseId(nsdInfoId), cancellationToken);
        return TypedResults.File(content, contentType == DescriptorResults.Zip ? DescriptorResults.Zip : DescriptorResults.Text, enableRangeProcessing: true);
    }

    /// <summary>GET /ns_descriptors/{id}/nsd: the NSD as YAML text (single file) or zip, per Accept.</summary>
    public static async Task<FileContentHttpResult> GetNsdDocument(string nsdInfoId, NsdCatalogue catalogue, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var document = await catalogue.GetNsdAsync(user.TenantOf(), ParseId(nsdInfoId), cancellationToken);
        return DescriptorResults.Serve(request, document, "NSD");
    }

    /// <summary>POST /subscriptions: tests the callback, then subscribes.</summary>
    public static async Task<Created<NsdmSubscription>> CreateSubscription(NsdmSubscriptionRequest request, SubscriptionService subscriptions, HttpRequest http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(subscriptions);
        var created = await subscriptions.CreateAsync(NotificationApi.Nsd, user.TenantOf(), request.CallbackUri, request.Filter, request.Authentication, cancellationToken);
        var dto = ToDto(http, created);
        return TypedResults.Created(dto.Links.Self.Href, dto);
    }

    /// <summary>GET /subscriptions.</summary>
    public static async Task<Sol013ListResult<NsdmSubscription>> ListSubscriptions(SubscriptionService subscriptions, HttpRequest http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var all = await subscriptions.ListAsync(NotificationApi.Nsd, user.TenantOf(), cancellationToken);
        return Sol013Results.List(all.Select(s => ToDto(http, s)), SubscriptionProfile);
    }

    /// <summary>GET /subscriptions/{id}.</summary>
    public static async Task<Ok<NsdmSubscription>> GetSubscription(string subscriptionId, SubscriptionService subscriptions, HttpRequest http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var s = await subscriptions.GetAsync(NotificationApi.Nsd, user.TenantOf(), SubscriptionHandlers.ParseId(subscriptionId), cancellationToken);
        return TypedResults.Ok(ToDto(http, s));
    }

    /// <summary>DELETE /subscriptions/{id}.</summary>
    public static async Task<NoContent> DeleteSubscription(string subscriptionId, SubscriptionService subscriptions, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        await subscriptions.DeleteAsync(NotificationApi.Nsd, user.TenantOf(), SubscriptionHandlers.ParseId(subscriptionId), cancellationToken);
        return TypedResults.NoContent();
    }

    internal static NsdInfo ToDto(HttpRequest request, NsdInfoEntity n)
    {
        var self = $"{Api.UriPrefix}/ns_descriptors/{n.Id}";
        return new NsdInfo
        {
            Id = n.Id.ToString(),
            NsdId = n.NsdId,
            NsdName = n.NsdName,
            NsdVersion = n.NsdVersion,
            NsdDesigner = n.NsdDesigner,
            NsdInvariantId = n.NsdInvariantId,
            VnfPkgIds = JsonSerializer.Deserialize<string[]>(n.VnfPkgIdsJson) ?? [],
            NsdOnboardingState = n.OnboardingState,
            OnboardingFailureDetails = n.OnboardingFailureDetailsJson is { } failure ? JsonNode.Parse(failure) as JsonObject : null,
            NsdOperationalState = n.OperationalState,
            NsdUsageState = n.UsageState,
            UserDefinedData = JsonNode.Parse(n.UserDefinedDataJson) as JsonObject ?? [],
            Links = new NsdInfoLinks(Link.To(request, self), Link.To(request, self + "/nsd_content")),
        };
    }

    private static NsdmSubscription ToDto(HttpRequest request, SubscriptionEntity s)
    {
        var (id, filter, callback, links) = SubscriptionHandlers.Shape(request, NotificationApi.Nsd, s);
        return new NsdmSubscription(id, filter, callback, links);
    }

    private static Guid ParseId(string nsdInfoId) =>
        Guid.TryParse(nsdInfoId, out var id) ? id : throw NotFoundProblem.ForId("NSD", nsdInfoId);
}
