using NfvMano.Security;
using NfvMano.Security.Secrets;

namespace NfvMano.Server.Hosting;

/// <summary>
/// <c>NfvMano.Server secrets protect</c>: reads a secret from standard input (so that it appears in no command line
/// and no shell history), encrypts it with the database's Data Protection keys and prints the <c>protected:…</c>
/// value to put in configuration in its place, then exits.
/// </summary>
internal static class SecretsCommand
{
    public const string Usage = "secrets protect   (reads the secret from standard input, prints the value for configuration)";

    public static async Task<int> RunSecretsCommandAsync(this IServiceProvider services, string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        if (args is not ["protect"])
        {
            await error.WriteLineAsync($"nfvmano-server: unknown secrets command '{string.Join(' ', args)}'. Usage: {Usage}");
            return 2;
        }

        // One line (a typed password) or a whole piped file; the line end a terminal adds is not part of the secret.
        var secret = (await input.ReadToEndAsync()).TrimEnd('\r', '\n');
        if (secret.Length == 0)
        {
            await error.WriteLineAsync("nfvmano-server: secrets protect: no secret on standard input (e.g. 'printf %s \"$PASSWORD\" | NfvMano.Server secrets protect').");
            return 2;
        }

        // Protecting creates the key ring's first key when the database has none, as migrate does.
        services.EnsureKey();
        await output.WriteLineAsync(services.GetRequiredService<ProtectedSecrets>().Protect(secret));
        return 0;
    }
}
