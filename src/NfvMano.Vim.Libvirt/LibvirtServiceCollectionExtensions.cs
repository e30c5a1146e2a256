using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace NfvMano.Vim.Libvirt;

/// <summary>Registers the libvirt VIM adapter.</summary>
public static class LibvirtServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="LibvirtVimOptions"/> from <paramref name="configurationSection"/>, validates them at
    /// start-up (every host, unique ids) and registers <see cref="LibvirtVimDriver"/> as the <see cref="IVimDriver"/>.
    /// </summary>
    public static IServiceCollection AddNfvManoVimLibvirt(this IServiceCollection services, string configurationSection = LibvirtVimOptions.SectionName)
    {
        services.AddOptions<LibvirtVimOptions>()
            .BindConfiguration(configurationSection)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LibvirtVimOptions>, LibvirtVimOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LibvirtVimDriver>();
        services.TryAddSingleton<IVimDriver>(sp => sp.GetRequiredService<LibvirtVimDriver>());
        return services;
    }
}

/// <summary>Validates each host of the libvirt VIM, naming the configuration key of every problem.</summary>
internal sealed class LibvirtVimOptionsValidator : IValidateOptions<LibvirtVimOptions>
{
    public ValidateOptionsResult Validate(string? name, LibvirtVimOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Hosts.Count; i++)
        {
            var host = options.Hosts[i];
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(host, new ValidationContext(host), results, validateAllProperties: true))
            {
                failures.AddRange(results.Select(r => $"{LibvirtVimOptions.SectionName}:Hosts:{i}:{string.Join(',', r.MemberNames)}: {r.ErrorMessage}"));
            }

            if (host.CapabilitiesFile is { } file && !File.Exists(file))
            {
                failures.Add($"{LibvirtVimOptions.SectionName}:Hosts:{i}:CapabilitiesFile: '{file}' does not exist.");
            }
        }

        failures.AddRange(options.Hosts.GroupBy(h => h.Id, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"{LibvirtVimOptions.SectionName}:Hosts: the host id '{g.Key}' is used {g.Count()} times."));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
