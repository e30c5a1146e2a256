using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NfvMano.Persistence;
using NfvMano.Testing;

namespace NfvMano.Server.Tests.Sol003;

/// <summary>
/// SOL003 grant/v1 for a VNFM outside the platform, through the real server: decided by the same placement engine and
/// claim ledger as the platform's own VNFM (two test-driver hosts; the firewall's VNFD keeps its engines apart).
/// </summary>
public sealed class GrantApiTests
{
    private static JsonObject Ask(Guid instance, Guid opOcc, string vnfdId, string operation, string[] add, string[]? remove = null) => new()
    {
        ["vnfInstanceId"] = instance.ToString(),
        ["vnfLcmOpOccId"] = opOcc.ToString(),
        ["vnfdId"] = vnfdId,
        ["flavourId"] = "standard",
        ["operation"] = operation,
        ["isAutomaticInvocation"] = false,
        ["addResources"] = new JsonArray([.. add.Select(id => (JsonNode)new JsonObject { ["id"] = id, ["type"] = "COMPUTE", ["vduId"] = "fw" })]),
        ["removeResources"] = new JsonArray([.. (remove ?? []).Select(id => (JsonNode)new JsonObject
        {
            ["id"] = id, ["type"] = "COMPUTE", ["resource"] = new JsonObject { ["resourceId"] = id },
        })]),
    };

