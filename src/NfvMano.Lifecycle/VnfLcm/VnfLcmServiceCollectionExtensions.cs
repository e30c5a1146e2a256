using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NfvMano.Lifecycle.Notifications;
using NfvMano.Lifecycle.VnfLcm.Steps;
using NfvMano.Workflows.Engine;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.VnfLcm;

/// <summary>Registers the VNFM's lifecycle management.</summary>
public static class VnfLcmServiceCollectionExtensions
{
    /// <summary>
    /// Adds the VNF LCM service, its workflow steps and operation-occurrence observer, the grant path through the
    /// placement engine and the vnflcm notifications, with options from <c>NfvMano:VnfLcm</c>. Needs the database, the
    /// workflow engine and an <see cref="Vim.IVimDriver"/> registered by the host.
    /// </summary>
    public static IServiceCollection AddNfvManoVnfLcm(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<VnfLcmOptions>().BindConfiguration(VnfLcmOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddNfvManoNotifications();
        services.AddNotificationApi(VnfLcmNotifications.Api);
        services.AddNotificationApi(VnfLcmNotifications.ApiV2);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<VnfdSource>();
        services.TryAddSingleton<VimInventory>();
        services.TryAddSingleton<PlacementGrants>();
        services.TryAddSingleton<VnfcRealiser>();
        services.TryAddSingleton<VnfLcmNotifications>();
        services.TryAddScoped<VnfLcmService>();
        services.TryAddScoped<Grants.GrantService>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IWorkflowRunObserver, VnfLcmOpOccObserver>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IStepHandler, GrantStep>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IStepHandler, NetworksStep>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IStepHandler, CreateVnfcStep>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IStepHandler, DeleteVnfcStep>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IStepHandler, HealVnfcStep>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IStepHandler, ExtConnVnfcStep>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IStepHandler, PowerVnfcStep>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IStepHandler, DeleteNetworksStep>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IStepHandler, FinaliseStep>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IStepHandler, ModifyInfoStep>());
        return services;
    }
}
