using System.Security.Claims;

namespace NfvMano.Console.Accounts;

/// <summary>The claims of a console session (cookie scheme <see cref="ConsoleAuthentication.Scheme"/>).</summary>
public static class ConsoleClaims
{
    /// <summary>The tenant whose resources the operator sees.</summary>
    public const string Tenant = "nfvmano:tenant";

    /// <summary>Present while the operator must choose a new password before anything else.</summary>
    public const string MustChangePassword = "nfvmano:must_change_password";

    /// <summary>The account version the session was issued for; a changed account ends the session.</summary>
    public const string AccountVersion = "nfvmano:account_version";

    /// <summary>The principal of a signed-in account.</summary>
    /// <param name="account">The account, as just checked.</param>
    public static ClaimsPrincipal PrincipalOf(Persistence.Console.OperatorAccountEntity account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.Id.ToString()),
            new(ClaimTypes.Name, account.UserName),
            new(ClaimTypes.Role, account.Role),
            new(Tenant, account.TenantId),
            new(AccountVersion, account.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (account.MustChangePassword)
        {
            claims.Add(new Claim(MustChangePassword, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, ConsoleAuthentication.Scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The account id of a console principal, or null.</summary>
    public static Guid? AccountId(ClaimsPrincipal user) =>
        Guid.TryParse(user?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
