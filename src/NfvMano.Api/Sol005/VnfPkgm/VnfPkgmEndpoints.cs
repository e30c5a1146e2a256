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
using NfvMano.Lifecycle.Catalogue.VnfPackages;
using NfvMano.Lifecycle.Notifications;
using NfvMano.Persistence.Packages;

namespace NfvMano.Api.Sol005.VnfPkgm;

/// <summary>SOL005 VNF package management, <c>/vnfpkgm/v1</c>: packages, their content, VNFD, artifacts, subscriptions.</summary>
public static class VnfPkgmEndpoints
{
    /// <summary>The API version served (SOL005 vnfpkgm 2.8.0). The standard OpenStack client sends no Version header here.</summary>
    public static Sol013Api Api { get; } = new("vnfpkgm", "v1", "2.8.0") { RequireVersionHeader = false };

    private static readonly ResourceProfile PackageProfile = new("VnfPkgInfo")
    {
        DefaultExcluded = ["softwareImages", "additionalArtifacts", "userDefinedData", "checksum", "onboardingFailureDetails"],
    };

    private static readonly ResourceProfile SubscriptionProfile = new("PkgmSubscription");

    /// <summary>Maps every vnfpkgm v1 resource.</summary>
    /// <param name="endpoints">The application.</param>
    /// <returns>The route group of <c>/vnfpkgm/v1</c>.</returns>
    public static RouteGroupBuilder MapVnfPkgmV1(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapSol013Api(Api);
        api.AddEndpointFilter(CatalogueErrors.Filter);

        api.MapPost("/vnf_packages", CreatePackage).Accepts<CreateVnfPkgInfoRequest>("application/json").WithName("vnfpkgm-create");
        api.MapGet("/vnf_packages", ListPackages).WithName("vnfpkgm-list");
        api.MapGet("/vnf_packages/{vnfPkgId}", GetPackage).WithName("vnfpkgm-get");
        api.MapPatch("/vnf_packages/{vnfPkgId}", PatchPackage)
            .Accepts<VnfPkgInfoModifications>("application/merge-patch+json", "application/json").WithName("vnfpkgm-patch");
        api.MapDelete("/vnf_packages/{vnfPkgId}", DeletePackage).WithName("vnfpkgm-delete");

        api.MapPut("/vnf_packages/{vnfPkgId}/package_content", UploadContent)
            .Accepts<Stream>("application/zip", "application/octet-stream", "multipart/form-data").WithName("vnfpkgm-upload").WithMetadata(ContentUpload.Marker);
        api.MapGet("/vnf_packages/{vnfPkgId}/package_content", GetContent)
            .Produces(StatusCodes.Status200OK, typeof(byte[]), "application/zip").WithName("vnfpkgm-content");
        api.MapPost("/vnf_packages/{vnfPkgId}/package_content/upload_from_uri", UploadFromUri)
            .Accepts<UploadVnfPkgFromUriRequest>("application/json").WithName("vnfpkgm-upload-from-uri").WithMetadata(ContentUpload.Marker);
        api.MapGet("/vnf_packages/{vnfPkgId}/vnfd", GetVnfd)
            .Produces(StatusCodes.Status200OK, typeof(byte[]), DescriptorResults.Text, DescriptorResults.Zip).WithName("vnfpkgm-vnfd");
        api.MapGet("/vnf_packages/{vnfPkgId}/manifest", GetManifest)
            .Produces(StatusCodes.Status200OK, typeof(byte[]), DescriptorResults.Text).WithName("vnfpkgm-manifest");
        api.MapGet("/vnf_packages/{vnfPkgId}/artifacts/{**artifactPath}", GetArtifact).WithName("vnfpkgm-artifact");

        api.MapPost("/subscriptions", CreateSubscription).Accepts<PkgmSubscriptionRequest>("application/json").WithName("vnfpkgm-subscribe");
        api.MapGet("/subscriptions", ListSubscriptions).WithName("vnfpkgm-subscriptions");
        api.MapGet("/subscriptions/{subscriptionId}", GetSubscription).WithName("vnfpkgm-subscription");
        api.MapDelete("/subscriptions/{subscriptionId}", DeleteSubscription).WithName("vnfpkgm-unsubscribe");
        return api;
    }

    /// <summary>POST /vnf_packages: creates a package info in CREATED.</summary>
    public static async Task<Created<VnfPkgInfo>> CreatePackage(CreateVnfPkgInfoRequest? request, VnfPackageCatalogue catalogue, HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(http);
        var package = await catalogue.CreateAsync(user.TenantOf(), request?.UserDefinedData, cancellationToken);
        var dto = ToDto(http.Request, package);
        EntityTags.SetETag(http.Response, EntityTags.FromVersion(package.Version));
        return TypedResults.Created(dto.Links.Self.Href, dto);
    }

