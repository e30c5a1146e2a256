using NfvMano.Api.Sol013;

namespace NfvMano.Api.Tests.Sol013;

public sealed class AttributeFilterParseTests
{
    [Theory]
    [InlineData("eq", FilterOperator.Eq)]
    [InlineData("neq", FilterOperator.Neq)]
    [InlineData("gt", FilterOperator.Gt)]
    [InlineData("lt", FilterOperator.Lt)]
    [InlineData("gte", FilterOperator.Gte)]
    [InlineData("lte", FilterOperator.Lte)]
    [InlineData("cont", FilterOperator.Cont)]
    [InlineData("ncont", FilterOperator.Ncont)]
    [InlineData("in", FilterOperator.In)]
    [InlineData("nin", FilterOperator.Nin)]
    public void Parse_WhenOperatorIsOneOfSol013_ReadsIt(string name, FilterOperator expected)
    {
        var filter = AttributeFilter.Parse($"({name},size,5)");

        var condition = Assert.Single(filter.Conditions);
        Assert.Equal(expected, condition.Operator);
        Assert.Equal(["size"], condition.Path);
        Assert.Equal(["5"], condition.Values);
    }

    [Fact]
    public void Parse_WhenSeveralExpressionsAndNestedPaths_ReadsAllInOrder()
    {
        var filter = AttributeFilter.Parse("(eq,onboardingState,ONBOARDED);(in,softwareImages/id,a,b,c);(gte,checksum/algorithm,SHA-256)");

        Assert.Equal(3, filter.Conditions.Count);
        Assert.Equal(["softwareImages", "id"], filter.Conditions[1].Path);
        Assert.Equal(["a", "b", "c"], filter.Conditions[1].Values);
        Assert.Equal("checksum/algorithm", filter.Conditions[2].PathText);
    }

    [Theory]
    [InlineData("(eq,name,'a,b')", "a,b")]
    [InlineData("(eq,name,'a)b')", "a)b")]
    [InlineData("(eq,name,'it''s')", "it's")]
    [InlineData("(eq,name,'')", "")]
    [InlineData("(eq,name,'''')", "'")]
    [InlineData("(eq,name,a(b;c)", "a(b;c")]
    [InlineData("(eq,name,with space)", "with space")]
    public void Parse_WhenValueIsQuotedOrHasSpecialCharacters_Unescapes(string text, string expected)
    {
        var filter = AttributeFilter.Parse(text);

        Assert.Equal(expected, Assert.Single(Assert.Single(filter.Conditions).Values));
    }

    [Fact]
    public void Parse_WhenListMixesQuotedAndBareValues_ReadsEach()
    {
        var filter = AttributeFilter.Parse("(in,name,plain,'with,comma','paren)',x)");

        Assert.Equal(["plain", "with,comma", "paren)", "x"], filter.Conditions[0].Values);
    }

    [Theory]
    [InlineData("", 1, "the filter is empty")]
    [InlineData("eq,a,b", 1, "expected '('")]
    [InlineData("()", 2, "expected an operator")]
    [InlineData("(equals,a,b)", 2, "unknown operator 'equals'")]
    [InlineData("(EQ,a,b)", 2, "unknown operator 'EQ'")]
    [InlineData("(eq)", 4, "expected ',' after the operator 'eq'")]
    [InlineData("(eq,,b)", 5, "expected an attribute name")]
    [InlineData("(eq,a/,b)", 7, "expected an attribute name after '/'")]
    [InlineData("(eq,a)", 6, "expected ',' and a value after the attribute 'a'")]
    [InlineData("(eq,a,)", 7, "expected a value")]
    [InlineData("(eq,a,b", 8, "expected ',' and another value or ')'")]
    [InlineData("(eq,a,b,c)", 7, "operator 'eq' takes exactly one value but 2 were given")]
    [InlineData("(gt,a,1,2)", 7, "operator 'gt' takes exactly one value")]
    [InlineData("(eq,a,'b)", 7, "is not closed")]
    [InlineData("(eq,a,'b'c)", 10, "expected ',' or ')' after the quoted value")]
    [InlineData("(eq,a,b'c)", 8, "unexpected ' inside an unquoted value")]
    [InlineData("(eq,a,b)(eq,c,d)", 9, "expected ';' between expressions")]
    [InlineData("(eq,a,b);", 10, "expected '('")]
    [InlineData("(eq,a,b);;(eq,c,d)", 10, "expected '('")]
    [InlineData("(eq,a'b,c)", 6, "expected ',' and a value after the attribute 'a'")]
    public void Parse_WhenMalformed_ReportsPositionAndExpectation(string text, int position, string message)
    {
        var error = Assert.Throws<FilterSyntaxException>(() => AttributeFilter.Parse(text));

        Assert.Equal(position, error.Position);
        Assert.Contains(message, error.Detail, StringComparison.Ordinal);
        Assert.StartsWith($"Invalid filter at position {position}: ", error.Detail, StringComparison.Ordinal);
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public void ToString_WhenValuesNeedQuoting_QuotesOnlyThose()
    {
        var filter = AttributeFilter.Parse("(in,a/b,x,'y,z','it''s','');(eq,c,d)");

        Assert.Equal("(in,a/b,x,'y,z','it''s','');(eq,c,d)", filter.ToString());
    }

    [Fact]
    public void Validate_WhenAttributeUnknownOrMistyped_ReportsEveryProblemAtOnce()
    {
        var schema = ResourceSchema.For<TestPackage>(TestPackage.Json);
        var filter = AttributeFilter.Parse(
            "(eq,nosuch,1);(eq,softwareImages/nosuch,x);(gt,size,big);(eq,enabled,yes);(cont,size,1);(eq,checksum,x);(lt,createdAt,yesterday);(gt,enabled,true)");

        var problem = Assert.Throws<ValidationFailedProblem>(() => filter.Validate(schema));

        var details = problem.Problems.Select(p => p.Detail).ToList();
        Assert.Contains(details, d => d.Contains("unknown attribute 'nosuch'", StringComparison.Ordinal));
        Assert.Contains(details, d => d.Contains("unknown attribute 'softwareImages/nosuch'", StringComparison.Ordinal));
        Assert.Contains(details, d => d.Contains("'big' is not a number", StringComparison.Ordinal));
        Assert.Contains(details, d => d.Contains("'yes' is neither 'true' nor 'false'", StringComparison.Ordinal));
        Assert.Contains(details, d => d.Contains("operator 'cont' applies to strings", StringComparison.Ordinal));
        Assert.Contains(details, d => d.Contains("'checksum' of TestPackage is structured", StringComparison.Ordinal));
        Assert.Contains(details, d => d.Contains("'yesterday' is not an ISO 8601 date-time", StringComparison.Ordinal));
        Assert.Contains(details, d => d.Contains("operator 'gt' does not apply to the boolean", StringComparison.Ordinal));
        Assert.Equal(8, problem.Problems.Count);
        Assert.All(problem.Problems, p => Assert.StartsWith("filter (", p.Location, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_WhenPathsGoThroughArraysAndMaps_Accepts()
    {
        var schema = ResourceSchema.For<TestPackage>(TestPackage.Json);
        var filter = AttributeFilter.Parse(
            "(eq,softwareImages/checksum/hash,x);(eq,userDefinedData/anyKey,v);(cont,tags,a);(gte,createdAt,2024-01-01T00:00:00Z);(eq,_links/self,x)");

        filter.Validate(schema);
    }
}
