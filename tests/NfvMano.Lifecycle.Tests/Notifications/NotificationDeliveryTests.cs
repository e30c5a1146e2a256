using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Lifecycle.Notifications;
using NfvMano.Lifecycle.Tests.Support;
using NfvMano.Persistence.Catalogue;
using NfvMano.Testing;

namespace NfvMano.Lifecycle.Tests.Notifications;

public sealed class NotificationDeliveryTests
{
    [Fact]
    public async Task Deliver_SubscriberFailingTwice_IsRetriedUntilItAcceptsWithSubscriptionIdAndBasicAuth()
    {
        var posts = 0;
        using var subscriber = new LoopbackHttpServer(r => r.Method == "GET" ? (204, null, null) : (Interlocked.Increment(ref posts) <= 2 ? 500 : 204, null, null));
        await using var harness = await CatalogueHarness.CreateAsync();
        var subscription = await SubscribeAsync(harness, subscriber.Uri("/notify"), null, Basic("mano", "s3cret"));

        var id = await harness.OnboardVnfPackageAsync("storage");
        await harness.DeliverUntilAsync(() => harness.DbAsync(db => db.NotificationDeliveries.AnyAsync(d => d.DeliveredAt != null)), TimeSpan.FromSeconds(20));

        var delivery = await harness.DbAsync(db => db.NotificationDeliveries.SingleAsync());
        Assert.Equal(3, delivery.Attempts);
        var received = subscriber.Received("POST", "/notify");
        Assert.Equal(3, received.Count);
        var notification = JsonNode.Parse(received[^1].Body)!;
        Assert.Equal(NotificationType.VnfPackageOnboarding, notification["notificationType"]!.GetValue<string>());
        Assert.Equal(subscription.Id.ToString(), notification["subscriptionId"]!.GetValue<string>());
        Assert.Equal(id.ToString(), notification["vnfPkgId"]!.GetValue<string>());
        Assert.EndsWith($"/vnfpkgm/v1/subscriptions/{subscription.Id}", notification["_links"]!["subscription"]!["href"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(subscriber.Requests, r => Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("mano:s3cret")), r.Authorization));
        Assert.StartsWith("application/json", received[0].ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_SubscriberThatNeverAccepts_IsAbandonedAfterMaxAttempts()
    {
        using var subscriber = new LoopbackHttpServer(r => r.Method == "GET" ? (204, null, null) : (503, null, null));
        await using var harness = await CatalogueHarness.CreateAsync(new Dictionary<string, string?> { ["NfvMano:Notifications:MaxAttempts"] = "4" });
        await SubscribeAsync(harness, subscriber.Uri("/notify"), null, null);

        await harness.OnboardVnfPackageAsync("storage");
        await harness.DeliverUntilAsync(() => harness.DbAsync(db => db.NotificationDeliveries.AnyAsync(d => d.AbandonedAt != null)), TimeSpan.FromSeconds(20));

        var delivery = await harness.DbAsync(db => db.NotificationDeliveries.SingleAsync());
        Assert.Equal(4, delivery.Attempts);
        Assert.Null(delivery.DeliveredAt);
        Assert.Contains("503", delivery.LastError, StringComparison.Ordinal);
        Assert.Equal(4, subscriber.Received("POST", "/notify").Count);
    }

    [Fact]
    public async Task Deliver_WithOAuth2ClientCredentials_SendsTheTokenFromTheTokenEndpointAndReusesIt()
    {
        using var server = new LoopbackHttpServer(r => r.Path switch
        {
            "/token" when r.Authorization == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("client-1:pw"))
                && r.Body.Contains("grant_type=client_credentials", StringComparison.Ordinal)
                => (200, "application/json", Encoding.UTF8.GetBytes("""{"access_token":"tok-123","token_type":"bearer","expires_in":3600}""")),
            "/token" => (401, null, null),
            _ when r.Authorization != "Bearer tok-123" => (401, null, null),
            _ => (204, null, null),
        });
        await using var harness = await CatalogueHarness.CreateAsync();
        var auth = new JsonObject
        {
            ["authType"] = new JsonArray("OAUTH2_CLIENT_CREDENTIALS"),
            ["paramsOauth2ClientCredentials"] = new JsonObject { ["clientId"] = "client-1", ["clientPassword"] = "pw", ["tokenEndpoint"] = server.Uri("/token").ToString() },
        };
        await SubscribeAsync(harness, server.Uri("/notify"), null, auth);

        await harness.OnboardVnfPackageAsync("storage");
        await harness.DeliverUntilAsync(() => harness.DbAsync(db => db.NotificationDeliveries.AnyAsync(d => d.DeliveredAt != null)), TimeSpan.FromSeconds(20));

        Assert.Single(server.Received("POST", "/notify"));
        Assert.Single(server.Received("POST", "/token"));
        Assert.All(server.Received("POST", "/notify"), r => Assert.Equal("Bearer tok-123", r.Authorization));
    }

    [Fact]
    public async Task FanOut_OnlyToSubscriptionsWhoseFilterMatches()
    {
        using var subscriber = new LoopbackHttpServer(_ => (204, null, null));
        await using var harness = await CatalogueHarness.CreateAsync();
        var byProvider = await SubscribeAsync(harness, subscriber.Uri("/acme"), new JsonObject
        {
            ["notificationTypes"] = new JsonArray(NotificationType.VnfPackageOnboarding),
            ["vnfProductsFromProviders"] = new JsonArray(new JsonObject { ["vnfProvider"] = "Acme Networks" }),
        }, null);
        var otherVnfd = await SubscribeAsync(harness, subscriber.Uri("/other"), new JsonObject { ["vnfdId"] = new JsonArray("no-such-vnfd") }, null);
        var changesOnly = await SubscribeAsync(harness, subscriber.Uri("/changes"), new JsonObject { ["notificationTypes"] = new JsonArray(NotificationType.VnfPackageChange) }, null);

        var id = await harness.OnboardVnfPackageAsync("vrouter");
        await harness.VnfPackagesAsync(c => c.UpdateAsync(Tenants.Default, id, null, OperationalStates.Disabled, null, CancellationToken.None));
        await harness.DeliverUntilAsync(() => harness.DbAsync(async db => await db.OutboxMessages.AllAsync(m => m.DispatchedAt != null)
            && await db.NotificationDeliveries.AllAsync(d => d.DeliveredAt != null)), TimeSpan.FromSeconds(20));

        var deliveries = await harness.DbAsync(db => db.NotificationDeliveries.ToListAsync());
        Assert.Equal([NotificationType.VnfPackageOnboarding], deliveries.Where(d => d.SubscriptionId == byProvider.Id).Select(d => d.NotificationType));
        Assert.DoesNotContain(deliveries, d => d.SubscriptionId == otherVnfd.Id);
        Assert.Equal([NotificationType.VnfPackageChange], deliveries.Where(d => d.SubscriptionId == changesOnly.Id).Select(d => d.NotificationType));
        var change = JsonNode.Parse(Assert.Single(subscriber.Received("POST", "/changes")).Body)!;
        Assert.Equal("OP_STATE_CHANGE", change["changeType"]!.GetValue<string>());
        Assert.Equal("DISABLED", change["operationalState"]!.GetValue<string>());
    }

    [Fact]
    public async Task Subscribe_WhenTheCallbackTestDoesNotAnswer204_IsRefusedAndNothingIsStored()
    {
        using var subscriber = new LoopbackHttpServer(_ => (200, null, null));
        await using var harness = await CatalogueHarness.CreateAsync();

        var error = await Assert.ThrowsAsync<CatalogueException>(() => SubscribeAsync(harness, subscriber.Uri("/notify"), null, null));

        Assert.Equal(CatalogueErrorKind.Unprocessable, error.Kind);
        Assert.Contains("204", error.Message, StringComparison.Ordinal);
        Assert.False(await harness.DbAsync(db => db.Subscriptions.AnyAsync()));
    }

    [Fact]
    public async Task Subscribe_WithABadFilterAndCallback_ReportsEveryProblemWithItsPath()
    {
        await using var harness = await CatalogueHarness.CreateAsync();

        var error = await Assert.ThrowsAsync<CatalogueException>(() => harness.InScopeAsync(sp => sp.GetRequiredService<SubscriptionService>().CreateAsync(
            NotificationApi.VnfPkgm, Tenants.Default, "ftp://nope", new JsonObject
            {
                ["notificationTypes"] = new JsonArray("NsdChangeNotification"),
                ["colour"] = new JsonArray("red"),
                ["vnfdId"] = "not-a-list",
            }, null, CancellationToken.None)));

        Assert.Equal(CatalogueErrorKind.Invalid, error.Kind);
        Assert.Equal(
            ["$.callbackUri", "$.filter.colour", "$.filter.notificationTypes[0]", "$.filter.vnfdId"],
            error.Problems.Select(p => p.Location).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FanOut_NsdNotifications_ReachNsdSubscribersOnly()
    {
        using var subscriber = new LoopbackHttpServer(_ => (204, null, null));
        await using var harness = await CatalogueHarness.CreateAsync();
        var nsdSubscription = await harness.InScopeAsync(sp => sp.GetRequiredService<SubscriptionService>().CreateAsync(
            NotificationApi.Nsd, Tenants.Default, subscriber.Uri("/nsd").ToString(), null, null, CancellationToken.None));
        await SubscribeAsync(harness, subscriber.Uri("/pkg"), new JsonObject { ["notificationTypes"] = new JsonArray(NotificationType.VnfPackageChange) }, null);

        await Catalogue.NsdOnboardingTests.OnboardNsdAsync(harness, Samples.Zip(Samples.ServiceChainNsd), "application/zip");
        await harness.DeliverUntilAsync(() => harness.DbAsync(async db => await db.OutboxMessages.AllAsync(m => m.DispatchedAt != null)
            && await db.NotificationDeliveries.AllAsync(d => d.DeliveredAt != null)), TimeSpan.FromSeconds(20));

        var failure = JsonNode.Parse(Assert.Single(subscriber.Received("POST", "/nsd")).Body)!;
        Assert.Equal(NotificationType.NsdOnboardingFailure, failure["notificationType"]!.GetValue<string>());
        Assert.Equal(nsdSubscription.Id.ToString(), failure["subscriptionId"]!.GetValue<string>());
        Assert.NotNull(failure["onboardingFailureDetails"]!["problems"]);
        Assert.Empty(subscriber.Received("POST", "/pkg"));
    }

    [Fact]
    public void Backoff_GrowsExponentiallyWithinJitterAndStopsAtTheMaximum()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new NotificationOptions { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(30) });
        var policy = new BackoffPolicy(options, new Random(7));

        var waits = Enumerable.Range(1, 8).Select(policy.After).ToList();

        double[] full = [1, 2, 4, 8, 16, 30, 30, 30];
        for (var i = 0; i < waits.Count; i++)
        {
            Assert.InRange(waits[i].TotalSeconds, full[i] / 2, full[i]);
        }

        Assert.NotEqual(new BackoffPolicy(options, new Random(8)).After(5), new BackoffPolicy(options, new Random(9)).After(5));
    }

    private static JsonObject Basic(string user, string password) => new()
    {
        ["authType"] = new JsonArray("BASIC"),
        ["paramsBasic"] = new JsonObject { ["userName"] = user, ["password"] = password },
    };

    private static Task<SubscriptionEntity> SubscribeAsync(CatalogueHarness harness, Uri callback, JsonObject? filter, JsonObject? auth) =>
        harness.InScopeAsync(sp => sp.GetRequiredService<SubscriptionService>().CreateAsync(
            NotificationApi.VnfPkgm, Tenants.Default, callback.ToString(), filter, auth, CancellationToken.None));
}
