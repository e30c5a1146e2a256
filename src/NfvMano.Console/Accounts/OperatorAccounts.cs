using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Persistence;
using NfvMano.Persistence.Console;

namespace NfvMano.Console.Accounts;

/// <summary>
/// Local operator accounts: password check with lockout, password changes, and the admin's account management. Every
/// change made on behalf of someone re-reads that someone's account and role from the database, so a stale session
/// or a page that shows a button it should not cannot change anything.
/// </summary>
public sealed class OperatorAccounts(NfvManoDbContext db, IPasswordHasher<OperatorAccountEntity> hasher, TimeProvider time)
{
    /// <summary>The least length of a password an operator chooses.</summary>
    public const int MinimumPasswordLength = 12;

    /// <summary>Failed sign-ins in a row after which the account is locked for <see cref="LockoutDuration"/>.</summary>
    public const int LockoutThreshold = 5;

    /// <summary>How long a locked account refuses sign-in.</summary>
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(5);

    // Verified when the name is unknown, so that a wrong name and a wrong password take the same time.
    private static readonly string DummyHash = new PasswordHasher<OperatorAccountEntity>().HashPassword(new OperatorAccountEntity(), "not-a-password-of-anyone");

    /// <summary>Checks a sign-in; on success records it and returns the account.</summary>
    /// <exception cref="ConsoleAccountException">Unknown name, wrong password, disabled or locked account.</exception>
    public async Task<OperatorAccountEntity> SignInAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        var name = Normalise(userName);
        var account = name.Length == 0 ? null : await db.OperatorAccounts.SingleOrDefaultAsync(a => a.UserName == name, cancellationToken);
        if (account is null)
        {
            hasher.VerifyHashedPassword(new OperatorAccountEntity(), DummyHash, password ?? "");
            throw new ConsoleAccountException("The user name or the password is wrong.");
        }

        var now = time.GetUtcNow();
        if (account.LockedUntil is { } until && until > now)
        {
            throw new ConsoleAccountException($"Account '{account.UserName}' is locked after {LockoutThreshold} failed sign-ins; try again after {until:HH:mm:ss} UTC.");
        }

        var verdict = hasher.VerifyHashedPassword(account, account.PasswordHash, password ?? "");
        if (verdict == PasswordVerificationResult.Failed)
        {
            account.FailedSignIns++;
            if (account.FailedSignIns >= LockoutThreshold)
            {
                account.LockedUntil = now + LockoutDuration;
                account.FailedSignIns = 0;
            }

            await db.SaveChangesAsync(CancellationToken.None);
            throw new ConsoleAccountException("The user name or the password is wrong.");
        }

        if (account.Disabled)
        {
            throw new ConsoleAccountException($"Account '{account.UserName}' is disabled; ask an admin.");
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = hasher.HashPassword(account, password!);
        }

