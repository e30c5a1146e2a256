using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Persistence;
using NfvMano.Persistence.Grants;
using NfvMano.Placement.Requests;

namespace NfvMano.Lifecycle.Grants;

/// <summary>What a VNFM asks the NFVO to grant (SOL003 <c>GrantRequest</c>, as far as this NFVO decides on it).</summary>
/// <param name="VnfInstanceId">The VNF instance, as the VNFM knows it.</param>
/// <param name="VnfLcmOpOccId">The VNFM's operation occurrence; one grant per occurrence.</param>
/// <param name="VnfdId">The VNFD, onboarded here.</param>
/// <param name="FlavourId">The deployment flavour (required when compute resources are added).</param>
/// <param name="Operation">The lifecycle operation (<c>GrantedLcmOperationType</c>).</param>
/// <param name="IsAutomaticInvocation">Whether the VNFM started the operation on its own.</param>
/// <param name="AddResources">Resources the operation creates.</param>
/// <param name="RemoveResources">Resources the operation removes.</param>
/// <param name="PlacementConstraints">Affinity and anti-affinity among the resources of this grant.</param>
public sealed record GrantAsk(
    Guid VnfInstanceId,
    Guid VnfLcmOpOccId,
    string VnfdId,
    string? FlavourId,
    string Operation,
    bool IsAutomaticInvocation,
    IReadOnlyList<ResourceAsk> AddResources,
    IReadOnlyList<ResourceAsk> RemoveResources,
    IReadOnlyList<PlacementConstraintAsk> PlacementConstraints);

/// <summary>One <c>ResourceDefinition</c>.</summary>
/// <param name="Id">The resource definition id, unique within the request.</param>
/// <param name="Type">COMPUTE, VL, STORAGE or LINKPORT.</param>
/// <param name="VduId">The VDU of a COMPUTE resource.</param>
/// <param name="ResourceId">For a removed resource: the id it was granted under (its resource definition id in the earlier grant).</param>
public sealed record ResourceAsk(string Id, string Type, string? VduId, string? ResourceId);

/// <summary>One <c>PlacementConstraint</c> over resource definitions of this grant.</summary>
/// <param name="Affinity">AFFINITY (true) or ANTI_AFFINITY (false).</param>
/// <param name="Scope">NFVI_NODE, ZONE, ZONE_GROUP or NFVI_POP.</param>
/// <param name="ResourceIds">The resource definition ids it binds.</param>
public sealed record PlacementConstraintAsk(bool Affinity, string Scope, IReadOnlyList<string> ResourceIds);

/// <summary>
/// The NFVO's Grant interface (SOL003 <c>grant/v1</c>) for VNFMs outside this platform: compute resources are
/// decided by the same placement engine and claim ledger as this platform's own VNFM, so an external VNFM and ours
/// never get the same CPU, page or VF. A rejected grant claims nothing; a granted one is kept and answered again
/// when the VNFM repeats the request for the same operation occurrence.
/// </summary>
public sealed class GrantService(NfvManoDbContext db, VnfdSource vnfds, PlacementGrants grants, IOptions<VnfLcmOptions> options, TimeProvider time)
{
    private static readonly string[] Operations =
        ["INSTANTIATE", "SCALE", "SCALE_TO_LEVEL", "CHANGE_FLAVOUR", "TERMINATE", "HEAL", "OPERATE", "CHANGE_EXT_CONN", "MODIFY_INFO", "CHANGE_VNFPKG"];

    private static readonly string[] ResourceTypes = ["COMPUTE", "VL", "STORAGE", "LINKPORT"];

    private static readonly string[] Scopes = ["NFVI_NODE", "ZONE", "ZONE_GROUP", "NFVI_POP"];

    /// <summary>The name under which the answer carries the exact placement of each compute resource.</summary>
    public const string PlacementParameter = "nfvmanoPlacement";

