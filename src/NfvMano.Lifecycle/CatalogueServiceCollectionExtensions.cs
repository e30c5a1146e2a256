using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Lifecycle.Catalogue.Nsds;
using NfvMano.Lifecycle.Catalogue.VnfPackages;
using NfvMano.Lifecycle.Notifications;

namespace NfvMano.Lifecycle;

/// <summary>Registers the VNF package and NSD catalogue and notification delivery.</summary>
public static class CatalogueServiceCollectionExtensions
{
    /// <summary>
    /// Adds the catalogues, the onboarding worker, subscriptions and the notification worker, with options from
    /// <c>NfvMano:Catalogue</c> and <c>NfvMano:Notifications</c> (validated at start). Needs the database
    /// (<c>NfvManoDbContext</c>) registered by the host. Uses <c>TryAdd*</c>, so a caller can replace a piece.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddNfvManoCatalogue(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<CatalogueOptions>().BindConfiguration(CatalogueOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddNfvManoNotifications();
        services.AddNotificationApi(NotificationApi.VnfPkgm);
        services.AddNotificationApi(NotificationApi.Nsd);
        services.AddHttpClient(VnfPackageOnboarder.HttpClientName);
        services.TryAddSingleton<CatalogueSignal>();
        services.TryAddScoped<VnfPackageCatalogue>();
        services.TryAddScoped<VnfPackageOnboarder>();
        services.TryAddScoped<NsdCatalogue>();
        services.TryAddScoped<NsdOnboarder>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, CatalogueWorker>());
        return services;
    }
}

/// <summary>Registers notification subscriptions and delivery, for the catalogue and later APIs.</summary>
public static class NotificationServiceCollectionExtensions
{
    /// <summary>Adds subscriptions, the publisher, the subscriber client and the delivery worker.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddNfvManoNotifications(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(SubscriberClient.HttpClientName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<NotificationApiRegistry>();
        services.TryAddSingleton<NotificationSignal>();
        services.TryAddSingleton<SubscriberClient>();
        services.TryAddSingleton(sp => new BackoffPolicy(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<NotificationOptions>>(), Random.Shared));
        services.TryAddSingleton<NotificationPublisher>();
        services.TryAddScoped<SubscriptionService>();
        services.TryAddScoped<NotificationDispatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, NotificationWorker>());
        return services;
    }

    /// <summary>Makes an API's notifications subscribable and deliverable (vnflcm, nslcm, … add theirs).</summary>
    /// <param name="services">The services.</param>
    /// <param name="api">The API.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddNotificationApi(this IServiceCollection services, NotificationApi api)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(api);
        if (!services.Any(d => d.ServiceType == typeof(NotificationApi) && ReferenceEquals(d.ImplementationInstance, api)))
        {
            services.AddSingleton(api);
        }

        return services;
    }
}
