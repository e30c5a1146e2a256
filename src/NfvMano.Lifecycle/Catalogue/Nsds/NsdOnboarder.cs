using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NfvMano.Descriptors.Csar;
using NfvMano.Descriptors.Validation;
using NfvMano.Lifecycle.Notifications;
using NfvMano.Persistence;
using NfvMano.Persistence.Catalogue;

namespace NfvMano.Lifecycle.Catalogue.Nsds;

/// <summary>
/// Onboards one NSD per call. An NSD is accepted only when it validates and every VNFD id its VNF profiles name
/// is onboarded in a VNF package of the same tenant. Valid: ONBOARDED and ENABLED with the NSD fields and the ids
/// of those packages. Invalid: back to CREATED with every problem, and a failure notification.
/// </summary>
public sealed partial class NsdOnboarder
{
    private readonly NfvManoDbContext _db;
    private readonly NotificationPublisher _notifications;
    private readonly NotificationSignal _delivery;
    private readonly TimeProvider _time;
    private readonly IOptions<CatalogueOptions> _options;
    private readonly ILogger<NsdOnboarder> _logger;

    /// <summary>Creates the onboarder.</summary>
    public NsdOnboarder(NfvManoDbContext db, NotificationPublisher notifications, NotificationSignal delivery, TimeProvider time, IOptions<CatalogueOptions> options, ILogger<NsdOnboarder> logger)
    {
        _db = db;
        _notifications = notifications;
        _delivery = delivery;
        _time = time;
        _options = options;
        _logger = logger;
    }

    /// <summary>Onboards the next NSD waiting for it, if any; returns whether there was one.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var staleBefore = now - _options.Value.WorkLease;
        var interrupted = await _db.NsdInfos
            .Where(n => n.OnboardingState == OnboardingStates.Uploading && n.UpdatedAt < staleBefore)
            .FirstOrDefaultAsync(cancellationToken);
        if (interrupted is not null)
        {
            // The request receiving the content died with its server process: back to CREATED, so it can be uploaded again.
            try
            {
                await FailAsync(interrupted, OnboardingFailure.FromMessage("The upload was interrupted (the server stopped while receiving it); upload the content again.", 400), cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                _db.ChangeTracker.Clear();
            }

            return true;
        }

        var candidates = await _db.NsdInfos
            .Where(n => n.OnboardingState == OnboardingStates.Processing && (n.WorkLeaseExpiresAt == null || n.WorkLeaseExpiresAt < now))
            .OrderBy(n => n.UpdatedAt)
            .Take(5)
            .ToListAsync(cancellationToken);
        foreach (var nsd in candidates)
        {
            nsd.WorkLeaseExpiresAt = now + _options.Value.WorkLease;
            try
            {
                await _db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                _db.Entry(nsd).State = EntityState.Detached;
                continue;
            }

            await OnboardAsync(nsd, cancellationToken);
            return true;
        }

        return false;
    }

    private async Task OnboardAsync(NsdInfoEntity nsd, CancellationToken cancellationToken)
    {
        var content = await _db.NsdContents.AsNoTracking().SingleOrDefaultAsync(c => c.NsdInfoId == nsd.Id, cancellationToken);
        if (content is null)
        {
            await FailAsync(nsd, OnboardingFailure.FromMessage("The NSD has no stored content."), cancellationToken);
            return;
        }

        PackageParseResult result;
        try
        {
            result = CsarReader.ReadAny(new MemoryStream(content.Content, writable: false), "nsd.yaml");
        }
#pragma warning disable CA1031 // A parser bug must fail this NSD with a reason, not stop onboarding of all others.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogParserCrashed(_logger, e, nsd.Id);
            await FailAsync(nsd, OnboardingFailure.FromMessage($"The NSD could not be read: {e.Message}"), cancellationToken);
            return;
        }

        var problems = new List<Problem>(result.Problems);
        if (result.IsValid && result.Kind != PackageKind.Ns)
        {
            problems.Add(new Problem("package.not-an-nsd", result.EntryDefinitions ?? "", "", null, null,
                "The content describes a VNF (VNFD), not an NS; upload VNF packages to vnfpkgm/v1."));
        }

