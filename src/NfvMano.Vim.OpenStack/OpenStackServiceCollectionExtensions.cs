using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace NfvMano.Vim.OpenStack;

/// <summary>Registers the OpenStack VIM adapter.</summary>
public static class OpenStackServiceCollectionExtensions
{
    /// <summary>The name of the HTTP client every OpenStack call goes through.</summary>
    public const string HttpClientName = "NfvMano.Vim.OpenStack";

    /// <summary>
    /// Binds <see cref="OpenStackVimOptions"/> from <paramref name="configurationSection"/>, validates them at start-up
    /// and registers <see cref="OpenStackVimDriver"/> as the <see cref="IVimDriver"/>, with one named HTTP client.
    /// </summary>
    public static IServiceCollection AddNfvManoVimOpenStack(this IServiceCollection services, string configurationSection = OpenStackVimOptions.SectionName)
    {
        services.AddOptions<OpenStackVimOptions>()
            .BindConfiguration(configurationSection)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OpenStackVimOptions>, OpenStackVimOptionsValidator>());
        services.AddHttpClient(HttpClientName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new OpenStackCloud(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<OpenStackVimOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<OpenStackVimDriver>();
        services.TryAddSingleton<IVimDriver>(sp => sp.GetRequiredService<OpenStackVimDriver>());
        return services;
    }
}

/// <summary>Validates the credentials of the OpenStack VIM, naming the configuration key of every problem.</summary>
public sealed class OpenStackVimOptionsValidator : IValidateOptions<OpenStackVimOptions>
{
    /// <summary>Every problem of <paramref name="options"/>, each naming its key (for checks before the host is built).</summary>
    public static IReadOnlyList<string> Problems(OpenStackVimOptions options)
    {
        var result = new OpenStackVimOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures ?? []] : [];
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, OpenStackVimOptions options)
    {
        var s = OpenStackVimOptions.SectionName;
        var failures = new List<string>();
        var appCredential = !string.IsNullOrEmpty(options.ApplicationCredentialId);
        if (appCredential)
        {
            if (string.IsNullOrEmpty(options.ApplicationCredentialSecret))
            {
                failures.Add($"{s}:ApplicationCredentialSecret: required with ApplicationCredentialId.");
            }

            if (!string.IsNullOrEmpty(options.Username) || !string.IsNullOrEmpty(options.ProjectName))
            {
                failures.Add($"{s}:Username: give either an application credential or a user name, not both (an application credential carries its project).");
            }
        }
        else
        {
            if (string.IsNullOrEmpty(options.Username))
            {
                failures.Add($"{s}:Username: required unless ApplicationCredentialId is given.");
            }

            if (string.IsNullOrEmpty(options.Password))
            {
                failures.Add($"{s}:Password: required with Username.");
            }

            if (string.IsNullOrEmpty(options.ProjectName))
            {
                failures.Add($"{s}:ProjectName: required with Username (NfvMano works in one project).");
            }
        }

        if (!options.AuthUrl.TrimEnd('/').EndsWith("/v3", StringComparison.Ordinal))
        {
            failures.Add($"{s}:AuthUrl: '{options.AuthUrl}' must be a Keystone v3 URL ending in /v3.");
        }

        if (options.TokenRenewBefore <= TimeSpan.Zero || options.RequestTimeout <= TimeSpan.Zero || options.ServerTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{s}: TokenRenewBefore, RequestTimeout and ServerTimeout must be positive.");
        }

        if (options.TenantNetworkType is { } t && t is not ("vxlan" or "geneve" or "vlan" or "gre"))
        {
            failures.Add($"{s}:TenantNetworkType: '{t}' is not vxlan, geneve, vlan or gre.");
        }

        if (options.UntaggedProviderNetworkType is not ("flat" or "vlan"))
        {
            failures.Add($"{s}:UntaggedProviderNetworkType: '{options.UntaggedProviderNetworkType}' is not flat or vlan.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
