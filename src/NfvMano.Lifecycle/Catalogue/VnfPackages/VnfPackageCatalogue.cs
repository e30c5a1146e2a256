using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NfvMano.Lifecycle.Notifications;
using NfvMano.Persistence;
using NfvMano.Persistence.Packages;

namespace NfvMano.Lifecycle.Catalogue.VnfPackages;

/// <summary>
/// The VNF package catalogue (SOL005 vnfpkgm): package infos, their content, the SOL005 state rules, and the
/// notifications of state changes. Onboarding itself runs in <see cref="VnfPackageOnboarder"/>.
/// </summary>
public sealed partial class VnfPackageCatalogue
{
    private const string Kind = "VNF package";
    private readonly NfvManoDbContext _db;
    private readonly NotificationPublisher _notifications;
    private readonly CatalogueSignal _onboarding;
    private readonly NotificationSignal _delivery;
    private readonly TimeProvider _time;
    private readonly IOptions<CatalogueOptions> _options;
    private readonly ILogger<VnfPackageCatalogue> _logger;

    /// <summary>Creates the catalogue.</summary>
    public VnfPackageCatalogue(
        NfvManoDbContext db,
        NotificationPublisher notifications,
        CatalogueSignal onboarding,
        NotificationSignal delivery,
        TimeProvider time,
        IOptions<CatalogueOptions> options,
        ILogger<VnfPackageCatalogue> logger)
    {
        _db = db;
        _notifications = notifications;
        _onboarding = onboarding;
        _delivery = delivery;
        _time = time;
        _options = options;
        _logger = logger;
    }

    /// <summary>Creates a package info in CREATED / DISABLED / NOT_IN_USE.</summary>
    /// <param name="tenantId">The owner.</param>
    /// <param name="userDefinedData">User data (a JSON object) or null.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<VnfPackageEntity> CreateAsync(string tenantId, JsonObject? userDefinedData, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var package = new VnfPackageEntity
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            OnboardingState = OnboardingStates.Created,
            OperationalState = OperationalStates.Disabled,
            UsageState = UsageStates.NotInUse,
            UserDefinedDataJson = (userDefinedData ?? []).ToJsonString(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        _db.VnfPackages.Add(package);
        await _db.SaveChangesAsync(cancellationToken);
        LogCreated(_logger, package.Id);
        return package;
    }

