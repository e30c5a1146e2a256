using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using NfvMano.Api.Sol005.Subscriptions;
using NfvMano.Api.Sol013;
using NfvMano.Api.Tenancy;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Lifecycle.Notifications;
using NfvMano.Lifecycle.NsLcm;
using NfvMano.Lifecycle.VnfLcm;

namespace NfvMano.Api.Sol005.NsLcm;

/// <summary>
/// SOL005 NS lifecycle management, <c>/nslcm/v1</c>: NS instances and their tasks (instantiate, scale, update, heal,
/// terminate), operation occurrences with retry / rollback / continue / fail / cancel, subscriptions.
/// </summary>
public static class NsLcmEndpoints
{
    /// <summary>nslcm v1. Like vnflcm v1, a request without a Version header is served (as 1.3.0).</summary>
    public static Sol013Api V1 { get; } = new("nslcm", "v1", "1.3.0") { RequireVersionHeader = false };

    private static readonly ResourceProfile InstanceProfile = new("NsInstance")
    {
        DefaultExcluded = ["vnfInstance", "virtualLinkInfo", "vnffgInfo", "sapInfo", "nsScaleStatus"],
    };

    private static readonly ResourceProfile OpOccProfile = new("NsLcmOpOcc")
    {
        DefaultExcluded = ["operationParams", "error", "resourceChanges"],
    };

    private static readonly ResourceProfile SubscriptionProfile = new("LccnSubscription");

    /// <summary>Maps nslcm v1.</summary>
    public static RouteGroupBuilder MapNsLcmV1(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapSol013Api(V1);
        api.AddEndpointFilter(Errors);
        api.MapPost("/ns_instances", CreateInstance).Accepts<CreateNsRequest>("application/json").WithName("nslcm-v1-create");
        api.MapGet("/ns_instances", ListInstances).WithName("nslcm-v1-list");
        api.MapGet("/ns_instances/{nsInstanceId}", GetInstance).WithName("nslcm-v1-get");
        api.MapDelete("/ns_instances/{nsInstanceId}", DeleteInstance).WithName("nslcm-v1-delete");
        api.MapPost("/ns_instances/{nsInstanceId}/instantiate", Instantiate).WithName("nslcm-v1-instantiate");
        api.MapPost("/ns_instances/{nsInstanceId}/scale", Scale).WithName("nslcm-v1-scale");
        api.MapPost("/ns_instances/{nsInstanceId}/update", Update).WithName("nslcm-v1-update");
        api.MapPost("/ns_instances/{nsInstanceId}/heal", Heal).WithName("nslcm-v1-heal");
        api.MapPost("/ns_instances/{nsInstanceId}/terminate", Terminate).WithName("nslcm-v1-terminate");

        api.MapGet("/ns_lcm_op_occs", ListOpOccs).WithName("nslcm-v1-op-occs");
        api.MapGet("/ns_lcm_op_occs/{nsLcmOpOccId}", GetOpOcc).WithName("nslcm-v1-op-occ");
        api.MapPost("/ns_lcm_op_occs/{nsLcmOpOccId}/retry", Retry).WithName("nslcm-v1-retry");
        api.MapPost("/ns_lcm_op_occs/{nsLcmOpOccId}/rollback", Rollback).WithName("nslcm-v1-rollback");
        api.MapPost("/ns_lcm_op_occs/{nsLcmOpOccId}/continue", Continue).WithName("nslcm-v1-continue");
        api.MapPost("/ns_lcm_op_occs/{nsLcmOpOccId}/fail", Fail).WithName("nslcm-v1-fail");
        api.MapPost("/ns_lcm_op_occs/{nsLcmOpOccId}/cancel", Cancel).WithName("nslcm-v1-cancel");

        api.MapPost("/subscriptions", CreateSubscription).Accepts<NsLccnSubscriptionRequest>("application/json").WithName("nslcm-v1-subscribe");
        api.MapGet("/subscriptions", ListSubscriptions).WithName("nslcm-v1-subscriptions");
        api.MapGet("/subscriptions/{subscriptionId}", GetSubscription).WithName("nslcm-v1-subscription");
        api.MapDelete("/subscriptions/{subscriptionId}", DeleteSubscription).WithName("nslcm-v1-unsubscribe");
        return api;
    }

