using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NfvMano.Vim.OpenStack.Flavors;
using NfvMano.Vim.Storage;

namespace NfvMano.Vim.OpenStack.Tests.Live;

/// <summary>The OpenStack of tests/support/openstack/up.sh, from its environment variables.</summary>
internal static class LiveCloud
{
    public static OpenStackVimOptions Options() => new()
    {
        AuthUrl = Env("NFVMANO_OPENSTACK_AUTH_URL"),
        Username = Env("NFVMANO_OPENSTACK_USERNAME"),
        Password = Env("NFVMANO_OPENSTACK_PASSWORD"),
        ProjectName = Env("NFVMANO_OPENSTACK_PROJECT"),
        UserDomainName = Environment.GetEnvironmentVariable("NFVMANO_OPENSTACK_USER_DOMAIN") ?? "Default",
        ProjectDomainName = Environment.GetEnvironmentVariable("NFVMANO_OPENSTACK_PROJECT_DOMAIN") ?? "Default",
        Region = Environment.GetEnvironmentVariable("NFVMANO_OPENSTACK_REGION") ?? "RegionOne",
        ServerTimeout = TimeSpan.FromSeconds(90),
        PollInterval = TimeSpan.FromMilliseconds(300),
    };

    public static OpenStackCloud Connect(OpenStackVimOptions? options = null) =>
        new(new HttpClient(), options ?? Options(), TimeProvider.System);

    /// <summary>A unique suffix so runs and parallel tests never share a name.</summary>
    public static string Unique(string stem) => $"nfv-test-{stem}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The sample vRouter's data-plane VDU requirements, from the golden file that pins their translation.</summary>
    public static FlavorRequest VRouterDataPlane()
    {
        var golden = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(
            Path.Combine(AppContext.BaseDirectory, "Flavors", "Golden", "vrouter-dataplane.json")))!;
        var json = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)
        {
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        };
        return System.Text.Json.JsonSerializer.Deserialize<FlavorRequest>(golden["request"], json)!;
    }

    /// <summary>Uploads an image of <paramref name="bytes"/> random bytes named <paramref name="name"/> through the driver.</summary>
    public static async Task<VimImage> RandomImageAsync(OpenStackVimDriver driver, string name, int bytes = 4096)
    {
        var file = Path.Combine(Path.GetTempPath(), name + ".raw");
        await File.WriteAllBytesAsync(file, RandomNumberGenerator.GetBytes(bytes));
        try
        {
            return await driver.CreateImageAsync(new ImageSpec(driver.Cloud.Options.Region, name, file, "raw"), CancellationToken.None);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Puts nfv-compute-2 alone into an availability zone of its own, as an operator would (a host aggregate), and
    /// returns the aggregate's id for <see cref="RemoveZoneAsync"/>; nfv-compute-1 stays in Nova's default zone.
    /// </summary>
    public static async Task<string> ZoneOfComputeTwoAsync(OpenStackCloud cloud, string zone)
    {
        var created = await cloud.Http.SendAsync("compute", HttpMethod.Post, "/os-aggregates",
            new JsonObject { ["aggregate"] = new JsonObject { ["name"] = zone, ["availability_zone"] = zone } }, cancellationToken: CancellationToken.None);
        var aggregate = ((int)created!["aggregate"]!["id"]!).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await cloud.Http.SendAsync("compute", HttpMethod.Post, $"/os-aggregates/{aggregate}/action",
            new JsonObject { ["add_host"] = new JsonObject { ["host"] = "nfv-compute-2" } }, cancellationToken: CancellationToken.None);
        return aggregate;
    }

    /// <summary>Takes the zone of <see cref="ZoneOfComputeTwoAsync"/> away again; nothing when <paramref name="aggregate"/> is null.</summary>
    public static async Task RemoveZoneAsync(OpenStackCloud cloud, string? aggregate)
    {
        if (aggregate is null)
        {
            return;
        }

        await cloud.Http.SendAsync("compute", HttpMethod.Post, $"/os-aggregates/{aggregate}/action",
            new JsonObject { ["remove_host"] = new JsonObject { ["host"] = "nfv-compute-2" } }, allowNotFound: true, cancellationToken: CancellationToken.None);
        await cloud.Http.SendAsync("compute", HttpMethod.Delete, $"/os-aggregates/{aggregate}", allowNotFound: true, cancellationToken: CancellationToken.None);
    }

    private static string Env(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : throw new InvalidOperationException($"{name} is not set");
}
