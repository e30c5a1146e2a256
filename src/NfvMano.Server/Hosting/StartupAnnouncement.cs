using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace NfvMano.Server.Hosting;

/// <summary>Tells whoever started the server where its API, docs and metrics are.</summary>
internal static partial class StartupAnnouncement
{
    public static WebApplication AnnounceAddresses(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                var root = address.TrimEnd('/');
                LogListening(app.Logger, root, root + "/scalar", root + "/openapi/v1.json", root + "/readyz", root + "/metrics");
            }
        });
        return app;
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information,
        Message = "NfvMano is up: API {ApiRoot} · API docs {Docs} · OpenAPI {OpenApi} · readiness {Ready} · metrics {Metrics}")]
    private static partial void LogListening(ILogger logger, string apiRoot, string docs, string openApi, string ready, string metrics);
}
