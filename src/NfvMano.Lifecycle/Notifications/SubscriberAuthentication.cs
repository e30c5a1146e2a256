using System.Text.Json;
using System.Text.Json.Nodes;
using NfvMano.Lifecycle.Catalogue;

namespace NfvMano.Lifecycle.Notifications;

/// <summary>
/// How NfvMano authenticates toward a subscriber (SOL013 <c>SubscriptionAuthentication</c>): HTTP Basic, or an
/// OAuth 2.0 access token obtained with the client-credentials grant. Holds secrets, so it has no readable
/// <see cref="object.ToString"/>.
/// </summary>
public sealed class SubscriberAuthentication
{
    private SubscriberAuthentication(string kind, string? userName, string? password, string? clientId, string? clientPassword, Uri? tokenEndpoint)
    {
        Kind = kind;
        UserName = userName;
        Password = password;
        ClientId = clientId;
        ClientPassword = clientPassword;
        TokenEndpoint = tokenEndpoint;
    }

    /// <summary><c>BASIC</c> or <c>OAUTH2_CLIENT_CREDENTIALS</c>.</summary>
    public string Kind { get; }

    /// <summary>Basic user name.</summary>
    public string? UserName { get; }

    /// <summary>Basic password.</summary>
    public string? Password { get; }

    /// <summary>OAuth 2.0 client id.</summary>
    public string? ClientId { get; }

    /// <summary>OAuth 2.0 client secret.</summary>
    public string? ClientPassword { get; }

    /// <summary>OAuth 2.0 token endpoint.</summary>
    public Uri? TokenEndpoint { get; }

    /// <inheritdoc />
    public override string ToString() => Kind;

    /// <summary>Reads and checks a <c>SubscriptionAuthentication</c> object; null when absent.</summary>
    /// <param name="json">The object as sent.</param>
    /// <param name="problems">Where every problem is added.</param>
    public static SubscriberAuthentication? Parse(JsonObject? json, List<CatalogueProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (json is null)
        {
            return null;
        }

        const string at = "$.authentication";
        var types = json["authType"] is JsonArray array ? array.Select(Text).ToList() : null;
        if (types is null || types.Count == 0)
        {
            problems.Add(new(at + ".authType", "must be a non-empty array of BASIC, OAUTH2_CLIENT_CREDENTIALS or TLS_CERT."));
            return null;
        }

        if (types.Contains("OAUTH2_CLIENT_CREDENTIALS"))
        {
            var p = json["paramsOauth2ClientCredentials"] as JsonObject;
            var clientId = Text(p?["clientId"]);
            var clientPassword = Text(p?["clientPassword"]);
            var endpoint = Text(p?["tokenEndpoint"]);
            if (clientId is null || clientPassword is null || endpoint is null)
            {
                problems.Add(new(at + ".paramsOauth2ClientCredentials", "needs clientId, clientPassword and tokenEndpoint (none are provisioned out of band)."));
                return null;
            }

            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var tokenUri) || tokenUri.Scheme is not ("http" or "https"))
            {
                problems.Add(new(at + ".paramsOauth2ClientCredentials.tokenEndpoint", $"'{endpoint}' is not an absolute http or https URI."));
                return null;
            }

            return new("OAUTH2_CLIENT_CREDENTIALS", null, null, clientId, clientPassword, tokenUri);
        }

        if (types.Contains("BASIC"))
        {
            var p = json["paramsBasic"] as JsonObject;
            var user = Text(p?["userName"]);
            var password = Text(p?["password"]);
            if (user is null || password is null)
            {
                problems.Add(new(at + ".paramsBasic", "needs userName and password (none are provisioned out of band)."));
                return null;
            }

            return new("BASIC", user, password, null, null, null);
        }

        problems.Add(new(at + ".authType", $"'{string.Join(",", types)}' is not supported; use BASIC or OAUTH2_CLIENT_CREDENTIALS (TLS_CERT needs certificates provisioned out of band, which this installation has not)."));
        return null;
    }

    /// <summary>Reads what <see cref="Parse"/> accepted from its stored form.</summary>
    /// <param name="stored">The stored JSON, or null.</param>
    public static SubscriberAuthentication? FromStored(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return null;
        }

        var problems = new List<CatalogueProblem>();
        return Parse(JsonNode.Parse(stored) as JsonObject, problems);
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
