using Microsoft.AspNetCore.Http;

namespace NfvMano.Console.Hosting;

/// <summary>
/// Security headers on console responses. The policy allows only this origin's scripts (Blazor and MudBlazor files,
/// no inline script) and connections (the circuit's WebSocket); inline styles stay allowed because MudBlazor sets
/// element styles and its theme provider writes a style element.
/// </summary>
internal sealed class ConsoleSecurityHeaders(RequestDelegate next)
{
    internal const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ConsoleEndpointMetadata>() is not null)
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
        }

        return next(context);
    }
}
