using System.Security.Cryptography;
using NfvMano.Security.Configuration;

namespace NfvMano.Security.Clients;

/// <summary>
/// The admin command <c>clients add --id ID [--secret SECRET] --scopes "vnflcm:read vnflcm:write" [--tenant T]</c>:
/// parses its arguments into a registration; with no secret given, one is generated (and must be shown once).
/// </summary>
public sealed record ClientCommand(ClientRegistration Client, bool SecretGenerated)
{
    /// <summary>How to call the command.</summary>
    public const string Usage = "clients add --id ID [--secret SECRET] --scopes \"SCOPE ...\" (or \"*\") [--tenant TENANT]";

    /// <summary>Parses the arguments that follow <c>clients</c>.</summary>
    /// <param name="args">For example <c>add --id oss --scopes * --tenant blue</c>.</param>
    /// <returns>The command.</returns>
    /// <exception cref="ArgumentException">The arguments are wrong; the message lists every problem and the usage.</exception>
    public static ClientCommand Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var problems = new List<string>();
        if (args.Count == 0 || args[0] != "add")
        {
            throw new ArgumentException($"Unknown clients command '{string.Join(' ', args)}'. Usage: {Usage}");
        }

        var client = new ClientRegistration();
        var generated = false;
        var secretGiven = false;
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count)
            {
                problems.Add($"{name} needs a value");
                break;
            }

            var value = args[++i];
            switch (name)
            {
                case "--id": client.ClientId = value; break;
                case "--secret": client.ClientSecret = value; secretGiven = true; break;
                case "--scopes": client.Scopes = value; break;
                case "--tenant": client.Tenant = value; break;
                default: problems.Add($"unknown option {name}"); break;
            }
        }

        if (!secretGiven)
        {
            client.ClientSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            generated = true;
        }

        problems.AddRange(client.Problems().Select(p => $"{OptionOf(p.Key)}: {p.Value}"));
        return problems.Count > 0
            ? throw new ArgumentException($"clients add: {string.Join("; ", problems)}. Usage: {Usage}")
            : new ClientCommand(client, generated);
    }

    private static string OptionOf(string setting) => setting switch
    {
        nameof(ClientRegistration.ClientId) => "--id",
        nameof(ClientRegistration.ClientSecret) => "--secret",
        nameof(ClientRegistration.Scopes) => "--scopes",
        _ => "--tenant",
    };
}
