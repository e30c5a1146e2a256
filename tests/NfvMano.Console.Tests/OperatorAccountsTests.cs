using Microsoft.EntityFrameworkCore;
using NfvMano.Console.Accounts;
using NfvMano.Console.Components.Shared;
using NfvMano.Persistence;
using NfvMano.Persistence.Console;

namespace NfvMano.Console.Tests;

/// <summary>The account rules the console relies on, checked on the real server's database.</summary>
public sealed class OperatorAccountsTests : IClassFixture<ConsoleServer>
{
    private readonly ConsoleServer _server;

    public OperatorAccountsTests(ConsoleServer server) => _server = server;

    private Task<T> WithAccountsAsync<T>(Func<OperatorAccounts, Task<T>> work) => _server.WithAsync(work);

    // The admin after its forced first password change (until then it may do nothing but change it).
    private async Task<OperatorAccountEntity> AdminAsync()
    {
        var admin = await _server.WithAsync<NfvManoDbContext, OperatorAccountEntity>(db => db.OperatorAccounts.AsNoTracking().SingleAsync(a => a.UserName == "admin"));
        if (admin.MustChangePassword)
        {
            var early = await Assert.ThrowsAsync<ConsoleAccountException>(() => WithAccountsAsync(a => a.CreateAsync(admin.Id, "early", ConsoleRoles.Viewer, CancellationToken.None)));
            Assert.Equal("Choose a new password first.", early.Message);
            admin = await WithAccountsAsync(a => a.ChangePasswordAsync(admin.Id, ConsoleServer.InitialAdminPassword, Pages.AdminPassword, CancellationToken.None));
        }

        return admin;
    }

    [Fact]
    public async Task Create_ByAdmin_GivesOneTimePassword_AndViewerCannotCreateOrChangeRoles()
    {
        var admin = await AdminAsync();
        var (viewer, password) = await WithAccountsAsync(a => a.CreateAsync(admin.Id, "Auditor", ConsoleRoles.Viewer, CancellationToken.None));
        Assert.Equal("auditor", viewer.UserName);
        Assert.True(viewer.MustChangePassword);
        Assert.Equal(20, password.Length);
        Assert.NotEqual(password, await WithAccountsAsync(a => a.ResetPasswordAsync(admin.Id, viewer.Id, CancellationToken.None)));

        var duplicate = await Assert.ThrowsAsync<ConsoleAccountException>(() => WithAccountsAsync(a => a.CreateAsync(admin.Id, "auditor", ConsoleRoles.Operator, CancellationToken.None)));
        Assert.Contains("exists already", duplicate.Message, StringComparison.Ordinal);
        var invalid = await Assert.ThrowsAsync<ConsoleAccountException>(() => WithAccountsAsync(a => a.CreateAsync(admin.Id, "bad name!", "root", CancellationToken.None)));
        Assert.Contains("user name", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("role 'root'", invalid.Message, StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<ConsoleAccountException>(() => WithAccountsAsync(a => a.CreateAsync(viewer.Id, "sneaky", ConsoleRoles.Admin, CancellationToken.None)));
        Assert.Contains("needs the admin role", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ConsoleAccountException>(() => WithAccountsAsync(async a =>
        {
            await a.SetRoleAsync(viewer.Id, viewer.Id, ConsoleRoles.Admin, CancellationToken.None);
            return 0;
        }));
    }

    [Fact]
    public async Task SignIn_AfterFiveWrongPasswords_IsLockedEvenWithTheRightOne()
    {
        var admin = await AdminAsync();
        var (account, password) = await WithAccountsAsync(a => a.CreateAsync(admin.Id, "clumsy", ConsoleRoles.Operator, CancellationToken.None));
        for (var i = 0; i < OperatorAccounts.LockoutThreshold; i++)
        {
            var wrong = await Assert.ThrowsAsync<ConsoleAccountException>(() => WithAccountsAsync(a => a.SignInAsync("clumsy", "not-the-password-" + i, CancellationToken.None)));
            Assert.Equal("The user name or the password is wrong.", wrong.Message);
        }

        var locked = await Assert.ThrowsAsync<ConsoleAccountException>(() => WithAccountsAsync(a => a.SignInAsync("clumsy", password, CancellationToken.None)));
        Assert.Contains("locked", locked.Message, StringComparison.Ordinal);

        // After an admin's reset the account signs in again, and must choose a password.
        var fresh = await WithAccountsAsync(a => a.ResetPasswordAsync(admin.Id, account.Id, CancellationToken.None));
        var signedIn = await WithAccountsAsync(a => a.SignInAsync("CLUMSY", fresh, CancellationToken.None));
        Assert.True(signedIn.MustChangePassword);
    }

    [Fact]
    public async Task LastEnabledAdmin_CannotBeDemotedOrDisabled()
    {
        var admin = await AdminAsync();
        var demote = await Assert.ThrowsAsync<ConsoleAccountException>(() => WithAccountsAsync(async a =>
        {
            await a.SetRoleAsync(admin.Id, admin.Id, ConsoleRoles.Viewer, CancellationToken.None);
            return 0;
        }));
        Assert.Contains("last enabled admin", demote.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ConsoleAccountException>(() => WithAccountsAsync(async a =>
        {
            await a.SetDisabledAsync(admin.Id, admin.Id, true, CancellationToken.None);
            return 0;
        }));
    }

    [Fact]
    public void SessionStamp_ChangesWithRoleOrPasswordOrDisabling_NotWithSignIns()
    {
        var account = new OperatorAccountEntity { UserName = "op", PasswordHash = "hash-1", Role = ConsoleRoles.Operator };
        var stamp = ConsoleClaims.StampOf(account);
        account.LastSignInAt = DateTimeOffset.UnixEpoch;
        account.FailedSignIns = 3;
        account.Version = 42;
        Assert.Equal(stamp, ConsoleClaims.StampOf(account));
        Assert.NotEqual(stamp, ConsoleClaims.StampOf(new OperatorAccountEntity { UserName = "op", PasswordHash = "hash-1", Role = ConsoleRoles.Viewer }));
        Assert.NotEqual(stamp, ConsoleClaims.StampOf(new OperatorAccountEntity { UserName = "op", PasswordHash = "hash-2", Role = ConsoleRoles.Operator }));
        Assert.NotEqual(stamp, ConsoleClaims.StampOf(new OperatorAccountEntity { UserName = "op", PasswordHash = "hash-1", Role = ConsoleRoles.Operator, Disabled = true }));
    }

    [Theory]
    [InlineData("short", "at least 12")]
    [InlineData("my-admin-password-1", "user name")]
    [InlineData("aaaaaaaaaaaaaaaa", "5 different")]
    public void PasswordProblems_NameTheRuleBroken(string candidate, string expected) =>
        Assert.Contains(OperatorAccounts.PasswordProblems("admin", "old-password-123", candidate), p => p.Contains(expected, StringComparison.Ordinal));

    [Theory]
    [InlineData("/instances", "/instances")]
    [InlineData("/", "/")]
    [InlineData("//evil.example/x", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("http://evil.example/", "/")]
    [InlineData(null, "/")]
    public void ReturnUrl_OnlyLocalPathsAreFollowed(string? url, string expected) => Assert.Equal(expected, LocalUrl.Or(url, "/"));
}
