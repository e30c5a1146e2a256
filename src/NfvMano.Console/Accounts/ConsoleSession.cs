using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Lifecycle.NsLcm;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Persistence.Audit;

namespace NfvMano.Console.Accounts;

/// <summary>The operator an action is done for, as just checked against the database.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="UserName">Its user name (what the audit trail names).</param>
/// <param name="Tenant">The tenant it acts in.</param>
public sealed record ConsoleActor(Guid AccountId, string UserName, string Tenant);

/// <summary>
/// The signed-in operator of one console circuit. What a page shows depends on the role in the session; what it may
/// change is decided again by <see cref="RequireAsync"/> against the account in the database.
/// </summary>
public sealed partial class ConsoleSession(
    AuthenticationStateProvider authentication, IServiceScopeFactory scopes, AuditTrail audit, TimeProvider time, ILogger<ConsoleSession> logger)
{
    /// <summary>The current principal.</summary>
    public async Task<ClaimsPrincipal> UserAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    /// <summary>The tenant the operator works in: where what they create goes, and what they may change.</summary>
    public async Task<string> TenantAsync() =>
        (await UserAsync()).FindFirstValue(ConsoleClaims.Tenant) ?? Tenants.Default;

    /// <summary>
    /// The tenant filter for what the operator reads: <see cref="Tenants.All"/> for an admin (admins see every
    /// tenant's resources, as the APIs show them to admin clients), otherwise their own tenant.
    /// </summary>
    public async Task<string> ReadTenantAsync() =>
        await HasRoleAsync(ConsoleRoles.Admin) ? Tenants.All : await TenantAsync();

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
        var actor = await RequireActorAsync(role, cancellationToken);
        return (actor.AccountId, actor.Tenant);
    }

    /// <summary>
    /// Does one change for the signed-in operator and records it in the audit trail, whatever its outcome: done (200),
    /// refused (the status the APIs answer for the same refusal, 403 when the account may not), or failed (500). The
    /// exception of a refused or failed change reaches the caller unchanged, to show.
    /// </summary>
    /// <param name="role">The role the change needs, checked against the database first.</param>
    /// <param name="action">What is done, e.g. <c>instantiate</c>, <c>delete</c>, <c>upload</c>.</param>
    /// <param name="target">What it is done to, as a path of the console, e.g. <c>/instances/{id}</c>.</param>
    /// <param name="resourceId">The resource acted on, when it exists before the change.</param>
    /// <param name="change">The change, given the checked operator.</param>
    /// <param name="resourceOf">The resource the change created or started (an operation occurrence), when it did.</param>
    /// <returns>What <paramref name="change"/> returned.</returns>
    public async Task<T> ActAsync<T>(string role, string action, string target, string? resourceId, Func<ConsoleActor, Task<T>> change,
        Func<T, string?>? resourceOf = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        var user = await UserAsync();
        var name = user.Identity?.Name ?? "anonymous";
        var tenant = user.FindFirstValue(ConsoleClaims.Tenant);
        ConsoleActor actor;
        try
        {
            actor = await RequireActorAsync(role, CancellationToken.None);
        }
        catch (ConsoleAccountException)
        {
            await RecordAsync(name, tenant, action, target, resourceId, 403);
            throw;
        }

        T result;
        try
        {
            result = await change(actor);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await RecordAsync(actor.UserName, actor.Tenant, action, target, resourceId, StatusOf(e));
            throw;
        }

        await RecordAsync(actor.UserName, actor.Tenant, action, target, resourceOf?.Invoke(result) ?? resourceId, 200);
        return result;
    }

    /// <summary>As <see cref="ActAsync{T}"/>, for a change that returns nothing.</summary>
    public Task ActAsync(string role, string action, string target, string? resourceId, Func<ConsoleActor, Task> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return ActAsync(role, action, target, resourceId, async actor =>
        {
            await change(actor);
            return true;
        });
    }

    /// <summary>The status code the APIs answer for the same refusal, so that the trail reads alike for both channels.</summary>
    internal static int StatusOf(Exception exception) => exception switch
    {
        ConsoleAccountException => 403,
        VnfLcmException e => StatusOf(e.Kind),
        NsLcmException e => StatusOf(e.Kind),
        CatalogueException e => e.Kind switch
        {
            CatalogueErrorKind.NotFound => 404,
            CatalogueErrorKind.Conflict => 409,
            CatalogueErrorKind.Stale => 412,
            CatalogueErrorKind.Invalid => 400,
            CatalogueErrorKind.Unprocessable => 422,
            CatalogueErrorKind.TooLarge => 413,
            _ => 400,
        },
        ArgumentException or FormatException => 400,
        _ => 500,
    };

    private static int StatusOf(VnfLcmErrorKind kind) => kind switch
    {
        VnfLcmErrorKind.NotFound => 404,
        VnfLcmErrorKind.Conflict => 409,
        VnfLcmErrorKind.Invalid => 400,
        VnfLcmErrorKind.Unprocessable => 422,
        VnfLcmErrorKind.Stale => 412,
        _ => 400,
    };

    private async Task<ConsoleActor> RequireActorAsync(string role, CancellationToken cancellationToken)
    {
        var user = await UserAsync();
        var id = ConsoleClaims.AccountId(user) ?? throw new ConsoleAccountException("You are not signed in.");
        await using var scope = scopes.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<OperatorAccounts>().RequireAsync(id, role, cancellationToken);
        return new ConsoleActor(account.Id, account.UserName, account.TenantId);
    }

    private async Task RecordAsync(string operatorName, string? tenant, string action, string target, string? resourceId, int status)
    {
        try
        {
            await audit.RecordConsoleActionAsync(operatorName, tenant, action, target, resourceId, status, time.GetUtcNow(), CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The action's outcome stands (as for the APIs); losing its entry is logged for the operator.
            LogNotRecorded(logger, action, target, status, e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit entry for console action {Action} on {Target} (status {Status}) could not be saved: {Error}")]
    private static partial void LogNotRecorded(ILogger logger, string action, string target, int status, string error);
}
