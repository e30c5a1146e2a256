using System.Net;
using System.Text.Json.Nodes;
using NfvMano.Vim.OpenStack.Compute;
using NfvMano.Vim.OpenStack.Tests.Scripted;

namespace NfvMano.Vim.OpenStack.Tests.Nova;

/// <summary>What Nova is asked (zone, group, microversion, flavor) and what is read back from it.</summary>
public sealed class NovaServerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static (HttpStatusCode, string) Ok(string body) => (HttpStatusCode.OK, body);

    private static (HttpStatusCode, string) Nova(HttpMethod method, string path, string cloudMax = "2.93", string zone = "az-edge")
    {
        if (method == HttpMethod.Get && path == "/")
        {
            return Ok($$$"""{"version": {"id": "v2.1", "status": "CURRENT", "version": "{{{cloudMax}}}", "min_version": "2.1"}}""");
        }

        if (method == HttpMethod.Get && path.StartsWith("/servers/detail?name=", StringComparison.Ordinal))
        {
            return Ok("""{"servers": []}""");
        }

        if (method == HttpMethod.Post && path == "/servers")
        {
            return (HttpStatusCode.Accepted, """{"server": {"id": "srv-1"}}""");
        }

        if (method == HttpMethod.Get && path == "/servers/srv-1")
        {
            return Ok($$$"""{"server": {"id": "srv-1", "name": "nfv-vr", "status": "ACTIVE", "metadata": {}, "OS-EXT-SRV-ATTR:host": "nfv-compute-1", "OS-EXT-AZ:availability_zone": "{{{zone}}}"}}""");
        }

        if (method == HttpMethod.Get && path == "/flavors/m1.dataplane")
        {
            return (HttpStatusCode.NotFound, """{"itemNotFound": {"code": 404, "message": "Flavor m1.dataplane could not be found."}}""");
        }

        if (method == HttpMethod.Get && path == "/flavors/detail?is_public=None")
        {
            return Ok("""{"flavors": [{"id": "f-1", "name": "m1.dataplane"}, {"id": "f-2", "name": "twin"}, {"id": "f-3", "name": "twin"}]}""");
        }

        return (HttpStatusCode.NotFound, """{"itemNotFound": {"code": 404, "message": "not scripted"}}""");
    }

    private static NovaServerRequest Request(string? zone) => new(
        "nfv-vr", "flavor-1", "image-1", ["port-1", "port-2"], new Dictionary<string, string> { ["nfvmano-vnfc"] = "vr-1" }, "group-1", zone);

    [Fact]
    public async Task CreateServer_WithTheGrantsZone_SendsTheGoldenBody_AndReadsBackTheZoneNovaPutItIn()
    {
        var scripted = new ScriptedCloud((m, p, _) => Nova(m, p));
        var nova = scripted.Connect().Nova;

        var server = await nova.CreateServerAsync(Request("az-edge"), null, None);

        Assert.Equal(
            """{"server":{"name":"nfv-vr","flavorRef":"flavor-1","imageRef":"image-1","networks":[{"port":"port-1"},{"port":"port-2"}],"metadata":{"nfvmano-vnfc":"vr-1"},"availability_zone":"az-edge"},"os:scheduler_hints":{"group":"group-1"}}""",
            Assert.Single(scripted.Sent(HttpMethod.Post, "/servers"))!.ToJsonString());
        Assert.Equal("az-edge", server.AvailabilityZone);
        Assert.Equal("nfv-compute-1", server.Host);
    }

    [Fact]
    public async Task CreateServer_WithPeerServers_SendsDifferentHostAndSameHostHintsBesideTheGroup()
    {
        var scripted = new ScriptedCloud((m, p, _) => Nova(m, p));
        var request = Request(null) with { DifferentHostFrom = ["srv-a", "srv-b"], SameHostAs = ["srv-c"] };

        await scripted.Connect().Nova.CreateServerAsync(request, null, None);

        Assert.Equal(
            """{"group":"group-1","different_host":["srv-a","srv-b"],"same_host":["srv-c"]}""",
            Assert.Single(scripted.Sent(HttpMethod.Post, "/servers"))!["os:scheduler_hints"]!.ToJsonString());
    }

    [Fact]
    public async Task CreateServer_WithoutAZone_LeavesTheChoiceToNova_AndRecordsItsChoice()
    {
        var scripted = new ScriptedCloud((m, p, _) => Nova(m, p, zone: "nova"));
        var server = await scripted.Connect().Nova.CreateServerAsync(Request(null), null, None);

        Assert.Null(Assert.Single(scripted.Sent(HttpMethod.Post, "/servers"))!["server"]!["availability_zone"]);
        Assert.Equal("nova", server.AvailabilityZone);
    }

    [Theory]
    [InlineData("BUILD", null, "it is still BUILD after 0.3 s (wanted ACTIVE)")]
    [InlineData("ERROR", "Build of instance srv-1 aborted: Failed to allocate the network(s), not rescheduling.",
        "it went to ERROR: Build of instance srv-1 aborted: Failed to allocate the network(s), not rescheduling.")]
    public async Task CreateServer_ThatNeverBecomesActive_FailsWithinTheTimeout_NamingTheStatusOrNovasFault(string status, string? fault, string expected)
    {
        var scripted = new ScriptedCloud((m, p, _) => m == HttpMethod.Get && p == "/servers/srv-1"
            ? Ok(new JsonObject
            {
                ["server"] = new JsonObject
                {
                    ["id"] = "srv-1", ["name"] = "nfv-vr", ["status"] = status, ["metadata"] = new JsonObject(),
                    ["fault"] = fault is null ? null : new JsonObject { ["code"] = 500, ["message"] = fault },
                },
            }.ToJsonString())
            : Nova(m, p));
        var nova = scripted.Connect(new OpenStackVimOptions
        {
            AuthUrl = "http://keystone.example/v3", Username = "u", Password = "p", ProjectName = "p",
            ServerTimeout = TimeSpan.FromMilliseconds(300), PollInterval = TimeSpan.FromMilliseconds(20),
        }).Nova;

        var e = await Assert.ThrowsAsync<OpenStackException>(() => nova.CreateServerAsync(Request(null), null, None));
        Assert.Equal("compute", e.Service);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.IsNotType<NoValidHostException>(e);
    }

    [Theory]
    [InlineData("2.95", "2.93")]
    [InlineData("2.88", "2.88")]
    public async Task Microversion_IsTheLowerOfOursAndTheClouds_RecordedAndSentOnEveryCall(string cloudMax, string negotiated)
    {
        var scripted = new ScriptedCloud((m, p, _) => Nova(m, p, cloudMax));
        var nova = scripted.Connect().Nova;

        await nova.CreateServerAsync(Request(null), null, None);

        Assert.Equal(negotiated, nova.Microversion);
        Assert.Equal(cloudMax, nova.CloudMaxMicroversion);
        // The version document is read without one; every call after it carries the negotiated version.
        Assert.Null(scripted.ApiVersions[0]);
        Assert.All(scripted.ApiVersions.Skip(1), v => Assert.Equal($"compute {negotiated}", v));
    }

    [Fact]
    public async Task Microversion_WhenTheCloudOffersLessThan278_RefusesSayingWhy()
    {
        var nova = new ScriptedCloud((m, p, _) => Nova(m, p, "2.60")).Connect().Nova;
        var e = await Assert.ThrowsAsync<OpenStackException>(() => nova.NegotiateAsync(None));
        Assert.Contains("offers microversions up to 2.60; NfvMano needs 2.78", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveFlavor_AnOperatorsFlavorByName_GivesItsId_AndSaysWhatIsWrongOtherwise()
    {
        var nova = new ScriptedCloud((m, p, _) => Nova(m, p)).Connect().Nova;

        Assert.Equal("f-1", await nova.ResolveFlavorAsync("m1.dataplane", None));
        var missing = await Assert.ThrowsAsync<OpenStackException>(() => nova.ResolveFlavorAsync("m1.none", None));
        Assert.Contains("no flavor has the id or name 'm1.none'", missing.Message, StringComparison.Ordinal);
        var twins = await Assert.ThrowsAsync<OpenStackException>(() => nova.ResolveFlavorAsync("twin", None));
        Assert.Contains("2 flavors are named 'twin' (f-2, f-3)", twins.Message, StringComparison.Ordinal);
    }
}
