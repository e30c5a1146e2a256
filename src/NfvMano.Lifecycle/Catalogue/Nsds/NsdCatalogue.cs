using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NfvMano.Lifecycle.Catalogue.VnfPackages;
using NfvMano.Lifecycle.Notifications;
using NfvMano.Persistence;
using NfvMano.Persistence.Catalogue;

namespace NfvMano.Lifecycle.Catalogue.Nsds;

/// <summary>
/// The NSD catalogue (SOL005 nsd): NSD infos, their content, the state rules and change notifications.
/// Onboarding runs in <see cref="NsdOnboarder"/>.
/// </summary>
public sealed partial class NsdCatalogue
{
    private const string Kind = "NSD";
    private readonly NfvManoDbContext _db;
    private readonly NotificationPublisher _notifications;
    private readonly CatalogueSignal _onboarding;
    private readonly NotificationSignal _delivery;
    private readonly TimeProvider _time;
    private readonly IOptions<CatalogueOptions> _options;
    private readonly ILogger<NsdCatalogue> _logger;

    /// <summary>Creates the catalogue.</summary>
    public NsdCatalogue(
        NfvManoDbContext db,
        NotificationPublisher notifications,
        CatalogueSignal onboarding,
        NotificationSignal delivery,
        TimeProvider time,
        IOptions<CatalogueOptions> options,
        ILogger<NsdCatalogue> logger)
    {
        _db = db;
        _notifications = notifications;
        _onboarding = onboarding;
        _delivery = delivery;
        _time = time;
        _options = options;
        _logger = logger;
    }

    /// <summary>Creates an NSD info in CREATED / DISABLED / NOT_IN_USE.</summary>
    public async Task<NsdInfoEntity> CreateAsync(string tenantId, JsonObject? userDefinedData, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var nsd = new NsdInfoEntity
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            UserDefinedDataJson = (userDefinedData ?? []).ToJsonString(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        _db.NsdInfos.Add(nsd);
        await _db.SaveChangesAsync(cancellationToken);
        LogCreated(_logger, nsd.Id);
        return nsd;
    }

    /// <summary>The tenant's NSDs, oldest first.</summary>
    public async Task<IReadOnlyList<NsdInfoEntity>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var all = await _db.NsdInfos.AsNoTracking().Where(n => tenantId == Tenants.All || n.TenantId == tenantId).ToListAsync(cancellationToken);
        return [.. all.OrderBy(n => n.CreatedAt).ThenBy(n => n.Id)];
    }

