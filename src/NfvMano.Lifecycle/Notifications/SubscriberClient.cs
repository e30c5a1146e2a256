using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NfvMano.Lifecycle.Notifications;

/// <summary>
/// Talks to subscribers: the callback test (GET, expecting 204) and notification POSTs, with the subscription's
/// authentication. OAuth 2.0 tokens are cached per token endpoint and client until shortly before they expire.
/// </summary>
public sealed partial class SubscriberClient
{
    /// <summary>Name of the <see cref="HttpClient"/> used toward subscribers.</summary>
    public const string HttpClientName = "NfvMano.Notifications";

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private readonly IHttpClientFactory _clients;
    private readonly TimeProvider _time;
    private readonly IOptions<NotificationOptions> _options;
    private readonly ILogger<SubscriberClient> _logger;
    private readonly ConcurrentDictionary<(Uri Endpoint, string ClientId), (string Token, DateTimeOffset ExpiresAt)> _tokens = new();

    /// <summary>Creates the client.</summary>
    public SubscriberClient(IHttpClientFactory clients, TimeProvider time, IOptions<NotificationOptions> options, ILogger<SubscriberClient> logger)
    {
        _clients = clients;
        _time = time;
        _options = options;
        _logger = logger;
    }

    /// <summary>Sends one request to the subscriber and returns the response status.</summary>
    /// <param name="method">GET for the callback test, POST for a notification.</param>
    /// <param name="uri">The callback URI.</param>
    /// <param name="json">The notification, for a POST.</param>
    /// <param name="authentication">How to authenticate, if at all.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="HttpRequestException">The subscriber could not be reached, or no token could be obtained.</exception>
    public async Task<HttpStatusCode> SendAsync(HttpMethod method, Uri uri, string? json, SubscriberAuthentication? authentication, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(uri);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Value.RequestTimeout);
        using var request = new HttpRequestMessage(method, uri);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = Json;
        }

        request.Headers.Authorization = await AuthorizationAsync(authentication, timeout.Token);
        var client = _clients.CreateClient(HttpClientName);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode == HttpStatusCode.Unauthorized && authentication?.TokenEndpoint is { } endpoint)
            {
                // The subscriber no longer takes the cached token (revoked, or its clock differs): get a fresh one next time.
                _tokens.TryRemove((endpoint, authentication.ClientId!), out _);
            }

            return response.StatusCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException($"{method} {uri} did not answer within {_options.Value.RequestTimeout.TotalSeconds:0.###} s.");
        }
    }

    private async Task<AuthenticationHeaderValue?> AuthorizationAsync(SubscriberAuthentication? authentication, CancellationToken cancellationToken)
    {
        switch (authentication?.Kind)
        {
            case "BASIC":
                var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{authentication.UserName}:{authentication.Password}"));
                return new AuthenticationHeaderValue("Basic", basic);
            case "OAUTH2_CLIENT_CREDENTIALS":
                return new AuthenticationHeaderValue("Bearer", await TokenAsync(authentication, cancellationToken));
            default:
                return null;
        }
    }

    private async Task<string> TokenAsync(SubscriberAuthentication authentication, CancellationToken cancellationToken)
    {
        var key = (authentication.TokenEndpoint!, authentication.ClientId!);
        var now = _time.GetUtcNow();
        if (_tokens.TryGetValue(key, out var cached) && cached.ExpiresAt > now)
        {
            return cached.Token;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, authentication.TokenEndpoint);
        request.Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]);
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"{Uri.EscapeDataString(authentication.ClientId!)}:{Uri.EscapeDataString(authentication.ClientPassword!)}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        var client = _clients.CreateClient(HttpClientName);
        using var response = await client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            LogTokenRefused(_logger, authentication.TokenEndpoint!, (int)response.StatusCode);
            throw new HttpRequestException($"the token endpoint {authentication.TokenEndpoint} refused the client credentials with {(int)response.StatusCode}.");
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        if (!document.RootElement.TryGetProperty("access_token", out var token) || token.ValueKind != JsonValueKind.String)
        {
            throw new HttpRequestException($"the token endpoint {authentication.TokenEndpoint} answered without an access_token.");
        }

        var lifetime = document.RootElement.TryGetProperty("expires_in", out var expires) && expires.TryGetInt32(out var seconds) ? seconds : 300;
        // Renew a little early so a token never expires on its way to the subscriber.
        _tokens[key] = (token.GetString()!, now.AddSeconds(Math.Max(0, lifetime - 30)));
        return token.GetString()!;
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "OAuth 2.0 token endpoint {Endpoint} refused the client credentials with {Status}")]
    private static partial void LogTokenRefused(ILogger logger, Uri endpoint, int status);
}
