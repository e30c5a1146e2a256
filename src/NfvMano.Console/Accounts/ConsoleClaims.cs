using System.Security.Claims;

namespace NfvMano.Console.Accounts;

/// <summary>The claims of a console session (cookie scheme <see cref="ConsoleAuthentication.Scheme"/>).</summary>
public static class ConsoleClaims
{
    /// <summary>The tenant whose resources the operator sees.</summary>
    public const string Tenant = "nfvmano:tenant";

    /// <summary>Present while the operator must choose a new password before anything else.</summary>
    public const string MustChangePassword = "nfvmano:must_change_password";

    /// <summary>
    /// A digest of what the session's rights rest on (password hash, role, tenant, enabled); when any of them changes
    /// the open sessions end. Sign-ins and failed attempts do not change it.
    /// </summary>
    public const string AccountStamp = "nfvmano:account_stamp";

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
            new(AccountStamp, StampOf(account)),
        };
        if (account.MustChangePassword)
        {
            claims.Add(new Claim(MustChangePassword, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, ConsoleAuthentication.Scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The stamp of an account as it is now (see <see cref="AccountStamp"/>).</summary>
    public static string StampOf(Persistence.Console.OperatorAccountEntity account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var text = string.Join('\n', account.PasswordHash, account.Role, account.TenantId, account.Disabled ? "disabled" : "enabled");
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..32];
    }

    /// <summary>The account id of a console principal, or null.</summary>
    public static Guid? AccountId(ClaimsPrincipal user) =>
        Guid.TryParse(user?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
