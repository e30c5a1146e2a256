using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NfvMano.Persistence;

namespace NfvMano.Console.Accounts;

/// <summary>
/// Re-checks a circuit's session against the account every minute: a disabled, deleted or changed account (new role,
/// new password) ends the session in open pages too, not only at the next sign-in.
/// </summary>
internal sealed class ConsoleAuthenticationStateProvider(ILoggerFactory loggers, IServiceScopeFactory scopes)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var user = authenticationState.User;
        if (ConsoleClaims.AccountId(user) is not { } id)
        {
            return false;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        var account = await db.OperatorAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        return account is { Disabled: false } && ConsoleClaims.StampOf(account) == user.FindFirst(ConsoleClaims.AccountStamp)?.Value;
    }
}
