using Microsoft.Extensions.Options;
using NfvMano.Security.Secrets;
using NfvMano.Vim.OpenStack;

namespace NfvMano.Server.Vim;

/// <summary>
/// Decrypts the OpenStack password and application credential secret when configuration holds them protected
/// (<c>protected:…</c> from <c>NfvMano.Server secrets protect</c>) before the adapter sees its options, and warns
/// once at start about a plain one. The adapter only ever holds the secret in memory.
/// </summary>
internal sealed class ProtectedOpenStackCredentials(ProtectedSecrets secrets, ILogger<ProtectedOpenStackCredentials> logger)
    : IPostConfigureOptions<OpenStackVimOptions>
{
    public void PostConfigure(string? name, OpenStackVimOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var plain = new List<string>();
        options.Password = Reveal(options.Password, nameof(OpenStackVimOptions.Password), plain);
        options.ApplicationCredentialSecret = Reveal(options.ApplicationCredentialSecret, nameof(OpenStackVimOptions.ApplicationCredentialSecret), plain);
        PlainSecretsWarning.WarnIfAny(logger, plain);
    }

    private string? Reveal(string? value, string setting, List<string> plain)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        var key = $"{OpenStackVimOptions.SectionName}:{setting}";
        if (!ProtectedSecrets.IsProtected(value))
        {
            plain.Add(key);
        }

        return secrets.Reveal(value, key);
    }
}
