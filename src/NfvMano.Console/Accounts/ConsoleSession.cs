using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace NfvMano.Console.Accounts;

/// <summary>
/// The signed-in operator of one console circuit. What a page shows depends on the role in the session; what it may
/// change is decided again by <see cref="RequireAsync"/> against the account in the database.
/// </summary>
public sealed class ConsoleSession(AuthenticationStateProvider authentication, IServiceScopeFactory scopes)
{
    /// <summary>The current principal.</summary>
    public async Task<ClaimsPrincipal> UserAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    /// <summary>The tenant the operator works in.</summary>
    public async Task<string> TenantAsync() =>
        (await UserAsync()).FindFirstValue(ConsoleClaims.Tenant) ?? Lifecycle.Catalogue.Tenants.Default;

    /// <summary>Whether the session's role includes <paramref name="role"/> (for showing or hiding actions).</summary>
    public async Task<bool> HasRoleAsync(string role) =>
        ConsoleRoles.Includes((await UserAsync()).FindFirstValue(ClaimTypes.Role), role);

    /// <summary>
    /// Checks, against the database, that the signed-in account is enabled and holds <paramref name="role"/>; returns
    /// the tenant to act in.
    /// </summary>
    /// <exception cref="ConsoleAccountException">It is not.</exception>
    public async Task<(Guid AccountId, string Tenant)> RequireAsync(string role, CancellationToken cancellationToken = default)
    {
        var user = await UserAsync();
        var id = ConsoleClaims.AccountId(user) ?? throw new ConsoleAccountException("You are not signed in.");
        await using var scope = scopes.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<OperatorAccounts>().RequireAsync(id, role, cancellationToken);
        return (account.Id, account.TenantId);
    }
}
