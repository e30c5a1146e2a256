using System.Net;
using NfvMano.Vim.OpenStack.Http;
using NfvMano.Vim.OpenStack.Identity;

namespace NfvMano.Vim.OpenStack.Tests.Http;

public sealed class OpenStackHttpTests
{
    private static readonly string Token = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "token-password.json"))
        .Replace("2026-11-23T23:00:00.000000Z", "2999-01-01T00:00:00.000000Z", StringComparison.Ordinal);

    private static (OpenStackHttp Http, Scripted Handler) Create(params (HttpStatusCode Status, string Body)[] answers) =>
        Create(TimeProvider.System, 3, answers);

    private static (OpenStackHttp Http, Scripted Handler) Create(TimeProvider time, int attempts, params (HttpStatusCode Status, string Body)[] answers)
    {
        var handler = new Scripted(answers);
        var client = new HttpClient(handler);
        var options = new OpenStackVimOptions
        {
            AuthUrl = "http://keystone.example/v3", Username = "u", Password = "p", ProjectName = "p", MaxAttempts = attempts,
            CircuitBreakerThreshold = 3, CircuitBreakerBreak = TimeSpan.FromSeconds(30),
        };
        var auth = new KeystoneAuthenticator(client, options, time);
        return (new OpenStackHttp(client, auth, options, time), handler);
    }

    [Fact]
    public async Task Service_After3Failures_IsHeldBackForTheBreak_ThenProbedAgain()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var (http, handler) = Create(time, 1, (HttpStatusCode.BadGateway, ""), (HttpStatusCode.BadGateway, ""), (HttpStatusCode.BadGateway, ""), (HttpStatusCode.OK, "{}"));
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<OpenStackException>(() => http.SendAsync("compute", HttpMethod.Get, "/servers"));
        }

        var held = await Assert.ThrowsAsync<OpenStackException>(() => http.SendAsync("compute", HttpMethod.Get, "/servers"));
        Assert.Contains("not sent: the last 3 calls to compute failed", held.Message, StringComparison.Ordinal);
        Assert.Equal(3, handler.Calls.Count);

        time.Advance(TimeSpan.FromSeconds(31));
        await http.SendAsync("compute", HttpMethod.Get, "/servers");
        await http.SendAsync("compute", HttpMethod.Get, "/servers");
        Assert.Equal(5, handler.Calls.Count);
    }

    [Fact]
    public async Task Get_On503_RetriesThenSucceeds()
    {
        var (http, handler) = Create((HttpStatusCode.ServiceUnavailable, ""), (HttpStatusCode.OK, """{"servers": []}"""));
        var answer = await http.SendAsync("compute", HttpMethod.Get, "/servers");
        Assert.NotNull(answer?["servers"]);
        Assert.Equal(1, http.Retries);
        Assert.Equal(["GET http://nova.example:8774/v2.1/servers", "GET http://nova.example:8774/v2.1/servers"], handler.Calls);
    }

    [Fact]
    public async Task Post_On503_IsNotRetried_AndTheErrorNamesServiceAndReason()
    {
        var (http, handler) = Create((HttpStatusCode.ServiceUnavailable, """{"computeFault": {"code": 503, "message": "Service is busy"}}"""));
        var e = await Assert.ThrowsAsync<OpenStackException>(() => http.SendAsync("compute", HttpMethod.Post, "/servers", new System.Text.Json.Nodes.JsonObject()));
        Assert.Single(handler.Calls);
        Assert.Equal("compute refused POST /servers: 503 ServiceUnavailable: Service is busy (computeFault)", e.Message);
    }

    [Fact]
    public async Task Request_On401_AuthenticatesAgainOnce()
    {
        var (http, handler) = Create((HttpStatusCode.Unauthorized, ""), (HttpStatusCode.OK, "{}"));
        await http.SendAsync("network", HttpMethod.Post, "/v2.0/networks", new System.Text.Json.Nodes.JsonObject());
        Assert.Equal(2, http.Auth.TokensIssued);
        Assert.Equal(2, handler.Calls.Count);
    }

    [Fact]
    public async Task NeutronError_IsReadWithItsType()
    {
        var (http, _) = Create((HttpStatusCode.Conflict, """{"NeutronError": {"type": "VlanIdInUse", "message": "Unable to create the network. The VLAN 101 on physical network physnet-data1 is in use.", "detail": ""}}"""));
        var e = await Assert.ThrowsAsync<OpenStackException>(() => http.SendAsync("network", HttpMethod.Post, "/v2.0/networks", new System.Text.Json.Nodes.JsonObject()));
        Assert.Equal(HttpStatusCode.Conflict, e.StatusCode);
        Assert.EndsWith("The VLAN 101 on physical network physnet-data1 is in use. (VlanIdInUse)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_OnAConnectionError_IsNotRetried_Get_IsRetried()
    {
        var handler = new Failing(_ => throw new HttpRequestException("Connection refused (nova.example:8774)"));
        var http = Create(handler, TimeSpan.FromSeconds(5));

        var post = await Assert.ThrowsAsync<OpenStackException>(() => http.SendAsync("compute", HttpMethod.Post, "/servers", new System.Text.Json.Nodes.JsonObject()));
        Assert.Equal(1, handler.Calls);
        Assert.Contains("Connection refused (nova.example:8774) (after 1 attempt(s))", post.Message, StringComparison.Ordinal);

        var get = await Assert.ThrowsAsync<OpenStackException>(() => http.SendAsync("compute", HttpMethod.Get, "/servers"));
        Assert.Equal(1 + 3, handler.Calls);
        Assert.Contains("(after 3 attempt(s))", get.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WithNoAnswerWithinTheRequestTimeout_IsRetried_ThenSaysItTimedOut()
    {
        var handler = new Failing(async ct => await Task.Delay(TimeSpan.FromSeconds(30), ct));
        var http = Create(handler, TimeSpan.FromMilliseconds(100));

        var e = await Assert.ThrowsAsync<OpenStackException>(() => http.SendAsync("network", HttpMethod.Get, "/v2.0/networks"));
        Assert.Equal(3, handler.Calls);
        Assert.Contains("no answer within 0.1 s (after 3 attempt(s))", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 100, 200)]
    [InlineData(2, 200, 400)]
    [InlineData(3, 400, 800)]
    public void Backoff_DoublesPerAttempt_AndJittersTheUpperHalf(int attempt, double lowMs, double highMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(lowMs), OpenStackHttp.Backoff(attempt, 0));
        Assert.Equal(TimeSpan.FromMilliseconds((lowMs + highMs) / 2), OpenStackHttp.Backoff(attempt, 0.5));
        Assert.True(OpenStackHttp.Backoff(attempt, 0.999) < TimeSpan.FromMilliseconds(highMs));
    }

    private static OpenStackHttp Create(HttpMessageHandler handler, TimeSpan timeout)
    {
        var client = new HttpClient(handler);
        var options = new OpenStackVimOptions
        {
            AuthUrl = "http://keystone.example/v3", Username = "u", Password = "p", ProjectName = "p", MaxAttempts = 3,
            CircuitBreakerThreshold = 100, RequestTimeout = timeout,
        };
        return new OpenStackHttp(client, new KeystoneAuthenticator(client, options, TimeProvider.System), options, TimeProvider.System);
    }

    // Keystone answers; every other call runs the given failure.
    private sealed class Failing(Func<CancellationToken, Task> fail) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/auth/tokens", StringComparison.Ordinal))
            {
                var issued = new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent(Token) };
                issued.Headers.Add("X-Subject-Token", "t");
                return issued;
            }

            Calls++;
            await fail(cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") };
        }
    }

    private sealed class Scripted((HttpStatusCode Status, string Body)[] answers) : HttpMessageHandler
    {
        private int _next;

        public List<string> Calls { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/auth/tokens", StringComparison.Ordinal))
            {
                var issued = new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent(Token) };
                issued.Headers.Add("X-Subject-Token", Guid.NewGuid().ToString("N"));
                return Task.FromResult(issued);
            }

            Calls.Add($"{request.Method} {request.RequestUri}");
            var (status, body) = answers[Math.Min(_next++, answers.Length - 1)];
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) });
        }
    }
}
