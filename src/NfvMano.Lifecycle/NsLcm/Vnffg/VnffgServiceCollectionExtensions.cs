using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NfvMano.Vim.Ovs;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.NsLcm.Vnffg;

/// <summary>Registers VNFFG realisation on Open vSwitch.</summary>
public static class VnffgServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="VnffgRealiser"/>, the NS LCM steps that apply and remove the VNFFGs of an NS instance, and
    /// the Open vSwitch tools they drive (<c>NfvMano:Vim:Ovs</c>, validated at start-up). Only for a libvirt VIM whose
    /// hosts put their networks on that bridge (<c>OvsBridge</c>); the NS LCM plans the steps only when the realiser
    /// is registered.
    /// </summary>
    public static IServiceCollection AddNfvManoVnffgOnOvs(this IServiceCollection services)
    {
        services.AddNfvManoVimOvs();
        services.TryAddSingleton<VnffgRealiser>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IStepHandler, ApplyVnffgsStep>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IStepHandler, RemoveVnffgsStep>());
        return services;
    }
}
