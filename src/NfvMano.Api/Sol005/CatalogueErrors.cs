using Microsoft.AspNetCore.Http;
using NfvMano.Api.Sol013;
using NfvMano.Lifecycle.Catalogue;

namespace NfvMano.Api.Sol005;

/// <summary>
/// Turns the catalogue's refusals into SOL013 problems (404, 409, 412, 400, 422, 413) at the edge of every SOL005
/// endpoint, so the one exception handler writes them as ProblemDetails.
/// </summary>
public static class CatalogueErrors
{
    /// <summary>An endpoint filter that rethrows a <see cref="CatalogueException"/> as its problem.</summary>
    /// <param name="context">The invocation.</param>
    /// <param name="next">The handler.</param>
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context);
        }
        catch (CatalogueException e)
        {
            throw ToProblem(e);
        }
    }

    /// <summary>The problem a catalogue refusal is answered with.</summary>
    /// <param name="exception">The refusal.</param>
    public static Sol013Problem ToProblem(CatalogueException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var items = exception.Problems.Select(p => new ProblemItem(p.Location, p.Detail)).ToList();
        return exception.Kind switch
        {
            CatalogueErrorKind.NotFound => new NotFoundProblem(exception.Message),
            CatalogueErrorKind.Conflict => new ConflictProblem(exception.Message),
            CatalogueErrorKind.Stale => new PreconditionFailedProblem(exception.Message),
            CatalogueErrorKind.Invalid when items.Count > 0 => new ValidationFailedProblem(items),
            CatalogueErrorKind.Invalid => new BadRequestProblem(exception.Message),
            CatalogueErrorKind.Unprocessable when items.Count > 0 => new ValidationFailedProblem(items, StatusCodes.Status422UnprocessableEntity),
            CatalogueErrorKind.Unprocessable => new UnprocessableProblem(exception.Message),
            CatalogueErrorKind.TooLarge => new HttpProblem(StatusCodes.Status413PayloadTooLarge, exception.Message),
            _ => new HttpProblem(StatusCodes.Status500InternalServerError, exception.Message),
        };
    }
}
