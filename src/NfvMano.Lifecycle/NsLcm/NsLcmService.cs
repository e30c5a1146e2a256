using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NfvMano.Descriptors.Nsd;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Lifecycle.NsLcm.Steps;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Persistence;
using NfvMano.Persistence.NsLcm;
using NfvMano.Persistence.VnfLcm;
using NfvMano.Placement.Requests;
using NfvMano.Workflows.Engine;
using NfvMano.Workflows.Plans;

namespace NfvMano.Lifecycle.NsLcm;

/// <summary>
/// The NFVO's lifecycle operations on NS instances (SOL005 nslcm). Each operation is validated against the NSD and the
/// instance, planned as one durable workflow whose steps drive the constituent VNFs through the VNF LCM (the same
/// SOL003 semantics and grants), and started with its operation occurrence in one transaction. One operation at a time
/// per NS instance.
/// </summary>
public sealed class NsLcmService(
    NfvManoDbContext db,
    WorkflowEngine engine,
    NsdSource nsds,
    NsLcmNotifications notifications,
    IEnumerable<NfvMano.Workflows.Steps.IStepHandler> handlers,
    TimeProvider time)
{
    // VNFFG steering is planned only where a host registered its steps (AddNfvManoVnffgOnOvs); otherwise VNFFGs are recorded.
    private readonly bool _steersVnffgs = handlers.Any(h => h.Key == Vnffg.ApplyVnffgsStep.HandlerKey)
        && handlers.Any(h => h.Key == Vnffg.RemoveVnffgsStep.HandlerKey);

    private async Task SteerVnffgsAsync(WorkflowPlan plan, NsInstanceEntity instance, CancellationToken cancellationToken)
    {
        if (_steersVnffgs)
        {
            var nsd = await nsds.GetAsync(instance.NsdInfoId, cancellationToken);
            SteerVnffgs(plan, nsd.Flavours.First(f => f.FlavourId == instance.FlavourId));
        }
    }

    // After the VNF steps (and before finalise): the chains follow the NS's VNFCs as they now are.
    private void SteerVnffgs(WorkflowPlan plan, NsFlavour flavour, JsonObject? vnffgState = null)
    {
        if (_steersVnffgs && flavour.Vnffgs.Count > 0)
        {
            var input = new JsonObject { ["flavourId"] = flavour.FlavourId };
            if (vnffgState is not null)
            {
                input[Vnffg.VnffgState.Key] = vnffgState.DeepClone();
            }
            plan.Step("vnffgs", Vnffg.ApplyVnffgsStep.HandlerKey, input, [.. plan.Steps.Select(s => s.Name)]);
        }
    }

    /// <summary>Creates an NS instance of an onboarded, enabled NSD (by its <c>nsdId</c>), NOT_INSTANTIATED; the NSD becomes IN_USE.</summary>
    public async Task<NsInstanceEntity> CreateAsync(string tenantId, string? nsdId, string? name, string? description, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(nsdId))
        {
            problems.Add("nsdId is required");
        }
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add("nsName is required");
        }
        if (problems.Count > 0)
        {
            throw new NsLcmException(VnfLcmErrorKind.Invalid, $"The CreateNsRequest has {problems.Count} problem(s): {string.Join("; ", problems)}.");
        }
        var nsd = await db.NsdInfos.AsNoTracking().FirstOrDefaultAsync(
            n => n.TenantId == tenantId && n.NsdId == nsdId && n.OnboardingState == OnboardingStates.Onboarded, cancellationToken)
            ?? throw new NsLcmException(VnfLcmErrorKind.Unprocessable, $"No onboarded NSD has nsdId '{nsdId}'.");
        if (nsd.OperationalState != OperationalStates.Enabled)
        {
            throw new NsLcmException(VnfLcmErrorKind.Conflict, $"NSD {nsd.Id} (nsdId '{nsdId}') is {nsd.OperationalState}; only an ENABLED NSD can be instantiated.");
        }
        var now = time.GetUtcNow();
        var instance = new NsInstanceEntity
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            Name = name!,
            Description = description ?? "",
            NsdId = nsdId!,
            NsdInfoId = nsd.Id,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.NsInstances.Add(instance);
        notifications.Identifier(db, instance, created: true);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await SetNsdUsageAsync(nsd.Id, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return instance;
    }

    /// <summary>Every NS instance of the tenant, oldest first, with its VNF instances.</summary>
    public async Task<IReadOnlyList<NsInstanceView>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var instances = await db.NsInstances.AsNoTracking().Where(i => tenantId == Tenants.All || i.TenantId == tenantId)
            .OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).ToListAsync(cancellationToken);
        var ids = instances.Select(i => i.Id).ToList();
        var members = await db.NsVnfs.AsNoTracking().Where(m => ids.Contains(m.NsInstanceId)).ToListAsync(cancellationToken);
        var vnfIds = members.Select(m => m.VnfInstanceId).ToList();
        var vnfs = await db.VnfInstances.AsNoTracking().Where(v => vnfIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, cancellationToken);
        var views = new List<NsInstanceView>();
        foreach (var instance in instances)
        {
            views.Add(await ViewAsync(instance, members.Where(m => m.NsInstanceId == instance.Id), vnfs, cancellationToken));
        }
        return views;
    }

    /// <summary>One NS instance with its VNF instances.</summary>
    public async Task<NsInstanceView> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        var instance = await FindAsync(tenantId, id, cancellationToken);
        var members = await db.NsVnfs.AsNoTracking().Where(m => m.NsInstanceId == id).ToListAsync(cancellationToken);
        var vnfIds = members.Select(m => m.VnfInstanceId).ToList();
        var vnfs = await db.VnfInstances.AsNoTracking().Where(v => vnfIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, cancellationToken);
        return await ViewAsync(instance, members, vnfs, cancellationToken);
    }

    private async Task<NsInstanceView> ViewAsync(NsInstanceEntity instance, IEnumerable<NsVnfEntity> members, Dictionary<Guid, VnfInstanceEntity> vnfs, CancellationToken cancellationToken)
    {
        NsFlavour? flavour = null;
        if (instance.FlavourId is { } flavourId)
        {
            var nsd = await nsds.GetAsync(instance.NsdInfoId, cancellationToken);
            flavour = nsd.Flavours.FirstOrDefault(f => f.FlavourId == flavourId);
        }
        var list = members.OrderBy(m => m.AddedAt).ThenBy(m => m.VnfInstanceId)
            .Where(m => vnfs.ContainsKey(m.VnfInstanceId))
            .Select(m => new NsVnfView(m, vnfs[m.VnfInstanceId])).ToList();
        return new NsInstanceView(instance, list, flavour);
    }

    private async Task<NsInstanceEntity> FindAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        await db.NsInstances.AsNoTracking().SingleOrDefaultAsync(i => (tenantId == Tenants.All || i.TenantId == tenantId) && i.Id == id, cancellationToken)
        ?? throw new NsLcmException(VnfLcmErrorKind.NotFound, $"No NS instance with id '{id}' exists.");

    /// <summary>Deletes a NOT_INSTANTIATED NS instance with no open operation and no VNF left; the NSD is NOT_IN_USE again when it was the last.</summary>
    public async Task DeleteAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        var instance = await db.NsInstances.SingleOrDefaultAsync(i => i.TenantId == tenantId && i.Id == id, cancellationToken)
            ?? throw new NsLcmException(VnfLcmErrorKind.NotFound, $"No NS instance with id '{id}' exists.");
        if (instance.NsState != NsLcmStates.NotInstantiated || instance.CurrentOpOccId is not null)
        {
            throw new NsLcmException(VnfLcmErrorKind.Conflict,
                $"NS instance {id} is {instance.NsState}{(instance.CurrentOpOccId is { } op ? $" with operation {op} open" : "")}; only a NOT_INSTANTIATED NS instance without an open operation can be deleted.");
        }
        // Memberships of VNFs deleted meanwhile over vnflcm (after a FAILED operation) go with the NS instance.
        var members = await db.NsVnfs.Where(m => m.NsInstanceId == id).ToListAsync(cancellationToken);
        var memberIds = members.Select(m => m.VnfInstanceId).ToList();
        var left = await db.VnfInstances.AsNoTracking().Where(v => memberIds.Contains(v.Id)).Select(v => v.Id).ToListAsync(cancellationToken);
        db.NsVnfs.RemoveRange(members.Where(m => !left.Contains(m.VnfInstanceId)));
        if (left.Count > 0)
        {
            throw new NsLcmException(VnfLcmErrorKind.Conflict,
                $"NS instance {id} still holds VNF instance(s) {string.Join(", ", left)} (left by a FAILED operation); terminate and delete them over vnflcm first.");
        }
        db.NsInstances.Remove(instance);
        notifications.Identifier(db, instance, created: false);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await SetNsdUsageAsync(instance.NsdInfoId, time.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>IN_USE while any NS instance refers to the NSD, else NOT_IN_USE: decided by the database itself.</summary>
    private async Task SetNsdUsageAsync(Guid nsdInfoId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Lock the NSD row first, so concurrent creates and deletes decide one after the other.
        await db.NsdInfos.Where(n => n.Id == nsdInfoId).ExecuteUpdateAsync(u => u.SetProperty(n => n.UpdatedAt, now), cancellationToken);
        var used = await db.NsInstances.AnyAsync(i => i.NsdInfoId == nsdInfoId, cancellationToken);
        var state = used ? UsageStates.InUse : UsageStates.NotInUse;
        await db.NsdInfos.Where(n => n.Id == nsdInfoId && n.UsageState != state)
            .ExecuteUpdateAsync(u => u
                .SetProperty(n => n.UsageState, state)
                .SetProperty(n => n.UpdatedAt, now)
                .SetProperty(n => n.Version, n => n.Version + 1), cancellationToken);
    }

    /// <summary>
    /// Instantiates the NS: every VNF profile of the flavour at the NS instantiation level (the flavour's default when
    /// none is given) is created and instantiated through the VNF LCM, a VNF after the VNFs the NSD says it depends on.
    /// </summary>
    public async Task<Guid> InstantiateAsync(string tenantId, Guid id, NsInstantiation request, JsonObject body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var instance = await OperableAsync(tenantId, id, NsLcmStates.NotInstantiated, cancellationToken);
        var nsd = await nsds.GetAsync(instance.NsdInfoId, cancellationToken);
        var flavour = NsdSource.Flavour(nsd, request.NsFlavourId);
        var levelId = request.NsInstantiationLevelId ?? flavour.DefaultInstantiationLevel;
        NsInstantiationLevel? level = null;
        if (levelId is not null)
        {
            level = flavour.InstantiationLevels.FirstOrDefault(l => l.Id == levelId)
                ?? throw new NsLcmException(VnfLcmErrorKind.Unprocessable,
                    $"NS flavour {flavour.FlavourId} has no instantiation level '{levelId}'; it has {string.Join(", ", flavour.InstantiationLevels.Select(l => l.Id).DefaultIfEmpty("none"))}.");
        }
        var problems = new List<string>();
        var paramsByProfile = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        for (var i = 0; i < request.AdditionalParamsForVnf.Count; i++)
        {
            var p = request.AdditionalParamsForVnf[i];
            var profileId = NsStepData.Str(p, "vnfProfileId");
            if (profileId is null || flavour.VnfProfiles.All(v => v.Id != profileId))
            {
                problems.Add($"$.additionalParamsForVnf[{i}].vnfProfileId: '{profileId}' is not a VNF profile of flavour {flavour.FlavourId} (it has {string.Join(", ", flavour.VnfProfiles.Select(v => v.Id))})");
                continue;
            }
            paramsByProfile[profileId] = p;
        }
        for (var i = 0; i < request.SapData.Count; i++)
        {
            var sapd = NsStepData.Str(request.SapData[i], "sapdId");
            if (sapd is null || flavour.Saps.All(s => s.Id != sapd))
            {
                problems.Add($"$.sapData[{i}].sapdId: '{sapd}' is not a SAP of flavour {flavour.FlavourId} (it has {string.Join(", ", flavour.Saps.Select(s => s.Id).DefaultIfEmpty("none"))})");
            }
        }
        await CheckVnfdsAsync(tenantId, flavour.VnfProfiles, problems, cancellationToken);
        var affinityRules = request.AffinityRules ?? [];
        NsPlacementRules.Check(affinityRules, flavour, problems);
        var reused = await ReusedVnfsAsync(tenantId, flavour, request.VnfInstanceData ?? [], problems, cancellationToken);
        if (problems.Count > 0)
        {
            throw new NsLcmException(VnfLcmErrorKind.Unprocessable, $"The InstantiateNsRequest has {problems.Count} problem(s): {string.Join("; ", problems)}.");
        }

        var scaleLevels = flavour.ScalingAspects.ToDictionary(a => a.Id, a => level?.ScaleLevels.GetValueOrDefault(a.Id) ?? 0, StringComparer.Ordinal);
        var plan = NewPlan(instance, flavour.FlavourId, NsLcmStates.Operations.Instantiate);
        // The NS virtual links' networks come first: every VNF's external virtual links name them.
        string[] links = [];
        if (NsNetworks.Used(flavour).Count > 0)
        {
            plan.Step("virtual-links", CreateNsVirtualLinksStep.HandlerKey, new JsonObject { ["flavourId"] = flavour.FlavourId });
            links = ["virtual-links"];
        }
        var stepsOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var profile in DependencyOrder(flavour))
        {
            var count = InstancesAt(flavour, profile, level, scaleLevels);
            string[] after = [.. links, .. flavour.Dependencies.Where(d => d.Node == profile.Id).SelectMany(d => stepsOf.GetValueOrDefault(d.DependsOn) ?? [])];
            stepsOf[profile.Id] = [];
            // Existing VNF instances the request names for the profile are adopted first; the NS creates the rest.
            var adopted = reused.GetValueOrDefault(profile.Id) ?? [];
            if (adopted.Count > count)
            {
                throw new NsLcmException(VnfLcmErrorKind.Unprocessable,
                    $"$.vnfInstanceData names {adopted.Count} VNF instances for profile {profile.Id}, which has {count} at this instantiation level.");
            }
            foreach (var vnfId in adopted)
            {
                var name = $"adopt:{vnfId}";
                plan.Step(name, AddVnfStep.HandlerKey, new JsonObject { ["vnfInstanceId"] = vnfId.ToString(), ["vnfProfileId"] = profile.Id }, after);
                stepsOf[profile.Id].Add(name);
            }
            for (var n = adopted.Count; n < count; n++)
            {
                var name = $"vnf:{profile.Id}:{n}";
                plan.Step(name, InstantiateVnfStep.HandlerKey,
                    VnfInput(profile, paramsByProfile.GetValueOrDefault(profile.Id), n, NsPlacementRules.GroupsOf(instance.Id, flavour, affinityRules, profile)), after);
                stepsOf[profile.Id].Add(name);
            }
        }
        SteerVnffgs(plan, flavour);
        var instantiated = new JsonObject
        {
            ["instantiationLevelId"] = levelId,
            ["scaleLevels"] = ToJson(scaleLevels),
            ["sapData"] = new JsonArray([.. request.SapData.Select(s => (JsonNode)s.DeepClone())]),
            [NsPlacementRules.InstantiatedKey] = new JsonArray([.. affinityRules.Select(r => (JsonNode)r.DeepClone())]),
        };
        plan.Step("finalise", NsFinaliseStep.HandlerKey, new JsonObject
        {
            ["nsState"] = NsLcmStates.Instantiated,
            ["flavourId"] = flavour.FlavourId,
            ["instantiated"] = instantiated,
        }, [.. plan.Steps.Select(s => s.Name)]);
        return await StartAsync(instance, plan, NsLcmStates.Operations.Instantiate, body, cancellationToken);
    }

    // SOL005 vnfInstanceData: VNF instances that may join (see JoinableVnfAsync), each named once.
    private async Task<Dictionary<string, List<Guid>>> ReusedVnfsAsync(string tenantId, NsFlavour flavour, IReadOnlyList<JsonObject> data, List<string> problems, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, List<Guid>>(StringComparer.Ordinal);
        for (var i = 0; i < data.Count; i++)
        {
            var at = $"$.vnfInstanceData[{i}]";
            if (await JoinableVnfAsync(tenantId, flavour, data[i], at, problems, cancellationToken) is not var (profile, vnfId))
            {
                continue;
            }
            if (result.Values.Any(ids => ids.Contains(vnfId)))
            {
                problems.Add($"{at}: VNF instance {vnfId} is named twice");
                continue;
            }
            (result.TryGetValue(profile.Id, out var ids) ? ids : result[profile.Id] = []).Add(vnfId);
        }
        return result;
    }

    // A VNF instance an NS may take in (vnfInstanceData at instantiate, ADD_VNF): one of the tenant's, INSTANTIATED,
    // of the VNFD the profile names, in no NS yet; or null with the reason added to problems.
    private async Task<(VnfProfile Profile, Guid VnfId)?> JoinableVnfAsync(string tenantId, NsFlavour flavour, JsonObject data, string at,
        List<string> problems, CancellationToken cancellationToken)
    {
        var profileId = NsStepData.Str(data, "vnfProfileId");
        var profile = flavour.VnfProfiles.FirstOrDefault(p => p.Id == profileId);
        if (profile is null)
        {
            problems.Add($"{at}.vnfProfileId: '{profileId}' is not a VNF profile of flavour {flavour.FlavourId} (it has {string.Join(", ", flavour.VnfProfiles.Select(v => v.Id))})");
            return null;
        }
        if (!Guid.TryParse(NsStepData.Str(data, "vnfInstanceId"), out var vnfId))
        {
            problems.Add($"{at}.vnfInstanceId: '{data["vnfInstanceId"]}' is not a VNF instance id");
            return null;
        }
        var vnf = await db.VnfInstances.AsNoTracking().SingleOrDefaultAsync(v => v.Id == vnfId && v.TenantId == tenantId, cancellationToken);
        var owner = await db.NsVnfs.AsNoTracking().Where(m => m.VnfInstanceId == vnfId).Select(m => (Guid?)m.NsInstanceId).SingleOrDefaultAsync(cancellationToken);
        var problem = vnf is null ? $"{at}.vnfInstanceId: no VNF instance '{vnfId}' exists"
            : vnf.VnfdId != profile.VnfdId ? $"{at}: VNF instance {vnfId} is of VNFD '{vnf.VnfdId}', profile {profile.Id} needs '{profile.VnfdId}'"
            : vnf.InstantiationState != VnfLcmStates.Instantiated ? $"{at}: VNF instance {vnfId} is {vnf.InstantiationState}; only an INSTANTIATED one can join an NS"
            : owner is { } other ? $"{at}: VNF instance {vnfId} already belongs to NS instance {other}"
            : null;
        if (problem is not null)
        {
            problems.Add(problem);
            return null;
        }
        return (profile, vnfId);
    }

    // Every VNFD the profiles name must be onboarded and enabled, or the instantiation would fail half-way.
    private async Task CheckVnfdsAsync(string tenantId, IEnumerable<VnfProfile> profiles, List<string> problems, CancellationToken cancellationToken)
    {
        var vnfdIds = profiles.Select(p => p.VnfdId).Distinct().ToList();
        var packages = await db.VnfPackages.AsNoTracking()
            .Where(p => p.TenantId == tenantId && p.VnfdId != null && vnfdIds.Contains(p.VnfdId) && p.OnboardingState == OnboardingStates.Onboarded)
            .Select(p => new { p.VnfdId, p.OperationalState }).ToListAsync(cancellationToken);
        foreach (var profile in profiles)
        {
            var found = packages.Where(p => p.VnfdId == profile.VnfdId).ToList();
            if (found.Count == 0)
            {
                problems.Add($"VNF profile {profile.Id}: no onboarded VNF package holds VNFD '{profile.VnfdId}'");
            }
            else if (found.All(p => p.OperationalState != OperationalStates.Enabled))
            {
                problems.Add($"VNF profile {profile.Id}: the VNF package holding VNFD '{profile.VnfdId}' is DISABLED");
            }
        }
    }

    // The n-th instance of a profile; a name given for a profile with several instances gets "-n" from the second on.
    // Its metadata carries the NS's placement groups for it, which every grant of the VNF honours (SharedPlacementGroups).
    private static JsonObject VnfInput(VnfProfile profile, JsonObject? parameters, int index, IReadOnlyList<ServerGroup> groups, bool exactName = false)
    {
        var metadata = parameters?["metadata"]?.DeepClone() as JsonObject;
        if (groups.Count > 0)
        {
            metadata ??= [];
            metadata[SharedPlacementGroups.MetadataKey] = SharedPlacementGroups.ToJson(groups);
        }
        var additional = parameters?["additionalParams"]?.DeepClone() as JsonObject ?? [];
        // A VNF's flavour and instantiation level come from its profile; additionalParams may choose another level.
        var levelOverride = NsStepData.Str(additional, "instantiationLevelId");
        additional.Remove("instantiationLevelId");
        var name = NsStepData.Str(parameters ?? [], "vnfInstanceName");
        return new JsonObject
        {
            ["vnfProfileId"] = profile.Id,
            ["vnfdId"] = profile.VnfdId,
            ["flavourId"] = profile.FlavourId,
            ["instantiationLevelId"] = levelOverride ?? profile.InstantiationLevel,
            ["vnfInstanceName"] = name is null ? $"{profile.Id}-{index}" : index == 0 || exactName ? name : $"{name}-{index}",
            ["vnfInstanceDescription"] = NsStepData.Str(parameters ?? [], "vnfInstanceDescription"),
            ["metadata"] = metadata,
            ["additionalParams"] = additional,
        };
    }

    // Profiles ordered so that each comes after the ones it depends on (NSD order otherwise).
    private static List<VnfProfile> DependencyOrder(NsFlavour flavour)
    {
        var ordered = new List<VnfProfile>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var remaining = flavour.VnfProfiles.ToList();
        while (remaining.Count > 0)
        {
            var ready = remaining.FirstOrDefault(p => flavour.Dependencies.Where(d => d.Node == p.Id)
                .All(d => placed.Contains(d.DependsOn) || flavour.VnfProfiles.All(v => v.Id != d.DependsOn)))
                ?? throw new NsLcmException(VnfLcmErrorKind.Unprocessable,
                    $"The dependencies of NS flavour {flavour.FlavourId} form a cycle among {string.Join(", ", remaining.Select(r => r.Id))}.");
            ordered.Add(ready);
            placed.Add(ready.Id);
            remaining.Remove(ready);
        }
        return ordered;
    }

    // VNF instances of a profile: as the NS level says, else as its scaling aspects' levels say, else the profile's minimum.
    private static int InstancesAt(NsFlavour flavour, VnfProfile profile, NsInstantiationLevel? level, IReadOnlyDictionary<string, int> scaleLevels)
    {
        if (level is not null && level.VnfInstances.TryGetValue(profile.Id, out var count))
        {
            return count;
        }
        foreach (var aspect in flavour.ScalingAspects)
        {
            if (aspect.VnfMappings.FirstOrDefault(m => m.Vnf == profile.Id) is { } mapping
                && scaleLevels.TryGetValue(aspect.Id, out var index) && index < aspect.Levels.Count
                && mapping.Instances.TryGetValue(aspect.Levels[index], out var atLevel))
            {
                return atLevel;
            }
        }
        return profile.MinInstances;
    }

    /// <summary>
    /// Terminates the NS: each VNF it created is terminated and deleted (dependents first), each it adopted let go. With
    /// a <c>terminationTime</c> ahead, the operation starts now and waits for that time first (the NS stays busy until
    /// then; a cancel calls it off).
    /// </summary>
    public async Task<Guid> TerminateAsync(string tenantId, Guid id, JsonObject body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        DateTimeOffset? terminationTime = null;
        if (body["terminationTime"] is JsonValue given)
        {
            terminationTime = given.TryGetValue<string>(out var text) && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.RoundtripKind, out var at)
                ? at
                : throw new NsLcmException(VnfLcmErrorKind.Invalid, $"$.terminationTime: '{given.ToJsonString()}' is not a date-time (RFC 3339).");
        }
        var instance = await OperableAsync(tenantId, id, NsLcmStates.Instantiated, cancellationToken);
        var nsd = await nsds.GetAsync(instance.NsdInfoId, cancellationToken);
        var flavour = nsd.Flavours.First(f => f.FlavourId == instance.FlavourId);
        var members = await db.NsVnfs.AsNoTracking().Where(m => m.NsInstanceId == id).ToListAsync(cancellationToken);
        var plan = NewPlan(instance, flavour.FlavourId, NsLcmStates.Operations.Terminate);
        string[] first = [];
        if (terminationTime is { } due && due > time.GetUtcNow())
        {
            plan.Step("termination-time", TerminationTimeStep.HandlerKey,
                new JsonObject { ["terminationTime"] = due.ToString("O", System.Globalization.CultureInfo.InvariantCulture) });
            first = ["termination-time"];
        }
        if (_steersVnffgs && flavour.Vnffgs.Count > 0)
        {
            plan.Step("vnffgs-remove", Vnffg.RemoveVnffgsStep.HandlerKey, new JsonObject { ["flavourId"] = flavour.FlavourId }, first);
            first = ["vnffgs-remove"];
        }
        // Reverse dependency order: a VNF goes before the VNFs it depends on.
        var order = DependencyOrder(flavour).Select(p => p.Id).Reverse().ToList();
        var stepsOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var group in members.GroupBy(m => m.VnfProfileId).OrderBy(g => order.IndexOf(g.Key) is var i && i < 0 ? int.MaxValue : i))
        {
            string[] after = [.. first, .. flavour.Dependencies.Where(d => d.DependsOn == group.Key).SelectMany(d => stepsOf.GetValueOrDefault(d.Node) ?? [])];
            stepsOf[group.Key] = [];
            foreach (var member in group.OrderBy(m => m.AddedAt))
            {
                var name = $"remove:{member.VnfInstanceId}";
                plan.Step(name, RemoveVnfStep.HandlerKey, new JsonObject { ["vnfInstanceId"] = member.VnfInstanceId.ToString() }, after);
                stepsOf[group.Key].Add(name);
            }
        }
        if (NsNetworks.Used(flavour).Count > 0)
        {
            // After every VNF is gone: nothing is plugged into the networks any more.
            plan.Step("virtual-links-delete", DeleteNsVirtualLinksStep.HandlerKey, new JsonObject { ["flavourId"] = flavour.FlavourId },
                [.. plan.Steps.Select(s => s.Name)]);
        }
        plan.Step("finalise", NsFinaliseStep.HandlerKey, new JsonObject
        {
            ["nsState"] = NsLcmStates.NotInstantiated,
            ["flavourId"] = null,
            ["instantiated"] = null,
        }, [.. plan.Steps.Select(s => s.Name)]);
        return await StartAsync(instance, plan, NsLcmStates.Operations.Terminate, body, cancellationToken);
    }

    /// <summary>
    /// Scales the NS: SCALE_NS moves an NS scaling aspect by steps (VNF instances of the profiles it maps are added or the
    /// newest removed); SCALE_VNF scales VNF instances of the NS through the VNF LCM.
    /// </summary>
    public async Task<Guid> ScaleAsync(string tenantId, Guid id, string? scaleType, JsonObject? scaleNsData, JsonArray? scaleVnfData, JsonObject body, CancellationToken cancellationToken)
    {
        var instance = await OperableAsync(tenantId, id, NsLcmStates.Instantiated, cancellationToken);
        var plan = NewPlan(instance, instance.FlavourId ?? "", NsLcmStates.Operations.Scale);
        var members = await db.NsVnfs.AsNoTracking().Where(m => m.NsInstanceId == id).ToListAsync(cancellationToken);
        switch (scaleType)
        {
            case "SCALE_VNF":
                var problems = new List<string>();
                if (scaleVnfData is not { Count: > 0 })
                {
                    throw new NsLcmException(VnfLcmErrorKind.Invalid, "scaleVnfData is required for SCALE_VNF.");
                }
                for (var i = 0; i < scaleVnfData.Count; i++)
                {
                    var at = $"$.scaleVnfData[{i}]";
                    var data = scaleVnfData[i] as JsonObject ?? [];
                    var vnfId = MemberId(data, "vnfInstanceId", members, at, problems);
                    var type = NsStepData.Str(data, "scaleVnfType");
                    var byStep = data["scaleByStepData"] as JsonObject;
                    var toLevel = data["scaleToLevelData"] as JsonObject;
                    if (vnfId is null)
                    {
                        continue;
                    }
                    if (type is "SCALE_OUT" or "SCALE_IN" && byStep is not null)
                    {
                        plan.Step($"scale:{vnfId}", VnfOperationStep.HandlerKey, new JsonObject
                        {
                            ["vnfInstanceId"] = vnfId.ToString(),
                            ["operation"] = VnfOperationStep.Scale,
                            ["request"] = new JsonObject
                            {
                                ["type"] = type,
                                ["aspectId"] = byStep["aspectId"]?.DeepClone(),
                                ["numberOfSteps"] = byStep["numberOfSteps"]?.DeepClone() ?? 1,
                                ["additionalParams"] = byStep["additionalParams"]?.DeepClone(),
                            },
                        });
                    }
                    else if (type == "SCALE_TO_INSTANTIATION_LEVEL" && NsStepData.Str(toLevel ?? [], "vnfInstantiationLevelId") is { } vnfLevel)
                    {
                        plan.Step($"scale:{vnfId}", VnfOperationStep.HandlerKey, new JsonObject
                        {
                            ["vnfInstanceId"] = vnfId.ToString(),
                            ["operation"] = VnfOperationStep.ScaleToLevel,
                            ["request"] = new JsonObject { ["instantiationLevelId"] = vnfLevel },
                        });
                    }
                    else
                    {
                        problems.Add($"{at}: needs scaleVnfType SCALE_OUT or SCALE_IN with scaleByStepData, or SCALE_TO_INSTANTIATION_LEVEL with scaleToLevelData.vnfInstantiationLevelId");
                    }
                }
                if (problems.Count > 0)
                {
                    throw new NsLcmException(VnfLcmErrorKind.Invalid, $"The ScaleNsRequest has {problems.Count} problem(s): {string.Join("; ", problems)}.");
                }
                await SteerVnffgsAsync(plan, instance, cancellationToken);
                break;
            case "SCALE_NS":
                await PlanScaleNsAsync(instance, plan, members, scaleNsData, cancellationToken);
                break;
            default:
                throw new NsLcmException(VnfLcmErrorKind.Invalid, $"scaleType must be SCALE_NS or SCALE_VNF, not '{scaleType}'.");
        }
        return await StartAsync(instance, plan, NsLcmStates.Operations.Scale, body, cancellationToken);
    }

    private async Task PlanScaleNsAsync(NsInstanceEntity instance, WorkflowPlan plan, List<NsVnfEntity> members, JsonObject? scaleNsData, CancellationToken cancellationToken)
    {
        var nsd = await nsds.GetAsync(instance.NsdInfoId, cancellationToken);
        var flavour = nsd.Flavours.First(f => f.FlavourId == instance.FlavourId);
        var state = JsonNode.Parse(instance.InstantiatedJson ?? "{}") as JsonObject ?? [];
        int Current(NsScalingAspect aspect) => (int?)state["scaleLevels"]?[aspect.Id] ?? 0;
        NsScalingAspect Aspect(string? aspectId) => flavour.ScalingAspects.FirstOrDefault(a => a.Id == aspectId)
            ?? throw new NsLcmException(VnfLcmErrorKind.Unprocessable,
                $"NS flavour {flavour.FlavourId} has no scaling aspect '{aspectId}'; it has {string.Join(", ", flavour.ScalingAspects.Select(a => a.Id).DefaultIfEmpty("none"))}.");

        // Each aspect that moves, with the level it moves to.
        var targets = new Dictionary<NsScalingAspect, int>();
        if (scaleNsData?["scaleNsByStepsData"] is JsonObject byStep)
        {
            var direction = NsStepData.Str(byStep, "scalingDirection");
            var steps = (int?)byStep["numberOfSteps"] ?? 1;
            if (direction is not ("SCALE_OUT" or "SCALE_IN") || steps < 1)
            {
                throw new NsLcmException(VnfLcmErrorKind.Invalid, $"scaleNsByStepsData needs scalingDirection SCALE_OUT or SCALE_IN (not '{direction}') and numberOfSteps of at least 1 (not {steps}).");
            }
            var aspect = Aspect(NsStepData.Str(byStep, "aspectId"));
            var current = Current(aspect);
            var target = direction == "SCALE_OUT" ? current + steps : current - steps;
            if (target < 0 || target >= aspect.Levels.Count)
            {
                throw new NsLcmException(VnfLcmErrorKind.Unprocessable,
                    $"NS aspect {aspect.Id} is at level {current}; {direction} by {steps} would reach {target}, outside 0..{aspect.Levels.Count - 1}.");
            }
            targets[aspect] = target;
        }
        else if (scaleNsData?["scaleNsToLevelData"] is JsonObject toLevel)
        {
            if (NsStepData.Str(toLevel, "nsInstantiationLevel") is { } levelId)
            {
                // An NS instantiation level sets every aspect to the level it names (0 for those it leaves out).
                var level = flavour.InstantiationLevels.FirstOrDefault(l => l.Id == levelId)
                    ?? throw new NsLcmException(VnfLcmErrorKind.Unprocessable,
                        $"NS flavour {flavour.FlavourId} has no instantiation level '{levelId}'; it has {string.Join(", ", flavour.InstantiationLevels.Select(l => l.Id).DefaultIfEmpty("none"))}.");
                foreach (var aspect in flavour.ScalingAspects)
                {
                    targets[aspect] = level.ScaleLevels.GetValueOrDefault(aspect.Id);
                }
            }
            else if (toLevel["nsScaleInfo"] is JsonArray { Count: > 0 } infos)
            {
                for (var i = 0; i < infos.Count; i++)
                {
                    var info = infos[i] as JsonObject ?? [];
                    var aspect = Aspect(NsStepData.Str(info, "nsScalingAspectId"));
                    var scaleLevelId = NsStepData.Str(info, "nsScaleLevelId");
                    var index = scaleLevelId is null ? -1 : aspect.Levels.ToList().IndexOf(scaleLevelId);
                    if (index < 0)
                    {
                        throw new NsLcmException(VnfLcmErrorKind.Unprocessable,
                            $"$.scaleNsData.scaleNsToLevelData.nsScaleInfo[{i}].nsScaleLevelId: '{scaleLevelId}' is not a level of NS aspect {aspect.Id} (it has {string.Join(", ", aspect.Levels)}).");
                    }
                    targets[aspect] = index;
                }
            }
            else
            {
                throw new NsLcmException(VnfLcmErrorKind.Invalid, "scaleNsToLevelData needs nsInstantiationLevel or a non-empty nsScaleInfo.");
            }
        }
        else
        {
            throw new NsLcmException(VnfLcmErrorKind.Invalid, "scaleNsData needs scaleNsByStepsData or scaleNsToLevelData for SCALE_NS.");
        }

        foreach (var (aspect, target) in targets)
        {
            foreach (var mapping in aspect.VnfMappings)
            {
                var profile = flavour.VnfProfiles.First(p => p.Id == mapping.Vnf);
                var have = members.Where(m => m.VnfProfileId == profile.Id).OrderBy(m => m.AddedAt).ToList();
                var want = mapping.Instances.GetValueOrDefault(aspect.Levels[target], have.Count);
                if (want < profile.MinInstances || want > profile.MaxInstances)
                {
                    throw new NsLcmException(VnfLcmErrorKind.Unprocessable,
                        $"VNF profile {profile.Id} would have {want} instances, outside {profile.MinInstances}..{profile.MaxInstances} of the NSD.");
                }
                for (var n = have.Count; n < want; n++)
                {
                    plan.Step($"vnf:{profile.Id}:{n}", InstantiateVnfStep.HandlerKey,
                        VnfInput(profile, null, n, NsPlacementRules.GroupsOf(instance.Id, flavour, NsPlacementRules.Stored(instance.InstantiatedJson), profile)));
                }
                // Scale-in removes the newest first: it undoes the latest scale-out.
                foreach (var member in have.Skip(want).Reverse())
                {
                    plan.Step($"remove:{member.VnfInstanceId}", RemoveVnfStep.HandlerKey, new JsonObject { ["vnfInstanceId"] = member.VnfInstanceId.ToString() });
                }
            }
        }
        if (plan.Steps.Count == 0)
        {
            throw new NsLcmException(VnfLcmErrorKind.Unprocessable,
                $"{string.Join(", ", targets.Select(t => $"NS aspect {t.Key.Id} at level {t.Value}"))} needs no VNF instance more or less: nothing to scale.");
        }
        SteerVnffgs(plan, flavour);
        var levels = new JsonObject();
        foreach (var (aspect, target) in targets)
        {
            levels[aspect.Id] = target;
        }
        plan.Step("finalise", NsFinaliseStep.HandlerKey, new JsonObject { ["scaleLevels"] = levels }, [.. plan.Steps.Select(s => s.Name)]);
    }

    /// <summary>Heals VNF instances of the NS (healVnfData) through the VNF LCM; NS-level heal (healNsData) heals every VNF.</summary>
    public async Task<Guid> HealAsync(string tenantId, Guid id, JsonArray? healVnfData, JsonObject? healNsData, JsonObject body, CancellationToken cancellationToken)
    {
        var instance = await OperableAsync(tenantId, id, NsLcmStates.Instantiated, cancellationToken);
        var members = await db.NsVnfs.AsNoTracking().Where(m => m.NsInstanceId == id).ToListAsync(cancellationToken);
        var plan = NewPlan(instance, instance.FlavourId ?? "", NsLcmStates.Operations.Heal);
        var problems = new List<string>();
        if ((healVnfData is { Count: > 0 }) == (healNsData is not null))
        {
            throw new NsLcmException(VnfLcmErrorKind.Invalid, "Exactly one of healVnfData and healNsData is required.");
        }
        var targets = new List<(Guid Vnf, JsonArray? Vnfcs)>();
        if (healVnfData is not null)
        {
            for (var i = 0; i < healVnfData.Count; i++)
            {
                var data = healVnfData[i] as JsonObject ?? [];
                if (MemberId(data, "vnfInstanceId", members, $"$.healVnfData[{i}]", problems) is { } vnfId)
                {
                    targets.Add((vnfId, data["additionalParams"]?["vnfcInstanceId"]?.DeepClone() as JsonArray));
                }
            }
        }
        else
        {
            targets.AddRange(members.Select(m => (m.VnfInstanceId, (JsonArray?)null)));
        }
        if (problems.Count > 0)
        {
            throw new NsLcmException(VnfLcmErrorKind.Invalid, $"The HealNsRequest has {problems.Count} problem(s): {string.Join("; ", problems)}.");
        }
        foreach (var (vnf, vnfcs) in targets)
        {
            plan.Step($"heal:{vnf}", VnfOperationStep.HandlerKey, new JsonObject
            {
                ["vnfInstanceId"] = vnf.ToString(),
                ["operation"] = VnfOperationStep.Heal,
                ["request"] = new JsonObject { ["vnfcInstanceId"] = vnfcs },
            });
        }
        if (plan.Steps.Count == 0)
        {
            throw new NsLcmException(VnfLcmErrorKind.Unprocessable, $"NS instance {id} has no VNF instance to heal.");
        }
        await SteerVnffgsAsync(plan, instance, cancellationToken);
        return await StartAsync(instance, plan, NsLcmStates.Operations.Heal, body, cancellationToken);
    }

    /// <summary>
    /// Updates the NS: ADD_VNF (adopt existing VNF instances), REMOVE_VNF, INSTANTIATE_VNF (new VNF instances of a
    /// profile), OPERATE_VNF and MODIFY_VNF_INFORMATION, each through the VNF LCM.
    /// </summary>
    public async Task<Guid> UpdateAsync(string tenantId, Guid id, string? updateType, JsonObject request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var instance = await OperableAsync(tenantId, id, NsLcmStates.Instantiated, cancellationToken);
        var members = await db.NsVnfs.AsNoTracking().Where(m => m.NsInstanceId == id).ToListAsync(cancellationToken);
        var nsd = await nsds.GetAsync(instance.NsdInfoId, cancellationToken);
        var flavour = nsd.Flavours.First(f => f.FlavourId == instance.FlavourId);
        var plan = NewPlan(instance, flavour.FlavourId, NsLcmStates.Operations.Update);
        var problems = new List<string>();
        var state = JsonNode.Parse(instance.InstantiatedJson ?? "{}") as JsonObject ?? [];
        // What the update changes in the instantiated record (SAPs, VNFFG state), written by finalise.
        var patch = new JsonObject();
        JsonObject? vnffgState = null;
        JsonArray Items(string key)
        {
            if (request[key] is JsonArray { Count: > 0 } items)
            {
                return items;
            }
            problems.Add($"$.{key}: is required for {updateType}");
            return [];
        }
        switch (updateType)
        {
            case "ADD_VNF":
            {
                var items = Items("addVnfInstance");
                for (var i = 0; i < items.Count; i++)
                {
                    if (await JoinableVnfAsync(tenantId, flavour, items[i] as JsonObject ?? [], $"$.addVnfInstance[{i}]", problems, cancellationToken) is var (profile, vnfId))
                    {
                        plan.Step($"add:{vnfId}", AddVnfStep.HandlerKey, new JsonObject { ["vnfInstanceId"] = vnfId.ToString(), ["vnfProfileId"] = profile.Id });
                    }
                }
                break;
            }
            case "REMOVE_VNF":
            {
                var items = Items("removeVnfInstanceId");
                for (var i = 0; i < items.Count; i++)
                {
                    var data = new JsonObject { ["vnfInstanceId"] = items[i]?.DeepClone() };
                    if (MemberId(data, "vnfInstanceId", members, $"$.removeVnfInstanceId[{i}]", problems) is { } vnfId)
                    {
                        plan.Step($"remove:{vnfId}", RemoveVnfStep.HandlerKey, new JsonObject { ["vnfInstanceId"] = vnfId.ToString() });
                    }
                }
                break;
            }
            case "INSTANTIATE_VNF":
            {
                var items = Items("instantiateVnfData");
                for (var i = 0; i < items.Count; i++)
                {
                    var at = $"$.instantiateVnfData[{i}]";
                    var data = items[i] as JsonObject ?? [];
                    var profileId = NsStepData.Str(data, "vnfProfileId");
                    var profile = flavour.VnfProfiles.FirstOrDefault(p => p.Id == profileId);
                    if (profile is null)
                    {
                        problems.Add($"{at}.vnfProfileId: '{profileId}' is not a VNF profile of flavour {flavour.FlavourId} (it has {string.Join(", ", flavour.VnfProfiles.Select(v => v.Id))})");
                        continue;
                    }
                    var have = members.Count(m => m.VnfProfileId == profile.Id) + plan.Steps.Count(s => s.Input["vnfProfileId"]?.ToString() == profile.Id);
                    if (have + 1 > profile.MaxInstances)
                    {
                        problems.Add($"{at}: VNF profile {profile.Id} would have {have + 1} instances, more than {profile.MaxInstances} of the NSD");
                        continue;
                    }
                    var parameters = new JsonObject
                    {
                        ["vnfInstanceName"] = data["vnfInstanceName"]?.DeepClone(),
                        ["vnfInstanceDescription"] = data["vnfInstanceDescription"]?.DeepClone(),
                        ["metadata"] = data["metadata"]?.DeepClone(),
                        ["additionalParams"] = data["additionalParams"]?.DeepClone() as JsonObject ?? [],
                    };
                    if (NsStepData.Str(data, "vnfInstantiationLevelId") is { } level)
                    {
                        parameters["additionalParams"]!["instantiationLevelId"] = level;
                    }
                    plan.Step($"vnf:{profile.Id}:{have}", InstantiateVnfStep.HandlerKey,
                        VnfInput(profile, parameters, have, NsPlacementRules.GroupsOf(instance.Id, flavour, NsPlacementRules.Stored(instance.InstantiatedJson), profile), exactName: true));
                }
                break;
            }
            case "OPERATE_VNF":
            {
                var items = Items("operateVnfData");
                for (var i = 0; i < items.Count; i++)
                {
                    var data = items[i] as JsonObject ?? [];
                    if (MemberId(data, "vnfInstanceId", members, $"$.operateVnfData[{i}]", problems) is { } vnfId)
                    {
                        plan.Step($"operate:{vnfId}", VnfOperationStep.HandlerKey, new JsonObject
                        {
                            ["vnfInstanceId"] = vnfId.ToString(),
                            ["operation"] = VnfOperationStep.Operate,
                            ["request"] = new JsonObject
                            {
                                ["changeStateTo"] = data["changeStateTo"]?.DeepClone(),
                                ["stopType"] = data["stopType"]?.DeepClone(),
                                ["gracefulStopTimeout"] = data["gracefulStopTimeout"]?.DeepClone(),
                                ["additionalParams"] = data["additionalParam"]?.DeepClone(),
                            },
                        });
                    }
                }
                break;
            }
            case "MODIFY_VNF_INFORMATION":
            {
                var items = Items("modifyVnfInfoData");
                for (var i = 0; i < items.Count; i++)
                {
                    var data = items[i] as JsonObject ?? [];
                    if (MemberId(data, "vnfInstanceId", members, $"$.modifyVnfInfoData[{i}]", problems) is { } vnfId)
                    {
                        var changes = new JsonObject();
                        foreach (var key in new[] { "vnfInstanceName", "vnfInstanceDescription", "metadata", "extensions" })
                        {
                            if (data.ContainsKey(key))
                            {
                                changes[key] = data[key]?.DeepClone();
                            }
                        }
                        plan.Step($"modify:{vnfId}", VnfOperationStep.HandlerKey, new JsonObject
                        {
                            ["vnfInstanceId"] = vnfId.ToString(),
                            ["operation"] = VnfOperationStep.ModifyInfo,
                            ["request"] = changes,
                        });
                    }
                }
                break;
            }
            case "CHANGE_VNF_DF":
            {
                var items = Items("changeVnfFlavourData");
                for (var i = 0; i < items.Count; i++)
                {
                    var at = $"$.changeVnfFlavourData[{i}]";
                    var data = items[i] as JsonObject ?? [];
                    if (MemberId(data, "vnfInstanceId", members, at, problems) is not { } vnfId)
                    {
                        continue;
                    }
                    if (NsStepData.Str(data, "newFlavourId") is not { } newFlavour)
                    {
                        problems.Add($"{at}.newFlavourId: is required");
                        continue;
                    }
                    plan.Step($"change-flavour:{vnfId}", VnfOperationStep.HandlerKey, new JsonObject
                    {
                        ["vnfInstanceId"] = vnfId.ToString(),
                        ["operation"] = VnfOperationStep.ChangeFlavour,
                        ["request"] = new JsonObject
                        {
                            ["newFlavourId"] = newFlavour,
                            ["instantiationLevelId"] = data["instantiationLevelId"]?.DeepClone(),
                            ["additionalParams"] = data["additionalParams"]?.DeepClone(),
                        },
                    });
                }
                break;
            }
            case "ADD_SAP" or "REMOVE_SAP":
                PlanSapUpdate(updateType, request, flavour, state, patch, problems);
                break;
            case "ADD_VNFFG" or "REMOVE_VNFFG" or "UPDATE_VNFFG":
                vnffgState = PlanVnffgUpdate(updateType, request, flavour, state, problems);
                patch[Vnffg.VnffgState.Key] = vnffgState.DeepClone();
                break;
            default:
                throw new NsLcmException(VnfLcmErrorKind.Invalid,
                    $"updateType '{updateType}' is not supported; this NFVO supports ADD_VNF, REMOVE_VNF, INSTANTIATE_VNF, CHANGE_VNF_DF, OPERATE_VNF, " +
                    "MODIFY_VNF_INFORMATION, ADD_SAP, REMOVE_SAP, ADD_VNFFG, REMOVE_VNFFG and UPDATE_VNFFG.");
        }
        if (problems.Count > 0)
        {
            throw new NsLcmException(VnfLcmErrorKind.Unprocessable, $"The UpdateNsRequest has {problems.Count} problem(s): {string.Join("; ", problems)}.");
        }
        SteerVnffgs(plan, flavour, vnffgState);
        plan.Step("finalise", NsFinaliseStep.HandlerKey, new JsonObject { ["patch"] = patch }, [.. plan.Steps.Select(s => s.Name)]);
        return await StartAsync(instance, plan, NsLcmStates.Operations.Update, request, cancellationToken);
    }

    // ADD_SAP (re)adds SAPs of the NS flavour with their data; REMOVE_SAP takes SAPs of the instance away.
    private static void PlanSapUpdate(string updateType, JsonObject request, NsFlavour flavour, JsonObject state, JsonObject patch, List<string> problems)
    {
        var removed = (state["removedSaps"] as JsonArray ?? []).Select(n => (string?)n).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var data = (state["sapData"] as JsonArray ?? []).OfType<JsonObject>().Select(d => (JsonObject)d.DeepClone()).ToList();
        if (updateType == "ADD_SAP")
        {
            var items = request["addSap"] as JsonArray ?? [];
            if (items.Count == 0)
            {
                problems.Add("$.addSap: is required for ADD_SAP");
            }
            for (var i = 0; i < items.Count; i++)
            {
                var sap = items[i] as JsonObject ?? [];
                var sapd = NsStepData.Str(sap, "sapdId");
                if (sapd is null || flavour.Saps.All(s => s.Id != sapd))
                {
                    problems.Add($"$.addSap[{i}].sapdId: '{sapd}' is not a SAP of flavour {flavour.FlavourId} (it has {string.Join(", ", flavour.Saps.Select(s => s.Id).DefaultIfEmpty("none"))})");
                    continue;
                }
                if (!removed.Remove(sapd))
                {
                    problems.Add($"$.addSap[{i}].sapdId: SAP {sapd} is already part of the NS instance");
                    continue;
                }
                data.RemoveAll(d => NsStepData.Str(d, "sapdId") == sapd);
                data.Add((JsonObject)sap.DeepClone());
            }
        }
        else
        {
            var ids = request["removeSapId"] as JsonArray ?? [];
            if (ids.Count == 0)
            {
                problems.Add("$.removeSapId: is required for REMOVE_SAP");
            }
            for (var i = 0; i < ids.Count; i++)
            {
                var id = ids[i] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
                if (id is null || flavour.Saps.All(s => s.Id != id) || removed.Contains(id))
                {
                    problems.Add($"$.removeSapId[{i}]: '{id}' is not a SAP of the NS instance");
                    continue;
                }
                removed.Add(id);
                data.RemoveAll(d => NsStepData.Str(d, "sapdId") == id);
            }
        }
        patch["removedSaps"] = new JsonArray([.. removed.Order(StringComparer.Ordinal).Select(r => (JsonNode)r)]);
        patch["sapData"] = new JsonArray([.. data]);
    }

    // The VNFFG state after ADD_VNFFG (a removed VNFFG of the NSD comes back), REMOVE_VNFFG or UPDATE_VNFFG (new NFP rules).
    private static JsonObject PlanVnffgUpdate(string updateType, JsonObject request, NsFlavour flavour, JsonObject state, List<string> problems)
    {
        var current = state[Vnffg.VnffgState.Key] as JsonObject ?? [];
        var removed = Vnffg.VnffgState.Removed(current).ToHashSet(StringComparer.Ordinal);
        var rules = (current["nfpRules"] as JsonObject)?.DeepClone() as JsonObject ?? [];
        bool Known(string? id) => id is not null && flavour.Vnffgs.Any(g => g.Id == id);
        switch (updateType)
        {
            case "ADD_VNFFG":
            {
                var items = request["addVnffg"] as JsonArray ?? [];
                if (items.Count == 0)
                {
                    problems.Add("$.addVnffg: is required for ADD_VNFFG");
                }
                for (var i = 0; i < items.Count; i++)
                {
                    var id = NsStepData.Str(items[i] as JsonObject ?? [], "vnffgdId");
                    if (!Known(id))
                    {
                        problems.Add($"$.addVnffg[{i}].vnffgdId: '{id}' is not a VNFFG of flavour {flavour.FlavourId} (it has {string.Join(", ", flavour.Vnffgs.Select(g => g.Id).DefaultIfEmpty("none"))})");
                    }
                    else if (!removed.Remove(id!))
                    {
                        problems.Add($"$.addVnffg[{i}].vnffgdId: VNFFG {id} is already in force");
                    }
                }
                break;
            }
            case "REMOVE_VNFFG":
            {
                var ids = request["removeVnffgId"] as JsonArray ?? [];
                if (ids.Count == 0)
                {
                    problems.Add("$.removeVnffgId: is required for REMOVE_VNFFG");
                }
                for (var i = 0; i < ids.Count; i++)
                {
                    var id = ids[i] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
                    if (!Known(id) || !removed.Add(id!))
                    {
                        problems.Add($"$.removeVnffgId[{i}]: '{id}' is not a VNFFG of the NS instance");
                    }
                }
                break;
            }
            default:
            {
                var items = request["updateVnffg"] as JsonArray ?? [];
                if (items.Count == 0)
                {
                    problems.Add("$.updateVnffg: is required for UPDATE_VNFFG");
                }
                for (var i = 0; i < items.Count; i++)
                {
                    var at = $"$.updateVnffg[{i}]";
                    var data = items[i] as JsonObject ?? [];
                    var id = NsStepData.Str(data, "vnffgInfoId");
                    var vnffg = flavour.Vnffgs.FirstOrDefault(g => g.Id == id);
                    if (vnffg is null || removed.Contains(id!))
                    {
                        problems.Add($"{at}.vnffgInfoId: '{id}' is not a VNFFG of the NS instance");
                        continue;
                    }
                    var nfps = data["nfp"] as JsonArray ?? [];
                    for (var j = 0; j < nfps.Count; j++)
                    {
                        var nfpData = nfps[j] as JsonObject ?? [];
                        var nfpId = NsStepData.Str(nfpData, "nfpInfoId");
                        if (vnffg.Nfps.All(n => n.Id != nfpId))
                        {
                            problems.Add($"{at}.nfp[{j}].nfpInfoId: '{nfpId}' is not an NFP of VNFFG {id} (it has {string.Join(", ", vnffg.Nfps.Select(n => n.Id))})");
                            continue;
                        }
                        // NfpData carries one nfpRule; an NFP without one keeps its rules.
                        if (nfpData["nfpRule"] is not JsonObject rule)
                        {
                            continue;
                        }
                        var ruleProblems = new List<string>();
                        try
                        {
                            Vnffg.VnffgPlanner.Classifier(Vnffg.VnffgState.Rule(rule, $"{nfpId}-rule-0"), ruleProblems);
                        }
                        catch (FormatException e)
                        {
                            ruleProblems.Add(e.Message);
                        }
                        catch (OverflowException e)
                        {
                            ruleProblems.Add(e.Message);
                        }
                        problems.AddRange(ruleProblems.Select(p => $"{at}.nfp[{j}].nfpRule: {p}"));
                        rules[$"{id}/{nfpId}"] = new JsonArray(rule.DeepClone());
                    }
                }
                break;
            }
        }
        return new JsonObject
        {
            ["removed"] = new JsonArray([.. removed.Order(StringComparer.Ordinal).Select(r => (JsonNode)r)]),
            ["nfpRules"] = rules,
        };
    }

    // A VNF instance id of the request that must be a VNF instance of this NS.
    private static Guid? MemberId(JsonObject data, string key, IReadOnlyList<NsVnfEntity> members, string at, List<string> problems)
    {
        var text = NsStepData.Str(data, key);
        if (Guid.TryParse(text, out var id) && members.Any(m => m.VnfInstanceId == id))
        {
            return id;
        }
        problems.Add($"{at}.{key}: '{text}' is not a VNF instance of this NS (it has {string.Join(", ", members.Select(m => m.VnfInstanceId).DefaultIfEmpty())})");
        return null;
    }

    /// <summary>Every NS operation occurrence of the tenant, newest first.</summary>
    public async Task<IReadOnlyList<(NsLcmOpOccEntity OpOcc, bool CancelPending)>> ListOpOccsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var occs = await db.NsLcmOpOccs.AsNoTracking().Where(o => tenantId == Tenants.All || o.TenantId == tenantId)
            .OrderByDescending(o => o.StartTime).ThenBy(o => o.Id).ToListAsync(cancellationToken);
        var ids = occs.Select(o => o.Id).ToList();
        var pending = await db.WorkflowRuns.AsNoTracking().Where(r => ids.Contains(r.Id) && r.CancelRequested).Select(r => r.Id).ToListAsync(cancellationToken);
        return [.. occs.Select(o => (o, pending.Contains(o.Id)))];
    }

    /// <summary>One NS operation occurrence.</summary>
    public async Task<(NsLcmOpOccEntity OpOcc, bool CancelPending)> GetOpOccAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        var occ = await db.NsLcmOpOccs.AsNoTracking().SingleOrDefaultAsync(o => (tenantId == Tenants.All || o.TenantId == tenantId) && o.Id == id, cancellationToken)
            ?? throw new NsLcmException(VnfLcmErrorKind.NotFound, $"No NS LCM operation occurrence with id '{id}' exists.");
        var pending = await db.WorkflowRuns.AsNoTracking().AnyAsync(r => r.Id == id && r.CancelRequested, cancellationToken);
        return (occ, pending);
    }

    /// <summary>Retries a FAILED_TEMP operation from its failed step (a failed VNF operation is retried in turn).</summary>
    public Task RetryAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        ControlAsync(tenantId, id, "retried", "only a FAILED_TEMP one can", engine.RetryAsync, cancellationToken);

    /// <summary>Rolls a FAILED_TEMP operation back: what its steps did is undone, newest first.</summary>
    public Task RollbackAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        ControlAsync(tenantId, id, "rolled back", "only a FAILED_TEMP one can", engine.RollbackAsync, cancellationToken);

    /// <summary>Declares a FAILED_TEMP operation FAILED.</summary>
    public Task FailAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        ControlAsync(tenantId, id, "failed", "only a FAILED_TEMP one can", engine.FailAsync, cancellationToken);

    /// <summary>Asks a PROCESSING or ROLLING_BACK operation to stop after its current steps (it then becomes FAILED_TEMP).</summary>
    public Task CancelAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        ControlAsync(tenantId, id, "cancelled", "only a PROCESSING or ROLLING_BACK one can", engine.CancelAsync, cancellationToken);

    /// <summary>
    /// Continues a FAILED_TEMP operation past its failure: each failed step is recorded as skipped (a VNF it was driving
    /// keeps its own FAILED_TEMP operation for the operator) and the remaining steps run.
    /// </summary>
    public async Task ContinueAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        var (occ, _) = await GetOpOccAsync(tenantId, id, cancellationToken);
        var run = await db.WorkflowRuns.Include(r => r.Steps).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null || run.State != RunStates.Paused || occ.OperationState != "FAILED_TEMP")
        {
            throw new NsLcmException(VnfLcmErrorKind.Conflict, $"NS LCM operation occurrence {id} is {occ.OperationState} and cannot be continued; only a FAILED_TEMP one can.");
        }
        var failed = run.Steps.Where(s => s.State == StepStates.Failed).ToList();
        if (failed.Count == 0)
        {
            throw new NsLcmException(VnfLcmErrorKind.Conflict, $"NS LCM operation occurrence {id} has no failed step to continue past; retry it instead.");
        }
        var completion = run.Steps.Max(s => s.CompletionOrder) ?? 0;
        foreach (var step in failed)
        {
            step.State = StepStates.Done;
            step.OutputJson = new JsonObject { ["skipped"] = true, ["error"] = step.Error }.ToJsonString();
            step.CompletionOrder = ++completion;
        }
        // The run is handed back to the engine as a retry would be; the occurrence is PROCESSING again.
        await RetryAsync(tenantId, id, cancellationToken);
    }

    private async Task ControlAsync(string tenantId, Guid id, string verb, string allowed, Func<Guid, CancellationToken, Task> control, CancellationToken cancellationToken)
    {
        _ = await GetOpOccAsync(tenantId, id, cancellationToken);
        try
        {
            if (db.ChangeTracker.HasChanges())
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await control(id, cancellationToken);
                    break;
                }
                catch (DbUpdateConcurrencyException) when (attempt < 5)
                {
                    // The runner committed a step or took the lease at the same moment: read the run again and retry.
                    await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), time, cancellationToken);
                }
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new NsLcmException(VnfLcmErrorKind.Conflict, $"NS LCM operation occurrence {id} kept changing while it was being {verb}; try again.");
        }
        catch (WorkflowConflictException e)
        {
            var (now, _) = await GetOpOccAsync(tenantId, id, cancellationToken);
            throw new NsLcmException(VnfLcmErrorKind.Conflict, $"NS LCM operation occurrence {id} is {now.OperationState} and cannot be {verb}; {allowed} ({e.Message}).");
        }
        catch (WorkflowNotFoundException)
        {
            throw new NsLcmException(VnfLcmErrorKind.NotFound, $"No NS LCM operation occurrence with id '{id}' exists.");
        }
    }

    private async Task<NsInstanceEntity> OperableAsync(string tenantId, Guid id, string requiredState, CancellationToken cancellationToken)
    {
        var instance = await FindAsync(tenantId, id, cancellationToken);
        if (instance.CurrentOpOccId is { } op)
        {
            throw new NsLcmException(VnfLcmErrorKind.Conflict, $"NS instance {id} has operation occurrence {op} open; it must be COMPLETED, FAILED or ROLLED_BACK first.");
        }
        if (instance.NsState != requiredState)
        {
            throw new NsLcmException(VnfLcmErrorKind.Conflict, $"NS instance {id} is {instance.NsState}; this operation needs {requiredState}.");
        }
        return instance;
    }

    private static WorkflowPlan NewPlan(NsInstanceEntity instance, string flavourId, string operation) =>
        new(NsLcmOpOccObserver.KindPrefix + operation.ToLowerInvariant(), instance.Id.ToString(), new JsonObject
        {
            ["nsInstanceId"] = instance.Id.ToString(),
            ["tenantId"] = instance.TenantId,
            ["nsdInfoId"] = instance.NsdInfoId.ToString(),
            ["flavourId"] = flavourId,
            ["operation"] = operation,
        });

    private static JsonObject ToJson(Dictionary<string, int> levels)
    {
        var json = new JsonObject();
        foreach (var (aspect, level) in levels)
        {
            json[aspect] = level;
        }
        return json;
    }

    private async Task<Guid> StartAsync(NsInstanceEntity instance, WorkflowPlan plan, string operation, JsonObject request, CancellationToken cancellationToken)
    {
        // An NS operation does not queue behind a VNF operation someone started over vnflcm: it is refused now.
        var targets = plan.Steps.Select(s => NsStepData.Str(s.Input, "vnfInstanceId")).OfType<string>().Select(Guid.Parse).ToList();
        var busy = await db.VnfInstances.AsNoTracking().Where(v => targets.Contains(v.Id) && v.CurrentOpOccId != null)
            .Select(v => new { v.Id, v.CurrentOpOccId }).ToListAsync(cancellationToken);
        if (busy.Count > 0)
        {
            throw new NsLcmException(VnfLcmErrorKind.Conflict,
                $"NS instance {instance.Id}: {string.Join("; ", busy.Select(b => $"VNF instance {b.Id} has VNF LCM operation {b.CurrentOpOccId} open"))}; the {operation} can start once it is COMPLETED, FAILED or ROLLED_BACK.");
        }
        try
        {
            return await engine.StartAsync(plan, async (tx, runId) =>
            {
                var now = time.GetUtcNow();
                var tracked = await tx.NsInstances.SingleAsync(i => i.Id == instance.Id, cancellationToken);
                if (tracked.Version != instance.Version || tracked.CurrentOpOccId is not null)
                {
                    throw new NsLcmException(VnfLcmErrorKind.Conflict, $"NS instance {instance.Id} changed or got an operation meanwhile; try again.");
                }
                tracked.CurrentOpOccId = runId;
                tracked.UpdatedAt = now;
                var opOcc = new NsLcmOpOccEntity
                {
                    Id = runId,
                    TenantId = instance.TenantId,
                    NsInstanceId = instance.Id,
                    LcmOperationType = operation,
                    OperationState = "PROCESSING",
                    StateEnteredTime = now,
                    StartTime = now,
                    OperationParamsJson = request.ToJsonString(),
                };
                tx.NsLcmOpOccs.Add(opOcc);
                notifications.OperationChanged(tx, opOcc, tracked);
            }, cancellationToken);
        }
        catch (WorkflowConflictException e)
        {
            throw new NsLcmException(VnfLcmErrorKind.Conflict, e.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new NsLcmException(VnfLcmErrorKind.Conflict, $"NS instance {instance.Id} got another operation at the same moment; try again.");
        }
    }
}

