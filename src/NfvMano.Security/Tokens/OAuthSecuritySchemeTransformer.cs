using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace NfvMano.Security.Tokens;

/// <summary>
/// Declares in the OpenAPI document how to call the APIs: the OAuth 2.0 client credentials scheme with the token
/// endpoint and every scope, and on each operation of an API the scopes it needs (read or write), so that generated
/// clients and the API reference can get and send a token.
/// </summary>
internal sealed class OAuthSecuritySchemeTransformer : IOpenApiDocumentTransformer
{
    public const string SchemeName = "oauth2";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "OAuth 2.0 client credentials (ETSI GS NFV-SOL 013 clause 8). Send the access token as 'Authorization: Bearer <token>' or 'X-Auth-Token: <token>'. X:read allows reads of API X, X:write everything; admin:* also reads every tenant.",
            Flows = new OpenApiOAuthFlows
            {
                ClientCredentials = new OpenApiOAuthFlow
                {
                    TokenUrl = new Uri(TokenEndpoint.Path, UriKind.Relative),
                    Scopes = ApiScopes.All.ToDictionary(s => s, Describe, StringComparer.Ordinal),
                },
            },
        };

        foreach (var (path, item) in document.Paths)
        {
            var api = path.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            if (api is null || !ApiScopes.Apis.Contains(api) || item.Operations is null)
            {
                continue;
            }

            foreach (var (method, operation) in item.Operations)
            {
                var read = method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options;
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(SchemeName, document)] = read ? [ApiScopes.Read(api), ApiScopes.Write(api)] : [ApiScopes.Write(api)],
                });
            }
        }

        return Task.CompletedTask;
    }

    private static string Describe(string scope) => scope switch
    {
        "admin:read" => "Read the audit trail (admin API) and every tenant's resources",
        "admin:write" => "As admin:read (the admin API has no writes yet); what the client changes stays in its own tenant",
        _ when scope.EndsWith(":read", StringComparison.Ordinal) => $"Read the {scope[..^5]} API",
        _ => $"Read and change the {scope[..^6]} API",
    };
}
