using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using NfvMano.Api.Sol005;
using NfvMano.Api.Sol005.Subscriptions;
using NfvMano.Api.Sol013;
using NfvMano.Api.Tenancy;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Lifecycle.Notifications;
using NfvMano.Lifecycle.VnfLcm;

namespace NfvMano.Api.Sol003.VnfLcm;

/// <summary>
/// SOL003 VNF lifecycle management, <c>/vnflcm/v1</c> (1.3.0) and <c>/vnflcm/v2</c> (2.0.0) side by side: VNF
/// instances and their tasks, operation occurrences with retry / rollback / fail / cancel, subscriptions.
/// </summary>
public static class VnfLcmEndpoints
{
    /// <summary>vnflcm v1. The standard OpenStack client sends no Version header on v1.</summary>
    public static Sol013Api V1 { get; } = new("vnflcm", "v1", "1.3.0") { RequireVersionHeader = false };

    /// <summary>vnflcm v2.</summary>
    public static Sol013Api V2 { get; } = new("vnflcm", "v2", "2.0.0");

    private static readonly ResourceProfile InstanceProfile = new("VnfInstance")
    {
        DefaultExcluded = ["vimConnectionInfo", "instantiatedVnfInfo", "metadata", "extensions"],
    };

    private static readonly ResourceProfile OpOccProfile = new("VnfLcmOpOcc")
    {
        DefaultExcluded = ["operationParams", "error", "resourceChanges", "changedInfo", "changedExtConnectivity"],
    };

    private static readonly ResourceProfile SubscriptionProfile = new("LccnSubscription");

    /// <summary>Maps vnflcm v1.</summary>
    public static RouteGroupBuilder MapVnfLcmV1(this IEndpointRouteBuilder endpoints) => Map(endpoints, V1);

    /// <summary>Maps vnflcm v2.</summary>
    public static RouteGroupBuilder MapVnfLcmV2(this IEndpointRouteBuilder endpoints) => Map(endpoints, V2);

