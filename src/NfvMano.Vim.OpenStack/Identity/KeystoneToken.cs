using System.Globalization;
using System.Text.Json.Nodes;

namespace NfvMano.Vim.OpenStack.Identity;

/// <summary>A Keystone v3 token with what came with it.</summary>
/// <param name="Value">The token (the <c>X-Subject-Token</c> header); never logged.</param>
/// <param name="ExpiresAt">When it expires.</param>
/// <param name="UserId">The user it was issued to.</param>
/// <param name="ProjectId">The project it is scoped to, or null when unscoped.</param>
/// <param name="Roles">The role names it carries.</param>
/// <param name="Catalog">The service catalog.</param>
public sealed record KeystoneToken(string Value, DateTimeOffset ExpiresAt, string UserId, string? ProjectId, IReadOnlyList<string> Roles, ServiceCatalog Catalog)
{
    /// <summary>Reads the body of <c>POST /v3/auth/tokens</c> and the token from its header.</summary>
    /// <exception cref="OpenStackException">The body is not a Keystone v3 token.</exception>
    public static KeystoneToken Parse(string subjectToken, string body)
    {
        var token = JsonNode.Parse(body)?["token"]
            ?? throw new OpenStackException("identity", "POST /auth/tokens", null, "the answer has no 'token' object");
        var expires = (string?)token["expires_at"]
            ?? throw new OpenStackException("identity", "POST /auth/tokens", null, "the token has no 'expires_at'");
        return new KeystoneToken(
            subjectToken,
            DateTimeOffset.Parse(expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            (string?)token["user"]?["id"] ?? "",
            (string?)token["project"]?["id"],
            token["roles"] is JsonArray roles ? roles.Select(r => (string?)r?["name"] ?? "").ToList() : [],
            ServiceCatalog.Parse(token["catalog"] as JsonArray));
    }

    /// <inheritdoc />
    public override string ToString() => $"token for user {UserId} project {ProjectId} until {ExpiresAt:O}";
}
