using System.Net;
using System.Text.Json;
using NfvMano.Testing;

namespace NfvMano.Server.Tests;

public sealed class StartupTests
{
    [Fact]
    public async Task Start_OnTheRunProvider_IsLiveAndReady()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var server = new NfvManoServerFactory(database);
        using var client = server.CreateClient();

        var live = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Start_ServesOpenApiDocsAndPrometheusMetrics()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var server = new NfvManoServerFactory(database);
        using var client = server.CreateClient();

        var openApi = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var docs = await client.GetAsync(new Uri("/scalar/v1", UriKind.Relative));
        await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        using var document = JsonDocument.Parse(openApi);
        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("text/html", docs.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("target_info", metrics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Database__Provider", "Oracle", "Database:Provider")]
    [InlineData("Database__Provider", "PostgreSql", "Database:ConnectionString")]
    [InlineData("Telemetry__OtlpEndpoint", "ftp://collector", "Telemetry:OtlpEndpoint")]
    [InlineData("Telemetry__ServiceName", "", "Telemetry:ServiceName")]
    public async Task Start_WithABadSetting_ExitsNamingTheKeyAndCreatesNothing(string variable, string value, string expectedKey)
    {
        using var process = new ServerProcess(new Dictionary<string, string> { [variable] = value });

        var (exitCode, _, stderr) = await process.RunToExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains(expectedKey, stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(process.WorkingDirectory, "data")), "a rejected start must not create the database");
    }
}