    private static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints, Sol013Api version)
    {
        var api = endpoints.MapSol013Api(version);
        api.AddEndpointFilter(VnfLcmErrors.Filter);
        var v = version.UriMajorVersion;
        api.MapPost("/vnf_instances", CreateInstance).Accepts<CreateVnfRequest>("application/json").WithName($"vnflcm-{v}-create");
        api.MapGet("/vnf_instances", ListInstances).WithName($"vnflcm-{v}-list");
        api.MapGet("/vnf_instances/{vnfInstanceId}", GetInstance).WithName($"vnflcm-{v}-get");
        api.MapPatch("/vnf_instances/{vnfInstanceId}", ModifyInstance)
            .Accepts<JsonObject>("application/merge-patch+json", "application/json").WithName($"vnflcm-{v}-modify");
        api.MapDelete("/vnf_instances/{vnfInstanceId}", DeleteInstance).WithName($"vnflcm-{v}-delete");
        api.MapPost("/vnf_instances/{vnfInstanceId}/instantiate", Instantiate).WithName($"vnflcm-{v}-instantiate");
        api.MapPost("/vnf_instances/{vnfInstanceId}/scale", Scale).WithName($"vnflcm-{v}-scale");
        api.MapPost("/vnf_instances/{vnfInstanceId}/scale_to_level", ScaleToLevel).WithName($"vnflcm-{v}-scale-to-level");
        api.MapPost("/vnf_instances/{vnfInstanceId}/heal", Heal).WithName($"vnflcm-{v}-heal");
        api.MapPost("/vnf_instances/{vnfInstanceId}/operate", Operate).WithName($"vnflcm-{v}-operate");
        api.MapPost("/vnf_instances/{vnfInstanceId}/terminate", Terminate).WithName($"vnflcm-{v}-terminate");
        api.MapPost("/vnf_instances/{vnfInstanceId}/change_flavour", ChangeFlavour).WithName($"vnflcm-{v}-change-flavour");
        api.MapPost("/vnf_instances/{vnfInstanceId}/change_ext_conn", ChangeExtConn).WithName($"vnflcm-{v}-change-ext-conn");

        api.MapGet("/vnf_lcm_op_occs", ListOpOccs).WithName($"vnflcm-{v}-op-occs");
        api.MapGet("/vnf_lcm_op_occs/{vnfLcmOpOccId}", GetOpOcc).WithName($"vnflcm-{v}-op-occ");
        api.MapPost("/vnf_lcm_op_occs/{vnfLcmOpOccId}/retry", Retry).WithName($"vnflcm-{v}-retry");
        api.MapPost("/vnf_lcm_op_occs/{vnfLcmOpOccId}/rollback", Rollback).WithName($"vnflcm-{v}-rollback");
        api.MapPost("/vnf_lcm_op_occs/{vnfLcmOpOccId}/fail", Fail).WithName($"vnflcm-{v}-fail");
        api.MapPost("/vnf_lcm_op_occs/{vnfLcmOpOccId}/cancel", Cancel).WithName($"vnflcm-{v}-cancel");

        api.MapPost("/subscriptions", CreateSubscription).Accepts<LccnSubscriptionRequest>("application/json").WithName($"vnflcm-{v}-subscribe");
        api.MapGet("/subscriptions", ListSubscriptions).WithName($"vnflcm-{v}-subscriptions");
        api.MapGet("/subscriptions/{subscriptionId}", GetSubscription).WithName($"vnflcm-{v}-subscription");
        api.MapDelete("/subscriptions/{subscriptionId}", DeleteSubscription).WithName($"vnflcm-{v}-unsubscribe");
        return api;
    }

    /// <summary>POST /vnf_instances: a NOT_INSTANTIATED instance of an onboarded VNFD.</summary>
    public static async Task<Created<VnfInstance>> CreateInstance(CreateVnfRequest request, VnfLcmService lcm, IOptions<VnfLcmOptions> options, HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(lcm);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        var instance = await lcm.CreateAsync(user.TenantOf(), request.VnfdId, request.VnfInstanceName, request.VnfInstanceDescription, request.Metadata, cancellationToken);
        var dto = VnfLcmMapper.ToDto(http.Request, ApiOf(http.Request), instance, options.Value.VimConnectionId, options.Value);
        EntityTags.SetETag(http.Response, EntityTags.FromVersion(instance.Version));
        return TypedResults.Created(dto.Links.Self.Href, dto);
    }

    /// <summary>GET /vnf_instances with SOL013 filter, selectors and paging.</summary>
    public static async Task<Sol013ListResult<VnfInstance>> ListInstances(VnfLcmService lcm, IOptions<VnfLcmOptions> options, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lcm);
        ArgumentNullException.ThrowIfNull(options);
        var instances = await lcm.ListAsync(user.TenantOf(), cancellationToken);
        var api = ApiOf(request);
        return Sol013Results.List(instances.Select(i => VnfLcmMapper.ToDto(request, api, i, options.Value.VimConnectionId, options.Value)), InstanceProfile);
    }

    /// <summary>GET /vnf_instances/{id}.</summary>
    public static async Task<Ok<VnfInstance>> GetInstance(string vnfInstanceId, VnfLcmService lcm, IOptions<VnfLcmOptions> options, HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lcm);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        var instance = await lcm.GetAsync(user.TenantOf(), ParseId(vnfInstanceId, "VNF instance"), cancellationToken);
        EntityTags.SetETag(http.Response, EntityTags.FromVersion(instance.Version));
        return TypedResults.Ok(VnfLcmMapper.ToDto(http.Request, ApiOf(http.Request), instance, options.Value.VimConnectionId, options.Value));
    }

    /// <summary>PATCH /vnf_instances/{id}: a MODIFY_INFO operation (202), honouring If-Match.</summary>
    public static async Task<Accepted> ModifyInstance(string vnfInstanceId, JsonObject changes, VnfLcmService lcm, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(lcm);
        var id = ParseId(vnfInstanceId, "VNF instance");
        var current = await lcm.GetAsync(user.TenantOf(), id, cancellationToken);
        EntityTags.CheckIfMatch(request, EntityTags.FromVersion(current.Version));
        var expected = request.Headers.IfMatch.Count > 0 ? current.Version : (long?)null;
        return Started(request, await lcm.ModifyAsync(user.TenantOf(), id, expected, changes, cancellationToken));
    }

    /// <summary>DELETE /vnf_instances/{id}: only NOT_INSTANTIATED instances.</summary>
    public static async Task<NoContent> DeleteInstance(string vnfInstanceId, VnfLcmService lcm, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lcm);
        await lcm.DeleteAsync(user.TenantOf(), ParseId(vnfInstanceId, "VNF instance"), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>POST /vnf_instances/{id}/instantiate (202 + Location of the operation occurrence).</summary>
    public static async Task<Accepted> Instantiate(string vnfInstanceId, InstantiateVnfRequest body, VnfLcmService lcm, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(lcm);
        var op = await lcm.InstantiateAsync(user.TenantOf(), ParseId(vnfInstanceId, "VNF instance"), body.FlavourId, body.InstantiationLevelId, Params(body), cancellationToken);
        return Started(request, op);
    }

    /// <summary>POST /vnf_instances/{id}/scale.</summary>
    public static async Task<Accepted> Scale(string vnfInstanceId, ScaleVnfRequest body, VnfLcmService lcm, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(lcm);
        var op = await lcm.ScaleAsync(user.TenantOf(), ParseId(vnfInstanceId, "VNF instance"), body.Type, body.AspectId, body.NumberOfSteps, Params(body), cancellationToken);
        return Started(request, op);
    }

    /// <summary>POST /vnf_instances/{id}/scale_to_level.</summary>
    public static async Task<Accepted> ScaleToLevel(string vnfInstanceId, ScaleVnfToLevelRequest body, VnfLcmService lcm, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(lcm);
        var levels = body.ScaleInfo?.ToDictionary(s => s.AspectId, s => s.ScaleLevel, StringComparer.Ordinal);
        var op = await lcm.ScaleToLevelAsync(user.TenantOf(), ParseId(vnfInstanceId, "VNF instance"), body.InstantiationLevelId, levels, Params(body), cancellationToken);
        return Started(request, op);
    }

    /// <summary>POST /vnf_instances/{id}/heal.</summary>
    public static async Task<Accepted> Heal(string vnfInstanceId, HealVnfRequest body, VnfLcmService lcm, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(lcm);
        var op = await lcm.HealAsync(user.TenantOf(), ParseId(vnfInstanceId, "VNF instance"), body.VnfcInstanceId, Params(body), cancellationToken);
        return Started(request, op);
    }

    /// <summary>POST /vnf_instances/{id}/operate.</summary>
    public static async Task<Accepted> Operate(string vnfInstanceId, OperateVnfRequest body, VnfLcmService lcm, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(lcm);
        var op = await lcm.OperateAsync(user.TenantOf(), ParseId(vnfInstanceId, "VNF instance"), body.ChangeStateTo, body.StopType, body.GracefulStopTimeout, Params(body), cancellationToken);
        return Started(request, op);
    }

    /// <summary>POST /vnf_instances/{id}/terminate.</summary>
    public static async Task<Accepted> Terminate(string vnfInstanceId, TerminateVnfRequest body, VnfLcmService lcm, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(lcm);
        var op = await lcm.TerminateAsync(user.TenantOf(), ParseId(vnfInstanceId, "VNF instance"), body.TerminationType, body.GracefulTerminationTimeout, Params(body), cancellationToken);
        return Started(request, op);
    }

    /// <summary>POST /vnf_instances/{id}/change_flavour: the new flavour's VNFCs are made, then the old ones removed.</summary>
    public static async Task<Accepted> ChangeFlavour(string vnfInstanceId, ChangeVnfFlavourRequest body, VnfLcmService lcm, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(lcm);
        var op = await lcm.ChangeFlavourAsync(user.TenantOf(), ParseId(vnfInstanceId, "VNF instance"), body.NewFlavourId, body.InstantiationLevelId, Params(body), cancellationToken);
        return Started(request, op);
    }

    /// <summary>POST /vnf_instances/{id}/change_ext_conn: records the external virtual links, shown in extCpInfo.</summary>
    public static async Task<Accepted> ChangeExtConn(string vnfInstanceId, ChangeExtVnfConnectivityRequest body, VnfLcmService lcm, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(lcm);
        var op = await lcm.ChangeExtConnAsync(user.TenantOf(), ParseId(vnfInstanceId, "VNF instance"), body.ExtVirtualLinks, Params(body), cancellationToken);
        return Started(request, op);
    }

    /// <summary>GET /vnf_lcm_op_occs.</summary>
    public static async Task<Sol013ListResult<VnfLcmOpOcc>> ListOpOccs(VnfLcmService lcm, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lcm);
        var occs = await lcm.ListOpOccsAsync(user.TenantOf(), cancellationToken);
        var api = ApiOf(request);
        return Sol013Results.List(occs.Select(o => VnfLcmMapper.ToDto(request, api, o.OpOcc, o.CancelPending)), OpOccProfile);
    }

    /// <summary>GET /vnf_lcm_op_occs/{id}.</summary>
    public static async Task<Ok<VnfLcmOpOcc>> GetOpOcc(string vnfLcmOpOccId, VnfLcmService lcm, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lcm);
        var (occ, pending) = await lcm.GetOpOccAsync(user.TenantOf(), ParseId(vnfLcmOpOccId, "VNF LCM operation occurrence"), cancellationToken);
        return TypedResults.Ok(VnfLcmMapper.ToDto(request, ApiOf(request), occ, pending));
    }

    /// <summary>POST /vnf_lcm_op_occs/{id}/retry (FAILED_TEMP only, else 409).</summary>
    public static async Task<Accepted> Retry(string vnfLcmOpOccId, VnfLcmService lcm, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lcm);
        await lcm.RetryAsync(user.TenantOf(), ParseId(vnfLcmOpOccId, "VNF LCM operation occurrence"), cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>POST /vnf_lcm_op_occs/{id}/rollback (FAILED_TEMP only, else 409).</summary>
    public static async Task<Accepted> Rollback(string vnfLcmOpOccId, VnfLcmService lcm, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lcm);
        await lcm.RollbackAsync(user.TenantOf(), ParseId(vnfLcmOpOccId, "VNF LCM operation occurrence"), cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>POST /vnf_lcm_op_occs/{id}/fail (FAILED_TEMP only, else 409).</summary>
    public static async Task<Ok<VnfLcmOpOcc>> Fail(string vnfLcmOpOccId, VnfLcmService lcm, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lcm);
        var id = ParseId(vnfLcmOpOccId, "VNF LCM operation occurrence");
        await lcm.FailAsync(user.TenantOf(), id, cancellationToken);
        var (occ, pending) = await lcm.GetOpOccAsync(user.TenantOf(), id, cancellationToken);
        return TypedResults.Ok(VnfLcmMapper.ToDto(request, ApiOf(request), occ, pending));
    }

    /// <summary>POST /vnf_lcm_op_occs/{id}/cancel (STARTING, PROCESSING or ROLLING_BACK only, else 409).</summary>
    public static async Task<Accepted> Cancel(string vnfLcmOpOccId, VnfLcmService lcm, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lcm);
        await lcm.CancelAsync(user.TenantOf(), ParseId(vnfLcmOpOccId, "VNF LCM operation occurrence"), cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>POST /subscriptions: tests the callback, then subscribes.</summary>
    public static async Task<Created<LccnSubscription>> CreateSubscription(LccnSubscriptionRequest request, SubscriptionService subscriptions, HttpRequest http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(subscriptions);
        var created = await subscriptions.CreateAsync(NotificationsOf(http), user.TenantOf(), request.CallbackUri, request.Filter, request.Authentication, cancellationToken);
        var dto = ToDto(http, created);
        return TypedResults.Created(dto.Links.Self.Href, dto);
    }

    /// <summary>GET /subscriptions.</summary>
    public static async Task<Sol013ListResult<LccnSubscription>> ListSubscriptions(SubscriptionService subscriptions, HttpRequest http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var all = await subscriptions.ListAsync(NotificationsOf(http), user.TenantOf(), cancellationToken);
        return Sol013Results.List(all.Select(s => ToDto(http, s)), SubscriptionProfile);
    }

    /// <summary>GET /subscriptions/{id}.</summary>
    public static async Task<Ok<LccnSubscription>> GetSubscription(string subscriptionId, SubscriptionService subscriptions, HttpRequest http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var s = await subscriptions.GetAsync(NotificationsOf(http), user.TenantOf(), SubscriptionHandlers.ParseId(subscriptionId), cancellationToken);
        return TypedResults.Ok(ToDto(http, s));
    }

    /// <summary>DELETE /subscriptions/{id}.</summary>
    public static async Task<NoContent> DeleteSubscription(string subscriptionId, SubscriptionService subscriptions, HttpRequest http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        await subscriptions.DeleteAsync(NotificationsOf(http), user.TenantOf(), SubscriptionHandlers.ParseId(subscriptionId), cancellationToken);
        return TypedResults.NoContent();
    }

    private static LccnSubscription ToDto(HttpRequest request, Persistence.Catalogue.SubscriptionEntity s)
    {
        var (id, filter, callback, links) = SubscriptionHandlers.Shape(request, NotificationsOf(request), s);
        return new LccnSubscription(id, filter, callback, links);
    }

    private static Accepted Started(HttpRequest request, Guid opOccId) =>
        TypedResults.Accepted(Link.To(request, $"{ApiOf(request).UriPrefix}/vnf_lcm_op_occs/{opOccId}").Href);

    private static JsonObject Params<T>(T body) => JsonSerializer.SerializeToNode(body, JsonSerializerOptions.Web) as JsonObject ?? [];

    // Each major version keeps its own subscriptions, whose notifications link to that version.
    private static NotificationApi NotificationsOf(HttpRequest request) =>
        ApiOf(request) == V2 ? VnfLcmNotifications.ApiV2 : VnfLcmNotifications.Api;

    private static Sol013Api ApiOf(HttpRequest request) =>
        request.Path.StartsWithSegments(V2.UriPrefix, StringComparison.Ordinal) ? V2 : V1;

    private static Guid ParseId(string id, string kind) =>
        Guid.TryParse(id, out var guid) ? guid : throw NotFoundProblem.ForId(kind, id);
}