    /// <summary>GET /vnf_packages: lists packages with SOL013 filter, selectors and paging.</summary>
    public static async Task<Sol013ListResult<VnfPkgInfo>> ListPackages(VnfPackageCatalogue catalogue, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var packages = await catalogue.ListAsync(user.TenantOf(), cancellationToken);
        return Sol013Results.List(packages.Select(p => ToDto(request, p)), PackageProfile);
    }

    /// <summary>GET /vnf_packages/{id}.</summary>
    public static async Task<Ok<VnfPkgInfo>> GetPackage(string vnfPkgId, VnfPackageCatalogue catalogue, HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(http);
        var package = await catalogue.GetAsync(user.TenantOf(), ParseId(vnfPkgId), cancellationToken);
        EntityTags.SetETag(http.Response, EntityTags.FromVersion(package.Version));
        return TypedResults.Ok(ToDto(http.Request, package));
    }

    /// <summary>PATCH /vnf_packages/{id}: operational state and user data, honouring If-Match.</summary>
    public static async Task<Ok<VnfPkgInfoModifications>> PatchPackage(string vnfPkgId, VnfPkgInfoModifications modifications, VnfPackageCatalogue catalogue, HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(modifications);
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(http);
        var id = ParseId(vnfPkgId);
        var current = await catalogue.GetAsync(user.TenantOf(), id, cancellationToken);
        EntityTags.CheckIfMatch(http.Request, EntityTags.FromVersion(current.Version));
        var expected = http.Request.Headers.IfMatch.Count > 0 ? current.Version : (long?)null;
        var updated = await catalogue.UpdateAsync(user.TenantOf(), id, expected, modifications.OperationalState, modifications.UserDefinedData, cancellationToken);
        EntityTags.SetETag(http.Response, EntityTags.FromVersion(updated.Version));
        return TypedResults.Ok(modifications);
    }

