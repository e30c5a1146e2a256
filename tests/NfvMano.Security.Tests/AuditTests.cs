using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NfvMano.Persistence.Audit;

namespace NfvMano.Security.Tests;

/// <summary>The audit trail of state-changing requests and the admin API that shows it, on the real server.</summary>
public sealed class AuditTests(SecuredServer server) : IClassFixture<SecuredServer>
{
    private async Task<IReadOnlyList<AuditEntryEntity>> EntriesAsync() =>
        await server.Factory.Services.GetRequiredService<AuditTrail>().SearchAsync(new AuditQuery { Limit = AuditTrail.MaxLimit }, CancellationToken.None);

    [Fact]
    public async Task StateChangingRequests_AreRecordedWithWhoTenantRouteResourceAndStatus_ReadsAreNot_AndNoBodyOrSecretIsKept()
    {
        var bodyMarker = "body-marker-" + Guid.NewGuid().ToString("N");
        var wrongSecret = "wrong-secret-" + Guid.NewGuid().ToString("N");
        using var a = await server.AsAsync(SecuredServer.TenantA);

        using var created = await a.PostAsJsonAsync("/vnfpkgm/v1/vnf_packages", new JsonObject { ["userDefinedData"] = new JsonObject { ["note"] = bodyMarker } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var packageId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        var missing = Guid.NewGuid().ToString();
        using var deleted = await a.DeleteAsync(new Uri($"/vnfpkgm/v1/vnf_packages/{missing}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
        using var listed = await a.GetAsync(new Uri("/vnfpkgm/v1/vnf_packages", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);

        using var anonymous = server.Anonymous();
        using var refused = await anonymous.PostAsJsonAsync("/vnfpkgm/v1/vnf_packages", new JsonObject());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var badToken = await anonymous.PostAsync(new Uri("/oauth2/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = SecuredServer.TenantB, ["client_secret"] = wrongSecret,
        }));
        Assert.False(badToken.IsSuccessStatusCode);

        // Written before the answer left: no waiting needed.
        var entries = await EntriesAsync();
        Assert.Contains(entries, e => e is { Channel: "api", Actor: SecuredServer.TenantA, TenantId: SecuredServer.TenantA, Method: "POST", Route: "/vnfpkgm/v1/vnf_packages", StatusCode: 201 }
            && e.ResourceId == packageId && e.OccurredAt > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Contains(entries, e => e is { Actor: SecuredServer.TenantA, Method: "DELETE", Route: "/vnfpkgm/v1/vnf_packages/{vnfPkgId}", StatusCode: 404 } && e.ResourceId == missing);
        Assert.Contains(entries, e => e is { Actor: "anonymous", TenantId: null, Method: "POST", Route: "/vnfpkgm/v1/vnf_packages", StatusCode: 401 });
        Assert.Contains(entries, e => e is { Actor: SecuredServer.TenantB, Method: "POST", Route: "/oauth2/token" } && e.StatusCode == (int)badToken.StatusCode);
        Assert.DoesNotContain(entries, e => e.Method is "GET" or "HEAD");
        var stored = string.Join("\n", entries.Select(e => $"{e.Actor} {e.TenantId} {e.Method} {e.Route} {e.ResourceId} {e.RemoteAddress}"));
        Assert.DoesNotContain(bodyMarker, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongSecret, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(SecuredServer.Secret, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConsoleAction_RecordedThroughTheTrail_IsListedByTheAdminApiAsAConsoleEntry()
    {
        var trail = server.Factory.Services.GetRequiredService<AuditTrail>();
        var instance = Guid.NewGuid().ToString();
        await trail.RecordConsoleActionAsync("alice", SecuredServer.TenantA, "terminate", "/instances/{vnfInstanceId}", instance, 409, DateTimeOffset.UtcNow, CancellationToken.None);
        using var admin = await server.AsAsync(SecuredServer.Admin);
        var entry = Assert.Single((await admin.GetFromJsonAsync<JsonArray>($"/admin/v1/audit?resourceId={instance}"))!)!;
        Assert.Equal("console", (string)entry["channel"]!);
        Assert.Equal("alice", (string)entry["actor"]!);
        Assert.Equal("terminate", (string)entry["method"]!);
        Assert.Equal(409, (int)entry["statusCode"]!);
        Assert.Single((await admin.GetFromJsonAsync<JsonArray>($"/admin/v1/audit?actor=alice&outcome=failed&method=terminate"))!);
    }

    [Fact]
    public async Task AuditApi_AnswersAdministratorsOnly_WithTheFiltersApplied()
    {
        using var a = await server.AsAsync(SecuredServer.TenantA);
        using var created = await a.PostAsJsonAsync("/vnfpkgm/v1/vnf_packages", new JsonObject());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var failed = await a.DeleteAsync(new Uri($"/vnfpkgm/v1/vnf_packages/{Guid.NewGuid()}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, failed.StatusCode);

        // Every API scope is not enough: "*" does not make an administrator.
        Assert.Equal(HttpStatusCode.Forbidden, (await a.GetAsync(new Uri("/admin/v1/audit", UriKind.Relative))).StatusCode);

        using var admin = await server.AsAsync(SecuredServer.Admin);
        var all = (await admin.GetFromJsonAsync<JsonArray>("/admin/v1/audit"))!;
        Assert.Contains(all, e => (string)e!["actor"]! == SecuredServer.TenantA && (string)e["method"]! == "POST" && (int)e["statusCode"]! == 201);
        var times = all.Select(e => DateTimeOffset.Parse((string)e!["occurredAt"]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);

        var failures = (await admin.GetFromJsonAsync<JsonArray>($"/admin/v1/audit?actor={SecuredServer.TenantA}&method=delete&outcome=failed&route=vnf_packages&limit=5"))!;
        Assert.NotEmpty(failures);
        Assert.All(failures, e =>
        {
            Assert.Equal(SecuredServer.TenantA, (string)e!["actor"]!);
            Assert.Equal(SecuredServer.TenantA, (string)e["tenant"]!);
            Assert.Equal("DELETE", (string)e["method"]!);
            Assert.True((int)e["statusCode"]! >= 400);
        });
        var future = (await admin.GetFromJsonAsync<JsonArray>("/admin/v1/audit?from=" + Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture))))!;
        Assert.Empty(future);

        using var bad = await admin.GetAsync(new Uri("/admin/v1/audit?outcome=maybe&limit=0&from=yesterday", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var detail = (string)(await bad.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!;
        Assert.Contains("outcome", detail, StringComparison.Ordinal);
        Assert.Contains("limit", detail, StringComparison.Ordinal);
        Assert.Contains("from", detail, StringComparison.Ordinal);
    }
}

/// <summary>The OpenAPI document tells generated clients how to get and send a token.</summary>
public sealed class OpenApiSecurityTests(SecuredServer server) : IClassFixture<SecuredServer>
{
    [Fact]
    public async Task OpenApiDocument_DeclaresClientCredentialsWithEveryScope_AndEachOperationsScopes()
    {
        using var http = server.Anonymous();
        var document = (await http.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var flow = document["components"]!["securitySchemes"]!["oauth2"]!["flows"]!["clientCredentials"]!;
        Assert.Equal("/oauth2/token", (string)flow["tokenUrl"]!);
        Assert.All(ApiScopes.All, s => Assert.NotNull(flow["scopes"]![s]));
        string[] ScopesOf(string path, string method) =>
            [.. document["paths"]![path]![method]!["security"]![0]!["oauth2"]!.AsArray().Select(s => (string)s!)];
        Assert.Equal(["vnflcm:write"], ScopesOf("/vnflcm/v1/vnf_instances", "post"));
        Assert.Equal(["vnflcm:read", "vnflcm:write"], ScopesOf("/vnflcm/v1/vnf_instances", "get"));
        Assert.Equal(["admin:read", "admin:write"], ScopesOf("/admin/v1/audit", "get"));
    }
}
