using Microsoft.AspNetCore.Builder;

namespace NfvMano.Api.Sol013;

/// <summary>
/// Endpoint metadata: this endpoint accepts a request without a <c>Version</c> header even though its API
/// requires one (the standard OpenStack client's <c>vnflcm op cancel</c> sends none). A header that is sent
/// is still checked.
/// </summary>
public sealed class VersionHeaderOptional
{
    /// <summary>The single instance.</summary>
    public static VersionHeaderOptional Instance { get; } = new();

    private VersionHeaderOptional()
    {
    }
}

/// <summary>SOL013 conventions on single endpoints.</summary>
public static class Sol013EndpointConventionBuilderExtensions
{
    /// <summary>Lets this endpoint accept requests without a <c>Version</c> header (see <see cref="VersionHeaderOptional"/>).</summary>
    /// <typeparam name="TBuilder">The endpoint builder type.</typeparam>
    /// <param name="builder">The endpoint (or group) builder.</param>
    /// <returns>The same builder.</returns>
    public static TBuilder AllowMissingVersionHeader<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(VersionHeaderOptional.Instance);
    }
}