    /// <summary>POST /ns_instances: a NOT_INSTANTIATED NS instance of an onboarded NSD (the NSD becomes IN_USE).</summary>
    public static async Task<Created<NsInstance>> CreateInstance(CreateNsRequest request, NsLcmService lcm, IOptions<VnfLcmOptions> options, HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(lcm);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        var instance = await lcm.CreateAsync(user.TenantOf(), request.NsdId, request.NsName, request.NsDescription, cancellationToken);
        var dto = NsLcmMapper.ToDto(http.Request, V1, new NsInstanceView(instance, [], null), options.Value.VimConnectionId, options.Value);
        return TypedResults.Created(dto.Links.Self.Href, dto);
    }

    /// <summary>GET /ns_instances with SOL013 filter, selectors and paging.</summary>
    public static async Task<Sol013ListResult<NsInstance>> ListInstances(NsLcmService lcm, IOptions<VnfLcmOptions> options, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lcm);
        ArgumentNullException.ThrowIfNull(options);
        var instances = await lcm.ListAsync(user.TenantOf(), cancellationToken);
        return Sol013Results.List(instances.Select(i => NsLcmMapper.ToDto(request, V1, i, options.Value.VimConnectionId, options.Value)), InstanceProfile);
    }

    /// <summary>GET /ns_instances/{id}.</summary>
    public static async Task<Ok<NsInstance>> GetInstance(string nsInstanceId, NsLcmService lcm, IOptions<VnfLcmOptions> options, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lcm);
        ArgumentNullException.ThrowIfNull(options);
        var view = await lcm.GetAsync(user.TenantOf(), ParseId(nsInstanceId, "NS instance"), cancellationToken);
        return TypedResults.Ok(NsLcmMapper.ToDto(request, V1, view, options.Value.VimConnectionId, options.Value));
    }

    /// <summary>DELETE /ns_instances/{id}: only NOT_INSTANTIATED instances.</summary>
    public static async Task<NoContent> DeleteInstance(string nsInstanceId, NsLcmService lcm, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lcm);
        await lcm.DeleteAsync(user.TenantOf(), ParseId(nsInstanceId, "NS instance"), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>POST /ns_instances/{id}/instantiate (202 + Location of the operation occurrence).</summary>
    public static async Task<Accepted> Instantiate(string nsInstanceId, InstantiateNsRequest body, NsLcmService lcm, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(lcm);
        var what = new NsInstantiation(body.NsFlavourId, body.NsInstantiationLevelId, body.AdditionalParamsForVnf ?? [], body.SapData ?? [], body.VnfInstanceData ?? [], body.AdditionalAffinityOrAntiAffinityRule ?? []);
        return Started(request, await lcm.InstantiateAsync(user.TenantOf(), ParseId(nsInstanceId, "NS instance"), what, Params(body), cancellationToken));
    }

    /// <summary>POST /ns_instances/{id}/scale: SCALE_NS by steps of an NS aspect or to an NS level, or SCALE_VNF.</summary>
    public static async Task<Accepted> Scale(string nsInstanceId, ScaleNsRequest body, NsLcmService lcm, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(lcm);
        return Started(request, await lcm.ScaleAsync(user.TenantOf(), ParseId(nsInstanceId, "NS instance"), body.ScaleType, body.ScaleNsData, body.ScaleVnfData, Params(body), cancellationToken));
    }

    /// <summary>POST /ns_instances/{id}/update: ADD_VNF, REMOVE_VNF, INSTANTIATE_VNF, CHANGE_VNF_DF, OPERATE_VNF, MODIFY_VNF_INFORMATION, ADD_SAP, REMOVE_SAP, ADD_VNFFG, REMOVE_VNFFG, UPDATE_VNFFG.</summary>
    public static async Task<Accepted> Update(string nsInstanceId, UpdateNsRequest body, NsLcmService lcm, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(lcm);
        return Started(request, await lcm.UpdateAsync(user.TenantOf(), ParseId(nsInstanceId, "NS instance"), body.UpdateType, Params(body), cancellationToken));
    }

    /// <summary>POST /ns_instances/{id}/heal: per VNF (healVnfData) or every VNF (healNsData).</summary>
    public static async Task<Accepted> Heal(string nsInstanceId, HealNsRequest body, NsLcmService lcm, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(lcm);
        return Started(request, await lcm.HealAsync(user.TenantOf(), ParseId(nsInstanceId, "NS instance"), body.HealVnfData, body.HealNsData, Params(body), cancellationToken));
    }

    /// <summary>POST /ns_instances/{id}/terminate: terminates and deletes the VNF instances the NS created.</summary>
    public static async Task<Accepted> Terminate(string nsInstanceId, TerminateNsRequest? body, NsLcmService lcm, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lcm);
        return Started(request, await lcm.TerminateAsync(user.TenantOf(), ParseId(nsInstanceId, "NS instance"), body is null ? [] : Params(body), cancellationToken));
    }

    /// <summary>GET /ns_lcm_op_occs.</summary>
    public static async Task<Sol013ListResult<NsLcmOpOcc>> ListOpOccs(NsLcmService lcm, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lcm);
        var occs = await lcm.ListOpOccsAsync(user.TenantOf(), cancellationToken);
        return Sol013Results.List(occs.Select(o => NsLcmMapper.ToDto(request, V1, o.OpOcc, o.CancelPending)), OpOccProfile);
    }

    /// <summary>GET /ns_lcm_op_occs/{id}.</summary>
    public static async Task<Ok<NsLcmOpOcc>> GetOpOcc(string nsLcmOpOccId, NsLcmService lcm, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lcm);
        var (occ, pending) = await lcm.GetOpOccAsync(user.TenantOf(), ParseId(nsLcmOpOccId, "NS LCM operation occurrence"), cancellationToken);
        return TypedResults.Ok(NsLcmMapper.ToDto(request, V1, occ, pending));
    }

    /// <summary>POST /ns_lcm_op_occs/{id}/retry (FAILED_TEMP only, else 409).</summary>
    public static async Task<Accepted> Retry(string nsLcmOpOccId, NsLcmService lcm, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lcm);
        await lcm.RetryAsync(user.TenantOf(), ParseId(nsLcmOpOccId, "NS LCM operation occurrence"), cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>POST /ns_lcm_op_occs/{id}/rollback (FAILED_TEMP only, else 409).</summary>
    public static async Task<Accepted> Rollback(string nsLcmOpOccId, NsLcmService lcm, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lcm);
        await lcm.RollbackAsync(user.TenantOf(), ParseId(nsLcmOpOccId, "NS LCM operation occurrence"), cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>POST /ns_lcm_op_occs/{id}/continue (FAILED_TEMP only, else 409): goes on past the failed steps.</summary>
    public static async Task<Accepted> Continue(string nsLcmOpOccId, NsLcmService lcm, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lcm);
        await lcm.ContinueAsync(user.TenantOf(), ParseId(nsLcmOpOccId, "NS LCM operation occurrence"), cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>POST /ns_lcm_op_occs/{id}/fail (FAILED_TEMP only, else 409).</summary>
    public static async Task<Ok<NsLcmOpOcc>> Fail(string nsLcmOpOccId, NsLcmService lcm, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lcm);
        var id = ParseId(nsLcmOpOccId, "NS LCM operation occurrence");
        await lcm.FailAsync(user.TenantOf(), id, cancellationToken);
        var (occ, pending) = await lcm.GetOpOccAsync(user.TenantOf(), id, cancellationToken);
        return TypedResults.Ok(NsLcmMapper.ToDto(request, V1, occ, pending));
    }

    /// <summary>POST /ns_lcm_op_occs/{id}/cancel (PROCESSING or ROLLING_BACK only, else 409).</summary>
    public static async Task<Accepted> Cancel(string nsLcmOpOccId, NsLcmService lcm, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lcm);
        await lcm.CancelAsync(user.TenantOf(), ParseId(nsLcmOpOccId, "NS LCM operation occurrence"), cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>POST /subscriptions: tests the callback, then subscribes.</summary>
    public static async Task<Created<NsLccnSubscription>> CreateSubscription(NsLccnSubscriptionRequest request, SubscriptionService subscriptions, HttpRequest http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(subscriptions);
        var created = await subscriptions.CreateAsync(NsLcmNotifications.Api, user.TenantOf(), request.CallbackUri, request.Filter, request.Authentication, cancellationToken);
        var dto = ToDto(http, created);
        return TypedResults.Created(dto.Links.Self.Href, dto);
    }

    /// <summary>GET /subscriptions.</summary>
    public static async Task<Sol013ListResult<NsLccnSubscription>> ListSubscriptions(SubscriptionService subscriptions, HttpRequest http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var all = await subscriptions.ListAsync(NsLcmNotifications.Api, user.TenantOf(), cancellationToken);
        return Sol013Results.List(all.Select(s => ToDto(http, s)), SubscriptionProfile);
    }

    /// <summary>GET /subscriptions/{id}.</summary>
    public static async Task<Ok<NsLccnSubscription>> GetSubscription(string subscriptionId, SubscriptionService subscriptions, HttpRequest http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var s = await subscriptions.GetAsync(NsLcmNotifications.Api, user.TenantOf(), SubscriptionHandlers.ParseId(subscriptionId), cancellationToken);
        return TypedResults.Ok(ToDto(http, s));
    }

    /// <summary>DELETE /subscriptions/{id}.</summary>
    public static async Task<NoContent> DeleteSubscription(string subscriptionId, SubscriptionService subscriptions, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        await subscriptions.DeleteAsync(NsLcmNotifications.Api, user.TenantOf(), SubscriptionHandlers.ParseId(subscriptionId), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Turns NS LCM refusals (and subscription and VNF LCM ones) into SOL013 problems.</summary>
    private static async ValueTask<object?> Errors(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (NsLcmException e)
        {
            throw e.Kind switch
            {
                VnfLcmErrorKind.NotFound => new NotFoundProblem(e.Message),
                VnfLcmErrorKind.Conflict => new ConflictProblem(e.Message),
                VnfLcmErrorKind.Stale => new PreconditionFailedProblem(e.Message),
                VnfLcmErrorKind.Unprocessable => new UnprocessableProblem(e.Message),
                _ => (Sol013Problem)new BadRequestProblem(e.Message),
            };
        }
        catch (CatalogueException e)
        {
            throw CatalogueErrors.ToProblem(e);
        }
    }

    private static NsLccnSubscription ToDto(HttpRequest request, Persistence.Catalogue.SubscriptionEntity s)
    {
        var (id, filter, callback, links) = SubscriptionHandlers.Shape(request, NsLcmNotifications.Api, s);
        return new NsLccnSubscription(id, filter, callback, links);
    }

    private static Accepted Started(HttpRequest request, Guid opOccId) =>
        TypedResults.Accepted(Link.To(request, $"{V1.UriPrefix}/ns_lcm_op_occs/{opOccId}").Href);

    private static JsonObject Params<T>(T body) => JsonSerializer.SerializeToNode(body, JsonSerializerOptions.Web) as JsonObject ?? [];

    private static Guid ParseId(string id, string kind) =>
        Guid.TryParse(id, out var guid) ? guid : throw NotFoundProblem.ForId(kind, id);
}
