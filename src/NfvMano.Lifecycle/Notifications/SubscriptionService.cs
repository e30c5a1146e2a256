using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Persistence;
using NfvMano.Persistence.Catalogue;

namespace NfvMano.Lifecycle.Notifications;

/// <summary>Subscriptions of any notification API: create (with the callback test), list, read, delete.</summary>
public sealed partial class SubscriptionService
{
    private readonly NfvManoDbContext _db;
    private readonly SubscriberClient _subscribers;
    private readonly TimeProvider _time;
    private readonly IOptions<NotificationOptions> _options;
    private readonly ILogger<SubscriptionService> _logger;

    /// <summary>Creates the service.</summary>
    public SubscriptionService(NfvManoDbContext db, SubscriberClient subscribers, TimeProvider time, IOptions<NotificationOptions> options, ILogger<SubscriptionService> logger)
    {
        _db = db;
        _subscribers = subscribers;
        _time = time;
        _options = options;
        _logger = logger;
    }

    /// <summary>
    /// Checks the request, tests the callback (GET expecting 204, with the given authentication) and stores the
    /// subscription.
    /// </summary>
    /// <param name="api">The API subscribed to.</param>
    /// <param name="tenantId">The subscriber's tenant.</param>
    /// <param name="callbackUri">Where notifications go.</param>
    /// <param name="filter">Which notifications; null for all.</param>
    /// <param name="authentication">How to authenticate toward the subscriber; null for none.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="CatalogueException">Invalid request (400) or the callback test failed (422).</exception>
    public async Task<SubscriptionEntity> CreateAsync(NotificationApi api, string tenantId, string? callbackUri, JsonObject? filter, JsonObject? authentication, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var problems = new List<CatalogueProblem>();
        Uri? callback = null;
        if (string.IsNullOrWhiteSpace(callbackUri))
        {
            problems.Add(new("$.callbackUri", "is required."));
        }
        else if (!Uri.TryCreate(callbackUri, UriKind.Absolute, out callback) || callback.Scheme is not ("http" or "https"))
        {
            problems.Add(new("$.callbackUri", $"'{callbackUri}' is not an absolute http or https URI."));
        }
        else if (callback.UserInfo.Length > 0)
        {
            // Not echoed: the value holds a credential.
            problems.Add(new("$.callbackUri", "must not carry credentials (user info before '@'); give them in authentication (BASIC or OAUTH2_CLIENT_CREDENTIALS)."));
        }

        problems.AddRange(NotificationFilter.Validate(filter, api));
        var auth = SubscriberAuthentication.Parse(authentication, problems);
        if (problems.Count > 0)
        {
            throw CatalogueException.Invalid($"The {api.Name} subscription request is invalid.", problems);
        }

        if (_options.Value.TestCallbackOnCreate)
        {
            await TestCallbackAsync(callback!, auth, cancellationToken);
        }

        var subscription = new SubscriptionEntity
        {
            Id = Guid.NewGuid(),
            Api = api.Name,
            TenantId = tenantId,
            CallbackUri = callback!.ToString(),
            FilterJson = (filter ?? []).ToJsonString(),
            AuthenticationJson = authentication?.ToJsonString(),
            CreatedAt = _time.GetUtcNow(),
        };
        _db.Subscriptions.Add(subscription);
        await _db.SaveChangesAsync(cancellationToken);
        LogCreated(_logger, subscription.Id, api.Name, callback);
        return subscription;
    }

    /// <summary>The subscriptions of an API and tenant, oldest first.</summary>
    public async Task<IReadOnlyList<SubscriptionEntity>> ListAsync(NotificationApi api, string tenantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var all = await _db.Subscriptions.AsNoTracking().Where(s => s.Api == api.Name && (tenantId == Tenants.All || s.TenantId == tenantId)).ToListAsync(cancellationToken);
        return [.. all.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)];
    }

    /// <summary>One subscription.</summary>
    /// <exception cref="CatalogueException">No such subscription of this API and tenant (404).</exception>
    public async Task<SubscriptionEntity> GetAsync(NotificationApi api, string tenantId, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        return await _db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id && s.Api == api.Name && (tenantId == Tenants.All || s.TenantId == tenantId), cancellationToken)
            ?? throw CatalogueException.NotFound("subscription", id);
    }

    /// <summary>Deletes a subscription; notifications not yet delivered to it are dropped.</summary>
    /// <exception cref="CatalogueException">No such subscription (404).</exception>
    public async Task DeleteAsync(NotificationApi api, string tenantId, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var subscription = await _db.Subscriptions.SingleOrDefaultAsync(s => s.Id == id && s.Api == api.Name && s.TenantId == tenantId, cancellationToken)
            ?? throw CatalogueException.NotFound("subscription", id);
        _db.Subscriptions.Remove(subscription);
        await _db.SaveChangesAsync(cancellationToken);
        LogDeleted(_logger, id, api.Name);
    }

    private async Task TestCallbackAsync(Uri callback, SubscriberAuthentication? auth, CancellationToken cancellationToken)
    {
        HttpStatusCode status;
        try
        {
            status = await _subscribers.SendAsync(HttpMethod.Get, callback, null, auth, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CatalogueException(CatalogueErrorKind.Unprocessable,
                $"The callback test failed: GET {callback} could not be made ({e.Message}). The subscriber must answer GET with 204 No Content.");
        }

        if (status != HttpStatusCode.NoContent)
        {
            throw new CatalogueException(CatalogueErrorKind.Unprocessable,
                $"The callback test failed: GET {callback} answered {(int)status} instead of 204 No Content.");
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Subscription {SubscriptionId} to {Api} notifications created for {CallbackUri}")]
    private static partial void LogCreated(ILogger logger, Guid subscriptionId, string api, Uri callbackUri);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Subscription {SubscriptionId} to {Api} notifications deleted")]
    private static partial void LogDeleted(ILogger logger, Guid subscriptionId, string api);
}
