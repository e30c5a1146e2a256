using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NfvMano.Console.Accounts;
using NfvMano.Persistence;
using NfvMano.Persistence.Console;

namespace NfvMano.Console.Tests;

/// <summary>The admin a first start creates, on a server of its own that nobody has signed in to.</summary>
public sealed class InitialAdminTests : IClassFixture<ConsoleServer>
{
    private readonly ConsoleServer _server;

    public InitialAdminTests(ConsoleServer server) => _server = server;

    private Task<T> WithAccountsAsync<T>(Func<OperatorAccounts, Task<T>> work) => _server.WithAsync(work);

    private Task<OperatorAccountEntity> AdminAsync() =>
        _server.WithAsync<NfvManoDbContext, OperatorAccountEntity>(db => db.OperatorAccounts.AsNoTracking().SingleAsync(a => a.UserName == "admin"));

    [Fact]
    public async Task InitialAdmin_FromConfiguration_IsHashedAndMustChangePassword()
    {
        var admin = await AdminAsync();
        Assert.Equal(ConsoleRoles.Admin, admin.Role);
        Assert.True(admin.MustChangePassword);
        Assert.DoesNotContain(ConsoleServer.InitialAdminPassword, admin.PasswordHash, StringComparison.Ordinal);
        Assert.NotEqual(PasswordVerificationResult.Failed,
            new PasswordHasher<OperatorAccountEntity>().VerifyHashedPassword(admin, admin.PasswordHash, ConsoleServer.InitialAdminPassword));

        // A second start finds the admin and creates nothing.
        var (created, generated) = await WithAccountsAsync(a => a.EnsureInitialAdminAsync(null, CancellationToken.None));
        Assert.False(created);
        Assert.Null(generated);
    }

    [Fact]
    public void OneTimePasswords_AreRandom_NeverAFixedDefault() =>
        Assert.Equal(50, Enumerable.Range(0, 50).Select(_ => OperatorAccounts.NewPassword()).Distinct().Count());
}
