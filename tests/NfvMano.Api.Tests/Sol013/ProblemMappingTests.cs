using Microsoft.AspNetCore.Http;
using NfvMano.Api.Sol013;

namespace NfvMano.Api.Tests.Sol013;

public sealed class ProblemMappingTests
{
    public static TheoryData<Exception, int> Cases => new()
    {
        { NotFoundProblem.ForId("VNF package", "x"), 404 },
        { new ConflictProblem("ENABLED"), 409 },
        { new PreconditionFailedProblem("stale"), 412 },
        { new PreconditionRequiredProblem("If-Match"), 428 },
        { new UnprocessableProblem("bad VNFD"), 422 },
        { new NotAcceptableProblem("xml"), 406 },
        { new UnsupportedMediaTypeProblem("text"), 415 },
        { new HttpProblem(416, "range"), 416 },
        { new BadRequestProblem("bad"), 400 },
        { new ValidationFailedProblem([new ProblemItem("$.a", "x")], 422), 422 },
        { new BadHttpRequestException("too large", 413), 413 },
        { new InvalidOperationException("internal"), 500 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ToProblemDetails_MapsEachErrorToItsStatus(Exception exception, int status)
    {
        var problem = Sol013ExceptionHandler.ToProblemDetails(exception);

        Assert.Equal(status, problem.Status);
        if (status < 500)
        {
            Assert.Contains(exception.Message, problem.Detail, StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(problem.Detail);
        }
    }

    [Fact]
    public void ValidationFailedProblem_WhenStatusIsNeither400Nor422_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ValidationFailedProblem([new ProblemItem("a", "b")], 409));

    [Fact]
    public void ValidationFailedProblem_WhenNoProblems_Throws() =>
        Assert.Throws<ArgumentException>(() => new ValidationFailedProblem([]));

    [Fact]
    public void HttpProblem_WhenStatusIsNotAnError_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new HttpProblem(200, "ok"));

    [Fact]
    public void EntityTags_WhenTokenHasQuote_Throws() =>
        Assert.Throws<ArgumentException>(() => EntityTags.FromToken("a\"b"));

    [Theory]
    [InlineData("\"7\"", true)]
    [InlineData("\"6\", \"7\"", true)]
    [InlineData("*", true)]
    [InlineData("W/\"7\"", false)]
    [InlineData("\"6\"", false)]
    public void CheckIfMatch_UsesStrongComparison(string ifMatch, bool passes)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.IfMatch = ifMatch;

        var check = () => EntityTags.CheckIfMatch(context.Request, EntityTags.FromVersion(7));

        if (passes)
        {
            check();
        }
        else
        {
            Assert.Throws<PreconditionFailedProblem>(check);
        }
    }

    [Fact]
    public void CheckIfMatch_WhenHeaderIsGarbage_IsBadRequest()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.IfMatch = "not-a-tag";

        Assert.Throws<BadRequestProblem>(() => EntityTags.CheckIfMatch(context.Request, EntityTags.FromVersion(7)));
    }
}
