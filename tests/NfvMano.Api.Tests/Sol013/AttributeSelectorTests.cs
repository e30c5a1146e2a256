using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using NfvMano.Api.Sol013;

namespace NfvMano.Api.Tests.Sol013;

public sealed class AttributeSelectorTests
{
    private static readonly ResourceProfile Profile = new("TestPackage")
    {
        DefaultExcluded = ["softwareImages", "userDefinedData", "checksum"],
    };

    private static JsonObject Sample() => new TestPackage
    {
        Id = "p1",
        Name = "fw",
        SoftwareImages = [new TestImage("img", "main", 1, new TestChecksum("SHA-256", "ab"))],
        Checksum = new TestChecksum("SHA-512", "cd"),
        UserDefinedData = new() { ["k"] = "v" },
        Tags = ["a"],
    }.ToNode().AsObject();

    private static AttributeSelector FromQuery(string query) =>
        AttributeSelector.FromQuery(new QueryCollection(QueryHelpers.ParseQuery(query)));

    private static string[] Keys(JsonNode? node) => [.. node!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal)];

    [Fact]
    public void Apply_WhenNoSelector_ExcludesTheDefaultSet()
    {
        var result = FromQuery("").Apply(Sample(), Profile);

        Assert.Equal(["_links", "createdAt", "enabled", "id", "name", "onboardingState", "size", "tags", "weight"], Keys(result));
    }

    [Fact]
    public void Apply_WhenBareExcludeDefault_ExcludesTheDefaultSet()
    {
        var selector = FromQuery("?exclude_default");

        Assert.True(selector.ExcludeDefault);
        Assert.DoesNotContain("softwareImages", Keys(selector.Apply(Sample(), Profile)));
    }

    [Fact]
    public void Apply_WhenAllFields_KeepsEverything()
    {
        var result = FromQuery("?all_fields").Apply(Sample(), Profile);

        Assert.Contains("softwareImages", Keys(result));
        Assert.Contains("checksum", Keys(result));
        Assert.Contains("userDefinedData", Keys(result));
    }

    [Fact]
    public void Apply_WhenFields_KeepsListedAndMandatoryComplexAttributesOnly()
    {
        var result = FromQuery("?fields=softwareImages").Apply(Sample(), Profile);

        Assert.Equal(["_links", "createdAt", "enabled", "id", "name", "onboardingState", "size", "softwareImages", "weight"], Keys(result));
        Assert.NotNull(result!["softwareImages"]![0]!["checksum"]);
    }

    [Fact]
    public void Apply_WhenFieldsNamesNestedPath_KeepsParentButPrunesItsOtherComplexChildren()
    {
        var result = FromQuery("?fields=softwareImages/checksum").Apply(Sample(), Profile);
        var pruned = FromQuery("?fields=tags").Apply(Sample(), Profile);

        Assert.NotNull(result!["softwareImages"]![0]!["checksum"]);
        Assert.Null(pruned!["softwareImages"]);
        Assert.NotNull(pruned["tags"]);
    }

    [Fact]
    public void Apply_WhenExcludeFields_RemovesOnlyThoseEvenInsideArrays()
    {
        var result = FromQuery("?exclude_fields=tags,softwareImages/checksum").Apply(Sample(), Profile);

        Assert.Null(result!["tags"]);
        Assert.NotNull(result["softwareImages"]);
        Assert.Null(result["softwareImages"]![0]!["checksum"]);
        Assert.NotNull(result["checksum"]);
    }

    [Fact]
    public void Apply_WhenExcludeDefaultWithFields_KeepsTheNamedDefaultExcludedOnes()
    {
        var result = FromQuery("?exclude_default&fields=checksum").Apply(Sample(), Profile);

        Assert.NotNull(result!["checksum"]);
        Assert.Null(result["softwareImages"]);
        Assert.Null(result["userDefinedData"]);
    }

    [Fact]
    public void Apply_WhenExcludeFieldsNamesMandatoryAttribute_KeepsIt()
    {
        var result = FromQuery("?exclude_fields=_links").Apply(Sample(), Profile);

        Assert.NotNull(result!["_links"]);
    }

    [Theory]
    [InlineData("?all_fields&fields=a")]
    [InlineData("?all_fields&exclude_default")]
    [InlineData("?all_fields&exclude_fields=a")]
    [InlineData("?fields=a&exclude_fields=b")]
    [InlineData("?exclude_default&exclude_fields=a")]
    [InlineData("?exclude_default&fields=a&exclude_fields=b")]
    public void FromQuery_WhenCombinationNotAllowed_IsBadRequest(string query)
    {
        var problem = Assert.Throws<BadRequestProblem>(() => FromQuery(query));

        Assert.Equal(400, problem.Status);
        Assert.Contains("cannot be combined", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?all_fields=false", "'all_fields' is a flag")]
    [InlineData("?fields=", "empty attribute name")]
    [InlineData("?fields=a,,b", "empty attribute name at item 2")]
    [InlineData("?exclude_fields=a//b", "empty attribute name")]
    public void FromQuery_WhenMalformed_IsBadRequest(string query, string message)
    {
        var problem = Assert.Throws<BadRequestProblem>(() => FromQuery(query));

        Assert.Contains(message, problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenFieldsNameUnknownOrSimpleAttributes_ReportsEach()
    {
        var schema = ResourceSchema.For<TestPackage>(TestPackage.Json);
        var selector = FromQuery("?exclude_default&fields=nosuch,name,softwareImages/checksum,tags");

        var problem = Assert.Throws<ValidationFailedProblem>(() => selector.Validate(schema));

        Assert.Equal(2, problem.Problems.Count);
        Assert.Contains(problem.Problems, p => p.Detail.Contains("unknown attribute 'nosuch'", StringComparison.Ordinal));
        Assert.Contains(problem.Problems, p => p.Detail.Contains("'name' of TestPackage is a simple attribute", StringComparison.Ordinal));
    }
}
