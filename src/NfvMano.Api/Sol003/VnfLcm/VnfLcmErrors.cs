using Microsoft.AspNetCore.Http;
using NfvMano.Api.Sol005;
using NfvMano.Api.Sol013;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Lifecycle.VnfLcm;

namespace NfvMano.Api.Sol003.VnfLcm;

/// <summary>Turns the VNFM's refusals into SOL013 problems (404, 409, 412, 400, 422) at the edge of every vnflcm endpoint.</summary>
public static class VnfLcmErrors
{
    /// <summary>An endpoint filter that rethrows a <see cref="VnfLcmException"/> (or a subscription's <see cref="CatalogueException"/>) as its problem.</summary>
    /// <param name="context">The invocation.</param>
    /// <param name="next">The handler.</param>
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context);
        }
        catch (VnfLcmException e)
        {
            throw e.Kind switch
            {
                VnfLcmErrorKind.NotFound => new NotFoundProblem(e.Message),
                VnfLcmErrorKind.Conflict => new ConflictProblem(e.Message),
                VnfLcmErrorKind.Stale => new PreconditionFailedProblem(e.Message),
                VnfLcmErrorKind.Unprocessable => new UnprocessableProblem(e.Message),
                _ => (Sol013Problem)new BadRequestProblem(e.Message),
            };
        }
        catch (CatalogueException e)
        {
            throw CatalogueErrors.ToProblem(e);
        }
    }
}
