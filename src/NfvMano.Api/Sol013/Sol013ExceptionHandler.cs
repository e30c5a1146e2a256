using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace NfvMano.Api.Sol013;

/// <summary>
/// The one place that turns exceptions into SOL013 ProblemDetails: <see cref="Sol013Problem"/> subclasses
/// to their status, ASP.NET Core's <see cref="BadHttpRequestException"/> (unreadable JSON, missing body,
/// wrong content type) to its status with the reason, anything else to a 500 without internals.
/// </summary>
public sealed partial class Sol013ExceptionHandler : IExceptionHandler
{
    private readonly IProblemDetailsService _problems;
    private readonly ILogger<Sol013ExceptionHandler> _logger;

    /// <summary>Creates the handler.</summary>
    /// <param name="problems">Writes the ProblemDetails.</param>
    /// <param name="logger">Logs unexpected errors.</param>
    public Sol013ExceptionHandler(IProblemDetailsService problems, ILogger<Sol013ExceptionHandler> logger)
    {
        _problems = problems;
        _logger = logger;
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        var problem = ToProblemDetails(exception);
        if (problem.Status >= 500)
        {
            LogUnexpected(_logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await _problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>The ProblemDetails an exception is answered with.</summary>
    /// <param name="exception">The exception.</param>
    public static ProblemDetails ToProblemDetails(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        switch (exception)
        {
            case Sol013Problem p:
                var details = new ProblemDetails { Status = p.Status, Title = p.Title, Detail = p.Detail };
                foreach (var (key, value) in p.Extensions)
                {
                    details.Extensions[key] = value;
                }

                return details;
            case BadHttpRequestException bad:
                // The inner JSON exception says where the body is broken (path, line, position).
                var detail = bad.InnerException is { } inner ? $"{bad.Message} {inner.Message}" : bad.Message;
                return new ProblemDetails { Status = bad.StatusCode, Detail = detail };
            case OperationCanceledException:
                return new ProblemDetails { Status = 499, Title = "Client Closed Request", Detail = "The request was cancelled." };
            default:
                return new ProblemDetails { Status = StatusCodes.Status500InternalServerError };
        }
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Error, Message = "Unexpected error while handling {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);
}
