namespace NfvMano.Console.Accounts;

/// <summary>
/// The console's own cookie authentication scheme. The APIs keep the platform's default scheme (bearer tokens); only
/// console endpoints authenticate with this one.
/// </summary>
public static class ConsoleAuthentication
{
    /// <summary>The scheme name.</summary>
    public const string Scheme = "Console";

    /// <summary>The cookie's name.</summary>
    public const string CookieName = "nfvmano.console";

    /// <summary>Where an operator signs in.</summary>
    public const string SignInPath = "/signin";

    /// <summary>Where an operator must change the password first.</summary>
    public const string ChangePasswordPath = "/account/password";
}
