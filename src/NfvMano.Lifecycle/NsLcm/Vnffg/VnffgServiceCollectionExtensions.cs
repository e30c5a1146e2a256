using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NfvMano.Vim.Ovs;

namespace NfvMano.Lifecycle.NsLcm.Vnffg;

/// <summary>Registers VNFFG realisation on Open vSwitch.</summary>
public static class VnffgServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="VnffgRealiser"/> and the Open vSwitch tools it drives (<c>NfvMano:Vim:Ovs</c>, validated at
    /// start-up). Only for a libvirt VIM whose hosts put their networks on that bridge (<c>OvsBridge</c>).
    /// </summary>
    public static IServiceCollection AddNfvManoVnffgOnOvs(this IServiceCollection services)
    {
        services.AddNfvManoVimOvs();
        services.TryAddSingleton<VnffgRealiser>();
        return services;
    }
}