    /// <summary>One NSD info.</summary>
    /// <exception cref="CatalogueException">404.</exception>
    public async Task<NsdInfoEntity> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        await _db.NsdInfos.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id && (tenantId == Tenants.All || n.TenantId == tenantId), cancellationToken)
        ?? throw CatalogueException.NotFound(Kind, id);

    /// <summary>Stores NSD content (a zip or one YAML file): CREATED → UPLOADING → PROCESSING, then wakes onboarding.</summary>
    /// <exception cref="CatalogueException">404; 409 unless CREATED; 413.</exception>
    public async Task UploadContentAsync(string tenantId, Guid id, Stream content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var nsd = await TrackedAsync(tenantId, id, cancellationToken);
        if (nsd.OnboardingState != OnboardingStates.Created)
        {
            throw CatalogueException.Conflict($"NSD '{id}' is {nsd.OnboardingState}; content can only be uploaded to an NSD in CREATED.");
        }

        nsd.OnboardingState = OnboardingStates.Uploading;
        nsd.OnboardingFailureDetailsJson = null;
        nsd.UpdatedAt = _time.GetUtcNow();
        await SaveAsync(id, cancellationToken, conflictOnRace: true);
        byte[] bytes;
        try
        {
            bytes = await BoundedContent.ReadAsync(content, _options.Value.MaxContentBytes, "The NSD content", cancellationToken);
        }
        catch (Exception e) when (e is CatalogueException or IOException or OperationCanceledException)
        {
            nsd.OnboardingState = OnboardingStates.Created;
            nsd.OnboardingFailureDetailsJson = OnboardingFailure.FromMessage($"The upload did not complete: {e.Message}", 400);
            await _db.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        var existing = await _db.NsdContents.SingleOrDefaultAsync(c => c.NsdInfoId == id, cancellationToken);
        if (existing is null)
        {
            _db.NsdContents.Add(new NsdContentEntity { NsdInfoId = id, Content = bytes, ContentType = contentType });
        }
        else
        {
            existing.Content = bytes;
            existing.ContentType = contentType;
        }

        nsd.OnboardingState = OnboardingStates.Processing;
        nsd.UpdatedAt = _time.GetUtcNow();
        await _db.SaveChangesAsync(cancellationToken);
        _onboarding.Notify();
    }

    /// <summary>Applies <c>NsdInfoModifications</c> (operational state, user data merge patch).</summary>
    /// <exception cref="CatalogueException">404, 409, 412, 400.</exception>
    public async Task<NsdInfoEntity> UpdateAsync(string tenantId, Guid id, long? expectedVersion, string? operationalState, JsonObject? userDefinedData, CancellationToken cancellationToken)
    {
        if (operationalState is null && userDefinedData is null)
        {
            throw CatalogueException.Invalid("The modifications are empty: give nsdOperationalState and/or userDefinedData.",
                [new CatalogueProblem("$", "needs nsdOperationalState or userDefinedData.")]);
        }

        if (operationalState is not null && !OperationalStates.IsValid(operationalState))
        {
            throw CatalogueException.Invalid("The modifications are invalid.",
                [new CatalogueProblem("$.nsdOperationalState", $"'{operationalState}' is not ENABLED or DISABLED.")]);
        }

        var nsd = await TrackedAsync(tenantId, id, cancellationToken);
        if (expectedVersion is { } expected && expected != nsd.Version)
        {
            throw CatalogueException.Stale(Kind, id);
        }

        if (operationalState is not null)
        {
            if (nsd.OnboardingState != OnboardingStates.Onboarded)
            {
                throw CatalogueException.Conflict($"The operational state of NSD '{id}' cannot change while it is {nsd.OnboardingState}; only an ONBOARDED NSD can be enabled or disabled.");
            }

            if (nsd.OperationalState == operationalState)
            {
                throw CatalogueException.Conflict($"NSD '{id}' is already {operationalState}.");
            }

            nsd.OperationalState = operationalState;
            Publish(nsd, NotificationType.NsdChange, new JsonObject { ["nsdOperationalState"] = operationalState });
        }

        if (userDefinedData is not null)
        {
            nsd.UserDefinedDataJson = UserData.MergePatch(nsd.UserDefinedDataJson, userDefinedData);
        }

        nsd.UpdatedAt = _time.GetUtcNow();
        await SaveAsync(id, cancellationToken);
        _delivery.Notify();
        return nsd;
    }

    /// <summary>Deletes an NSD: only when DISABLED, NOT_IN_USE and not being processed.</summary>
    /// <exception cref="CatalogueException">404 or 409.</exception>
    public async Task DeleteAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        var nsd = await TrackedAsync(tenantId, id, cancellationToken);
        if (nsd.OperationalState == OperationalStates.Enabled)
        {
            throw CatalogueException.Conflict($"NSD '{id}' is ENABLED; disable it (PATCH nsdOperationalState DISABLED) before deleting it.");
        }

        if (nsd.UsageState == UsageStates.InUse)
        {
            throw CatalogueException.Conflict($"NSD '{id}' is IN_USE by NS instances and cannot be deleted.");
        }

        if (nsd.OnboardingState is OnboardingStates.Uploading or OnboardingStates.Processing)
        {
            throw CatalogueException.Conflict($"NSD '{id}' is {nsd.OnboardingState}; wait until onboarding ends before deleting it.");
        }

        Publish(nsd, NotificationType.NsdDeletion, []);
        _db.NsdInfos.Remove(nsd);
        await SaveAsync(id, cancellationToken);
        _delivery.Notify();
        LogDeleted(_logger, id);
    }

    /// <summary>The NSD content as uploaded (once ONBOARDED).</summary>
    public async Task<(byte[] Content, string ContentType)> GetContentAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        var (_, content) = await OnboardedWithContentAsync(tenantId, id, "its content", cancellationToken);
        return (content.Content, content.ContentType);
    }

    /// <summary>The NSD's files.</summary>
    public async Task<DescriptorDocument> GetNsdAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        var (nsd, content) = await OnboardedWithContentAsync(tenantId, id, "its NSD", cancellationToken);
        return new DescriptorDocument(PackageRecord.Parse(nsd.DescriptorJson!), content.Content);
    }

    internal void Publish(NsdInfoEntity nsd, string type, JsonObject extra) =>
        PublishTo(_db, _notifications, nsd, type, extra);

    internal static void PublishTo(NfvManoDbContext db, NotificationPublisher notifications, NsdInfoEntity nsd, string type, JsonObject extra)
    {
        var body = new JsonObject { ["nsdInfoId"] = nsd.Id.ToString(), ["nsdId"] = nsd.NsdId };
        foreach (var (key, value) in extra)
        {
            body[key] = value?.DeepClone();
        }

        body["_links"] = new JsonObject { ["nsdInfo"] = notifications.Link($"/nsd/v1/ns_descriptors/{nsd.Id}") };
        var attributes = new Dictionary<string, string[]>
        {
            ["nsdInfoId"] = [nsd.Id.ToString()],
            ["nsdOnboardingState"] = [nsd.OnboardingState],
            ["nsdOperationalState"] = [nsd.OperationalState],
            ["nsdUsageState"] = [nsd.UsageState],
            ["vnfPkgIds"] = System.Text.Json.JsonSerializer.Deserialize<string[]>(nsd.VnfPkgIdsJson) ?? [],
        };
        foreach (var (key, value) in new[] { ("nsdId", nsd.NsdId), ("nsdName", nsd.NsdName), ("nsdVersion", nsd.NsdVersion), ("nsdDesigner", nsd.NsdDesigner), ("nsdInvariantId", nsd.NsdInvariantId) })
        {
            if (value is not null)
            {
                attributes[key] = [value];
            }
        }

        notifications.Publish(db, NotificationApi.Nsd, nsd.TenantId, type, body, attributes);
    }

    private async Task<(NsdInfoEntity Nsd, NsdContentEntity Content)> OnboardedWithContentAsync(string tenantId, Guid id, string what, CancellationToken cancellationToken)
    {
        var nsd = await GetAsync(tenantId, id, cancellationToken);
        if (nsd.OnboardingState != OnboardingStates.Onboarded)
        {
            throw CatalogueException.Conflict($"NSD '{id}' is {nsd.OnboardingState}; {what} can be read once it is ONBOARDED.");
        }

        var content = await _db.NsdContents.AsNoTracking().SingleOrDefaultAsync(c => c.NsdInfoId == id, cancellationToken)
            ?? throw CatalogueException.Conflict($"NSD '{id}' has no stored content.");
        return (nsd, content);
    }

    private async Task<NsdInfoEntity> TrackedAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        await _db.NsdInfos.SingleOrDefaultAsync(n => n.Id == id && n.TenantId == tenantId, cancellationToken)
        ?? throw CatalogueException.NotFound(Kind, id);

    private async Task SaveAsync(Guid id, CancellationToken cancellationToken, bool conflictOnRace = false)
    {
        try
        {
            await _db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw conflictOnRace
                ? CatalogueException.Conflict($"NSD '{id}' changed at the same time; GET it and retry.")
                : CatalogueException.Stale(Kind, id);
        }
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "NSD {NsdInfoId} created")]
    private static partial void LogCreated(ILogger logger, Guid nsdInfoId);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "NSD {NsdInfoId} deleted")]
    private static partial void LogDeleted(ILogger logger, Guid nsdInfoId);
}
