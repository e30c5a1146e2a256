using NfvMano.Console.Data;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Security.Clients;
using NfvMano.Security.Configuration;
using NfvMano.Testing;

namespace NfvMano.Console.Tests;

/// <summary>What the admin page's client actions do on the real server: secrets that work at the token endpoint, tenants kept apart.</summary>
public sealed class ApiAdminDataTests : IClassFixture<ConsoleServer>
{
    private readonly ConsoleServer _server;

    public ApiAdminDataTests(ConsoleServer server) => _server = server;

    [Fact]
    public async Task Register_ThenRotate_GivesSecretsTheTokenEndpointAcceptsAndRetiresTheOldOne()
    {
        var (created, secret) = await _server.WithAsync<ApiAdminData, (bool, string)>(d => d.RegisterAsync(Tenants.Default, "oss-rotating", "nslcm:read", CancellationToken.None));
        Assert.True(created);
        using var http = new HttpClient { BaseAddress = _server.Address };
        Assert.NotEmpty(await TestApiClient.RequestTokenAsync(http, "oss-rotating", secret, "nslcm:read"));

        var rotated = await _server.WithAsync<ApiAdminData, string>(d => d.RotateSecretAsync(Tenants.Default, "oss-rotating", CancellationToken.None));
        Assert.NotEqual(secret, rotated);
        Assert.NotEmpty(await TestApiClient.RequestTokenAsync(http, "oss-rotating", rotated, "nslcm:read"));
        var old = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApiClient.RequestTokenAsync(http, "oss-rotating", secret, "nslcm:read"));
        Assert.Contains("answered 4", old.Message, StringComparison.Ordinal);

        // Rotating keeps the scopes it had.
        var clients = await _server.WithAsync<ApiAdminData, IReadOnlyList<ApiClientView>>(d => d.ClientsAsync(Tenants.Default, CancellationToken.None));
        Assert.Equal(["nslcm:read"], clients.Single(c => c.ClientId == "oss-rotating").Scopes);
    }

    [Fact]
    public async Task Register_WhenTheIdBelongsToAnotherTenant_IsRefusedAndTheOtherTenantsClientsAreNotListed()
    {
        await _server.WithAsync<ClientRegistrar, bool>(r => r.RegisterAsync(
            new ClientRegistration { ClientId = "blue-oss", ClientSecret = "blue-secret-0123456789abcdef", Scopes = "nslcm:read", Tenant = "blue" }, CancellationToken.None));

        var taken = await Assert.ThrowsAsync<ArgumentException>(() =>
            _server.WithAsync<ApiAdminData, (bool, string)>(d => d.RegisterAsync(Tenants.Default, "blue-oss", "*", CancellationToken.None)));
        Assert.Contains("another tenant", taken.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() =>
            _server.WithAsync<ApiAdminData, string>(d => d.RotateSecretAsync(Tenants.Default, "blue-oss", CancellationToken.None)));
        var unknownScope = await Assert.ThrowsAsync<ArgumentException>(() =>
            _server.WithAsync<ApiAdminData, (bool, string)>(d => d.RegisterAsync(Tenants.Default, "oss-typo", "nslcm:reed", CancellationToken.None)));
        Assert.Contains("--scopes", unknownScope.Message, StringComparison.Ordinal);

        var mine = await _server.WithAsync<ApiAdminData, IReadOnlyList<ApiClientView>>(d => d.ClientsAsync(Tenants.Default, CancellationToken.None));
        Assert.DoesNotContain(mine, c => c.ClientId == "blue-oss");
        var theirs = await _server.WithAsync<ApiAdminData, IReadOnlyList<ApiClientView>>(d => d.ClientsAsync("blue", CancellationToken.None));
        Assert.Equal("blue-oss", Assert.Single(theirs).ClientId);
    }
}