    /// <summary>DELETE /vnf_packages/{id}: only DISABLED and NOT_IN_USE packages.</summary>
    public static async Task<NoContent> DeletePackage(string vnfPkgId, VnfPackageCatalogue catalogue, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        await catalogue.DeleteAsync(user.TenantOf(), ParseId(vnfPkgId), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>PUT /vnf_packages/{id}/package_content: stores the archive and starts onboarding (202, empty body).</summary>
    public static async Task<Accepted> UploadContent(string vnfPkgId, VnfPackageCatalogue catalogue, IOptions<CatalogueOptions> options, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(options);
        var id = ParseId(vnfPkgId);
        _ = await catalogue.GetAsync(user.TenantOf(), id, cancellationToken);
        var (body, contentType) = await UploadedContent.OpenAsync(request, options.Value.MaxContentBytes, "application/zip", cancellationToken);
        await catalogue.UploadContentAsync(user.TenantOf(), id, body, contentType, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>GET /vnf_packages/{id}/package_content: the archive as uploaded (Range supported).</summary>
    public static async Task<FileContentHttpResult> GetContent(string vnfPkgId, VnfPackageCatalogue catalogue, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var (content, _) = await catalogue.GetContentAsync(user.TenantOf(), ParseId(vnfPkgId), cancellationToken);
        return TypedResults.File(content, "application/zip", enableRangeProcessing: true);
    }

    /// <summary>POST /vnf_packages/{id}/package_content/upload_from_uri: fetches the archive in the background (202, empty body).</summary>
    public static async Task<Accepted> UploadFromUri(string vnfPkgId, UploadVnfPkgFromUriRequest request, VnfPackageCatalogue catalogue, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(catalogue);
        var id = ParseId(vnfPkgId);
        // Another tenant's package is not found before anything about the request is judged.
        _ = await catalogue.GetAsync(user.TenantOf(), id, cancellationToken);
        if (request.AuthType is not null and not "BASIC")
        {
            throw new ValidationFailedProblem([new ProblemItem("$.authType", $"'{request.AuthType}' is not supported; use BASIC with userName and password, or none.")]);
        }

        await catalogue.UploadFromUriAsync(user.TenantOf(), id, request.AddressInformation, request.UserName, request.Password, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>GET /vnf_packages/{id}/vnfd: the VNFD as YAML text (single file) or zip, per Accept.</summary>
    public static async Task<FileContentHttpResult> GetVnfd(string vnfPkgId, VnfPackageCatalogue catalogue, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var document = await catalogue.GetVnfdAsync(user.TenantOf(), ParseId(vnfPkgId), cancellationToken);
        return DescriptorResults.Serve(request, document, "VNFD");
    }

    /// <summary>GET /vnf_packages/{id}/manifest: the package's manifest file.</summary>
    public static async Task<FileContentHttpResult> GetManifest(string vnfPkgId, VnfPackageCatalogue catalogue, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var (_, content) = await catalogue.GetManifestAsync(user.TenantOf(), ParseId(vnfPkgId), cancellationToken);
        return TypedResults.File(content, DescriptorResults.Text);
    }

    /// <summary>GET /vnf_packages/{id}/artifacts/{path}: one artifact file (Range supported).</summary>
    public static async Task<FileContentHttpResult> GetArtifact(string vnfPkgId, string artifactPath, VnfPackageCatalogue catalogue, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var content = await catalogue.GetArtifactAsync(user.TenantOf(), ParseId(vnfPkgId), artifactPath, cancellationToken);
        return TypedResults.File(content, "application/octet-stream", enableRangeProcessing: true);
    }

    /// <summary>POST /subscriptions: tests the callback, then subscribes.</summary>
    public static async Task<Created<PkgmSubscription>> CreateSubscription(PkgmSubscriptionRequest request, SubscriptionService subscriptions, HttpRequest http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(subscriptions);
        var created = await subscriptions.CreateAsync(NotificationApi.VnfPkgm, user.TenantOf(), request.CallbackUri, request.Filter, request.Authentication, cancellationToken);
        var dto = ToDto(http, created);
        return TypedResults.Created(dto.Links.Self.Href, dto);
    }

    /// <summary>GET /subscriptions.</summary>
    public static async Task<Sol013ListResult<PkgmSubscription>> ListSubscriptions(SubscriptionService subscriptions, HttpRequest http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var all = await subscriptions.ListAsync(NotificationApi.VnfPkgm, user.TenantOf(), cancellationToken);
        return Sol013Results.List(all.Select(s => ToDto(http, s)), SubscriptionProfile);
    }

    /// <summary>GET /subscriptions/{id}.</summary>
    public static async Task<Ok<PkgmSubscription>> GetSubscription(string subscriptionId, SubscriptionService subscriptions, HttpRequest http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var s = await subscriptions.GetAsync(NotificationApi.VnfPkgm, user.TenantOf(), SubscriptionHandlers.ParseId(subscriptionId), cancellationToken);
        return TypedResults.Ok(ToDto(http, s));
    }

    /// <summary>DELETE /subscriptions/{id}.</summary>
    public static async Task<NoContent> DeleteSubscription(string subscriptionId, SubscriptionService subscriptions, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        await subscriptions.DeleteAsync(NotificationApi.VnfPkgm, user.TenantOf(), SubscriptionHandlers.ParseId(subscriptionId), cancellationToken);
        return TypedResults.NoContent();
    }

    internal static VnfPkgInfo ToDto(HttpRequest request, VnfPackageEntity p)
    {
        var self = $"{Api.UriPrefix}/vnf_packages/{p.Id}";
        return new VnfPkgInfo
        {
            Id = p.Id.ToString(),
            VnfdId = p.VnfdId,
            VnfProvider = p.VnfProvider,
            VnfProductName = p.VnfProductName,
            VnfSoftwareVersion = p.VnfSoftwareVersion,
            VnfdVersion = p.VnfdVersion,
            Checksum = p.ChecksumAlgorithm is { } algorithm && p.ChecksumHash is { } hash ? new Checksum(algorithm, hash) : null,
            SoftwareImages = p.SoftwareImagesJson is { } images ? JsonSerializer.Deserialize<List<VnfPackageSoftwareImageInfo>>(images) : null,
            AdditionalArtifacts = p.AdditionalArtifactsJson is { } artifacts ? JsonSerializer.Deserialize<List<VnfPackageArtifactInfo>>(artifacts) : null,
            OnboardingState = p.OnboardingState,
            OperationalState = p.OperationalState,
            UsageState = p.UsageState,
            OnboardingFailureDetails = p.OnboardingFailureDetailsJson is { } failure ? JsonNode.Parse(failure) as JsonObject : null,
            UserDefinedData = JsonNode.Parse(p.UserDefinedDataJson) as JsonObject ?? [],
            Links = new VnfPkgInfoLinks(Link.To(request, self), Link.To(request, self + "/vnfd"), Link.To(request, self + "/package_content")),
        };
    }

    private static PkgmSubscription ToDto(HttpRequest request, Persistence.Catalogue.SubscriptionEntity s)
    {
        var (id, filter, callback, links) = SubscriptionHandlers.Shape(request, NotificationApi.VnfPkgm, s);
        return new PkgmSubscription(id, filter, callback, links);
    }

    private static Guid ParseId(string vnfPkgId) =>
        Guid.TryParse(vnfPkgId, out var id) ? id : throw NotFoundProblem.ForId("VNF package", vnfPkgId);
}
