using System.Net.Http.Headers;
using NfvMano.Security;
using NfvMano.Server.Tests;
using NfvMano.Testing;

namespace NfvMano.Security.Tests;

/// <summary>
/// The real server in process with clients of two tenants registered by configuration: <c>tenant-a</c> and
/// <c>tenant-b</c> (every API scope), <c>readers</c> (every read scope, tenant A), per API <c>without-{api}</c>
/// (every API scope but that API's, tenant A), and the administrator <c>admin</c> (tenant <c>operations</c>). Shared by the tests of a class.
/// </summary>
public sealed class SecuredServer : IAsyncLifetime
{
    public const string Secret = "a-secret-of-the-security-tests";
    public const string TenantA = "tenant-a";
    public const string TenantB = "tenant-b";

    /// <summary>An administrator (every API scope and <c>admin:read</c>) whose own tenant is <see cref="AdminTenant"/>.</summary>
    public const string Admin = "admin";
    public const string AdminTenant = "operations";

    private readonly Dictionary<string, string> _tokens = [];
    private TestDatabase? _database;
    private NfvManoServerFactory? _factory;

    public NfvManoServerFactory Factory => _factory ?? throw new InvalidOperationException("not started");

    /// <summary>Resources of tenant A the tests of a class share (ids by route parameter), made by the first that needs them.</summary>
    public Task<Dictionary<string, string>>? TenantAResources { get; set; }

    public static IEnumerable<(string Id, string Secret, string Scopes, string Tenant)> Clients()
    {
        yield return (TenantA, Secret, "*", TenantA);
        yield return (TenantB, Secret, "*", TenantB);
        // Not administrators (no admin scope), so that they see only tenant A; "without-admin" is every API scope.
        yield return ("readers", Secret, string.Join(' ', ApiScopes.AllButAdmin.Where(s => s.EndsWith(":read", StringComparison.Ordinal))), TenantA);
        foreach (var api in ApiScopes.Apis)
        {
            yield return ("without-" + api, Secret, string.Join(' ', ApiScopes.AllButAdmin.Where(s => !s.StartsWith(api + ":", StringComparison.Ordinal))), TenantA);
        }

        yield return (Admin, Secret, "* admin:read", AdminTenant);
    }

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?>
        {
            // Subscribers listen nowhere: creating a subscription must not call them.
            ["NfvMano:Notifications:TestCallbackOnCreate"] = "false",
            ["NfvMano:Catalogue:PollInterval"] = "00:00:00.200",
            // Every endpoint is called several times within a minute, uploads included (LimitsTests test the limit).
            ["NfvMano:Security:UploadsPerMinute"] = "10000",
        };
        foreach (var (key, value) in TestApiClient.Settings(":", [.. Clients()]))
        {
            settings[key] = value;
        }

        _factory = new NfvManoServerFactory(_database, settings);
        _ = _factory.Server;
    }

    /// <summary>A client without credentials.</summary>
    public HttpClient Anonymous() => Factory.Server.CreateClient();

    /// <summary>A client sending the named configured client's token.</summary>
    public async Task<HttpClient> AsAsync(string clientId)
    {
        if (!_tokens.TryGetValue(clientId, out var token))
        {
            using var anonymous = Anonymous();
            token = await TestApiClient.RequestTokenAsync(anonymous, clientId, Secret);
            _tokens[clientId] = token;
        }

        var http = Anonymous();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
