using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NfvMano.Descriptors.Csar;
using NfvMano.Descriptors.Validation;
using NfvMano.Descriptors.Vnfd;
using NfvMano.Lifecycle.Notifications;
using NfvMano.Persistence;
using NfvMano.Persistence.Packages;

namespace NfvMano.Lifecycle.Catalogue.VnfPackages;

/// <summary>
/// Onboards one VNF package per call: fetches content still pending from a URI, then parses and validates it.
/// Valid: ONBOARDED and ENABLED with the VNFD fields, software images and artifacts, and an onboarding
/// notification in the same commit. Invalid: back to CREATED with every problem in
/// <c>onboardingFailureDetails</c>, and nothing of the package kept. The work is found in the database, so a
/// restarted or another server process resumes it; a lease keeps two processes off the same package.
/// </summary>
public sealed partial class VnfPackageOnboarder
{
    /// <summary>Name of the <see cref="HttpClient"/> used to fetch packages from URIs.</summary>
    public const string HttpClientName = "NfvMano.Catalogue";

    private readonly NfvManoDbContext _db;
    private readonly NotificationPublisher _notifications;
    private readonly NotificationSignal _delivery;
    private readonly IHttpClientFactory _http;
    private readonly TimeProvider _time;
    private readonly IOptions<CatalogueOptions> _options;
    private readonly ILogger<VnfPackageOnboarder> _logger;

    /// <summary>Creates the onboarder.</summary>
    public VnfPackageOnboarder(
        NfvManoDbContext db,
        NotificationPublisher notifications,
        NotificationSignal delivery,
        IHttpClientFactory http,
        TimeProvider time,
        IOptions<CatalogueOptions> options,
        ILogger<VnfPackageOnboarder> logger)
    {
        _db = db;
        _notifications = notifications;
        _delivery = delivery;
        _http = http;
        _time = time;
        _options = options;
        _logger = logger;
    }

    /// <summary>Onboards the next package waiting for it, if any; returns whether there was one.</summary>
    /// <param name="cancellationToken">Stops the work (the lease then lets another process resume it).</param>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (await RecoverInterruptedUploadAsync(now, cancellationToken))
        {
            return true;
        }

        var candidates = await _db.VnfPackages
            .Where(p => (p.OnboardingState == OnboardingStates.Processing || (p.OnboardingState == OnboardingStates.Uploading && p.PendingUploadJson != null))
                && (p.WorkLeaseExpiresAt == null || p.WorkLeaseExpiresAt < now))
            .OrderBy(p => p.UpdatedAt)
            .Take(5)
            .ToListAsync(cancellationToken);
        foreach (var package in candidates)
        {
            package.WorkLeaseExpiresAt = now + _options.Value.WorkLease;
            try
            {
                await _db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                _db.Entry(package).State = EntityState.Detached;
                continue;
            }

            await OnboardAsync(package, cancellationToken);
            return true;
        }

