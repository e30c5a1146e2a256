using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using NfvMano.Vim.OpenStack.Identity;

namespace NfvMano.Vim.OpenStack.Http;

/// <summary>
/// Sends authenticated requests to the services of one OpenStack VIM: resolves the endpoint from the catalog,
/// adds the token and microversion headers, re-authenticates once on 401, retries idempotent requests on
/// connection errors, timeouts and 5xx with jittered exponential backoff, and turns refusals into
/// <see cref="OpenStackException"/>s naming the service, the request and the service's reason.
/// </summary>
public sealed class OpenStackHttp
{
    private static readonly HttpMethod[] Idempotent = [HttpMethod.Get, HttpMethod.Head, HttpMethod.Put, HttpMethod.Delete];

    private readonly HttpClient _http;
    private readonly KeystoneAuthenticator _auth;
    private readonly OpenStackVimOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, (int Failures, DateTimeOffset OpenUntil)> _circuits = new(StringComparer.Ordinal);

    /// <summary>Creates the client.</summary>
    public OpenStackHttp(HttpClient http, KeystoneAuthenticator auth, OpenStackVimOptions options, TimeProvider time)
    {
        _http = http;
        _auth = auth;
        _options = options;
        _time = time;
    }

    /// <summary>The authenticator (tokens, catalog).</summary>
    public KeystoneAuthenticator Auth => _auth;

    /// <summary>Retries done so far, for tests and metrics.</summary>
    public int Retries { get; private set; }

    /// <summary>Sends a request and returns the parsed JSON answer (null for an empty body).</summary>
    /// <param name="service">Catalog service type.</param>
    /// <param name="method">HTTP method.</param>
    /// <param name="path">Path below the endpoint, starting with '/'.</param>
    /// <param name="body">JSON body or null.</param>
    /// <param name="headers">Extra headers (microversions).</param>
    /// <param name="allowNotFound">Return null instead of throwing on 404.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<JsonNode?> SendAsync(
        string service, HttpMethod method, string path, JsonNode? body = null,
        IReadOnlyDictionary<string, string>? headers = null, bool allowNotFound = false, CancellationToken cancellationToken = default)
    {
        var (status, text, _) = await SendRawAsync(service, method, path, body is null ? null : Encoding.UTF8.GetBytes(body.ToJsonString()),
            "application/json", headers, allowNotFound, cancellationToken).ConfigureAwait(false);
        return status == HttpStatusCode.NotFound || string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }

    /// <summary>Sends a request with a raw body; returns the status, the body text and the response headers.</summary>
    public async Task<(HttpStatusCode Status, string Body, HttpResponseHeaders Headers)> SendRawAsync(
        string service, HttpMethod method, string path, byte[]? content, string contentType,
        IReadOnlyDictionary<string, string>? headers, bool allowNotFound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        var operation = $"{method} {path}";
        ThrowIfOpen(service, operation);
        var reauthenticated = false;
        var retryable = Idempotent.Contains(method);
        for (var attempt = 1; ; attempt++)
        {
            var token = await _auth.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            var url = token.Catalog.Resolve(service, _options.Region, _options.Interface) + path;
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Add("X-Auth-Token", token.Value);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            if (content is not null)
            {
                request.Content = new ByteArrayContent(content);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.RequestTimeout);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                var why = e is OperationCanceledException
                    ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"no answer within {_options.RequestTimeout.TotalSeconds:0.###} s")
                    : e.Message;
                RecordFailure(service);
                if (retryable && attempt < _options.MaxAttempts)
                {
                    await BackoffAsync(attempt, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new OpenStackException(service, operation, null, $"{why} (after {attempt} attempt(s))", e);
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.Unauthorized && !reauthenticated)
                {
                    // The token was revoked or expired early: authenticate again once, then give up.
                    _auth.Invalidate(token);
                    reauthenticated = true;
                    attempt--;
                    continue;
                }

                if ((int)response.StatusCode >= 500)
                {
                    RecordFailure(service);
                }
                else
                {
                    RecordSuccess(service);
                }

                if ((int)response.StatusCode >= 500 && retryable && attempt < _options.MaxAttempts)
                {
                    await BackoffAsync(attempt, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.NotFound && allowNotFound)
                {
                    return (response.StatusCode, "", response.Headers);
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new OpenStackException(service, operation, response.StatusCode, OpenStackErrors.Reason(text));
                }

                return (response.StatusCode, text, response.Headers);
            }
        }
    }

    private void ThrowIfOpen(string service, string operation)
    {
        lock (_circuits)
        {
            if (_circuits.TryGetValue(service, out var c) && c.Failures >= _options.CircuitBreakerThreshold && _time.GetUtcNow() < c.OpenUntil)
            {
                throw new OpenStackException(service, operation, null,
                    $"not sent: the last {c.Failures} calls to {service} failed, so calls are held back until {c.OpenUntil:O}");
            }
        }
    }

    private void RecordFailure(string service)
    {
        lock (_circuits)
        {
            var failures = _circuits.TryGetValue(service, out var c) ? c.Failures + 1 : 1;
            // Once open, every failed probe keeps it open for another break.
            var openUntil = failures >= _options.CircuitBreakerThreshold ? _time.GetUtcNow() + _options.CircuitBreakerBreak : DateTimeOffset.MinValue;
            _circuits[service] = (failures, openUntil);
        }
    }

    private void RecordSuccess(string service)
    {
        lock (_circuits)
        {
            _circuits.Remove(service);
        }
    }

    private async Task BackoffAsync(int attempt, CancellationToken cancellationToken)
    {
        Retries++;
#pragma warning disable CA5394 // jitter, not security
        var delay = Backoff(attempt, Random.Shared.NextDouble());
#pragma warning restore CA5394
        await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The wait before retry number <paramref name="attempt"/>: exponential (200 ms doubling) with its upper half
    /// jittered by <paramref name="random"/> in [0, 1), so several MANO workers do not retry a struggling API in lock step.
    /// </summary>
    internal static TimeSpan Backoff(int attempt, double random)
    {
        var ceiling = 200 * Math.Pow(2, attempt - 1);
        return TimeSpan.FromMilliseconds(ceiling / 2 + random * ceiling / 2);
    }
}
