using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace NfvMano.Security.Tests;

/// <summary>What one tenant sees of another's resources, through the real server.</summary>
public sealed class TenantTests(SecuredServer server) : IClassFixture<SecuredServer>
{
    [Fact]
    public async Task SameVnfdId_OnboardedByTwoTenants_IsOnboardedForBoth_AndEachListsOnlyItsOwn()
    {
        using var a = await server.AsAsync(SecuredServer.TenantA);
        using var b = await server.AsAsync(SecuredServer.TenantB);
        var ofA = await EndpointSecurityTests.OnboardAsync(a, "storage");
        var ofB = await EndpointSecurityTests.OnboardAsync(b, "storage");
        Assert.Equal(ofA.VnfdId, ofB.VnfdId);
        Assert.NotEqual(ofA.PackageId, ofB.PackageId);

        var listedByA = (await a.GetFromJsonAsync<JsonArray>("/vnfpkgm/v1/vnf_packages"))!.Select(p => (string)p!["id"]!).ToList();
        var listedByB = (await b.GetFromJsonAsync<JsonArray>("/vnfpkgm/v1/vnf_packages"))!.Select(p => (string)p!["id"]!).ToList();
        Assert.Contains(ofA.PackageId, listedByA);
        Assert.DoesNotContain(ofB.PackageId, listedByA);
        Assert.Contains(ofB.PackageId, listedByB);
        Assert.DoesNotContain(ofA.PackageId, listedByB);

        // An instance of B is made from B's package of that VNFD, and A does not see it.
        using var create = new HttpRequestMessage(HttpMethod.Post, "/vnflcm/v1/vnf_instances") { Content = JsonContent.Create(new JsonObject { ["vnfdId"] = ofB.VnfdId }) };
        create.Headers.Add("Version", "1.3.0");
        using var created = await b.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var instance = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(ofB.PackageId, (string)instance["vnfPkgId"]!);
        using var look = new HttpRequestMessage(HttpMethod.Get, $"/vnflcm/v1/vnf_instances/{instance["id"]}");
        look.Headers.Add("Version", "1.3.0");
        Assert.Equal(HttpStatusCode.NotFound, (await a.SendAsync(look)).StatusCode);
    }
}
