using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace NfvMano.Vim.OpenStack.Identity;

/// <summary>
/// Obtains Keystone v3 tokens (password with project scope, or application credential) and keeps one,
/// renewing it before it expires. Thread-safe: concurrent callers share one renewal.
/// </summary>
public sealed class KeystoneAuthenticator
{
    private readonly HttpClient _http;
    private readonly OpenStackVimOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private KeystoneToken? _token;

    /// <summary>Creates the authenticator.</summary>
    public KeystoneAuthenticator(HttpClient http, OpenStackVimOptions options, TimeProvider time)
    {
        _http = http;
        _options = options;
        _time = time;
    }

    /// <summary>How many tokens were issued so far (renewals included).</summary>
    public int TokensIssued { get; private set; }

    /// <summary>The JSON body of the authentication request (without secrets in any log).</summary>
    internal static JsonObject AuthRequest(OpenStackVimOptions o)
    {
        if (!string.IsNullOrEmpty(o.ApplicationCredentialId))
        {
            // An application credential is bound to its project: a scope would be refused.
            return new JsonObject
            {
                ["auth"] = new JsonObject
                {
                    ["identity"] = new JsonObject
                    {
                        ["methods"] = new JsonArray("application_credential"),
                        ["application_credential"] = new JsonObject
                        {
                            ["id"] = o.ApplicationCredentialId,
                            ["secret"] = o.ApplicationCredentialSecret,
                        },
                    },
                },
            };
        }

        var auth = new JsonObject
        {
            ["identity"] = new JsonObject
            {
                ["methods"] = new JsonArray("password"),
                ["password"] = new JsonObject
                {
                    ["user"] = new JsonObject
                    {
                        ["name"] = o.Username,
                        ["domain"] = new JsonObject { ["name"] = o.UserDomainName },
                        ["password"] = o.Password,
                    },
                },
            },
        };
        if (!string.IsNullOrEmpty(o.ProjectName))
        {
            auth["scope"] = new JsonObject
            {
                ["project"] = new JsonObject { ["name"] = o.ProjectName, ["domain"] = new JsonObject { ["name"] = o.ProjectDomainName } },
            };
        }

        return new JsonObject { ["auth"] = auth };
    }

    /// <summary>A token valid for at least <see cref="OpenStackVimOptions.TokenRenewBefore"/>, renewed when needed.</summary>
    public async Task<KeystoneToken> GetTokenAsync(CancellationToken cancellationToken)
    {
        var current = _token;
        if (current is not null && !NeedsRenewal(current))
        {
            return current;
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is not null && !NeedsRenewal(_token))
            {
                return _token;
            }

            _token = await IssueAsync(cancellationToken).ConfigureAwait(false);
            return _token;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Forgets the current token (after a 401) so the next call authenticates again.</summary>
    public void Invalidate(KeystoneToken rejected)
    {
        Interlocked.CompareExchange(ref _token, null, rejected);
    }

    private bool NeedsRenewal(KeystoneToken token) => _time.GetUtcNow() >= token.ExpiresAt - _options.TokenRenewBefore;

    private async Task<KeystoneToken> IssueAsync(CancellationToken cancellationToken)
    {
        var url = _options.AuthUrl.TrimEnd('/') + "/auth/tokens";
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(AuthRequest(_options).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new OpenStackException("identity", $"POST {url}", null, $"Keystone cannot be reached: {e.Message}", e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var who = string.IsNullOrEmpty(_options.ApplicationCredentialId)
                    ? $"user '{_options.Username}' (domain '{_options.UserDomainName}') scoped to project '{_options.ProjectName}'"
                    : $"application credential '{_options.ApplicationCredentialId}'";
                throw new OpenStackException("identity", "POST /auth/tokens", response.StatusCode,
                    $"authentication of {who} failed: {OpenStackErrors.Reason(body)}");
            }

            if (!response.Headers.TryGetValues("X-Subject-Token", out var values))
            {
                throw new OpenStackException("identity", "POST /auth/tokens", response.StatusCode, "the answer has no X-Subject-Token header");
            }

            TokensIssued++;
            return KeystoneToken.Parse(values.First(), body);
        }
    }
}
