namespace NfvMano.Console.Components.Shared;

/// <summary>Keeps redirects after sign-in on this site (no open redirect through <c>returnUrl</c>).</summary>
public static class LocalUrl
{
    /// <summary><paramref name="url"/> when it is a local path, else <paramref name="fallback"/>.</summary>
    public static string Or(string? url, string fallback) =>
        url is { Length: > 0 } u && u[0] == '/' && (u.Length == 1 || (u[1] != '/' && u[1] != '\\')) && !u.Contains("://", StringComparison.Ordinal)
            ? u
            : fallback;
}
