using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NfvMano.Lifecycle.Notifications;
using NfvMano.Lifecycle.NsLcm.Steps;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Workflows.Engine;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.NsLcm;

/// <summary>Registers the NFVO's NS lifecycle management.</summary>
public static class NsLcmServiceCollectionExtensions
{
    /// <summary>
    /// Adds the NS LCM service, its workflow steps and operation-occurrence observer and the nslcm notifications. Works
    /// on top of the VNF LCM: the host adds <see cref="VnfLcmServiceCollectionExtensions.AddNfvManoVnfLcm"/> too.
    /// </summary>
    public static IServiceCollection AddNfvManoNsLcm(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddNotificationApi(NsLcmNotifications.Api);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<NsdSource>();
        services.TryAddSingleton<VnfOperations>();
        services.TryAddSingleton<NsLcmNotifications>();
        services.TryAddScoped<NsLcmService>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IWorkflowRunObserver, NsLcmOpOccObserver>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IStepHandler, InstantiateVnfStep>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IStepHandler, RemoveVnfStep>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IStepHandler, AddVnfStep>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IStepHandler, VnfOperationStep>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IStepHandler, NsFinaliseStep>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IStepHandler, TerminationTimeStep>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IStepHandler, CreateNsVirtualLinksStep>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IStepHandler, DeleteNsVirtualLinksStep>());
        return services;
    }
}
