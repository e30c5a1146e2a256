using NfvMano.Security.Clients;
using NfvMano.Security.Configuration;

namespace NfvMano.Security.Tests;

public sealed class ScopeAndRegistrationTests
{
    [Fact]
    public void TryParse_WithStar_GivesEveryScopeButTheAdminOnes_AndRejectsUnknownValuesByName()
    {
        Assert.True(ApiScopes.TryParse("*", out var all, out _));
        Assert.Equal(ApiScopes.All.Where(s => !s.StartsWith("admin:", StringComparison.Ordinal)), all);
        Assert.DoesNotContain("admin:read", all);
        Assert.True(ApiScopes.TryParse("* admin:read", out var withAdmin, out _));
        Assert.Contains("admin:read", withAdmin);
        Assert.Contains("vnflcm:write", withAdmin);
        Assert.True(ApiScopes.TryParse("vnflcm:read, vnflcm:write vnflcm:read", out var some, out _));
        Assert.Equal(["vnflcm:read", "vnflcm:write"], some);
        Assert.False(ApiScopes.TryParse("vnflcm:read vnflcm", out _, out var unknown));
        Assert.Equal(["vnflcm"], unknown);
    }

    [Fact]
    public void ClientCommand_WithoutSecret_GeneratesOne_AndDefaultsTheTenant()
    {
        var command = ClientCommand.Parse(["add", "--id", "oss", "--scopes", "nslcm:write"]);
        Assert.True(command.SecretGenerated);
        Assert.True(command.Client.ClientSecret.Length >= 40);
        Assert.Equal("default", command.Client.Tenant);
        Assert.NotEqual(command.Client.ClientSecret, ClientCommand.Parse(["add", "--id", "oss", "--scopes", "nslcm:write"]).Client.ClientSecret);
    }

    [Fact]
    public void ClientCommand_WithSeveralProblems_ReportsThemAll()
    {
        var error = Assert.Throws<ArgumentException>(() => ClientCommand.Parse(["add", "--secret", "short", "--scopes", "nope", "--colour", "red"]));
        Assert.Contains("unknown option --colour", error.Message, StringComparison.Ordinal);
        Assert.Contains("--id: required", error.Message, StringComparison.Ordinal);
        Assert.Contains("--secret: must be at least 16 characters", error.Message, StringComparison.Ordinal);
        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SecurityOptions_WithADuplicateOrIncompleteClient_NamesTheKeys()
    {
        var options = new SecurityOptions();
        options.Clients.Add(new ClientRegistration { ClientId = "a", ClientSecret = "0123456789abcdef", Scopes = "*" });
        options.Clients.Add(new ClientRegistration { ClientId = "a", ClientSecret = "", Scopes = "", Tenant = "" });
        var problems = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(r => r.ErrorMessage).ToList();
        Assert.Contains("NfvMano:Security:Clients:1:ClientSecret: required", problems);
        Assert.Contains(problems, p => p!.StartsWith("NfvMano:Security:Clients:1:Scopes:", StringComparison.Ordinal));
        Assert.Contains("NfvMano:Security:Clients:1:Tenant: required", problems);
        Assert.Contains("NfvMano:Security:Clients: client id 'a' is registered more than once.", problems);
    }
}