        var model = result.Nsd;
        var packageIds = new SortedSet<string>(StringComparer.Ordinal);
        if (problems.Count == 0 && model is not null)
        {
            var onboarded = await _db.VnfPackages.AsNoTracking()
                .Where(p => p.TenantId == nsd.TenantId && p.OnboardingState == OnboardingStates.Onboarded && p.VnfdId != null)
                .Select(p => new { p.Id, p.VnfdId })
                .ToListAsync(cancellationToken);
            foreach (var flavour in model.Flavours)
            {
                foreach (var profile in flavour.VnfProfiles)
                {
                    var match = onboarded.FirstOrDefault(p => p.VnfdId == profile.VnfdId);
                    if (match is null)
                    {
                        problems.Add(new Problem("nsd.vnfd-not-onboarded", flavour.File, $"topology_template.node_templates.{profile.Id}.properties.descriptor_id", null, null,
                            $"VNF '{profile.Id}' names VNFD id '{profile.VnfdId}', which no onboarded VNF package of this tenant has; onboard that VNF package first."));
                    }
                    else
                    {
                        packageIds.Add(match.Id.ToString());
                    }
                }
            }

            var clash = await _db.NsdInfos.AsNoTracking()
                .Where(n => n.TenantId == nsd.TenantId && n.NsdId == model.DescriptorId && n.Id != nsd.Id)
                .Select(n => (Guid?)n.Id).FirstOrDefaultAsync(cancellationToken);
            if (clash is { } other)
            {
                problems.Add(new Problem("nsd.duplicate-nsd-id", result.EntryDefinitions ?? "", "", null, null,
                    $"NSD id '{model.DescriptorId}' is already onboarded as NSD '{other}'."));
            }
        }

        if (problems.Count > 0 || model is null)
        {
            await FailAsync(nsd, OnboardingFailure.FromProblems("The NSD", problems), cancellationToken);
            return;
        }

        nsd.NsdId = model.DescriptorId;
        nsd.NsdName = model.Name;
        nsd.NsdVersion = model.Version;
        nsd.NsdDesigner = model.Designer;
        nsd.NsdInvariantId = model.InvariantId;
        nsd.VnfPkgIdsJson = JsonSerializer.Serialize(packageIds.ToArray());
        nsd.DescriptorJson = PackageRecord.From(result, model).ToJson();
        nsd.OnboardingState = OnboardingStates.Onboarded;
        nsd.OperationalState = OperationalStates.Enabled;
        nsd.OnboardingFailureDetailsJson = null;
        nsd.WorkLeaseExpiresAt = null;
        nsd.UpdatedAt = _time.GetUtcNow();
        NsdCatalogue.PublishTo(_db, _notifications, nsd, NotificationType.NsdOnBoarding, []);
        await _db.SaveChangesAsync(cancellationToken);
        _delivery.Notify();
        LogOnboarded(_logger, nsd.Id, model.DescriptorId);
    }

    private async Task FailAsync(NsdInfoEntity nsd, string failureDetails, CancellationToken cancellationToken)
    {
        var content = await _db.NsdContents.SingleOrDefaultAsync(c => c.NsdInfoId == nsd.Id, cancellationToken);
        if (content is not null)
        {
            _db.NsdContents.Remove(content);
        }

        nsd.OnboardingState = OnboardingStates.Created;
        nsd.OnboardingFailureDetailsJson = failureDetails;
        nsd.WorkLeaseExpiresAt = null;
        nsd.UpdatedAt = _time.GetUtcNow();
        NsdCatalogue.PublishTo(_db, _notifications, nsd, NotificationType.NsdOnboardingFailure,
            new JsonObject { ["onboardingFailureDetails"] = JsonNode.Parse(failureDetails) });
        await _db.SaveChangesAsync(cancellationToken);
        _delivery.Notify();
        LogRejected(_logger, nsd.Id);
    }

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "NSD {NsdInfoId} onboarded with NSD id {NsdId}")]
    private static partial void LogOnboarded(ILogger logger, Guid nsdInfoId, string nsdId);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Information, Message = "NSD {NsdInfoId} rejected; back to CREATED with its problems")]
    private static partial void LogRejected(ILogger logger, Guid nsdInfoId);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Error, Message = "The descriptor reader failed on NSD {NsdInfoId}")]
    private static partial void LogParserCrashed(ILogger logger, Exception exception, Guid nsdInfoId);
}