    /// <summary>Decides a grant: every compute resource placed, or none and a rejection with the placement's reasons.</summary>
    /// <exception cref="VnfLcmException">The request is invalid (every problem at once) or names what is not onboarded.</exception>
    /// <exception cref="GrantRejectedException">Some compute resource fits nowhere.</exception>
    public async Task<GrantEntity> GrantAsync(string tenantId, GrantAsk ask, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ask);
        Validate(ask);
        var existing = await db.Grants.AsNoTracking()
            .SingleOrDefaultAsync(g => g.TenantId == tenantId && g.VnfLcmOpOccId == ask.VnfLcmOpOccId, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var package = await db.VnfPackages.AsNoTracking().FirstOrDefaultAsync(
            p => p.TenantId == tenantId && p.VnfdId == ask.VnfdId && p.OnboardingState == OnboardingStates.Onboarded, cancellationToken)
            ?? throw new VnfLcmException(VnfLcmErrorKind.Unprocessable, $"No onboarded VNF package holds VNFD '{ask.VnfdId}'.");
        var compute = ask.AddResources.Where(r => r.Type == "COMPUTE").ToList();
        var items = new List<GrantItem>();
        if (compute.Count > 0)
        {
            var flavour = VnfdSource.Flavour(await vnfds.GetAsync(package.Id, cancellationToken), ask.FlavourId!);
            var problems = new List<string>();
            foreach (var resource in compute)
            {
                var vdu = flavour.Vdus.FirstOrDefault(v => v.Id == resource.VduId);
                if (vdu is null)
                {
                    problems.Add($"addResources '{resource.Id}': flavour {flavour.FlavourId} has no VDU '{resource.VduId}' (it has {string.Join(", ", flavour.Vdus.Select(v => v.Id))})");
                    continue;
                }
                var request = VnfcRealiser.PlacementRequestFor(ask.VnfInstanceId, flavour, vdu, resource.Id);
                // A constraint of the request binds its resources with each other; it replaces the VNFD's own rule for them.
                var constraint = ask.PlacementConstraints.Select((c, i) => (c, i)).FirstOrDefault(x => x.c.ResourceIds.Contains(resource.Id));
                if (constraint.c is { } c)
                {
                    request = request with
                    {
                        Groups = [new ServerGroup(
                            $"{ask.VnfLcmOpOccId:N}/constraint-{constraint.i}",
                            c.Affinity ? GroupPolicy.Affinity : GroupPolicy.AntiAffinity,
                            c.Scope == "NFVI_NODE" ? GroupScope.Host : GroupScope.Zone)],
                    };
                }
                items.Add(new GrantItem(request.Id, request));
            }
            if (problems.Count > 0)
            {
                throw new VnfLcmException(VnfLcmErrorKind.Unprocessable, string.Join("; ", problems) + ".");
            }
        }

        var granted = items.Count == 0
            ? new Dictionary<string, NfvMano.Placement.Claims.Assignment>()
            : await grants.GrantAsync(db, ask.VnfInstanceId, ask.VnfLcmOpOccId, items, cancellationToken);

        // The VNFM is now allowed to remove these: what they held is free for the next grant.
        var released = ask.RemoveResources.Where(r => r.Type == "COMPUTE")
            .Select(r => VnfcRealiser.RequestId(ask.VnfInstanceId, r.ResourceId ?? r.Id)).ToList();
        await db.PlacementClaims.Where(c => c.VnfInstanceId == ask.VnfInstanceId && released.Contains(c.RequestId)).ExecuteDeleteAsync(cancellationToken);

        var id = Guid.NewGuid();
        var entity = Record(id, tenantId, ask.VnfInstanceId, ask.VnfLcmOpOccId, ask.Operation, options.Value.Zone,
            [.. ask.AddResources.Select(r => (r.Id, granted.GetValueOrDefault(VnfcRealiser.RequestId(ask.VnfInstanceId, r.Id))))],
            [.. ask.RemoveResources.Select(r => r.Id)], time.GetUtcNow());
        db.Grants.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        return entity;
    }

