using NfvMano.Vim.OpenStack.Flavors;

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

    private static string Env(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : throw new InvalidOperationException($"{name} is not set");
}