    private static async Task<int> CountAsync(NfvManoServerFactory server, Func<NfvManoDbContext, Task<int>> count)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await count(scope.ServiceProvider.GetRequiredService<NfvManoDbContext>());
    }

    [Fact]
    public async Task Grants_AreDecidedByPlacement_KeptIdempotentPerOperation_RejectedWith403_AndReleasedByRemoval()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var server = new NfvManoServerFactory(database, VnfLcmApiTests.TwoHosts());
        using var client = server.CreateClient();
        var vnfdId = await VnfLcmApiTests.OnboardAsync(client, "firewall");
        client.DefaultRequestHeaders.Add("Version", "1.3.0");
        var instance = Guid.NewGuid();

        var instantiate = Ask(instance, Guid.NewGuid(), vnfdId, "INSTANTIATE", ["fw-a", "fw-b"]);
        var granted = await client.PostAsJsonAsync("/grant/v1/grants", instantiate);
        Assert.True(granted.StatusCode == HttpStatusCode.Created, await granted.Content.ReadAsStringAsync());
        var grant = (await granted.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(granted.Headers.Location!.ToString(), (string)grant["_links"]!["self"]!["href"]!);
        Assert.Equal(["fw-a", "fw-b"], grant["addResources"]!.AsArray().Select(r => (string)r!["resourceDefinitionId"]!));
        Assert.All(grant["addResources"]!.AsArray(), r => Assert.Equal("zone-1", (string)r!["zoneId"]!));
        var placement = grant["additionalParams"]!["nfvmanoPlacement"]!;
        var hostA = (string)placement["fw-a"]!["host"]!;
        // The VNFD's anti-affinity rule holds for a foreign VNFM too, and the answer says exactly what is pinned.
        Assert.NotEqual(hostA, (string)placement["fw-b"]!["host"]!);
        Assert.Equal(4, placement["fw-a"]!["cells"]!.AsArray().SelectMany(c => c!["pinnedCpus"]!.AsArray()).Count());
        Assert.Equal(2, await CountAsync(server, db => db.PlacementClaims.CountAsync()));

        var again = await client.PostAsJsonAsync("/grant/v1/grants", instantiate);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal((string)grant["id"]!, (string)(await again.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
        var read = (await client.GetFromJsonAsync<JsonObject>(granted.Headers.Location))!;
        Assert.Equal(grant.ToJsonString(), read.ToJsonString());

        // A third engine has no host left under the anti-affinity rule: 403 with the placement's reason, nothing kept.
        var rejected = await client.PostAsJsonAsync("/grant/v1/grants", Ask(instance, Guid.NewGuid(), vnfdId, "SCALE", ["fw-c"]));
        Assert.Equal(HttpStatusCode.Forbidden, rejected.StatusCode);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType!.MediaType);
        Assert.Contains("grant rejected by placement", (string)(await rejected.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(server, db => db.Grants.CountAsync()));
        Assert.Equal(2, await CountAsync(server, db => db.PlacementClaims.CountAsync()));

        // Scale in frees fw-b's host; the next scale out lands there.
        var scaleIn = await client.PostAsJsonAsync("/grant/v1/grants", Ask(instance, Guid.NewGuid(), vnfdId, "SCALE", [], ["fw-b"]));
        Assert.Equal(HttpStatusCode.Created, scaleIn.StatusCode);
        Assert.Equal(1, await CountAsync(server, db => db.PlacementClaims.CountAsync()));
        var scaleOut = await client.PostAsJsonAsync("/grant/v1/grants", Ask(instance, Guid.NewGuid(), vnfdId, "SCALE", ["fw-c"]));
        Assert.Equal(HttpStatusCode.Created, scaleOut.StatusCode);
        Assert.NotEqual(hostA, (string)(await scaleOut.Content.ReadFromJsonAsync<JsonObject>())!["additionalParams"]!["nfvmanoPlacement"]!["fw-c"]!["host"]!);
    }

    [Fact]
    public async Task Grant_WhenTheRequestIsInvalid_Answers400Or422NamingEveryProblemAndKeepsNothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var server = new NfvManoServerFactory(database, VnfLcmApiTests.TwoHosts());
        using var client = server.CreateClient();
        var vnfdId = await VnfLcmApiTests.OnboardAsync(client, "firewall");
        client.DefaultRequestHeaders.Add("Version", "1.3.0");

        var malformed = await client.PostAsJsonAsync("/grant/v1/grants", new JsonObject
        {
            ["vnfInstanceId"] = "not-a-uuid",
            ["vnfdId"] = vnfdId,
            ["operation"] = "INSTANTIATE",
            ["addResources"] = new JsonArray(new JsonObject { ["id"] = "x", ["type"] = "COMPUTE", ["vduId"] = "fw" }),
        });
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var detail = (string)(await malformed.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!;
        Assert.Contains("$.vnfInstanceId", detail, StringComparison.Ordinal);
        Assert.Contains("$.vnfLcmOpOccId", detail, StringComparison.Ordinal);
        Assert.Contains("$.isAutomaticInvocation", detail, StringComparison.Ordinal);

        var invalid = Ask(Guid.NewGuid(), Guid.NewGuid(), vnfdId, "EXPLODE", ["a", "a"]);
        invalid["addResources"]!.AsArray().Add(new JsonObject { ["id"] = "b", ["type"] = "GPU" });
        var answer = await client.PostAsJsonAsync("/grant/v1/grants", invalid);
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        detail = (string)(await answer.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!;
        Assert.Contains("operation: 'EXPLODE'", detail, StringComparison.Ordinal);
        Assert.Contains("id 'a' is used 2 times", detail, StringComparison.Ordinal);
        Assert.Contains("addResources[2].type: 'GPU'", detail, StringComparison.Ordinal);

        var unknownVdu = Ask(Guid.NewGuid(), Guid.NewGuid(), vnfdId, "INSTANTIATE", ["a"]);
        unknownVdu["addResources"]![0]!["vduId"] = "router";
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsJsonAsync("/grant/v1/grants", unknownVdu)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsJsonAsync("/grant/v1/grants", Ask(Guid.NewGuid(), Guid.NewGuid(), "no-such-vnfd", "INSTANTIATE", ["a"]))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/grant/v1/grants/{Guid.NewGuid()}")).StatusCode);

        Assert.Equal(0, await CountAsync(server, db => db.Grants.CountAsync()));
        Assert.Equal(0, await CountAsync(server, db => db.PlacementClaims.CountAsync()));
    }
}
