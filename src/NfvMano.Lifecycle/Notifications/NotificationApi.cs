namespace NfvMano.Lifecycle.Notifications;

/// <summary>
/// An API whose notifications can be subscribed to: its name, where its subscriptions live, which notification
/// types it sends and which filter attributes its subscriptions may use. vnfpkgm and nsd are built in; other
/// APIs (vnflcm, nslcm) register theirs with <see cref="NotificationServiceCollectionExtensions.AddNotificationApi"/>.
/// </summary>
/// <param name="Name">API name, e.g. <c>vnfpkgm</c>.</param>
/// <param name="SubscriptionsPath">Path of its subscriptions resource below the API root, e.g. <c>/vnfpkgm/v1/subscriptions</c>.</param>
/// <param name="NotificationTypes">The notification types it sends.</param>
/// <param name="FilterAttributes">
/// Filter attributes whose value is a list of strings, one of which must equal (one of) the notification's
/// value of that attribute, e.g. <c>vnfdId</c>.
/// </param>
/// <param name="HasVnfProductsFilter">Whether the filter may have <c>vnfProductsFromProviders</c> (SOL005 PkgmNotificationsFilter).</param>
/// <param name="HasVnfInstanceSubscriptionFilter">
/// Whether the filter may have SOL003's nested <c>vnfInstanceSubscriptionFilter</c> (<c>vnfdIds</c>,
/// <c>vnfProductsFromProviders</c>, <c>vnfInstanceIds</c>, <c>vnfInstanceNames</c>); the notification then records
/// <c>vnfInstanceNames</c> and the product attributes beside <c>vnfInstanceIds</c> and <c>vnfdIds</c>.
/// </param>
/// <param name="VersionOf">
/// For another major version of an API (vnflcm v2 beside v1): the name of the API whose notifications its
/// subscribers get too, with every <c>_links</c> href below that API's root pointed at this version's root.
/// </param>
public sealed record NotificationApi(
    string Name,
    string SubscriptionsPath,
    IReadOnlyList<string> NotificationTypes,
    IReadOnlyList<string> FilterAttributes,
    bool HasVnfProductsFilter = false,
    bool HasVnfInstanceSubscriptionFilter = false,
    string? VersionOf = null)
{
    /// <summary>The API's root path, e.g. <c>/vnflcm/v1</c> (its subscriptions path without <c>/subscriptions</c>).</summary>
    public string RootPath => SubscriptionsPath[..SubscriptionsPath.LastIndexOf('/')];

    /// <summary>SOL005 VNF package management (<c>PkgmNotificationsFilter</c>).</summary>
    public static NotificationApi VnfPkgm { get; } = new(
        "vnfpkgm",
        "/vnfpkgm/v1/subscriptions",
        [NotificationType.VnfPackageOnboarding, NotificationType.VnfPackageChange],
        ["vnfdId", "vnfPkgId", "operationalState", "usageState"],
        HasVnfProductsFilter: true);

    /// <summary>SOL005 NSD management (<c>NsdmNotificationsFilter</c>).</summary>
    public static NotificationApi Nsd { get; } = new(
        "nsd",
        "/nsd/v1/subscriptions",
        [NotificationType.NsdOnBoarding, NotificationType.NsdOnboardingFailure, NotificationType.NsdChange, NotificationType.NsdDeletion],
        ["nsdInfoId", "nsdId", "nsdName", "nsdVersion", "nsdDesigner", "nsdInvariantId", "vnfPkgIds", "nsdOnboardingState", "nsdOperationalState", "nsdUsageState"]);
}

/// <summary>The notification types the catalogue sends (SOL005 names).</summary>
public static class NotificationType
{
    /// <summary>A VNF package was onboarded.</summary>
    public const string VnfPackageOnboarding = "VnfPackageOnboardingNotification";

    /// <summary>A VNF package's operational state changed, or it was deleted.</summary>
    public const string VnfPackageChange = "VnfPackageChangeNotification";

    /// <summary>An NSD was onboarded.</summary>
    public const string NsdOnBoarding = "NsdOnBoardingNotification";

    /// <summary>Onboarding an NSD failed.</summary>
    public const string NsdOnboardingFailure = "NsdOnboardingFailureNotification";

    /// <summary>An NSD's operational state changed.</summary>
    public const string NsdChange = "NsdChangeNotification";

    /// <summary>An NSD was deleted.</summary>
    public const string NsdDeletion = "NsdDeletionNotification";
}

/// <summary>The registered notification APIs, by name and by notification type.</summary>
public sealed class NotificationApiRegistry
{
    private readonly Dictionary<string, NotificationApi> _byName;
    private readonly Dictionary<string, NotificationApi> _byType;

    /// <summary>Creates the registry.</summary>
    /// <param name="apis">Every registered API.</param>
    public NotificationApiRegistry(IEnumerable<NotificationApi> apis)
    {
        ArgumentNullException.ThrowIfNull(apis);
        _byName = new(StringComparer.Ordinal);
        _byType = new(StringComparer.Ordinal);
        foreach (var api in apis)
        {
            _byName[api.Name] = api;
            if (api.VersionOf is not null)
            {
                continue;
            }
            foreach (var type in api.NotificationTypes)
            {
                _byType[type] = api;
            }
        }
    }

    /// <summary>The names of the APIs whose subscribers get what the given API publishes: itself and its other versions.</summary>
    /// <param name="name">The publishing API's name.</param>
    public IReadOnlyList<string> Receivers(string name) =>
        [name, .. _byName.Values.Where(a => a.VersionOf == name).Select(a => a.Name)];

    /// <summary>Every notification type of every registered API.</summary>
    public IReadOnlyCollection<string> AllTypes => _byType.Keys;

    /// <summary>The API of the given name.</summary>
    /// <param name="name">API name.</param>
    public NotificationApi Get(string name) =>
        _byName.TryGetValue(name, out var api) ? api : throw new InvalidOperationException($"No notification API '{name}' is registered.");

    /// <summary>The API that sends the given notification type, if any.</summary>
    /// <param name="type">Notification type.</param>
    public NotificationApi? ForType(string type) => _byType.GetValueOrDefault(type);
}
