using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using NfvMano.Testing;

namespace NfvMano.Server.Tests.Sol003;

public sealed class VnfInstanceConcurrencyTests
{
    [Fact]
    public async Task CreateAndDelete_ManyInstancesOfOnePackageAtOnce_AllSucceedAndUsageStateFollows()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var server = new NfvManoServerFactory(database);
        using var catalogue = server.CreateClient();
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Add("Version", "1.3.0");
        var vnfdId = await VnfLcmApiTests.OnboardAsync(catalogue, "firewall");

        var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            client.PostAsJsonAsync("/vnflcm/v1/vnf_instances", new JsonObject { ["vnfdId"] = vnfdId, ["vnfInstanceName"] = $"fw-{i}" })));
        Assert.All(created, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var package = (await catalogue.GetFromJsonAsync<JsonArray>($"/vnfpkgm/v1/vnf_packages?filter=(eq,vnfdId,{vnfdId})"))!.Single()!;
        Assert.Equal("IN_USE", package["usageState"]!.GetValue<string>());

        var ids = await Task.WhenAll(created.Select(async r => (await r.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>()));
        var deleted = await Task.WhenAll(ids.Select(id => client.DeleteAsync(new Uri($"/vnflcm/v1/vnf_instances/{id}", UriKind.Relative))));

        Assert.All(deleted, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        var after = (await catalogue.GetFromJsonAsync<JsonArray>($"/vnfpkgm/v1/vnf_packages?filter=(eq,vnfdId,{vnfdId})"))!.Single()!;
        Assert.Equal("NOT_IN_USE", after["usageState"]!.GetValue<string>());
    }
}
