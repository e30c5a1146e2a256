using System.Text.Json;
using NfvMano.Security.Configuration;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace NfvMano.Security.Clients;

/// <summary>Creates or updates API clients in OpenIddict's application store (the database).</summary>
public sealed class ClientRegistrar(IOpenIddictApplicationManager applications)
{
    /// <summary>The application property holding the client's tenant.</summary>
    public const string TenantProperty = "nfvmano_tenant";

    /// <summary>
    /// Registers the client, or updates its secret, scopes and tenant when the id exists, so that configuration
    /// re-applied at every start converges on what it says.
    /// </summary>
    /// <param name="client">The registration; must be valid (<see cref="ClientRegistration.Problems"/>).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Whether the client was created (false: updated).</returns>
    public async Task<bool> RegisterAsync(ClientRegistration client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var problems = client.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(
                $"Client '{client.ClientId}' cannot be registered: {string.Join("; ", problems.Select(p => $"{p.Key} {p.Value}"))}.", nameof(client));
        }

        _ = ApiScopes.TryParse(client.Scopes, out var scopes, out _);
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            ClientType = ClientTypes.Confidential,
            DisplayName = client.ClientId,
        };
        descriptor.Permissions.Add(Permissions.Endpoints.Token);
        descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        foreach (var scope in scopes)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }

        descriptor.Properties[TenantProperty] = JsonSerializer.SerializeToElement(client.Tenant);

        var existing = await applications.FindByClientIdAsync(client.ClientId, cancellationToken);
        if (existing is null)
        {
            await applications.CreateAsync(descriptor, cancellationToken);
            return true;
        }

        await applications.UpdateAsync(existing, descriptor, cancellationToken);
        return false;
    }

    /// <summary>The tenant of a registered client, or null when the client is unknown or has none.</summary>
    /// <param name="clientId">The client id.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<string?> TenantOfAsync(string clientId, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null)
        {
            return null;
        }

        var properties = await applications.GetPropertiesAsync(application, cancellationToken);
        return properties.TryGetValue(TenantProperty, out var tenant) && tenant.ValueKind == JsonValueKind.String ? tenant.GetString() : null;
    }

    /// <summary>The scopes a registered client may obtain.</summary>
    /// <param name="clientId">The client id.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<IReadOnlyList<string>> PermittedScopesAsync(string clientId, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null)
        {
            return [];
        }

        var permissions = await applications.GetPermissionsAsync(application, cancellationToken);
        return [.. permissions.Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
            .Select(p => p[Permissions.Prefixes.Scope.Length..])];
    }
}
