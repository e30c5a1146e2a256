using NfvMano.Lifecycle.Notifications;
using NfvMano.Persistence.Catalogue;
using NfvMano.Security.Clients;
using OpenIddict.Abstractions;

namespace NfvMano.Console.Data;

/// <summary>An API client as the admin page lists it.</summary>
/// <param name="ClientId">The OAuth client id.</param>
/// <param name="Tenant">Its tenant.</param>
/// <param name="Scopes">The scopes it may obtain.</param>
public sealed record ApiClientView(string ClientId, string Tenant, IReadOnlyList<string> Scopes);

/// <summary>A subscription with the API it belongs to.</summary>
/// <param name="Api">The notification API (vnfpkgm, nsd, vnflcm, vnflcm-v2, nslcm).</param>
/// <param name="Subscription">The subscription.</param>
public sealed record SubscriptionView(NotificationApi Api, SubscriptionEntity Subscription);

/// <summary>
/// The admin's view of the API: OAuth clients of the admin's tenant, registered through the same code as
/// <c>NfvMano.Server clients add</c>, and the tenant's notification subscriptions of every API.
/// </summary>
public sealed class ApiAdminData(
    IOpenIddictApplicationManager applications,
    ClientRegistrar registrar,
    SubscriptionService subscriptions,
    IEnumerable<NotificationApi> apis)
{
    /// <summary>The API clients of <paramref name="tenantId"/>, by id.</summary>
    public async Task<IReadOnlyList<ApiClientView>> ClientsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var clients = new List<ApiClientView>();
        await foreach (var application in applications.ListAsync(null, null, cancellationToken))
        {
            if (await applications.GetClientIdAsync(application, cancellationToken) is not { } clientId)
            {
                continue;
            }

            var tenant = await registrar.TenantOfAsync(clientId, cancellationToken);
            if (tenant == tenantId)
            {
                clients.Add(new ApiClientView(clientId, tenant, await registrar.PermittedScopesAsync(clientId, cancellationToken)));
            }
        }

        return [.. clients.OrderBy(c => c.ClientId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Registers a client of <paramref name="tenantId"/> with a generated secret, or gives an existing client of the
    /// tenant new scopes and a new secret, as <c>clients add --id ID --scopes SCOPES --tenant TENANT</c> does.
    /// </summary>
    /// <returns>Whether it was created, and the secret (only its hash is stored: show it once).</returns>
    /// <exception cref="ArgumentException">The id or scopes are wrong, or the id belongs to another tenant.</exception>
    public async Task<(bool Created, string Secret)> RegisterAsync(string tenantId, string? clientId, string? scopes, CancellationToken cancellationToken)
    {
        var command = ClientCommand.Parse(["add", "--id", clientId?.Trim() ?? "", "--scopes", scopes ?? "", "--tenant", tenantId]);
        await RequireOwnAsync(tenantId, command.Client.ClientId, mustExist: false, cancellationToken);
        var created = await registrar.RegisterAsync(command.Client, cancellationToken);
        return (created, command.Client.ClientSecret);
    }

    /// <summary>Gives an existing client of the tenant a new generated secret, keeping its scopes.</summary>
    /// <returns>The new secret (show it once).</returns>
    /// <exception cref="ArgumentException">No such client in the tenant.</exception>
    public async Task<string> RotateSecretAsync(string tenantId, string clientId, CancellationToken cancellationToken)
    {
        await RequireOwnAsync(tenantId, clientId, mustExist: true, cancellationToken);
        var scopes = string.Join(' ', await registrar.PermittedScopesAsync(clientId, cancellationToken));
        var (_, secret) = await RegisterAsync(tenantId, clientId, scopes, cancellationToken);
        return secret;
    }

    /// <summary>Every subscription of the tenant, API by API.</summary>
    public async Task<IReadOnlyList<SubscriptionView>> SubscriptionsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var all = new List<SubscriptionView>();
        foreach (var api in apis.DistinctBy(a => a.Name).OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            all.AddRange((await subscriptions.ListAsync(api, tenantId, cancellationToken)).Select(s => new SubscriptionView(api, s)));
        }

        return all;
    }

    /// <summary>Deletes a subscription of the tenant (as <c>DELETE …/subscriptions/{id}</c> of its API does).</summary>
    public Task DeleteSubscriptionAsync(string tenantId, string apiName, Guid id, CancellationToken cancellationToken)
    {
        var api = apis.FirstOrDefault(a => a.Name == apiName) ?? throw new ArgumentException($"There is no notification API '{apiName}'.", nameof(apiName));
        return subscriptions.DeleteAsync(api, tenantId, id, cancellationToken);
    }

    // A client id is global: an admin must not take over (or rotate the secret of) another tenant's client.
    private async Task RequireOwnAsync(string tenantId, string clientId, bool mustExist, CancellationToken cancellationToken)
    {
        var existing = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (existing is null)
        {
            if (mustExist)
            {
                throw new ArgumentException($"There is no API client '{clientId}'.", nameof(clientId));
            }

            return;
        }

        var tenant = await registrar.TenantOfAsync(clientId, cancellationToken);
        if (tenant != tenantId)
        {
            throw new ArgumentException($"The client id '{clientId}' is taken by another tenant; choose another id.", nameof(clientId));
        }
    }
}