        account.FailedSignIns = 0;
        account.LockedUntil = null;
        account.LastSignInAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return account;
    }

    /// <summary>
    /// The account name <paramref name="userName"/> stands for, when such an account exists; otherwise null. What a failed
    /// sign-in is recorded under: never the text typed, which may be a password typed in the wrong field.
    /// </summary>
    public async Task<string?> ExistingUserNameAsync(string? userName, CancellationToken cancellationToken)
    {
        var name = Normalise(userName);
        return name.Length > 0 && await db.OperatorAccounts.AnyAsync(a => a.UserName == name, cancellationToken) ? name : null;
    }

    /// <summary>Changes the operator's own password (the current one is asked again).</summary>
    /// <exception cref="ConsoleAccountException">Wrong current password or a new one that is too weak.</exception>
    public async Task<OperatorAccountEntity> ChangePasswordAsync(Guid accountId, string? current, string? next, CancellationToken cancellationToken)
    {
        var account = await ActiveAsync(accountId, cancellationToken);
        if (hasher.VerifyHashedPassword(account, account.PasswordHash, current ?? "") == PasswordVerificationResult.Failed)
        {
            throw new ConsoleAccountException("The current password is wrong.");
        }

        var problems = PasswordProblems(account.UserName, current, next);
        if (problems.Count > 0)
        {
            throw new ConsoleAccountException("The new password is not acceptable: " + string.Join("; ", problems) + ".");
        }

        account.PasswordHash = hasher.HashPassword(account, next!);
        account.MustChangePassword = false;
        await db.SaveChangesAsync(cancellationToken);
        return account;
    }

    /// <summary>Every account, by name.</summary>
    public async Task<IReadOnlyList<OperatorAccountEntity>> ListAsync(Guid actorId, CancellationToken cancellationToken)
    {
        await RequireAsync(actorId, ConsoleRoles.Admin, cancellationToken);
        return await db.OperatorAccounts.AsNoTracking().OrderBy(a => a.UserName).ToListAsync(cancellationToken);
    }

    /// <summary>The account, if it exists, is enabled and holds <paramref name="role"/>.</summary>
    /// <exception cref="ConsoleAccountException">It does not.</exception>
    public async Task<OperatorAccountEntity> RequireAsync(Guid actorId, string role, CancellationToken cancellationToken)
    {
        var actor = await db.OperatorAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == actorId, cancellationToken);
        if (actor is null || actor.Disabled)
        {
            throw new ConsoleAccountException("Your account no longer exists or is disabled; sign in again.");
        }

        if (!ConsoleRoles.Includes(actor.Role, role))
        {
            throw new ConsoleAccountException($"Account '{actor.UserName}' is {actor.Role}; this needs the {role} role.");
        }

        if (actor.MustChangePassword)
        {
            throw new ConsoleAccountException("Choose a new password first.");
        }

        return actor;
    }

    /// <summary>Creates an account with a one-time password, returned once; the operator must change it at first sign-in.</summary>
    /// <exception cref="ConsoleAccountException">Not an admin, a bad name or role, or the name is taken.</exception>
    public async Task<(OperatorAccountEntity Account, string OneTimePassword)> CreateAsync(Guid actorId, string? userName, string? role, CancellationToken cancellationToken)
    {
        var actor = await RequireAsync(actorId, ConsoleRoles.Admin, cancellationToken);
        var name = Normalise(userName);
        var problems = new List<string>();
        if (!IsValidName(name))
        {
            problems.Add($"user name '{userName}' must be 1 to 64 characters of a-z, 0-9, '.', '-' or '_'");
        }

        if (!ConsoleRoles.IsValid(role))
        {
            problems.Add($"role '{role}' is not one of {string.Join(", ", ConsoleRoles.All)}");
        }

        if (problems.Count > 0)
        {
            throw new ConsoleAccountException("The account cannot be created: " + string.Join("; ", problems) + ".");
        }

        if (await db.OperatorAccounts.AnyAsync(a => a.UserName == name, cancellationToken))
        {
            throw new ConsoleAccountException($"An account named '{name}' exists already.");
        }

        var password = NewPassword();
        var account = New(name, role!, actor.TenantId, password);
        db.OperatorAccounts.Add(account);
        await db.SaveChangesAsync(cancellationToken);
        return (account, password);
    }

    /// <summary>Changes an account's role; the last enabled admin keeps its role.</summary>
    public async Task SetRoleAsync(Guid actorId, Guid accountId, string? role, CancellationToken cancellationToken)
    {
        await RequireAsync(actorId, ConsoleRoles.Admin, cancellationToken);
        if (!ConsoleRoles.IsValid(role))
        {
            throw new ConsoleAccountException($"Role '{role}' is not one of {string.Join(", ", ConsoleRoles.All)}.");
        }

        var account = await TrackedAsync(accountId, cancellationToken);
        if (account.Role == ConsoleRoles.Admin && role != ConsoleRoles.Admin)
        {
            await EnsureAnotherAdminAsync(account, "lose its admin role", cancellationToken);
        }

        account.Role = role!;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Disables or enables an account; the last enabled admin cannot be disabled.</summary>
    public async Task SetDisabledAsync(Guid actorId, Guid accountId, bool disabled, CancellationToken cancellationToken)
    {
        await RequireAsync(actorId, ConsoleRoles.Admin, cancellationToken);
        var account = await TrackedAsync(accountId, cancellationToken);
        if (disabled && account.Role == ConsoleRoles.Admin)
        {
            await EnsureAnotherAdminAsync(account, "be disabled", cancellationToken);
        }

        account.Disabled = disabled;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Gives an account a new one-time password (returned once) that must be changed at the next sign-in.</summary>
    public async Task<string> ResetPasswordAsync(Guid actorId, Guid accountId, CancellationToken cancellationToken)
    {
        await RequireAsync(actorId, ConsoleRoles.Admin, cancellationToken);
        var account = await TrackedAsync(accountId, cancellationToken);
        var password = NewPassword();
        account.PasswordHash = hasher.HashPassword(account, password);
        account.MustChangePassword = true;
        account.LockedUntil = null;
        account.FailedSignIns = 0;
        await db.SaveChangesAsync(cancellationToken);
        return password;
    }

    /// <summary>
    /// Creates the account <c>admin</c> when no admin exists: with <paramref name="configuredPassword"/>, or else a random
    /// one-time password that is returned (to be shown once). Either way it must be changed at the first sign-in.
    /// </summary>
    /// <returns>The generated password, or null when an admin existed or the configured password was used.</returns>
    public async Task<(bool Created, string? GeneratedPassword)> EnsureInitialAdminAsync(string? configuredPassword, CancellationToken cancellationToken)
    {
        if (await db.OperatorAccounts.AnyAsync(a => a.Role == ConsoleRoles.Admin, cancellationToken))
        {
            return (false, null);
        }

        var generated = string.IsNullOrEmpty(configuredPassword) ? NewPassword() : null;
        db.OperatorAccounts.Add(New("admin", ConsoleRoles.Admin, Tenants.Default, configuredPassword ?? generated!));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another server process on the same database created it first.
            return (false, null);
        }

        return (true, generated);
    }

    /// <summary>What is wrong with a new password (empty when nothing).</summary>
    public static IReadOnlyList<string> PasswordProblems(string userName, string? current, string? next)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(next) || next.Length < MinimumPasswordLength)
        {
            problems.Add($"it must have at least {MinimumPasswordLength} characters");
        }
        else
        {
            if (next == current)
            {
                problems.Add("it must differ from the current one");
            }

            if (next.Contains(userName, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add("it must not contain the user name");
            }

            if (next.Distinct().Count() < 5)
            {
                problems.Add("it must have at least 5 different characters");
            }
        }

        return problems;
    }

    /// <summary>A random password of 20 characters (about 100 bits).</summary>
    public static string NewPassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 20);
    }

    private OperatorAccountEntity New(string name, string role, string tenant, string password)
    {
        var account = new OperatorAccountEntity
        {
            Id = Guid.NewGuid(),
            UserName = name,
            Role = role,
            TenantId = tenant,
            MustChangePassword = true,
            CreatedAt = time.GetUtcNow(),
        };
        account.PasswordHash = hasher.HashPassword(account, password);
        return account;
    }

    private async Task EnsureAnotherAdminAsync(OperatorAccountEntity account, string what, CancellationToken cancellationToken)
    {
        if (!await db.OperatorAccounts.AnyAsync(a => a.Id != account.Id && a.Role == ConsoleRoles.Admin && !a.Disabled, cancellationToken))
        {
            throw new ConsoleAccountException($"'{account.UserName}' is the last enabled admin and cannot {what}.");
        }
    }

    private async Task<OperatorAccountEntity> ActiveAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var account = await TrackedAsync(accountId, cancellationToken);
        return account.Disabled ? throw new ConsoleAccountException($"Account '{account.UserName}' is disabled.") : account;
    }

    private async Task<OperatorAccountEntity> TrackedAsync(Guid accountId, CancellationToken cancellationToken) =>
        await db.OperatorAccounts.SingleOrDefaultAsync(a => a.Id == accountId, cancellationToken)
        ?? throw new ConsoleAccountException($"No account with id '{accountId}' exists.");

    private static string Normalise(string? userName) => (userName ?? "").Trim().ToLowerInvariant();

    private static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-' or '_');
}

/// <summary>An account operation refused, with a reason to show the operator.</summary>
public sealed class ConsoleAccountException(string message) : Exception(message);
