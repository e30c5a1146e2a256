using System.ComponentModel.DataAnnotations;

namespace NfvMano.Security.Configuration;

/// <summary>Whether requests must authenticate.</summary>
public enum SecurityMode
{
    /// <summary>Every API request needs an access token with the API's scope (the default).</summary>
    Enabled,

    /// <summary>
    /// Development only: every request acts as <see cref="SecurityOptions.DisabledTenant"/> with every scope. The
    /// server logs a warning at start.
    /// </summary>
    Disabled,
}

/// <summary>Security settings, section <c>NfvMano:Security</c>.</summary>
public sealed class SecurityOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "NfvMano:Security";

    /// <summary><c>Enabled</c> (default) or <c>Disabled</c> (development no-auth mode).</summary>
    public SecurityMode Mode { get; set; } = SecurityMode.Enabled;

    /// <summary>The tenant every request acts for in <see cref="SecurityMode.Disabled"/> mode.</summary>
    [Required]
    public string DisabledTenant { get; set; } = "default";

    /// <summary>How long an access token is valid.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Token requests allowed per client address and minute (a rate limit against secret guessing).</summary>
    [Range(1, 100_000)]
    public int TokenRequestsPerMinute { get; set; } = 60;

    /// <summary>
    /// Whether the token endpoint refuses plain HTTP. Off by default because the embedded default and the tests
    /// serve HTTP on loopback, and production servers usually sit behind a TLS-terminating load balancer.
    /// </summary>
    public bool RequireHttps { get; set; }

    /// <summary>
    /// The largest request body of every endpoint but package and NSD content uploads (those have
    /// <c>NfvMano:Catalogue:MaxContentBytes</c>); larger requests are answered 413.
    /// </summary>
    [Range(1024, 1L << 30)]
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Package and NSD content uploads allowed per client address and minute; more are answered 429.</summary>
    [Range(1, 100_000)]
    public int UploadsPerMinute { get; set; } = 30;

    /// <summary>
    /// How long audit entries are kept; older ones are deleted hourly. Zero keeps them for ever (the trail then grows
    /// by one row per state-changing request).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan AuditRetention { get; set; } = TimeSpan.FromDays(365);

    /// <summary>API clients created or updated at start (<c>NfvMano:Security:Clients:N:…</c>).</summary>
    public IList<ClientRegistration> Clients { get; } = [];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Clients.Count; i++)
        {
            foreach (var problem in Clients[i].Problems())
            {
                yield return new ValidationResult($"{Section}:Clients:{i}:{problem.Key}: {problem.Value}", [$"Clients:{i}:{problem.Key}"]);
            }
        }

        var duplicates = Clients.GroupBy(c => c.ClientId, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key);
        foreach (var id in duplicates)
        {
            yield return new ValidationResult($"{Section}:Clients: client id '{id}' is registered more than once.", ["Clients"]);
        }
    }
}

/// <summary>An API client (OAuth 2.0 client credentials) registered from configuration or by the admin command.</summary>
public sealed class ClientRegistration
{
    /// <summary>The client id.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The client secret (stored hashed).</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>
    /// Scopes the client may obtain, separated by spaces or commas; <c>*</c> for every API scope. The admin scopes
    /// (<c>admin:read</c>, <c>admin:write</c>) are granted only by name.
    /// </summary>
    public string Scopes { get; set; } = "";

    /// <summary>The tenant whose resources the client sees and changes.</summary>
    public string Tenant { get; set; } = "default";

    /// <summary>What is wrong with the registration, keyed by the setting's name.</summary>
    public IEnumerable<KeyValuePair<string, string>> Problems()
    {
        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return new(nameof(ClientId), "required");
        }

        if (string.IsNullOrEmpty(ClientSecret))
        {
            yield return new(nameof(ClientSecret), "required");
        }
        else if (ClientSecret.Length < 16)
        {
            yield return new(nameof(ClientSecret), "must be at least 16 characters");
        }

        if (!ApiScopes.TryParse(Scopes, out var scopes, out var unknown))
        {
            yield return new(nameof(Scopes), $"unknown scope(s) {string.Join(", ", unknown)}; known: * or {string.Join(" ", ApiScopes.All)}");
        }
        else if (scopes.Count == 0)
        {
            yield return new(nameof(Scopes), "at least one scope is required");
        }

        if (string.IsNullOrWhiteSpace(Tenant))
        {
            yield return new(nameof(Tenant), "required");
        }
        else if (Tenant == Lifecycle.Catalogue.Tenants.All)
        {
            yield return new(nameof(Tenant), $"'{Tenant}' is no tenant; to read every tenant's resources, grant the scope {ApiScopes.Read(ApiScopes.Admin)}");
        }
    }
}
