using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NfvMano.Api.Sol003.VnfLcm;
using NfvMano.Api.Sol013;
using NfvMano.Api.Tenancy;
using NfvMano.Lifecycle.Grants;
using NfvMano.Lifecycle.VnfLcm;

namespace NfvMano.Api.Sol003.Grant;

/// <summary>
/// SOL003 VNF lifecycle operation granting, <c>/grant/v1</c>: the NFVO side for VNFMs outside this platform. A grant
/// is decided synchronously (201 with the <c>Grant</c>); a rejection is 403 with the placement's explanation.
/// </summary>
public static class GrantEndpoints
{
    /// <summary>grant v1.</summary>
    public static Sol013Api V1 { get; } = new("grant", "v1", "1.3.0");

    /// <summary>Maps grant v1.</summary>
    public static RouteGroupBuilder MapGrantV1(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapSol013Api(V1);
        api.AddEndpointFilter(VnfLcmErrors.Filter);
        api.MapPost("/grants", RequestGrant).Accepts<JsonObject>("application/json").WithName("grant-v1-request");
        api.MapGet("/grants/{grantId}", GetGrant).WithName("grant-v1-get");
        return api;
    }

    /// <summary>POST /grants: decides at once; 201 with Location, or 403 when placement refuses.</summary>
    public static async Task<Created<JsonObject>> RequestGrant(JsonObject body, GrantService grants, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grants);
        ArgumentNullException.ThrowIfNull(request);
        var ask = Parse(body);
        try
        {
            var grant = await grants.GrantAsync(user.TenantOf(), ask, cancellationToken);
            var dto = ToDto(request, grant.GrantJson);
            return TypedResults.Created(dto["_links"]!["self"]!["href"]!.GetValue<string>(), dto);
        }
        catch (GrantRejectedException e)
        {
            throw new HttpProblem(StatusCodes.Status403Forbidden, e.Message);
        }
    }

    /// <summary>GET /grants/{grantId}.</summary>
    public static async Task<Ok<JsonObject>> GetGrant(string grantId, GrantService grants, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grants);
        var id = Guid.TryParse(grantId, out var guid) ? guid : throw NotFoundProblem.ForId("grant", grantId);
        var grant = await grants.GetAsync(user.TenantOf(), id, cancellationToken);
        return TypedResults.Ok(ToDto(request, grant.GrantJson));
    }

    private static JsonObject ToDto(HttpRequest request, string grantJson)
    {
        var dto = JsonNode.Parse(grantJson)!.AsObject();
        JsonNode? LinkTo(string path) => JsonSerializer.SerializeToNode(NfvMano.Api.Sol005.Link.To(request, path));
        dto["_links"] = new JsonObject
        {
            ["self"] = LinkTo($"/grant/v1/grants/{dto["id"]!.GetValue<string>()}"),
            ["vnfLcmOpOcc"] = LinkTo($"/vnflcm/v1/vnf_lcm_op_occs/{dto["vnfLcmOpOccId"]!.GetValue<string>()}"),
            ["vnfInstance"] = LinkTo($"/vnflcm/v1/vnf_instances/{dto["vnfInstanceId"]!.GetValue<string>()}"),
        };
        return dto;
    }

    // SOL003 GrantRequest, read field by field so that every problem is reported at once with its JSON path.
    private static GrantAsk Parse(JsonObject? body)
    {
        if (body is null)
        {
            throw new BadRequestProblem("The request body must be a GrantRequest object.");
        }
        var problems = new List<string>();
        Guid RequiredId(string name)
        {
            if (Str(body[name]) is { } text && Guid.TryParse(text, out var id))
            {
                return id;
            }
            problems.Add($"$.{name}: required, an identifier (UUID)");
            return Guid.Empty;
        }
        var instanceId = RequiredId("vnfInstanceId");
        var opOccId = RequiredId("vnfLcmOpOccId");
        var vnfdId = Str(body["vnfdId"]);
        if (vnfdId is null)
        {
            problems.Add("$.vnfdId: required, a string");
        }
        var operation = Str(body["operation"]);
        if (operation is null)
        {
            problems.Add("$.operation: required, a string");
        }
        var automatic = body["isAutomaticInvocation"] is JsonValue a && a.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? a.GetValue<bool>()
            : AddProblem<bool>(problems, "$.isAutomaticInvocation: required, a boolean");
        var add = Resources(body["addResources"], "addResources", problems);
        var remove = Resources(body["removeResources"], "removeResources", problems);
        var constraints = new List<PlacementConstraintAsk>();
        if (body["placementConstraints"] is JsonArray list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                var at = $"$.placementConstraints[{i}]";
                var kind = Str(list[i]?["affinityOrAntiAffinity"]);
                if (kind is not ("AFFINITY" or "ANTI_AFFINITY"))
                {
                    problems.Add($"{at}.affinityOrAntiAffinity: AFFINITY or ANTI_AFFINITY, not '{kind}'");
                }
                var ids = (list[i]?["resource"] as JsonArray ?? []).Select(r => Str(r?["resourceId"])).ToList();
                if (ids.Count == 0 || ids.Any(r => r is null))
                {
                    problems.Add($"{at}.resource: a non-empty list of {{idType, resourceId}} naming addResources ids");
                }
                constraints.Add(new PlacementConstraintAsk(kind == "AFFINITY", Str(list[i]?["scope"]) ?? "", [.. ids.OfType<string>()]));
            }
        }
        else if (body["placementConstraints"] is not null)
        {
            problems.Add("$.placementConstraints: must be an array");
        }
        if (problems.Count > 0)
        {
            throw new BadRequestProblem($"The grant request has {problems.Count} problem(s): {string.Join("; ", problems)}.");
        }
        return new GrantAsk(instanceId, opOccId, vnfdId!, Str(body["flavourId"]), operation!, automatic, add, remove, constraints);
    }

    private static List<ResourceAsk> Resources(JsonNode? node, string name, List<string> problems)
    {
        var result = new List<ResourceAsk>();
        if (node is null)
        {
            return result;
        }
        if (node is not JsonArray list)
        {
            problems.Add($"$.{name}: must be an array");
            return result;
        }
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject resource)
            {
                problems.Add($"$.{name}[{i}]: must be a ResourceDefinition object");
                continue;
            }
            result.Add(new ResourceAsk(Str(resource["id"]) ?? "", Str(resource["type"]) ?? "", Str(resource["vduId"]), Str(resource["resource"]?["resourceId"])));
        }
        return result;
    }

    private static T AddProblem<T>(List<string> problems, string problem)
    {
        problems.Add(problem);
        return default!;
    }

    private static string? Str(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