    /// <summary>
    /// The kept form of a grant (SOL003 <c>Grant</c> without links): every added resource in the one zone of this NFVO,
    /// and for each compute resource the exact placement under <see cref="PlacementParameter"/>.
    /// </summary>
    public static GrantEntity Record(
        Guid id, string tenantId, Guid vnfInstanceId, Guid vnfLcmOpOccId, string operation, string zone,
        IReadOnlyList<(string ResourceDefinitionId, NfvMano.Placement.Claims.Assignment? Placement)> added,
        IReadOnlyList<string> removed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(removed);
        var placement = new JsonObject();
        foreach (var (resource, assignment) in added.Where(a => a.Placement is not null))
        {
            placement[resource] = JsonSerializer.SerializeToNode(assignment, PlacementGrants.Json);
        }
        var answer = new JsonObject
        {
            ["id"] = id.ToString(),
            ["vnfInstanceId"] = vnfInstanceId.ToString(),
            ["vnfLcmOpOccId"] = vnfLcmOpOccId.ToString(),
            ["zones"] = new JsonArray(new JsonObject { ["id"] = "zone-1", ["zoneId"] = zone, ["vimConnectionId"] = "default" }),
            ["addResources"] = new JsonArray([.. added.Select(a => (JsonNode)new JsonObject
            {
                ["resourceDefinitionId"] = a.ResourceDefinitionId,
                ["vimConnectionId"] = "default",
                ["zoneId"] = "zone-1",
            })]),
            ["removeResources"] = new JsonArray([.. removed.Select(r => (JsonNode)new JsonObject { ["resourceDefinitionId"] = r })]),
            ["additionalParams"] = new JsonObject { [PlacementParameter] = placement },
        };
        return new GrantEntity
        {
            Id = id,
            TenantId = tenantId,
            VnfInstanceId = vnfInstanceId,
            VnfLcmOpOccId = vnfLcmOpOccId,
            Operation = operation,
            GrantJson = answer.ToJsonString(),
            CreatedAt = now,
        };
    }

    /// <summary>One grant given earlier.</summary>
    public async Task<GrantEntity> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        await db.Grants.AsNoTracking().SingleOrDefaultAsync(g => (tenantId == Tenants.All || g.TenantId == tenantId) && g.Id == id, cancellationToken)
        ?? throw new VnfLcmException(VnfLcmErrorKind.NotFound, $"No grant with id '{id}' exists.");

    // Every problem at once, each saying where.
    private static void Validate(GrantAsk ask)
    {
        var problems = new List<string>();
        if (!Operations.Contains(ask.Operation))
        {
            problems.Add($"operation: '{ask.Operation}' is not one of {string.Join(", ", Operations)}");
        }
        if (string.IsNullOrWhiteSpace(ask.VnfdId))
        {
            problems.Add("vnfdId: required");
        }
        foreach (var (list, name) in new[] { (ask.AddResources, "addResources"), (ask.RemoveResources, "removeResources") })
        {
            for (var i = 0; i < list.Count; i++)
            {
                var r = list[i];
                if (string.IsNullOrWhiteSpace(r.Id))
                {
                    problems.Add($"{name}[{i}].id: required");
                }
                if (!ResourceTypes.Contains(r.Type))
                {
                    problems.Add($"{name}[{i}].type: '{r.Type}' is not one of {string.Join(", ", ResourceTypes)}");
                }
                if (name == "addResources" && r.Type == "COMPUTE" && string.IsNullOrWhiteSpace(r.VduId))
                {
                    problems.Add($"{name}[{i}].vduId: required for a COMPUTE resource");
                }
            }
            foreach (var duplicate in list.GroupBy(r => r.Id).Where(g => g.Count() > 1))
            {
                problems.Add($"{name}: id '{duplicate.Key}' is used {duplicate.Count()} times");
            }
        }
        if (ask.AddResources.Any(r => r.Type == "COMPUTE") && string.IsNullOrWhiteSpace(ask.FlavourId))
        {
            problems.Add("flavourId: required when COMPUTE resources are added");
        }
        var added = ask.AddResources.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < ask.PlacementConstraints.Count; i++)
        {
            var c = ask.PlacementConstraints[i];
            if (!Scopes.Contains(c.Scope))
            {
                problems.Add($"placementConstraints[{i}].scope: '{c.Scope}' is not one of {string.Join(", ", Scopes)}");
            }
            foreach (var unknown in c.ResourceIds.Where(r => !added.Contains(r)))
            {
                problems.Add($"placementConstraints[{i}].resource: '{unknown}' is not a resource definition of addResources");
            }
        }
        var bound = ask.PlacementConstraints.SelectMany(c => c.ResourceIds).GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (bound.Count > 0)
        {
            problems.Add($"placementConstraints: {string.Join(", ", bound)} appear in more than one constraint, which this NFVO cannot combine");
        }
        if (problems.Count > 0)
        {
            throw new VnfLcmException(VnfLcmErrorKind.Invalid, $"The grant request has {problems.Count} problem(s): {string.Join("; ", problems)}.");
        }
    }
}