    /// <summary>The tenant's packages, oldest first.</summary>
    public async Task<IReadOnlyList<VnfPackageEntity>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var all = await _db.VnfPackages.AsNoTracking().Where(p => tenantId == Tenants.All || p.TenantId == tenantId).ToListAsync(cancellationToken);
        return [.. all.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)];
    }

    /// <summary>One package.</summary>
    /// <exception cref="CatalogueException">No such package of this tenant (404).</exception>
    public async Task<VnfPackageEntity> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        await _db.VnfPackages.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id && (tenantId == Tenants.All || p.TenantId == tenantId), cancellationToken)
        ?? throw CatalogueException.NotFound(Kind, id);

    /// <summary>
    /// Stores uploaded content (CREATED → UPLOADING while it is read → PROCESSING) and wakes onboarding. A failed
    /// or oversized upload returns the package to CREATED.
    /// </summary>
    /// <exception cref="CatalogueException">404; 409 unless CREATED; 413 when too large.</exception>
    public async Task UploadContentAsync(string tenantId, Guid id, Stream content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var package = await TrackedAsync(tenantId, id, cancellationToken);
        await BeginUploadAsync(package, null, cancellationToken);
        byte[] bytes;
        try
        {
            bytes = await BoundedContent.ReadAsync(content, _options.Value.MaxContentBytes, "The package content", cancellationToken);
        }
        catch (Exception e) when (e is CatalogueException or IOException or OperationCanceledException)
        {
            await AbandonUploadAsync(package, e.Message);
            throw;
        }

        await StoreContentAsync(_db, package, bytes, contentType, _time.GetUtcNow(), cancellationToken);
        _onboarding.Notify();
    }

    /// <summary>
    /// Asks for the content to be fetched from a URI (CREATED → UPLOADING); the onboarding worker fetches it, so the
    /// request survives a restart.
    /// </summary>
    /// <exception cref="CatalogueException">404; 409 unless CREATED; 400 for a bad URI.</exception>
    public async Task UploadFromUriAsync(string tenantId, Guid id, string? addressInformation, string? userName, string? password, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(addressInformation)
            || !Uri.TryCreate(addressInformation, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
        {
            throw CatalogueException.Invalid("The upload request is invalid.",
                [new CatalogueProblem("$.addressInformation", $"'{addressInformation}' is not an absolute http or https URI.")]);
        }

        if ((userName is null) != (password is null))
        {
            throw CatalogueException.Invalid("The upload request is invalid.",
                [new CatalogueProblem(userName is null ? "$.userName" : "$.password", "userName and password go together.")]);
        }

        var package = await TrackedAsync(tenantId, id, cancellationToken);
        var pending = new JsonObject { ["addressInformation"] = uri.ToString() };
        if (userName is not null)
        {
            pending["userName"] = userName;
            pending["password"] = password;
        }

        await BeginUploadAsync(package, pending.ToJsonString(), cancellationToken);
        _onboarding.Notify();
    }

    /// <summary>
    /// Applies <c>VnfPkgInfoModifications</c>: the operational state (only when ONBOARDED, and only to a different
    /// state) and a JSON merge patch of the user data. Sends a change notification when the state changes.
    /// </summary>
    /// <param name="tenantId">The owner.</param>
    /// <param name="id">The package.</param>
    /// <param name="expectedVersion">The version the caller saw (from If-Match), or null to skip the check.</param>
    /// <param name="operationalState">The new operational state, or null.</param>
    /// <param name="userDefinedData">The merge patch of the user data, or null.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="CatalogueException">404, 409, 412 (stale), 400.</exception>
    public async Task<VnfPackageEntity> UpdateAsync(string tenantId, Guid id, long? expectedVersion, string? operationalState, JsonObject? userDefinedData, CancellationToken cancellationToken)
    {
        if (operationalState is null && userDefinedData is null)
        {
            throw CatalogueException.Invalid("The modifications are empty: give operationalState and/or userDefinedData.",
                [new CatalogueProblem("$", "needs operationalState or userDefinedData.")]);
        }

        if (operationalState is not null && !OperationalStates.IsValid(operationalState))
        {
            throw CatalogueException.Invalid("The modifications are invalid.",
                [new CatalogueProblem("$.operationalState", $"'{operationalState}' is not ENABLED or DISABLED.")]);
        }

        var package = await TrackedAsync(tenantId, id, cancellationToken);
        if (expectedVersion is { } expected && expected != package.Version)
        {
            throw CatalogueException.Stale(Kind, id);
        }

        if (operationalState is not null)
        {
            if (package.OnboardingState != OnboardingStates.Onboarded)
            {
                throw CatalogueException.Conflict($"The operational state of VNF package '{id}' cannot change while it is {package.OnboardingState}; only an ONBOARDED package can be enabled or disabled.");
            }

            if (package.OperationalState == operationalState)
            {
                throw CatalogueException.Conflict($"VNF package '{id}' is already {operationalState}.");
            }

            package.OperationalState = operationalState;
            Publish(package, NotificationType.VnfPackageChange, "OP_STATE_CHANGE");
        }

        if (userDefinedData is not null)
        {
            package.UserDefinedDataJson = UserData.MergePatch(package.UserDefinedDataJson, userDefinedData);
        }

        package.UpdatedAt = _time.GetUtcNow();
        await SaveAsync(id, cancellationToken);
        _delivery.Notify();
        return package;
    }

    /// <summary>Deletes a package: only when DISABLED, NOT_IN_USE and not being uploaded or processed.</summary>
    /// <exception cref="CatalogueException">404 or 409.</exception>
    public async Task DeleteAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        var package = await TrackedAsync(tenantId, id, cancellationToken);
        if (package.OperationalState == OperationalStates.Enabled)
        {
            throw CatalogueException.Conflict($"VNF package '{id}' is ENABLED; disable it (PATCH operationalState DISABLED) before deleting it.");
        }

        if (package.UsageState == UsageStates.InUse)
        {
            throw CatalogueException.Conflict($"VNF package '{id}' is IN_USE by VNF instances and cannot be deleted.");
        }

        if (package.OnboardingState is OnboardingStates.Uploading or OnboardingStates.Processing)
        {
            throw CatalogueException.Conflict($"VNF package '{id}' is {package.OnboardingState}; wait until onboarding ends before deleting it.");
        }

        if (package.VnfdId is not null)
        {
            Publish(package, NotificationType.VnfPackageChange, "PKG_DELETE");
        }

        _db.VnfPackages.Remove(package);
        await SaveAsync(id, cancellationToken);
        _delivery.Notify();
        LogDeleted(_logger, id);
    }

    /// <summary>The package content as uploaded (only once ONBOARDED).</summary>
    /// <exception cref="CatalogueException">404 or 409.</exception>
    public async Task<(byte[] Content, string ContentType)> GetContentAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        var (_, content) = await OnboardedWithContentAsync(tenantId, id, "its content", cancellationToken);
        return (content.Content, content.ContentType);
    }

    /// <summary>The VNFD: the files of the descriptor and whether it is a single file.</summary>
    /// <exception cref="CatalogueException">404 or 409.</exception>
    public async Task<DescriptorDocument> GetVnfdAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        var (package, content) = await OnboardedWithContentAsync(tenantId, id, "its VNFD", cancellationToken);
        var record = PackageRecord.Parse(package.DescriptorJson!);
        return new DescriptorDocument(record, content.Content);
    }

    /// <summary>One artifact of the package (a file that is not part of the VNFD).</summary>
    /// <exception cref="CatalogueException">404 (package or artifact) or 409.</exception>
    public async Task<byte[]> GetArtifactAsync(string tenantId, Guid id, string artifactPath, CancellationToken cancellationToken)
    {
        var (package, content) = await OnboardedWithContentAsync(tenantId, id, "its artifacts", cancellationToken);
        var record = PackageRecord.Parse(package.DescriptorJson!);
        var path = artifactPath.TrimStart('/');
        if (!record.Artifacts.Any(a => a.Path == path) || record.ReadFile(content.Content, path) is not { } bytes)
        {
            throw new CatalogueException(CatalogueErrorKind.NotFound, $"VNF package '{id}' has no artifact '{path}'; its artifacts are: {string.Join(", ", record.Artifacts.Select(a => a.Path))}.");
        }

        return bytes;
    }

    /// <summary>The package's manifest file.</summary>
    /// <exception cref="CatalogueException">404 (package or manifest) or 409.</exception>
    public async Task<(string Path, byte[] Content)> GetManifestAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        var (package, content) = await OnboardedWithContentAsync(tenantId, id, "its manifest", cancellationToken);
        var record = PackageRecord.Parse(package.DescriptorJson!);
        if (record.Manifest is null || record.ReadFile(content.Content, record.Manifest) is not { } bytes)
        {
            throw new CatalogueException(CatalogueErrorKind.NotFound, $"VNF package '{id}' has no manifest.");
        }

        return (record.Manifest, bytes);
    }

    internal static async Task StoreContentAsync(NfvManoDbContext db, VnfPackageEntity package, byte[] bytes, string contentType, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = await db.VnfPackageContents.SingleOrDefaultAsync(c => c.PackageId == package.Id, cancellationToken);
        if (existing is null)
        {
            db.VnfPackageContents.Add(new VnfPackageContentEntity { PackageId = package.Id, Content = bytes, ContentType = contentType });
        }
        else
        {
            existing.Content = bytes;
            existing.ContentType = contentType;
        }

        package.ChecksumAlgorithm = "SHA-256";
        package.ChecksumHash = BoundedContent.Sha256(bytes);
        package.OnboardingState = OnboardingStates.Processing;
        package.OnboardingFailureDetailsJson = null;
        package.PendingUploadJson = null;
        package.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task BeginUploadAsync(VnfPackageEntity package, string? pendingUpload, CancellationToken cancellationToken)
    {
        if (package.OnboardingState != OnboardingStates.Created)
        {
            throw CatalogueException.Conflict($"VNF package '{package.Id}' is {package.OnboardingState}; content can only be uploaded to a package in CREATED.");
        }

        package.OnboardingState = OnboardingStates.Uploading;
        package.PendingUploadJson = pendingUpload;
        package.OnboardingFailureDetailsJson = null;
        package.UpdatedAt = _time.GetUtcNow();
        await SaveAsync(package.Id, cancellationToken, conflictOnRace: true);
    }

    private async Task AbandonUploadAsync(VnfPackageEntity package, string reason)
    {
        package.OnboardingState = OnboardingStates.Created;
        package.OnboardingFailureDetailsJson = OnboardingFailure.FromMessage($"The upload did not complete: {reason}", 400);
        package.UpdatedAt = _time.GetUtcNow();
        await _db.SaveChangesAsync(CancellationToken.None);
        LogUploadAbandoned(_logger, package.Id, reason);
    }

    private async Task<(VnfPackageEntity Package, VnfPackageContentEntity Content)> OnboardedWithContentAsync(string tenantId, Guid id, string what, CancellationToken cancellationToken)
    {
        var package = await GetAsync(tenantId, id, cancellationToken);
        if (package.OnboardingState != OnboardingStates.Onboarded)
        {
            throw CatalogueException.Conflict($"VNF package '{id}' is {package.OnboardingState}; {what} can be read once it is ONBOARDED.");
        }

        var content = await _db.VnfPackageContents.AsNoTracking().SingleOrDefaultAsync(c => c.PackageId == id, cancellationToken)
            ?? throw CatalogueException.Conflict($"VNF package '{id}' has no stored content.");
        return (package, content);
    }

    private async Task<VnfPackageEntity> TrackedAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        await _db.VnfPackages.SingleOrDefaultAsync(p => p.Id == id && p.TenantId == tenantId, cancellationToken)
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
                ? CatalogueException.Conflict($"VNF package '{id}' changed at the same time (another upload?); GET it and retry.")
                : CatalogueException.Stale(Kind, id);
        }
    }

    private void Publish(VnfPackageEntity package, string type, string? changeType)
    {
        var body = new JsonObject
        {
            ["vnfPkgId"] = package.Id.ToString(),
            ["vnfdId"] = package.VnfdId,
        };
        if (changeType is not null)
        {
            body["changeType"] = changeType;
            body["operationalState"] = package.OperationalState;
        }

        body["_links"] = new JsonObject { ["vnfPackage"] = _notifications.Link($"/vnfpkgm/v1/vnf_packages/{package.Id}") };
        _notifications.Publish(_db, NotificationApi.VnfPkgm, package.TenantId, type, body, AttributesOf(package));
    }

    internal static Dictionary<string, string[]> AttributesOf(VnfPackageEntity package)
    {
        var attributes = new Dictionary<string, string[]>
        {
            ["vnfPkgId"] = [package.Id.ToString()],
            ["operationalState"] = [package.OperationalState],
            ["usageState"] = [package.UsageState],
        };
        void Add(string key, string? value)
        {
            if (value is not null)
            {
                attributes[key] = [value];
            }
        }

        Add("vnfdId", package.VnfdId);
        Add("vnfProvider", package.VnfProvider);
        Add("vnfProductName", package.VnfProductName);
        Add("vnfSoftwareVersion", package.VnfSoftwareVersion);
        Add("vnfdVersion", package.VnfdVersion);
        return attributes;
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "VNF package {PackageId} created")]
    private static partial void LogCreated(ILogger logger, Guid packageId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "VNF package {PackageId} deleted")]
    private static partial void LogDeleted(ILogger logger, Guid packageId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Upload to VNF package {PackageId} abandoned: {Reason}")]
    private static partial void LogUploadAbandoned(ILogger logger, Guid packageId, string reason);
}

/// <summary>A descriptor as stored: its files, readable one by one or as a zip.</summary>
/// <param name="Record">What onboarding kept about the files.</param>
/// <param name="Content">The stored package content.</param>
public sealed record DescriptorDocument(PackageRecord Record, byte[] Content)
{
    /// <summary>Whether the descriptor is one file.</summary>
    public bool IsSingleFile => Record.IsSingleFile;

    /// <summary>The single descriptor file (only when <see cref="IsSingleFile"/>).</summary>
    public byte[] SingleFile() => Record.ReadFile(Content, Record.DefinitionFiles[0]) ?? [];

    /// <summary>The descriptor's files as a zip.</summary>
    public byte[] Zip() => Record.DescriptorZip(Content);
}
