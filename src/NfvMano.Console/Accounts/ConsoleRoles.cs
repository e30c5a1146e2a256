namespace NfvMano.Console.Accounts;

/// <summary>
/// The operator roles, each including the rights of the one before: a <c>viewer</c> looks, an <c>operator</c> also
/// changes packages and instances, an <c>admin</c> also manages accounts.
/// </summary>
public static class ConsoleRoles
{
    /// <summary>Reads everything of its tenant, changes nothing.</summary>
    public const string Viewer = "viewer";

    /// <summary>Onboards packages and runs lifecycle operations.</summary>
    public const string Operator = "operator";

    /// <summary>Everything an operator does, plus operator accounts.</summary>
    public const string Admin = "admin";

    /// <summary>Every role, least to most rights.</summary>
    public static IReadOnlyList<string> All { get; } = [Viewer, Operator, Admin];

    /// <summary>Whether <paramref name="role"/> is one of the roles.</summary>
    public static bool IsValid(string? role) => role is Viewer or Operator or Admin;

    /// <summary>Whether an account of role <paramref name="held"/> has the rights of <paramref name="needed"/>.</summary>
    public static bool Includes(string? held, string needed) => Rank(held) >= Rank(needed) && Rank(needed) > 0;

    private static int Rank(string? role) => role switch
    {
        Viewer => 1,
        Operator => 2,
        Admin => 3,
        _ => 0,
    };
}
