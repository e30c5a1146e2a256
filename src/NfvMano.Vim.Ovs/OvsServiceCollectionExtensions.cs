using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NfvMano.Vim.Ovs.Bridges;
using NfvMano.Vim.Ovs.Chains;
using NfvMano.Vim.Ovs.Cli;
using NfvMano.Vim.Ovs.Diagnostics;

namespace NfvMano.Vim.Ovs;

/// <summary>Registers the Open vSwitch forwarding-graph support.</summary>
public static class OvsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="OvsOptions"/> from <paramref name="configurationSection"/> (validated at start-up) and registers
    /// the tool runner, the bridge manager, the forwarding-graph programmer and the tracer.
    /// </summary>
    public static IServiceCollection AddNfvManoVimOvs(this IServiceCollection services, string configurationSection = OvsOptions.SectionName)
    {
        services.AddOptions<OvsOptions>()
            .BindConfiguration(configurationSection)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<OvsTools>();
        services.TryAddSingleton<OvsBridgeManager>();
        services.TryAddSingleton<OvsForwardingGraphProgrammer>();
        services.TryAddSingleton<OvsTracer>();
        return services;
    }
}
