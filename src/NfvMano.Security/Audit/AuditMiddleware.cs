using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using NfvMano.Api.Tenancy;
using NfvMano.Persistence.Audit;
using NfvMano.Security.Tokens;
using OpenIddict.Abstractions;
using Microsoft.AspNetCore;

namespace NfvMano.Security.Audit;

/// <summary>
/// Records every state-changing request (POST, PUT, PATCH, DELETE) in the audit trail: who (the client id of the
/// token, the client id a token request named, or <c>anonymous</c>), the tenant, the method, the route template,
/// the resource id, when and the status answered. It runs first in the pipeline (a startup filter), so requests
/// refused by any later middleware are recorded too, and it writes as the response starts, so the entry exists
/// when the caller reads the answer. Only those fields: never a body, a header or a query string. The web console's
/// endpoints record their actions themselves.
/// </summary>
internal sealed partial class AuditMiddleware(RequestDelegate next, AuditTrail trail, TimeProvider time, ILogger<AuditMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var method = http.Request.Method;
        if (!(HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method)))
        {
            await next(http);
            return;
        }

        var recorded = 0;
        async Task RecordOnceAsync()
        {
            if (Interlocked.Exchange(ref recorded, 1) == 0)
            {
                await RecordAsync(http);
            }
        }

        http.Response.OnStarting(RecordOnceAsync);
        // A response that never starts (the connection dropped) is recorded when the request ends.
        http.Response.OnCompleted(RecordOnceAsync);
        await next(http);
    }

    private async Task RecordAsync(HttpContext http)
    {
        // The exception handler forgets the endpoint while it answers; its feature keeps the original one.
        var failure = http.Features.Get<IExceptionHandlerPathFeature>();
        var endpoint = failure?.Endpoint ?? http.GetEndpoint();
        if (endpoint?.Metadata.Any(m => m.GetType().Name == "ConsoleEndpointMetadata") == true)
        {
            return;
        }

        var routeValues = failure?.RouteValues ?? http.Request.RouteValues;
        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText is { } pattern
            ? "/" + pattern.TrimStart('/')
            : "(no route) " + http.Request.Path.Value;
        var entry = new AuditEntryEntity
        {
            OccurredAt = time.GetUtcNow(),
            Channel = "api",
            Actor = ActorOf(http),
            TenantId = TenantOf(http.User),
            Method = http.Request.Method,
            Route = route,
            ResourceId = ResourceIdOf(routeValues, http.Response),
            StatusCode = http.Response.StatusCode,
            RemoteAddress = http.Connection.RemoteIpAddress?.ToString(),
        };
        try
        {
            await trail.RecordAsync(entry, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The answer stands; losing the entry is logged (without the request's content) for the operator.
            LogNotRecorded(logger, entry.Method, entry.Route, entry.StatusCode, e.GetType().Name);
        }
    }

    private static string ActorOf(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated == true)
        {
            return http.User.FindFirst(OpenIddictConstants.Claims.Subject)?.Value ?? http.User.Identity.Name ?? "authenticated";
        }

        // A token request names its client (the secret is never read here): failed ones are what an admin looks for.
        if (http.Request.Path.Equals(TokenEndpoint.Path, StringComparison.OrdinalIgnoreCase))
        {
            var clientId = http.GetOpenIddictServerRequest()?.ClientId;
            if (string.IsNullOrEmpty(clientId) && http.Features.Get<Microsoft.AspNetCore.Http.Features.IFormFeature>()?.Form is { } form)
            {
                clientId = form[OpenIddictConstants.Parameters.ClientId].ToString();
            }

            if (!string.IsNullOrEmpty(clientId))
            {
                return clientId;
            }
        }

        return "anonymous";
    }

    private static string? TenantOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirst(RequestTenant.ClaimType)?.Value : null;

    private static string? ResourceIdOf(RouteValueDictionary? values, HttpResponse response)
    {
        // The innermost resource the route addresses: an operation occurrence rather than its instance.
        string? id = null;
        foreach (var (key, value) in values ?? new RouteValueDictionary())
        {
            if (key.EndsWith("Id", StringComparison.Ordinal) && value is string text && text.Length > 0)
            {
                id = text;
            }
        }

        // A creation addresses no resource yet: the new one's id is the last segment of its Location.
        if (id is null && response.StatusCode == StatusCodes.Status201Created && response.Headers.Location.ToString() is { Length: > 0 } location)
        {
            id = location.TrimEnd('/').Split('/')[^1];
        }

        return id;
    }

    [LoggerMessage(EventId = 8101, Level = LogLevel.Error, Message = "Audit entry not recorded for {Method} {Route} answered {StatusCode}: {Error}")]
    private static partial void LogNotRecorded(ILogger logger, string method, string route, int statusCode, string error);
}

/// <summary>Puts <see cref="AuditMiddleware"/> in front of the whole pipeline.</summary>
internal sealed class AuditStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<AuditMiddleware>();
        next(app);
    };
}
