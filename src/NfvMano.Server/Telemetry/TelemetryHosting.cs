using NfvMano.Server.Hosting;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace NfvMano.Server.Telemetry;

/// <summary>OpenTelemetry traces, metrics and logs; Prometheus scrape endpoint; OTLP export when configured.</summary>
internal static class TelemetryHosting
{
    /// <summary>Activity sources and meters of NfvMano's own libraries share this prefix.</summary>
    public const string InstrumentationPrefix = "NfvMano.*";

    public static TelemetryOptions ReadTelemetryOptions(this StartupOptions startup) =>
        startup.Bind<TelemetryOptions>(TelemetryOptions.SectionName, o => o.Validate());

    public static WebApplicationBuilder AddNfvManoTelemetry(this WebApplicationBuilder builder, TelemetryOptions options)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceVersion: typeof(TelemetryHosting).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(o => o.Filter = IsNotProbe)
                    .AddHttpClientInstrumentation()
                    .AddSource(InstrumentationPrefix);
                if (options.OtlpEndpoint is { } endpoint)
                {
                    tracing.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(InstrumentationPrefix);
                if (options.PrometheusEndpoint)
                {
                    metrics.AddPrometheusExporter();
                }
                if (options.OtlpEndpoint is { } endpoint)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            });
        if (options.OtlpEndpoint is { } logEndpoint)
        {
            telemetry.WithLogging(logging => logging.AddOtlpExporter(o => o.Endpoint = logEndpoint));
        }
        builder.Services.AddSingleton(options);
        return builder;
    }

    public static WebApplication MapNfvManoTelemetry(this WebApplication app)
    {
        if (app.Services.GetRequiredService<TelemetryOptions>().PrometheusEndpoint)
        {
            app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        }
        return app;
    }

    // Probes every few seconds would drown the traces that matter.
    private static bool IsNotProbe(HttpContext context) =>
        !context.Request.Path.StartsWithSegments("/healthz") &&
        !context.Request.Path.StartsWithSegments("/readyz") &&
        !context.Request.Path.StartsWithSegments("/metrics");
}
