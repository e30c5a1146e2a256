using System.ComponentModel.DataAnnotations;

namespace NfvMano.Server.Telemetry;

/// <summary>Where traces, metrics and logs go, bound from the <c>Telemetry</c> section.</summary>
internal sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>The service name reported in every signal.</summary>
    [Required, MinLength(1)]
    public string ServiceName { get; set; } = "nfvmano";

    /// <summary>OTLP collector endpoint (e.g. <c>http://otel-collector:4317</c>); unset means no OTLP export.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>Whether <c>/metrics</c> serves the Prometheus scrape format.</summary>
    public bool PrometheusEndpoint { get; set; } = true;

    public IEnumerable<string> Validate()
    {
        if (OtlpEndpoint is { } uri && (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            yield return $"{SectionName}:OtlpEndpoint: '{uri}' must be an absolute http or https URI.";
        }
    }
}
