using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NfvMano.Descriptors.Vnfd;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Lifecycle.VnfLcm.Steps;
using NfvMano.Persistence;
using NfvMano.Persistence.VnfLcm;
using NfvMano.Persistence.Workflows;
using NfvMano.Workflows.Engine;
using NfvMano.Workflows.Plans;

namespace NfvMano.Lifecycle.VnfLcm;

/// <summary>
/// The VNFM's lifecycle operations on VNF instances (SOL003 vnflcm): each operation is validated against the VNFD and
/// the instance, planned as a durable workflow (grant, networks, VNFCs, finalise) and started with its operation
/// occurrence in one transaction. One operation at a time per instance: another request meanwhile is a conflict.
/// </summary>
public sealed class VnfLcmService(
    NfvManoDbContext db,
    WorkflowEngine engine,
    VnfdSource vnfds,
    VnfLcmNotifications notifications,
    IOptions<VnfLcmOptions> options,
    TimeProvider time)
{
    /// <summary>Creates a VNF instance of an onboarded package's VNFD, NOT_INSTANTIATED.</summary>
    public async Task<VnfInstanceEntity> CreateAsync(string tenantId, string? vnfdId, string? name, string? description, JsonObject? metadata, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(vnfdId))
        {
            throw new VnfLcmException(VnfLcmErrorKind.Invalid, "vnfdId is required.");
        }
        var package = await db.VnfPackages.FirstOrDefaultAsync(
            p => p.TenantId == tenantId && p.VnfdId == vnfdId && p.OnboardingState == OnboardingStates.Onboarded, cancellationToken)
            ?? throw new VnfLcmException(VnfLcmErrorKind.Unprocessable, $"No onboarded VNF package holds VNFD '{vnfdId}'.");
        if (package.OperationalState != "ENABLED")
        {
            throw new VnfLcmException(VnfLcmErrorKind.Conflict, $"VNF package {package.Id} holding VNFD '{vnfdId}' is {package.OperationalState}.");
        }
        var now = time.GetUtcNow();
        var instance = new VnfInstanceEntity
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            Name = name,
            Description = description,
            VnfdId = vnfdId,
            VnfdVersion = package.VnfdVersion ?? "",
            VnfPkgId = package.Id,
            VnfProvider = package.VnfProvider ?? "",
            VnfProductName = package.VnfProductName ?? "",
            VnfSoftwareVersion = package.VnfSoftwareVersion ?? "",
            MetadataJson = (metadata ?? []).ToJsonString(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.VnfInstances.Add(instance);
        notifications.Identifier(db, instance, created: true);
        // Many instances are created from one package at once: its usage state is set in the
        // database, in the same transaction, rather than through the tracked package row whose
        // version would make concurrent creates fail each other.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await SetPackageUsageAsync(package.Id, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return instance;
    }

    /// <summary>Every instance of the tenant, oldest first.</summary>
    public async Task<IReadOnlyList<VnfInstanceEntity>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        await db.VnfInstances.AsNoTracking().Where(i => tenantId == Tenants.All || i.TenantId == tenantId).OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).ToListAsync(cancellationToken);

    /// <summary>One instance.</summary>
    public async Task<VnfInstanceEntity> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        await db.VnfInstances.AsNoTracking().SingleOrDefaultAsync(i => (tenantId == Tenants.All || i.TenantId == tenantId) && i.Id == id, cancellationToken)
        ?? throw new VnfLcmException(VnfLcmErrorKind.NotFound, $"No VNF instance with id '{id}' exists.");

    /// <summary>
    /// Modifies name, description, metadata and extensions (merge-patch) as a MODIFY_INFO operation;
    /// <paramref name="expectedVersion"/> (from If-Match) guards against lost updates.
    /// </summary>
    public async Task<Guid> ModifyAsync(string tenantId, Guid id, long? expectedVersion, JsonObject changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var instance = await OperableAsync(tenantId, id, null, cancellationToken);
        if (expectedVersion is { } expected && expected != instance.Version)
        {
            throw new VnfLcmException(VnfLcmErrorKind.Stale, $"VNF instance {id} changed since ETag \"{expected}\".");
        }
        var unknown = changes.Select(c => c.Key).Where(k => k is not ("vnfInstanceName" or "vnfInstanceDescription" or "metadata" or "extensions")).ToList();
        if (unknown.Count > 0)
        {
            throw new VnfLcmException(VnfLcmErrorKind.Invalid,
                $"{string.Join(", ", unknown)} cannot be modified by this VNFM (vnfInstanceName, vnfInstanceDescription, metadata and extensions can).");
        }
        var plan = NewPlan(instance, InstantiatedVnf.Parse(instance.InstantiatedJson)?.FlavourId ?? "", VnfLcmStates.Operations.ModifyInfo);
        plan.Step("modify-info", ModifyInfoStep.HandlerKey, new JsonObject { ["changes"] = changes.DeepClone() });
        return await StartAsync(instance, plan, VnfLcmStates.Operations.ModifyInfo, changes, cancellationToken);
    }

    /// <summary>Deletes a NOT_INSTANTIATED instance with no operation under way.</summary>
    public async Task DeleteAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        var instance = await db.VnfInstances.SingleOrDefaultAsync(i => i.TenantId == tenantId && i.Id == id, cancellationToken)
            ?? throw new VnfLcmException(VnfLcmErrorKind.NotFound, $"No VNF instance with id '{id}' exists.");
        if (instance.InstantiationState != VnfLcmStates.NotInstantiated || instance.CurrentOpOccId is not null)
        {
            throw new VnfLcmException(VnfLcmErrorKind.Conflict,
                $"VNF instance {id} is {instance.InstantiationState}{(instance.CurrentOpOccId is { } op ? $" with operation {op} open" : "")}; only a NOT_INSTANTIATED instance without an open operation can be deleted.");
        }
        db.VnfInstances.Remove(instance);
        notifications.Identifier(db, instance, created: false);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await SetPackageUsageAsync(instance.VnfPkgId, time.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>IN_USE while any instance refers to the package, else NOT_IN_USE: decided by the database itself.</summary>
    private async Task SetPackageUsageAsync(Guid packageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Lock the package row first, so concurrent creates and deletes decide one after the other,
        // each seeing the instances the others committed (no two last deletes both seeing the other).
        await db.VnfPackages.Where(p => p.Id == packageId)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.UpdatedAt, now), cancellationToken);
        var used = await db.VnfInstances.AnyAsync(i => i.VnfPkgId == packageId, cancellationToken);
        var state = used ? "IN_USE" : "NOT_IN_USE";
        await db.VnfPackages.Where(p => p.Id == packageId && p.UsageState != state)
            .ExecuteUpdateAsync(u => u
                .SetProperty(p => p.UsageState, state)
                .SetProperty(p => p.UpdatedAt, now)
                .SetProperty(p => p.Version, p => p.Version + 1), cancellationToken);
    }

    /// <summary>Instantiates at an instantiation level (the flavour's default when none is given).</summary>
    public async Task<Guid> InstantiateAsync(string tenantId, Guid id, string? flavourId, string? instantiationLevelId, JsonObject request, CancellationToken cancellationToken)
    {
        var instance = await OperableAsync(tenantId, id, VnfLcmStates.NotInstantiated, cancellationToken);
        if (string.IsNullOrWhiteSpace(flavourId))
        {
            throw new VnfLcmException(VnfLcmErrorKind.Invalid, "flavourId is required.");
        }
        var vnfd = await vnfds.GetAsync(instance.VnfPkgId, cancellationToken);
        var flavour = VnfdSource.Flavour(vnfd, flavourId);
        var (level, counts, scaleLevels) = Level(flavour, instantiationLevelId);
        var adds = counts.SelectMany(c => Enumerable.Range(0, c.Value).Select(_ => (VnfcRealiser.NewVnfcId(c.Key), c.Key))).ToList();
        var plan = NewPlan(instance, flavour.FlavourId, VnfLcmStates.Operations.Instantiate);
        AddVnfcs(plan, adds);
        var finalise = new JsonObject
        {
            ["instantiationLevelId"] = level,
            ["vnfState"] = "STARTED",
            ["scaleLevels"] = ScaleLevelsJson(scaleLevels),
        };
        if (request["extVirtualLinks"] is JsonArray { Count: > 0 } extVirtualLinks)
        {
            // The VNFCs are created already plugged into the external links they are given.
            var links = System.Text.Json.JsonSerializer.SerializeToNode(ExternalLinks(flavour, extVirtualLinks), InstantiatedVnf.Json);
            plan.Input["extVirtualLinks"] = links;
            finalise["extVirtualLinks"] = links!.DeepClone();
        }
        plan.Step("finalise", FinaliseStep.HandlerKey, finalise, [.. plan.Steps.Select(s => s.Name)]);
        return await StartAsync(instance, plan, VnfLcmStates.Operations.Instantiate, request, cancellationToken);
    }

    /// <summary>Scales out or in by a number of steps of one aspect.</summary>
    public async Task<Guid> ScaleAsync(string tenantId, Guid id, string? type, string? aspectId, int? numberOfSteps, JsonObject request, CancellationToken cancellationToken)
    {
        var instance = await OperableAsync(tenantId, id, VnfLcmStates.Instantiated, cancellationToken);
        var state = InstantiatedVnf.Parse(instance.InstantiatedJson)!;
        var flavour = VnfdSource.Flavour(await vnfds.GetAsync(instance.VnfPkgId, cancellationToken), state.FlavourId);
        if (type is not ("SCALE_OUT" or "SCALE_IN"))
        {
            throw new VnfLcmException(VnfLcmErrorKind.Invalid, $"type must be SCALE_OUT or SCALE_IN, not '{type}'.");
        }
        var aspect = flavour.ScalingAspects.FirstOrDefault(a => a.Id == aspectId)
            ?? throw new VnfLcmException(VnfLcmErrorKind.Unprocessable,
                $"Flavour {flavour.FlavourId} has no scaling aspect '{aspectId}'; it has {string.Join(", ", flavour.ScalingAspects.Select(a => a.Id).DefaultIfEmpty("none"))}.");
        var steps = numberOfSteps ?? 1;
        if (steps < 1)
        {
            throw new VnfLcmException(VnfLcmErrorKind.Invalid, "numberOfSteps must be at least 1.");
        }
        var current = state.ScaleLevels.GetValueOrDefault(aspect.Id);
        var target = type == "SCALE_OUT" ? current + steps : current - steps;
        if (target < 0 || target > aspect.MaxScaleLevel)
        {
            throw new VnfLcmException(VnfLcmErrorKind.Unprocessable,
                $"Aspect {aspect.Id} is at level {current}; {type} by {steps} would reach {target}, outside 0..{aspect.MaxScaleLevel}.");
        }
        var plan = NewPlan(instance, state.FlavourId, VnfLcmStates.Operations.Scale);
        var diff = AspectDelta(aspect, current, target);
        AddDiff(plan, flavour, state, diff, graceSeconds: 0);
        plan.Step("finalise", FinaliseStep.HandlerKey, new JsonObject { ["scaleLevels"] = new JsonObject { [aspect.Id] = target } },
            [.. plan.Steps.Select(s => s.Name)]);
        return await StartAsync(instance, plan, VnfLcmStates.Operations.Scale, request, cancellationToken);
    }

    /// <summary>Scales to an instantiation level, or to target levels per aspect.</summary>
    public async Task<Guid> ScaleToLevelAsync(string tenantId, Guid id, string? instantiationLevelId, IReadOnlyDictionary<string, int>? scaleInfo, JsonObject request, CancellationToken cancellationToken)
    {
        var instance = await OperableAsync(tenantId, id, VnfLcmStates.Instantiated, cancellationToken);
        var state = InstantiatedVnf.Parse(instance.InstantiatedJson)!;
        var flavour = VnfdSource.Flavour(await vnfds.GetAsync(instance.VnfPkgId, cancellationToken), state.FlavourId);
        if ((instantiationLevelId is null) == (scaleInfo is null))
        {
            throw new VnfLcmException(VnfLcmErrorKind.Invalid, "Exactly one of instantiationLevelId and scaleInfo is required.");
        }
        Dictionary<string, int> diff;
        Dictionary<string, int> levels;
        if (instantiationLevelId is not null)
        {
            var (_, counts, scaleLevels) = Level(flavour, instantiationLevelId);
            diff = counts.ToDictionary(c => c.Key, c => c.Value - state.Vnfcs.Count(v => v.VduId == c.Key), StringComparer.Ordinal);
            levels = scaleLevels;
        }
        else
        {
            diff = new(StringComparer.Ordinal);
            levels = new(StringComparer.Ordinal);
            foreach (var (aspectId, target) in scaleInfo!)
            {
                var aspect = flavour.ScalingAspects.FirstOrDefault(a => a.Id == aspectId)
                    ?? throw new VnfLcmException(VnfLcmErrorKind.Unprocessable, $"Flavour {flavour.FlavourId} has no scaling aspect '{aspectId}'.");
                if (target < 0 || target > aspect.MaxScaleLevel)
                {
                    throw new VnfLcmException(VnfLcmErrorKind.Unprocessable, $"Scale level {target} of aspect {aspectId} is outside 0..{aspect.MaxScaleLevel}.");
                }
                foreach (var (vdu, delta) in AspectDelta(aspect, state.ScaleLevels.GetValueOrDefault(aspectId), target))
                {
                    diff[vdu] = diff.GetValueOrDefault(vdu) + delta;
                }
                levels[aspectId] = target;
            }
        }
        var plan = NewPlan(instance, state.FlavourId, VnfLcmStates.Operations.ScaleToLevel);
        AddDiff(plan, flavour, state, diff, graceSeconds: 0);
        plan.Step("finalise", FinaliseStep.HandlerKey, new JsonObject
        {
            ["instantiationLevelId"] = instantiationLevelId,
            ["scaleLevels"] = ScaleLevelsJson(levels),
        }, [.. plan.Steps.Select(s => s.Name)]);
        return await StartAsync(instance, plan, VnfLcmStates.Operations.ScaleToLevel, request, cancellationToken);
    }

    /// <summary>Heals the given VNFCs (all when none are named) by re-creating them in place.</summary>
    public async Task<Guid> HealAsync(string tenantId, Guid id, IReadOnlyList<string>? vnfcInstanceIds, JsonObject request, CancellationToken cancellationToken)
    {
        var instance = await OperableAsync(tenantId, id, VnfLcmStates.Instantiated, cancellationToken);
        var state = InstantiatedVnf.Parse(instance.InstantiatedJson)!;
        var unknown = (vnfcInstanceIds ?? []).Where(v => state.Vnfcs.All(c => c.Id != v)).ToList();
        if (unknown.Count > 0)
        {
            throw new VnfLcmException(VnfLcmErrorKind.Unprocessable, $"VNF instance {id} has no VNFC {string.Join(", ", unknown)}.");
        }
        var targets = vnfcInstanceIds is { Count: > 0 } ? state.Vnfcs.Where(v => vnfcInstanceIds.Contains(v.Id)) : state.Vnfcs;
        var plan = NewPlan(instance, state.FlavourId, VnfLcmStates.Operations.Heal);
        foreach (var vnfc in targets)
        {
            plan.Step($"heal:{vnfc.Id}", HealVnfcStep.HandlerKey, new JsonObject { ["vnfcId"] = vnfc.Id });
        }
        plan.Step("finalise", FinaliseStep.HandlerKey, new JsonObject { ["vnfState"] = "STARTED" }, [.. plan.Steps.Select(s => s.Name)]);
        return await StartAsync(instance, plan, VnfLcmStates.Operations.Heal, request, cancellationToken);
    }

    /// <summary>Starts or stops every VNFC (a stop graceful within the timeout when asked, then forced).</summary>
    public async Task<Guid> OperateAsync(string tenantId, Guid id, string? changeStateTo, string? stopType, int? gracefulStopTimeout, JsonObject request, CancellationToken cancellationToken)
    {
        var instance = await OperableAsync(tenantId, id, VnfLcmStates.Instantiated, cancellationToken);
        if (changeStateTo is not ("STARTED" or "STOPPED"))
        {
            throw new VnfLcmException(VnfLcmErrorKind.Invalid, $"changeStateTo must be STARTED or STOPPED, not '{changeStateTo}'.");
        }
        var state = InstantiatedVnf.Parse(instance.InstantiatedJson)!;
        var grace = stopType == "GRACEFUL" ? gracefulStopTimeout ?? options.Value.DefaultGracefulStopTimeout.TotalSeconds : 0;
        var plan = NewPlan(instance, state.FlavourId, VnfLcmStates.Operations.Operate);
        foreach (var vnfc in state.Vnfcs)
        {
            plan.Step($"power:{vnfc.Id}", PowerVnfcStep.HandlerKey, new JsonObject
            {
                ["vnfcId"] = vnfc.Id,
                ["start"] = changeStateTo == "STARTED",
                ["graceSeconds"] = grace,
            });
        }
        plan.Step("finalise", FinaliseStep.HandlerKey, new JsonObject { ["vnfState"] = changeStateTo }, [.. plan.Steps.Select(s => s.Name)]);
        return await StartAsync(instance, plan, VnfLcmStates.Operations.Operate, request, cancellationToken);
    }

    /// <summary>Terminates: removes every VNFC (gracefully within the timeout when asked), then the networks, and releases every claim.</summary>
    public async Task<Guid> TerminateAsync(string tenantId, Guid id, string? terminationType, int? gracefulTerminationTimeout, JsonObject request, CancellationToken cancellationToken)
    {
        var instance = await OperableAsync(tenantId, id, VnfLcmStates.Instantiated, cancellationToken);
        if (terminationType is not ("FORCEFUL" or "GRACEFUL"))
        {
            throw new VnfLcmException(VnfLcmErrorKind.Invalid, $"terminationType must be FORCEFUL or GRACEFUL, not '{terminationType}'.");
        }
        var state = InstantiatedVnf.Parse(instance.InstantiatedJson)!;
        var grace = terminationType == "GRACEFUL" ? gracefulTerminationTimeout ?? options.Value.DefaultGracefulStopTimeout.TotalSeconds : 0;
        var plan = NewPlan(instance, state.FlavourId, VnfLcmStates.Operations.Terminate);
        foreach (var vnfc in state.Vnfcs)
        {
            plan.Step($"delete:{vnfc.Id}", DeleteVnfcStep.HandlerKey, new JsonObject { ["vnfcId"] = vnfc.Id, ["graceSeconds"] = grace });
        }
        plan.Step("delete-networks", DeleteNetworksStep.HandlerKey, null, [.. plan.Steps.Select(s => s.Name)]);
        plan.Then("finalise", FinaliseStep.HandlerKey);
        return await StartAsync(instance, plan, VnfLcmStates.Operations.Terminate, request, cancellationToken);
    }

    /// <summary>
    /// Changes the deployment flavour make-before-break: grants and creates the new flavour's VNFCs at its instantiation
    /// level (the flavour's default when none is given), then removes every VNFC of the old flavour. Until the old ones
    /// go, a failure (a placement rejection above all) leaves the old flavour running, and rollback removes what the new
    /// one made. The old flavour's networks stay with the instance until it terminates.
    /// </summary>
    public async Task<Guid> ChangeFlavourAsync(string tenantId, Guid id, string? newFlavourId, string? instantiationLevelId, JsonObject request, CancellationToken cancellationToken)
    {
        var instance = await OperableAsync(tenantId, id, VnfLcmStates.Instantiated, cancellationToken);
        if (string.IsNullOrWhiteSpace(newFlavourId))
        {
            throw new VnfLcmException(VnfLcmErrorKind.Invalid, "newFlavourId is required.");
        }
        var state = InstantiatedVnf.Parse(instance.InstantiatedJson)!;
        if (newFlavourId == state.FlavourId)
        {
            throw new VnfLcmException(VnfLcmErrorKind.Unprocessable, $"VNF instance {id} already has flavour {newFlavourId}.");
        }
        var flavour = VnfdSource.Flavour(await vnfds.GetAsync(instance.VnfPkgId, cancellationToken), newFlavourId);
        var (level, counts, scaleLevels) = Level(flavour, instantiationLevelId);
        var adds = counts.SelectMany(c => Enumerable.Range(0, c.Value).Select(_ => (VnfcRealiser.NewVnfcId(c.Key), c.Key))).ToList();
        var plan = NewPlan(instance, flavour.FlavourId, VnfLcmStates.Operations.ChangeFlavour);
        AddVnfcs(plan, adds);
        string[] created = [.. plan.Steps.Select(s => s.Name)];
        foreach (var vnfc in state.Vnfcs)
        {
            // The old VNFC's VDU is found in the old flavour.
            plan.Step($"delete:{vnfc.Id}", DeleteVnfcStep.HandlerKey,
                new JsonObject { ["vnfcId"] = vnfc.Id, ["graceSeconds"] = 0, ["flavourId"] = state.FlavourId }, created);
        }
        var finalise = new JsonObject
        {
            ["flavourId"] = flavour.FlavourId,
            ["instantiationLevelId"] = level,
            ["scaleLevels"] = ScaleLevelsJson(scaleLevels),
        };
        if (request["extVirtualLinks"] is JsonArray { Count: > 0 } extVirtualLinks)
        {
            // SOL003 ChangeVnfFlavourRequest.extVirtualLinks: the new flavour's VNFCs are created plugged into them.
            var links = System.Text.Json.JsonSerializer.SerializeToNode(ExternalLinks(flavour, extVirtualLinks), InstantiatedVnf.Json);
            plan.Input["extVirtualLinks"] = links;
            finalise["extVirtualLinks"] = links!.DeepClone();
        }
        plan.Step("finalise", FinaliseStep.HandlerKey, finalise, [.. plan.Steps.Select(s => s.Name)]);
        return await StartAsync(instance, plan, VnfLcmStates.Operations.ChangeFlavour, request, cancellationToken);
    }

    /// <summary>
    /// Changes the external connectivity: every external virtual link given replaces the one of the same id (a link with
    /// no <c>extCps</c> disconnects it). Each CP named must be an external CP or a VDU CP of the instance's flavour. The
    /// VIM's ports are those the VNFCs were created with (SR-IOV VFs and host networks), so the change is recorded and
    /// shown in <c>extCpInfo</c>; no port is re-plugged.
    /// </summary>
    public async Task<Guid> ChangeExtConnAsync(string tenantId, Guid id, JsonArray? extVirtualLinks, JsonObject request, CancellationToken cancellationToken)
    {
        var instance = await OperableAsync(tenantId, id, VnfLcmStates.Instantiated, cancellationToken);
        var state = InstantiatedVnf.Parse(instance.InstantiatedJson)!;
        var flavour = VnfdSource.Flavour(await vnfds.GetAsync(instance.VnfPkgId, cancellationToken), state.FlavourId);
        var links = ExternalLinks(flavour, extVirtualLinks);
        var merged = (state.ExtVirtualLinks ?? []).Where(l => links.All(n => n.Id != l.Id)).Concat(links.Where(l => l.ExtCps.Count > 0)).ToList();
        var plan = NewPlan(instance, state.FlavourId, VnfLcmStates.Operations.ChangeExtConn);
        plan.Input["extVirtualLinks"] = System.Text.Json.JsonSerializer.SerializeToNode(merged, InstantiatedVnf.Json);
        // Only VNFCs whose external ports move are touched (hot-plug); the rest keep running as they are.
        foreach (var vnfc in state.Vnfcs)
        {
            var vdu = flavour.Vdus.FirstOrDefault(v => v.Id == vnfc.VduId);
            if (vdu is not null && !ExternalPorts.Of(id, vnfc.Id, flavour, vdu, state.ExtVirtualLinks).SequenceEqual(ExternalPorts.Of(id, vnfc.Id, flavour, vdu, merged)))
            {
                plan.Step($"ext-conn:{vnfc.Id}", ExtConnVnfcStep.HandlerKey, new JsonObject { ["vnfcId"] = vnfc.Id });
            }
        }
        plan.Step("finalise", FinaliseStep.HandlerKey, new JsonObject
        {
            ["extVirtualLinks"] = System.Text.Json.JsonSerializer.SerializeToNode(merged, InstantiatedVnf.Json),
        }, [.. plan.Steps.Select(s => s.Name)]);
        return await StartAsync(instance, plan, VnfLcmStates.Operations.ChangeExtConn, request, cancellationToken);
    }

    // SOL003 ExtVirtualLinkData, validated against the flavour; every problem at once, each with where it is.
    private static List<ExtVirtualLinkRecord> ExternalLinks(DeploymentFlavour flavour, JsonArray? extVirtualLinks)
    {
        if (extVirtualLinks is null || extVirtualLinks.Count == 0)
        {
            throw new VnfLcmException(VnfLcmErrorKind.Invalid, "extVirtualLinks is required and must not be empty.");
        }
        var cpds = flavour.ExtCps.Select(c => c.Id).Concat(flavour.ConnectionPoints.Select(c => c.Id)).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        var links = new List<ExtVirtualLinkRecord>();
        for (var i = 0; i < extVirtualLinks.Count; i++)
        {
            var at = $"$.extVirtualLinks[{i}]";
            if (extVirtualLinks[i] is not JsonObject link || Str(link["id"]) is not { } linkId)
            {
                problems.Add($"{at}: must be an object with a string 'id'");
                continue;
            }
            var cps = new List<ExtCpRecord>();
            var extCps = link["extCps"] as JsonArray ?? [];
            for (var j = 0; j < extCps.Count; j++)
            {
                var cpd = Str(extCps[j]?["cpdId"]);
                if (cpd is null || !cpds.Contains(cpd))
                {
                    problems.Add($"{at}.extCps[{j}].cpdId: '{cpd}' is not a CP of flavour {flavour.FlavourId} (it has {string.Join(", ", cpds.Order(StringComparer.Ordinal))})");
                    continue;
                }
                if (Str(link["resourceId"]) is null && ExternalPorts.IsPluggable(flavour, cpd))
                {
                    problems.Add($"{at}.resourceId: required to plug '{cpd}' (a virtio port) into the link's VIM network");
                }
                var configs = extCps[j]?["cpConfig"] switch
                {
                    JsonObject map => map.Select(kv => (Key: (string?)kv.Key, Value: kv.Value)).ToList(),
                    JsonArray list => list.Select(c => (Key: Str(c?["cpInstanceId"]), Value: c)).ToList(),
                    _ => [],
                };
                var index = 0;
                foreach (var (key, config) in configs.DefaultIfEmpty((null, null)))
                {
                    cps.Add(new ExtCpRecord($"{cpd}-{linkId}-{index++}", cpd, key, Str(config?["linkPortId"]), config?["cpProtocolData"]?.ToJsonString()));
                }
            }
            links.Add(new ExtVirtualLinkRecord(linkId, Str(link["resourceId"]), Str(link["vimConnectionId"]), cps));
        }
        if (problems.Count > 0)
        {
            throw new VnfLcmException(VnfLcmErrorKind.Invalid, $"The external connectivity has {problems.Count} problem(s): {string.Join("; ", problems)}.");
        }
        return links;
    }

    private static string? Str(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>Every operation occurrence of the tenant, newest first.</summary>
    public async Task<IReadOnlyList<(VnfLcmOpOccEntity OpOcc, bool CancelPending)>> ListOpOccsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var occs = await db.VnfLcmOpOccs.AsNoTracking().Where(o => tenantId == Tenants.All || o.TenantId == tenantId)
            .OrderByDescending(o => o.StartTime).ThenBy(o => o.Id).ToListAsync(cancellationToken);
        var ids = occs.Select(o => o.Id).ToList();
        var pending = await db.WorkflowRuns.AsNoTracking().Where(r => ids.Contains(r.Id) && r.CancelRequested).Select(r => r.Id).ToListAsync(cancellationToken);
        return [.. occs.Select(o => (o, pending.Contains(o.Id)))];
    }

    /// <summary>One operation occurrence.</summary>
    public async Task<(VnfLcmOpOccEntity OpOcc, bool CancelPending)> GetOpOccAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        var occ = await db.VnfLcmOpOccs.AsNoTracking().SingleOrDefaultAsync(o => (tenantId == Tenants.All || o.TenantId == tenantId) && o.Id == id, cancellationToken)
            ?? throw new VnfLcmException(VnfLcmErrorKind.NotFound, $"No VNF LCM operation occurrence with id '{id}' exists.");
        var pending = await db.WorkflowRuns.AsNoTracking().AnyAsync(r => r.Id == id && r.CancelRequested, cancellationToken);
        return (occ, pending);
    }

    /// <summary>Retries a FAILED_TEMP operation from its failed step.</summary>
    public Task RetryAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        ControlAsync(tenantId, id, "retried", "only a FAILED_TEMP one can", engine.RetryAsync, cancellationToken);

    /// <summary>Rolls a FAILED_TEMP operation back.</summary>
    public Task RollbackAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        ControlAsync(tenantId, id, "rolled back", "only a FAILED_TEMP one can", engine.RollbackAsync, cancellationToken);

    /// <summary>Declares a FAILED_TEMP operation FAILED.</summary>
    public Task FailAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        ControlAsync(tenantId, id, "failed", "only a FAILED_TEMP one can", engine.FailAsync, cancellationToken);

    /// <summary>Asks a STARTING, PROCESSING or ROLLING_BACK operation to stop (it then becomes FAILED_TEMP or ROLLED_BACK).</summary>
    public Task CancelAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        ControlAsync(tenantId, id, "cancelled", "only a STARTING, PROCESSING or ROLLING_BACK one can", engine.CancelAsync, cancellationToken);

    private async Task ControlAsync(string tenantId, Guid id, string verb, string allowed, Func<Guid, CancellationToken, Task> control, CancellationToken cancellationToken)
    {
        _ = await GetOpOccAsync(tenantId, id, cancellationToken);
        try
        {
            await control(id, cancellationToken);
        }
        catch (WorkflowConflictException e)
        {
            // The engine speaks of runs and its own state names; the client reads the ETSI operation state.
            var (now, _) = await GetOpOccAsync(tenantId, id, cancellationToken);
            throw new VnfLcmException(VnfLcmErrorKind.Conflict, $"VNF LCM operation occurrence {id} is {now.OperationState} and cannot be {verb}; {allowed} ({e.Message}).");
        }
        catch (WorkflowNotFoundException)
        {
            throw new VnfLcmException(VnfLcmErrorKind.NotFound, $"No VNF LCM operation occurrence with id '{id}' exists.");
        }
    }

    private async Task<VnfInstanceEntity> OperableAsync(string tenantId, Guid id, string? requiredState, CancellationToken cancellationToken)
    {
        var instance = await GetAsync(tenantId, id, cancellationToken);
        if (instance.CurrentOpOccId is { } op)
        {
            throw new VnfLcmException(VnfLcmErrorKind.Conflict, $"VNF instance {id} has operation occurrence {op} open; it must be COMPLETED, FAILED or ROLLED_BACK first.");
        }
        if (requiredState is not null && instance.InstantiationState != requiredState)
        {
            throw new VnfLcmException(VnfLcmErrorKind.Conflict, $"VNF instance {id} is {instance.InstantiationState}; this operation needs {requiredState}.");
        }
        return instance;
    }

    private static WorkflowPlan NewPlan(VnfInstanceEntity instance, string flavourId, string operation) =>
        new(VnfLcmOpOccObserver.KindPrefix + operation.ToLowerInvariant(), instance.Id.ToString(), new JsonObject
        {
            ["instanceId"] = instance.Id.ToString(),
            ["packageId"] = instance.VnfPkgId.ToString(),
            ["flavourId"] = flavourId,
            ["operation"] = operation,
        });

    private static void AddVnfcs(WorkflowPlan plan, IReadOnlyList<(string VnfcId, string VduId)> adds)
    {
        if (adds.Count == 0)
        {
            return;
        }
        plan.Step(VnfLcmStepData.GrantStep, GrantStep.HandlerKey, new JsonObject { ["vnfcs"] = VnfLcmStepData.VnfcsJson(adds) });
        plan.Step("networks", NetworksStep.HandlerKey, new JsonObject { ["vnfcs"] = VnfLcmStepData.VnfcsJson(adds) }, VnfLcmStepData.GrantStep);
        foreach (var (vnfcId, vduId) in adds)
        {
            plan.Step($"create:{vnfcId}", CreateVnfcStep.HandlerKey, new JsonObject { ["vnfcId"] = vnfcId, ["vduId"] = vduId }, "networks");
        }
    }

    private static void AddDiff(WorkflowPlan plan, DeploymentFlavour flavour, InstantiatedVnf state, IReadOnlyDictionary<string, int> diff, double graceSeconds)
    {
        var adds = new List<(string, string)>();
        foreach (var (vduId, delta) in diff.Where(d => d.Value != 0))
        {
            var vdu = flavour.Vdus.FirstOrDefault(v => v.Id == vduId)
                ?? throw new VnfLcmException(VnfLcmErrorKind.Unprocessable, $"Flavour {flavour.FlavourId} has no VDU '{vduId}'.");
            var existing = state.Vnfcs.Where(v => v.VduId == vduId).ToList();
            var target = existing.Count + delta;
            if (target < vdu.MinInstances || target > vdu.MaxInstances)
            {
                throw new VnfLcmException(VnfLcmErrorKind.Unprocessable,
                    $"VDU {vduId} would have {target} instances, outside {vdu.MinInstances}..{vdu.MaxInstances} of the VNFD.");
            }
            if (delta > 0)
            {
                adds.AddRange(Enumerable.Range(0, delta).Select(_ => (VnfcRealiser.NewVnfcId(vduId), vduId)));
            }
            else
            {
                // The newest go first: scale-in undoes the latest scale-out.
                foreach (var vnfc in existing.TakeLast(-delta))
                {
                    plan.Step($"delete:{vnfc.Id}", DeleteVnfcStep.HandlerKey, new JsonObject { ["vnfcId"] = vnfc.Id, ["graceSeconds"] = graceSeconds });
                }
            }
        }
        AddVnfcs(plan, adds);
        if (plan.Steps.Count == 0)
        {
            throw new VnfLcmException(VnfLcmErrorKind.Unprocessable, "The requested level is the current level: nothing to scale.");
        }
    }

    // VNFC count per VDU and scale levels of an instantiation level (VDUs it does not name get their initial count).
    private static (string? Level, Dictionary<string, int> Counts, Dictionary<string, int> ScaleLevels) Level(DeploymentFlavour flavour, string? levelId)
    {
        var id = levelId ?? flavour.DefaultInstantiationLevel;
        InstantiationLevel? level = null;
        if (id is not null)
        {
            level = flavour.InstantiationLevels.FirstOrDefault(l => l.Id == id)
                ?? throw new VnfLcmException(VnfLcmErrorKind.Unprocessable,
                    $"Flavour {flavour.FlavourId} has no instantiation level '{id}'; it has {string.Join(", ", flavour.InstantiationLevels.Select(l => l.Id).DefaultIfEmpty("none"))}.");
        }
        var counts = flavour.Vdus.ToDictionary(v => v.Id, v => level?.VduInstances.GetValueOrDefault(v.Id, v.InitialInstances) ?? v.InitialInstances, StringComparer.Ordinal);
        var scaleLevels = flavour.ScalingAspects.ToDictionary(a => a.Id, a => level?.ScaleLevels.GetValueOrDefault(a.Id) ?? 0, StringComparer.Ordinal);
        return (id, counts, scaleLevels);
    }

    // Instances per VDU that moving an aspect from one level to another adds (positive) or removes (negative).
    private static Dictionary<string, int> AspectDelta(ScalingAspect aspect, int from, int to)
    {
        var diff = new Dictionary<string, int>(StringComparer.Ordinal);
        var (low, high, sign) = from <= to ? (from, to, 1) : (to, from, -1);
        for (var step = low; step < high; step++)
        {
            var deltaId = aspect.StepDeltas.Count == 0 ? null : aspect.StepDeltas[Math.Min(step, aspect.StepDeltas.Count - 1)];
            foreach (var delta in aspect.VduDeltas.Where(d => deltaId is null || d.DeltaId == deltaId))
            {
                diff[delta.Vdu] = diff.GetValueOrDefault(delta.Vdu) + sign * delta.NumberOfInstances;
            }
        }
        return diff;
    }

    private static JsonObject ScaleLevelsJson(Dictionary<string, int> levels)
    {
        var json = new JsonObject();
        foreach (var (aspect, level) in levels)
        {
            json[aspect] = level;
        }
        return json;
    }

    private async Task<Guid> StartAsync(VnfInstanceEntity instance, WorkflowPlan plan, string operation, JsonObject request, CancellationToken cancellationToken)
    {
        try
        {
            return await engine.StartAsync(plan, async (tx, runId) =>
            {
                var now = time.GetUtcNow();
                var tracked = await tx.VnfInstances.SingleAsync(i => i.Id == instance.Id, cancellationToken);
                if (tracked.Version != instance.Version || tracked.CurrentOpOccId is not null)
                {
                    throw new VnfLcmException(VnfLcmErrorKind.Conflict, $"VNF instance {instance.Id} changed or got an operation meanwhile; try again.");
                }
                tracked.CurrentOpOccId = runId;
                tracked.UpdatedAt = now;
                var opOcc = new VnfLcmOpOccEntity
                {
                    Id = runId,
                    TenantId = instance.TenantId,
                    VnfInstanceId = instance.Id,
                    Operation = operation,
                    OperationState = "STARTING",
                    StateEnteredTime = now,
                    StartTime = now,
                    OperationParamsJson = request.ToJsonString(),
                };
                tx.VnfLcmOpOccs.Add(opOcc);
                notifications.OperationChanged(tx, opOcc, instance);
            }, cancellationToken);
        }
        catch (WorkflowConflictException e)
        {
            throw new VnfLcmException(VnfLcmErrorKind.Conflict, e.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new VnfLcmException(VnfLcmErrorKind.Conflict, $"VNF instance {instance.Id} got another operation at the same moment; try again.");
        }
    }
}