        return false;
    }

    // A direct upload is received by the request that sent it; if that server process died on the way, nothing
    // else would ever move the package out of UPLOADING. After a lease's time it goes back to CREATED.
    private async Task<bool> RecoverInterruptedUploadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var staleBefore = now - _options.Value.WorkLease;
        var interrupted = await _db.VnfPackages
            .Where(p => p.OnboardingState == OnboardingStates.Uploading && p.PendingUploadJson == null && p.UpdatedAt < staleBefore)
            .OrderBy(p => p.UpdatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (interrupted is null)
        {
            return false;
        }

        try
        {
            await FailAsync(interrupted, OnboardingFailure.FromMessage("The upload was interrupted (the server stopped while receiving it); upload the content again.", 400), cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another process recovered it, or the upload completed after all.
            _db.ChangeTracker.Clear();
        }

        return true;
    }

    private async Task OnboardAsync(VnfPackageEntity package, CancellationToken cancellationToken)
    {
        if (package.OnboardingState == OnboardingStates.Uploading)
        {
            if (!await FetchAsync(package, cancellationToken))
            {
                return;
            }
        }

        var content = await _db.VnfPackageContents.AsNoTracking().SingleOrDefaultAsync(c => c.PackageId == package.Id, cancellationToken);
        PackageParseResult result;
        if (content is null)
        {
            await FailAsync(package, OnboardingFailure.FromMessage("The package has no stored content."), cancellationToken);
            return;
        }

        var started = _time.GetTimestamp();
        try
        {
            var limits = CsarLimits.Default with { RequireManifest = _options.Value.RequireManifest, MaxArchiveBytes = _options.Value.MaxContentBytes };
            result = CsarReader.Read(new MemoryStream(content.Content, writable: false), limits);
        }
#pragma warning disable CA1031 // A parser bug must fail this package with a reason, not stop onboarding of all others.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogParserCrashed(_logger, e, package.Id);
            await FailAsync(package, OnboardingFailure.FromMessage($"The package could not be read: {e.Message}"), cancellationToken);
            return;
        }

        var problems = new List<Problem>(result.Problems);
        if (result.IsValid && result.Kind != PackageKind.Vnf)
        {
            problems.Add(new Problem("package.not-a-vnf-package", result.EntryDefinitions ?? "", "", null, null,
                $"The package describes {(result.Kind == PackageKind.Ns ? "an NS (NSD)" : "nothing recognisable")}, not a VNF; upload NSDs to nsd/v1."));
        }

        var vnfd = result.Vnfd;
        if (problems.Count == 0 && vnfd is not null)
        {
            var clash = await _db.VnfPackages.AsNoTracking()
                .Where(p => p.TenantId == package.TenantId && p.VnfdId == vnfd.DescriptorId && p.Id != package.Id)
                .Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);
            if (clash is { } other)
            {
                problems.Add(new Problem("package.duplicate-vnfd-id", result.EntryDefinitions ?? "", "", null, null,
                    $"VNFD id '{vnfd.DescriptorId}' is already onboarded in VNF package '{other}'; delete that package or change descriptor_id."));
            }
        }

        if (problems.Count > 0 || vnfd is null)
        {
            await FailAsync(package, OnboardingFailure.FromProblems("The VNF package", problems), cancellationToken);
            return;
        }

        var now = _time.GetUtcNow();
        package.VnfdId = vnfd.DescriptorId;
        package.VnfProvider = vnfd.Provider;
        package.VnfProductName = vnfd.ProductName;
        package.VnfSoftwareVersion = vnfd.SoftwareVersion;
        package.VnfdVersion = vnfd.DescriptorVersion;
        var images = SoftwareImages(vnfd, result, now);
        package.SoftwareImagesJson = images.ToJsonString();
        package.AdditionalArtifactsJson = AdditionalArtifacts(result, images).ToJsonString();
        package.DescriptorJson = PackageRecord.From(result, vnfd).ToJson();
        package.OnboardingState = OnboardingStates.Onboarded;
        package.OperationalState = OperationalStates.Enabled;
        package.OnboardingFailureDetailsJson = null;
        package.WorkLeaseExpiresAt = null;
        package.UpdatedAt = now;
        _notifications.Publish(_db, NotificationApi.VnfPkgm, package.TenantId, NotificationType.VnfPackageOnboarding,
            new JsonObject
            {
                ["vnfPkgId"] = package.Id.ToString(),
                ["vnfdId"] = package.VnfdId,
                ["_links"] = new JsonObject { ["vnfPackage"] = _notifications.Link($"/vnfpkgm/v1/vnf_packages/{package.Id}") },
            },
            VnfPackageCatalogue.AttributesOf(package));
        await _db.SaveChangesAsync(cancellationToken);
        _delivery.Notify();
        LogOnboarded(_logger, package.Id, vnfd.DescriptorId, _time.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task<bool> FetchAsync(VnfPackageEntity package, CancellationToken cancellationToken)
    {
        var pending = JsonNode.Parse(package.PendingUploadJson!)!.AsObject();
        var uri = new Uri(pending["addressInformation"]!.GetValue<string>());
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Value.UploadFromUriTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            if (pending["userName"]?.GetValue<string>() is { } user)
            {
                var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{pending["password"]?.GetValue<string>()}"));
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
            }

            var client = _http.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"GET {uri} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            if (response.Content.Headers.ContentLength is { } length && length > _options.Value.MaxContentBytes)
            {
                throw new CatalogueException(CatalogueErrorKind.TooLarge, $"{uri} has {length} bytes, more than the limit of {_options.Value.MaxContentBytes} bytes.");
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            var bytes = await BoundedContent.ReadAsync(body, _options.Value.MaxContentBytes, $"The content at {uri}", timeout.Token);
            await VnfPackageCatalogue.StoreContentAsync(_db, package, bytes, "application/zip", _time.GetUtcNow(), cancellationToken);
            LogFetched(_logger, package.Id, uri, bytes.Length);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or CatalogueException or IOException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var reason = e is OperationCanceledException ? $"GET {uri} did not complete within {_options.Value.UploadFromUriTimeout}" : e.Message;
            LogFetchFailed(_logger, package.Id, uri, reason);
            await FailAsync(package, OnboardingFailure.FromMessage($"The package could not be fetched: {reason}", 400), cancellationToken);
            return false;
        }
    }

    private async Task FailAsync(VnfPackageEntity package, string failureDetails, CancellationToken cancellationToken)
    {
        // SOL005: a package that fails onboarding goes back to CREATED, with the reasons; nothing of it is kept.
        var content = await _db.VnfPackageContents.SingleOrDefaultAsync(c => c.PackageId == package.Id, cancellationToken);
        if (content is not null)
        {
            _db.VnfPackageContents.Remove(content);
        }

        package.OnboardingState = OnboardingStates.Created;
        package.OnboardingFailureDetailsJson = failureDetails;
        package.PendingUploadJson = null;
        package.ChecksumAlgorithm = null;
        package.ChecksumHash = null;
        package.WorkLeaseExpiresAt = null;
        package.UpdatedAt = _time.GetUtcNow();
        await _db.SaveChangesAsync(cancellationToken);
        LogRejected(_logger, package.Id, failureDetails.Length);
    }

    private static JsonArray SoftwareImages(VnfDescriptor vnfd, PackageParseResult result, DateTimeOffset now)
    {
        var images = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var flavour in vnfd.Flavours)
        {
            var sources = flavour.Vdus.Where(v => v.Image is not null).Select(v => (v.Id, Image: v.Image!))
                .Concat(flavour.Storages.Where(s => s.Image is not null).Select(s => (s.Id, Image: s.Image!)));
            foreach (var (id, image) in sources)
            {
                if (!seen.Add(id))
                {
                    continue;
                }

                var artifact = FindArtifact(result, flavour.File, image.File);
                var checksum = new JsonObject
                {
                    ["algorithm"] = image.ChecksumAlgorithm is { } algorithm ? Manifest.CanonicalAlgorithm(algorithm) ?? algorithm : artifact?.Algorithm ?? "",
                    ["hash"] = image.ChecksumHash ?? artifact?.Hash ?? "",
                };
                images.Add(new JsonObject
                {
                    ["id"] = id,
                    ["name"] = image.Name ?? id,
                    ["provider"] = vnfd.Provider,
                    ["version"] = image.Version ?? "",
                    ["checksum"] = checksum,
                    ["containerFormat"] = (image.ContainerFormat ?? "BARE").ToUpperInvariant(),
                    ["diskFormat"] = (image.DiskFormat ?? "RAW").ToUpperInvariant(),
                    ["createdAt"] = now.ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture),
                    ["minDisk"] = image.MinDiskBytes ?? 0,
                    ["minRam"] = image.MinRamBytes ?? 0,
                    ["size"] = image.SizeBytes ?? artifact?.Size ?? 0,
                    ["imagePath"] = artifact?.Path ?? image.File ?? "",
                    ["userMetadata"] = new JsonObject(),
                });
            }
        }

        return images;
    }

    private static JsonArray AdditionalArtifacts(PackageParseResult result, JsonArray images)
    {
        var imagePaths = images.Select(i => i?["imagePath"]?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var artifacts = new JsonArray();
        foreach (var a in result.Artifacts)
        {
            if (imagePaths.Contains(a.Path) || a.Path == result.Manifest?.File || a.Path == PackageRecord.ToscaMetaPath)
            {
                continue;
            }

            artifacts.Add(new JsonObject
            {
                ["artifactPath"] = a.Path,
                ["checksum"] = new JsonObject { ["algorithm"] = a.Algorithm, ["hash"] = a.Hash },
                ["metadata"] = new JsonObject(),
            });
        }

        return artifacts;
    }

    private static PackageArtifact? FindArtifact(PackageParseResult result, string definitionsFile, string? file)
    {
        if (file is null)
        {
            return null;
        }

        var relative = ResolveRelative(definitionsFile, file);
        return result.Artifacts.FirstOrDefault(a => a.Path == file || a.Path == relative);
    }

    private static string ResolveRelative(string definitionsFile, string file)
    {
        var parts = new List<string>(definitionsFile.Split('/')[..^1]);
        foreach (var segment in file.Split('/'))
        {
            if (segment == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (segment is not ("." or ""))
            {
                parts.Add(segment);
            }
        }

        return string.Join('/', parts);
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "VNF package {PackageId} onboarded with VNFD {VnfdId} in {ElapsedMs:0.0} ms")]
    private static partial void LogOnboarded(ILogger logger, Guid packageId, string vnfdId, double elapsedMs);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "VNF package {PackageId} rejected; back to CREATED with its problems ({Length} chars)")]
    private static partial void LogRejected(ILogger logger, Guid packageId, int length);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "VNF package {PackageId} fetched from {Uri}: {Bytes} bytes")]
    private static partial void LogFetched(ILogger logger, Guid packageId, Uri uri, int bytes);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "VNF package {PackageId} could not be fetched from {Uri}: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, Guid packageId, Uri uri, string reason);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Error, Message = "The package reader failed on VNF package {PackageId}")]
    private static partial void LogParserCrashed(ILogger logger, Exception exception, Guid packageId);
}
