using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using NfvMano.Vim.OpenStack.Identity;

namespace NfvMano.Vim.OpenStack.Tests.Identity;

public sealed class KeystoneTests
{
    private static string Recorded(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    [Fact]
    public void Parse_RecordedPasswordToken_ReadsExpiryProjectRolesAndCatalog()
    {
        var token = KeystoneToken.Parse("gAAAA-secret", Recorded("token-password.json"));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 23, 0, 0, TimeSpan.Zero), token.ExpiresAt);
        Assert.Equal("8a0c8f5cd2b64a05b3b2a1b1a7e3e2c4", token.ProjectId);
        Assert.Equal(["admin", "member"], token.Roles);
        Assert.Equal("http://nova.example:8774/v2.1", token.Catalog.Resolve("compute", "RegionOne", "public"));
        Assert.Equal("http://nova.internal:8774/v2.1", token.Catalog.Resolve("compute", "RegionOne", "internal"));
        Assert.Equal("http://nova.two:8774/v2.1", token.Catalog.Resolve("compute", "RegionTwo", "public"));
        Assert.DoesNotContain("secret", token.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_WhenRegionHasNoEndpoint_SaysWhatIsOffered()
    {
        var token = KeystoneToken.Parse("t", Recorded("token-password.json"));
        var e = Assert.Throws<OpenStackException>(() => token.Catalog.Resolve("network", "RegionTwo", "public"));
        Assert.Contains("no 'network' endpoint in region 'RegionTwo' on interface 'public' (offered: RegionOne/public)", e.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<OpenStackException>(() => token.Catalog.Resolve("image", "RegionOne", "public"));
        Assert.Contains("has no 'image' service (it has: compute, network)", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AuthRequest_WithPassword_ScopesToTheProject()
    {
        var body = KeystoneAuthenticator.AuthRequest(new OpenStackVimOptions
        {
            Username = "u", Password = "p", ProjectName = "proj", UserDomainName = "D1", ProjectDomainName = "D2",
        });
        Assert.Equal("password", (string?)body["auth"]!["identity"]!["methods"]![0]);
        Assert.Equal("D1", (string?)body["auth"]!["identity"]!["password"]!["user"]!["domain"]!["name"]);
        Assert.Equal("proj", (string?)body["auth"]!["scope"]!["project"]!["name"]);
        Assert.Equal("D2", (string?)body["auth"]!["scope"]!["project"]!["domain"]!["name"]);
    }

    [Fact]
    public void AuthRequest_WithApplicationCredential_HasNoScope()
    {
        var body = KeystoneAuthenticator.AuthRequest(new OpenStackVimOptions { ApplicationCredentialId = "ac", ApplicationCredentialSecret = "s" });
        Assert.Equal("application_credential", (string?)body["auth"]!["identity"]!["methods"]![0]);
        Assert.Equal("ac", (string?)body["auth"]!["identity"]!["application_credential"]!["id"]);
        Assert.Null(body["auth"]!["scope"]);
    }

    [Fact]
    public async Task GetToken_BeforeTheRenewalMargin_ReusesIt_AfterIt_Renews()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 22, 0, 0, TimeSpan.Zero));
        var handler = new RecordedKeystone(Recorded("token-password.json"));
        using var http = new HttpClient(handler);
        var auth = new KeystoneAuthenticator(http, new OpenStackVimOptions
        {
            AuthUrl = "http://keystone.example/v3", Username = "u", Password = "p", ProjectName = "p", TokenRenewBefore = TimeSpan.FromMinutes(5),
        }, time);

        await auth.GetTokenAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(54));
        await auth.GetTokenAsync(CancellationToken.None);
        Assert.Equal(1, auth.TokensIssued);

        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await auth.GetTokenAsync(CancellationToken.None);
        Assert.Equal(2, auth.TokensIssued);
        Assert.Equal("http://keystone.example/v3/auth/tokens", handler.LastUrl);
    }

    [Fact]
    public async Task GetToken_WhenKeystoneRefuses_SaysWhoFailedAndWhy()
    {
        var handler = new RecordedKeystone("""{"error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}}""", HttpStatusCode.Unauthorized);
        using var http = new HttpClient(handler);
        var auth = new KeystoneAuthenticator(http, new OpenStackVimOptions
        {
            AuthUrl = "http://keystone.example/v3", Username = "alice", Password = "wrong", ProjectName = "nfv",
        }, TimeProvider.System);
        var e = await Assert.ThrowsAsync<OpenStackException>(() => auth.GetTokenAsync(CancellationToken.None));
        Assert.Equal("identity", e.Service);
        Assert.Contains("user 'alice' (domain 'Default') scoped to project 'nfv'", e.Message, StringComparison.Ordinal);
        Assert.Contains("requires authentication", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", e.Message, StringComparison.Ordinal);
    }

    private sealed class RecordedKeystone(string body, HttpStatusCode status = HttpStatusCode.Created) : HttpMessageHandler
    {
        public string? LastUrl { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            LastUrl = request.RequestUri!.ToString();
            var response = new HttpResponseMessage(status) { Content = new StringContent(body) };
            if (status == HttpStatusCode.Created)
            {
                response.Headers.Add("X-Subject-Token", "token-" + Guid.NewGuid().ToString("N"));
            }

            return Task.FromResult(response);
        }
    }
}
