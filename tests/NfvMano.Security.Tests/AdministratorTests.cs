using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace NfvMano.Security.Tests;

/// <summary>Administrators (<c>admin:read</c>) read every tenant's resources; their writes stay in their own tenant.</summary>
public sealed class AdministratorTests(SecuredServer server) : IClassFixture<SecuredServer>
{
    private static async Task<string> CreatePackageAsync(HttpClient http)
    {
        using var created = await http.PostAsJsonAsync("/vnfpkgm/v1/vnf_packages", new JsonObject());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    private static async Task<List<string>> ListAsync(HttpClient http, string path) =>
        [.. (await http.GetFromJsonAsync<JsonArray>(path))!.Select(p => (string)p!["id"]!)];

    [Fact]
    public async Task Administrator_ListsAndReadsEveryTenantsResources_WhileOtherTenantsStillGet404()
    {
        using var a = await server.AsAsync(SecuredServer.TenantA);
        using var b = await server.AsAsync(SecuredServer.TenantB);
        using var admin = await server.AsAsync(SecuredServer.Admin);
        var ofA = await CreatePackageAsync(a);
        var ofB = await CreatePackageAsync(b);
        using var subscribed = await b.PostAsJsonAsync("/vnfpkgm/v1/subscriptions", new JsonObject { ["callbackUri"] = "http://127.0.0.1:9/notify" });
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        var subscriptionOfB = (string)(await subscribed.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

        var seen = await ListAsync(admin, "/vnfpkgm/v1/vnf_packages");
        Assert.Contains(ofA, seen);
        Assert.Contains(ofB, seen);
        Assert.Contains(subscriptionOfB, await ListAsync(admin, "/vnfpkgm/v1/subscriptions"));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri($"/vnfpkgm/v1/vnf_packages/{ofA}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri($"/vnfpkgm/v1/subscriptions/{subscriptionOfB}", UriKind.Relative))).StatusCode);

        // Tenants still see only their own.
        Assert.DoesNotContain(ofB, await ListAsync(a, "/vnfpkgm/v1/vnf_packages"));
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync(new Uri($"/vnfpkgm/v1/vnf_packages/{ofA}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Administrator_ChangesOnlyItsOwnTenant_AndWhatItCreatesIsNotAnotherTenants()
    {
        using var a = await server.AsAsync(SecuredServer.TenantA);
        using var admin = await server.AsAsync(SecuredServer.Admin);
        var ofA = await CreatePackageAsync(a);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync(new Uri($"/vnfpkgm/v1/vnf_packages/{ofA}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync(new Uri($"/vnfpkgm/v1/vnf_packages/{ofA}", UriKind.Relative))).StatusCode);

        var own = await CreatePackageAsync(admin);
        Assert.DoesNotContain(own, await ListAsync(a, "/vnfpkgm/v1/vnf_packages"));
        Assert.Contains(own, await ListAsync(admin, "/vnfpkgm/v1/vnf_packages"));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(new Uri($"/vnfpkgm/v1/vnf_packages/{own}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public void ClientOfTenantStar_IsRefused_PointingAtTheAdminScope()
    {
        var client = new Configuration.ClientRegistration { ClientId = "all", ClientSecret = SecuredServer.Secret, Scopes = "*", Tenant = "*" };
        var problem = Assert.Single(client.Problems());
        Assert.Equal("Tenant", problem.Key);
        Assert.Contains("admin:read", problem.Value, StringComparison.Ordinal);
    }
}
