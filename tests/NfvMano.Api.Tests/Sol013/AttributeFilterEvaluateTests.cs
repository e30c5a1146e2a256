using System.Text.Json;
using System.Text.Json.Nodes;
using NfvMano.Api.Sol013;

namespace NfvMano.Api.Tests.Sol013;

public sealed class AttributeFilterEvaluateTests
{
    private static readonly JsonNode Package = new TestPackage
    {
        Id = "p1",
        Name = "vRouter (edge), v2",
        Size = 9,
        Weight = 1.5,
        Enabled = true,
        CreatedAt = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero),
        OnboardingState = "ONBOARDED",
        SoftwareImages =
        [
            new TestImage("img-a", "data-plane", 10, new TestChecksum("SHA-256", "aa")),
            new TestImage("img-b", "control", 2),
        ],
        UserDefinedData = new() { ["site"] = "paris" },
        Tags = ["edge", "router"],
    }.ToNode();

    [Theory]
    [InlineData("(eq,onboardingState,ONBOARDED)", true)]
    [InlineData("(eq,onboardingState,onboarded)", false)]
    [InlineData("(neq,onboardingState,CREATED)", true)]
    [InlineData("(eq,name,'vRouter (edge), v2')", true)]
    [InlineData("(cont,name,edge)", true)]
    [InlineData("(cont,name,core,edge)", true)]
    [InlineData("(cont,name,core)", false)]
    [InlineData("(ncont,name,core,dc)", true)]
    [InlineData("(ncont,name,core,edge)", false)]
    [InlineData("(in,onboardingState,CREATED,ONBOARDED)", true)]
    [InlineData("(nin,onboardingState,CREATED,ONBOARDED)", false)]
    [InlineData("(gt,onboardingState,ABC)", true)]
    [InlineData("(lt,onboardingState,ABC)", false)]
    public void Matches_WhenStringAttribute_ComparesOrdinally(string text, bool expected) =>
        Assert.Equal(expected, AttributeFilter.Parse(text).Matches(Package));

    [Theory]
    [InlineData("(eq,size,9)", true)]
    [InlineData("(eq,size,9.0)", true)]
    [InlineData("(eq,size,09)", true)]
    [InlineData("(gt,size,10)", false)]
    [InlineData("(gt,size,8)", true)]
    [InlineData("(gte,size,9)", true)]
    [InlineData("(lt,size,10)", true)]
    [InlineData("(lte,size,8.99)", false)]
    [InlineData("(gt,weight,1.25)", true)]
    [InlineData("(lt,weight,1e1)", true)]
    [InlineData("(in,size,1,9,100)", true)]
    [InlineData("(nin,size,1,100)", true)]
    [InlineData("(eq,size,nine)", false)]
    public void Matches_WhenNumberAttribute_ComparesNumerically(string text, bool expected) =>
        Assert.Equal(expected, AttributeFilter.Parse(text).Matches(Package));

    [Fact]
    public void Matches_WhenNumbersWouldOrderDifferentlyAsText_UsesNumericOrder()
    {
        // As text "10" < "9"; as numbers 9 < 10.
        Assert.True(AttributeFilter.Parse("(lt,size,10)").Matches(Package));
        Assert.False(AttributeFilter.Parse("(lt,name,10)").Matches(Package));
    }

    [Theory]
    [InlineData("(eq,enabled,true)", true)]
    [InlineData("(eq,enabled,false)", false)]
    [InlineData("(neq,enabled,false)", true)]
    [InlineData("(in,enabled,false,true)", true)]
    [InlineData("(eq,enabled,True)", false)]
    public void Matches_WhenBooleanAttribute_ComparesByValue(string text, bool expected) =>
        Assert.Equal(expected, AttributeFilter.Parse(text).Matches(Package));

    [Theory]
    [InlineData("(gt,createdAt,2024-05-01T11:59:59Z)", true)]
    [InlineData("(gt,createdAt,2024-05-01T14:00:00+03:00)", true)]
    [InlineData("(eq,createdAt,2024-05-01T14:00:00+02:00)", true)]
    [InlineData("(lt,createdAt,2024-05-01T12:00:00.001Z)", true)]
    [InlineData("(gte,createdAt,2025-01-01T00:00:00Z)", false)]
    public void Matches_WhenDateTimeAttribute_ComparesInstants(string text, bool expected) =>
        Assert.Equal(expected, AttributeFilter.Parse(text).Matches(Package));

    [Theory]
    [InlineData("(eq,softwareImages/id,img-b)", true)]
    [InlineData("(eq,softwareImages/id,img-c)", false)]
    [InlineData("(gt,softwareImages/minDisk,5)", true)]
    [InlineData("(gt,softwareImages/minDisk,10)", false)]
    [InlineData("(eq,softwareImages/checksum/algorithm,SHA-256)", true)]
    [InlineData("(eq,tags,router)", true)]
    [InlineData("(cont,tags,out)", true)]
    [InlineData("(in,tags,core,edge)", true)]
    [InlineData("(eq,userDefinedData/site,paris)", true)]
    [InlineData("(eq,_links/self,/self)", true)]
    public void Matches_WhenPathCrossesArraysOrObjects_MatchesIfAnyElementMatches(string text, bool expected) =>
        Assert.Equal(expected, AttributeFilter.Parse(text).Matches(Package));

    [Theory]
    [InlineData("(neq,softwareImages/id,img-a)", false)]
    [InlineData("(neq,softwareImages/id,img-z)", true)]
    [InlineData("(nin,tags,edge,core)", false)]
    [InlineData("(ncont,tags,out)", false)]
    public void Matches_WhenNegatedOperatorOnArray_MatchesOnlyIfNoElementMatchesThePositive(string text, bool expected) =>
        Assert.Equal(expected, AttributeFilter.Parse(text).Matches(Package));

    [Theory]
    [InlineData("(eq,checksum/hash,x)", false)]
    [InlineData("(neq,checksum/hash,x)", true)]
    [InlineData("(gt,softwareImages/checksum/hash,a)", true)]
    public void Matches_WhenAttributeAbsentOrNull_OnlyNegatedOperatorsMatch(string text, bool expected) =>
        Assert.Equal(expected, AttributeFilter.Parse(text).Matches(Package));

    [Fact]
    public void Matches_WhenSeveralExpressions_RequiresAll()
    {
        Assert.True(AttributeFilter.Parse("(eq,onboardingState,ONBOARDED);(gt,size,1)").Matches(Package));
        Assert.False(AttributeFilter.Parse("(eq,onboardingState,ONBOARDED);(gt,size,100)").Matches(Package));
    }

    [Fact]
    public void Matches_WhenGivenJsonElement_MatchesLikeJsonNode()
    {
        using var doc = JsonDocument.Parse(Package.ToJsonString());

        Assert.True(AttributeFilter.Parse("(eq,softwareImages/name,control)").Matches(doc.RootElement));
        Assert.False(AttributeFilter.Parse("(eq,softwareImages/name,other)").Matches(doc.RootElement));
    }
}