/// <summary>What an InstantiateNsRequest asks for, beside the request body kept as the operation's parameters.</summary>
/// <param name="NsFlavourId">The NS deployment flavour.</param>
/// <param name="NsInstantiationLevelId">The NS instantiation level; the flavour's default when null.</param>
/// <param name="AdditionalParamsForVnf">SOL005 <c>ParamsForVnf</c> per VNF profile (name, description, metadata, additionalParams).</param>
/// <param name="SapData">SOL005 <c>SapData</c>, recorded in sapInfo.</param>
/// <param name="VnfInstanceData">SOL005 <c>VnfInstanceData</c>: existing VNF instances (id and VNF profile) the NS takes in instead of creating them.</param>
/// <param name="AffinityRules">SOL005 <c>additionalAffinityOrAntiAffinityRule</c>: placement rules between the NS's VNFs beside the NSD's.</param>
public sealed record NsInstantiation(string? NsFlavourId, string? NsInstantiationLevelId, IReadOnlyList<JsonObject> AdditionalParamsForVnf, IReadOnlyList<JsonObject> SapData,
    IReadOnlyList<JsonObject>? VnfInstanceData = null, IReadOnlyList<JsonObject>? AffinityRules = null);

/// <summary>An NS instance as read: the entity, its VNF instances and, once instantiated, its NSD flavour.</summary>
/// <param name="Instance">The NS instance.</param>
/// <param name="Vnfs">Its VNF instances, in the order they joined.</param>
/// <param name="Flavour">The NSD flavour it is instantiated with, if it is.</param>
public sealed record NsInstanceView(NsInstanceEntity Instance, IReadOnlyList<NsVnfView> Vnfs, NsFlavour? Flavour);

/// <summary>A VNF instance of an NS: its membership and the VNF LCM's record of it.</summary>
/// <param name="Member">The membership.</param>
/// <param name="Vnf">The VNF instance.</param>
public sealed record NsVnfView(NsVnfEntity Member, VnfInstanceEntity Vnf);
