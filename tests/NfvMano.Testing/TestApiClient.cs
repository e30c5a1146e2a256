using System.Net.Http.Headers;
using System.Text.Json;

namespace NfvMano.Testing;

/// <summary>
/// The API client the test servers register from configuration (tenant <c>default</c>, every scope), and how a
/// test obtains a real access token for it from <c>POST /oauth2/token</c> (OAuth 2.0 client credentials).
/// </summary>
public static class TestApiClient
{
    /// <summary>The client id.</summary>
    public const string ClientId = "nfvmano-tests";

    /// <summary>The client secret.</summary>
    public const string ClientSecret = "nfvmano-tests-secret-1f0c9e";

    /// <summary>The tenant of the client: the one the tests' direct database seeds use.</summary>
    public const string Tenant = "default";

    /// <summary>
    /// Configuration registering the test client (and any extra clients) as <c>NfvMano:Security:Clients:N</c>;
    /// <paramref name="separator"/> is <c>:</c> for settings, <c>__</c> for environment variables.
    /// </summary>
    public static Dictionary<string, string> Settings(string separator = ":", params (string Id, string Secret, string Scopes, string Tenant)[] extra)
    {
        var all = new List<(string Id, string Secret, string Scopes, string Tenant)> { (ClientId, ClientSecret, "*", Tenant) };
        all.AddRange(extra);
        var settings = new Dictionary<string, string>();
        for (var i = 0; i < all.Count; i++)
        {
            var prefix = string.Join(separator, "NfvMano", "Security", "Clients", i.ToString(System.Globalization.CultureInfo.InvariantCulture)) + separator;
            settings[prefix + "ClientId"] = all[i].Id;
            settings[prefix + "ClientSecret"] = all[i].Secret;
            settings[prefix + "Scopes"] = all[i].Scopes;
            settings[prefix + "Tenant"] = all[i].Tenant;
        }

        return settings;
    }

    /// <summary>Requests an access token with the client credentials grant.</summary>
    /// <param name="http">A client whose base address is the server.</param>
    /// <param name="clientId">The client id (default: the test client).</param>
    /// <param name="clientSecret">The secret.</param>
    /// <param name="scope">Scopes to ask for; null for every scope the client may have.</param>
    public static async Task<string> RequestTokenAsync(HttpClient http, string clientId = ClientId, string clientSecret = ClientSecret, string? scope = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = clientSecret };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        using var content = new FormUrlEncodedContent(form);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token") { Content = content };
        // The token request itself must not carry a token a caller set as default.
        request.Headers.Authorization = null;
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /oauth2/token for {clientId} answered {(int)response.StatusCode}: {body}");
        }

        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("access_token").GetString()
            ?? throw new InvalidOperationException($"POST /oauth2/token for {clientId} returned no access_token: {body}");
    }

    /// <summary>Gets a token for the test client and sends it as <c>Authorization: Bearer</c> on every request of <paramref name="http"/>.</summary>
    /// <param name="http">A client whose base address is the server.</param>
    /// <returns>The token.</returns>
    public static async Task<string> AuthorizeAsync(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var token = await RequestTokenAsync(http).ConfigureAwait(false);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return token;
    }
}
