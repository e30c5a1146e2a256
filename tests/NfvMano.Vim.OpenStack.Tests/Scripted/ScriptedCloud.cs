using System.Net;
using System.Text.Json.Nodes;

namespace NfvMano.Vim.OpenStack.Tests.Scripted;

/// <summary>
/// An OpenStack that answers from a script and records every request with its body: for golden request bodies and
/// for read-back logic without a live cloud. Keystone answers with the recorded token (extended by an image service).
/// </summary>
internal sealed class ScriptedCloud : HttpMessageHandler
{
    private readonly Func<HttpMethod, string, JsonNode?, (HttpStatusCode Status, string Body)> _answer;

    public ScriptedCloud(Func<HttpMethod, string, JsonNode?, (HttpStatusCode Status, string Body)> answer) => _answer = answer;

    /// <summary>Every request but Keystone's: method, path and query below the endpoint, JSON body.</summary>
    public List<(HttpMethod Method, string Path, JsonNode? Body)> Requests { get; } = [];

    /// <summary>The <c>OpenStack-API-Version</c> header of every request (null where none was sent), in order.</summary>
    public List<string?> ApiVersions { get; } = [];

    /// <summary>The bodies sent with <paramref name="method"/> to paths starting with <paramref name="path"/>.</summary>
    public IReadOnlyList<JsonNode?> Sent(HttpMethod method, string path) =>
        [.. Requests.Where(r => r.Method == method && r.Path.StartsWith(path, StringComparison.Ordinal)).Select(r => r.Body)];

    public OpenStackCloud Connect(OpenStackVimOptions? options = null) => new(new HttpClient(this), options ?? new OpenStackVimOptions
    {
        AuthUrl = "http://keystone.example/v3", Username = "u", Password = "p", ProjectName = "p", MaxAttempts = 1,
        PollInterval = TimeSpan.FromMilliseconds(1), ServerTimeout = TimeSpan.FromSeconds(5),
    }, TimeProvider.System);

    private static string Token()
    {
        var token = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "token-password.json")))!;
        token["token"]!["expires_at"] = "2999-01-01T00:00:00.000000Z";
        token["token"]!["catalog"]!.AsArray().Add(new JsonObject
        {
            ["id"] = "s3", ["type"] = "image", ["name"] = "glance",
            ["endpoints"] = new JsonArray(new JsonObject { ["id"] = "e5", ["interface"] = "public", ["region_id"] = "RegionOne", ["region"] = "RegionOne", ["url"] = "http://glance.example:9292" }),
        });
        return token.ToJsonString();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        if (uri.AbsolutePath.EndsWith("/auth/tokens", StringComparison.Ordinal))
        {
            var issued = new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent(Token()) };
            issued.Headers.Add("X-Subject-Token", "token");
            return issued;
        }

        var path = uri.PathAndQuery.StartsWith("/v2.1", StringComparison.Ordinal) ? uri.PathAndQuery[5..] : uri.PathAndQuery;
        JsonNode? body = null;
        if (request.Content is not null && request.Content.Headers.ContentType?.MediaType == "application/json")
        {
            body = JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken));
        }

        Requests.Add((request.Method, Uri.UnescapeDataString(path), body));
        ApiVersions.Add(request.Headers.TryGetValues("OpenStack-API-Version", out var versions) ? versions.First() : null);
        var (status, text) = _answer(request.Method, Uri.UnescapeDataString(path), body);
        return new HttpResponseMessage(status) { Content = new StringContent(text) };
    }
}
