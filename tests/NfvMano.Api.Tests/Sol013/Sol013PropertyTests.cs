using System.Text.Json.Nodes;
using CsCheck;
using NfvMano.Api.Sol013;

namespace NfvMano.Api.Tests.Sol013;

public sealed class Sol013PropertyTests
{
    // Characters that stress the escaping rules as well as plain ones.
    private static readonly Gen<string> Value = Gen.String[Gen.Char["ab1 ,()';/-"], 0, 6];

    private static readonly Gen<string> Segment = Gen.String[Gen.Char["abcXY_-0"], 1, 5];

    private static readonly Gen<FilterCondition> Condition =
        Gen.Select(Gen.Enum<FilterOperator>(), Segment.Array[1, 3], Value.Array[1, 4])
            .Select((op, path, values) => new FilterCondition(op, path, op.TakesList() ? values : values[..1]));

    [Fact]
    public void Parse_OfPrintedFilter_GivesAnEqualFilter()
    {
        Condition.Array[1, 4].Sample(conditions =>
        {
            var filter = AttributeFilter.Of(conditions);

            var reparsed = AttributeFilter.Parse(filter.ToString());

            Assert.Equal(filter.Conditions, reparsed.Conditions);
        }, iter: 2000);
    }

    [Fact]
    public void Parse_OfArbitraryText_NeverThrowsAnythingButASyntaxProblem()
    {
        Gen.String[Gen.Char["(),;'/abeqnltgicont1 "], 0, 25].Sample(text =>
        {
            try
            {
                AttributeFilter.Parse(text);
            }
            catch (FilterSyntaxException ex)
            {
                Assert.InRange(ex.Position, 1, text.Length + 1);
            }
        }, iter: 5000);
    }

    [Fact]
    public void NegatedOperator_AlwaysMatchesExactlyWhenPositiveDoesNot()
    {
        var resource = Gen.Select(Gen.Int[0, 5].Array[0, 4], Gen.String[Gen.Char["ab"], 0, 3])
            .Select((numbers, text) => (JsonNode)new JsonObject
            {
                ["n"] = new JsonArray([.. numbers.Select(n => (JsonNode)n)]),
                ["s"] = text,
            });
        var pairs = new (FilterOperator Positive, FilterOperator Negated, string Attribute)[]
        {
            (FilterOperator.Eq, FilterOperator.Neq, "n"),
            (FilterOperator.In, FilterOperator.Nin, "n"),
            (FilterOperator.Cont, FilterOperator.Ncont, "s"),
            (FilterOperator.Eq, FilterOperator.Neq, "s"),
        };

        Gen.Select(resource, Gen.Int[0, pairs.Length - 1], Gen.String[Gen.Char["ab0123"], 1, 2]).Sample((node, i, value) =>
        {
            var (positive, negated, attribute) = pairs[i];
            var p = AttributeFilter.Of(new FilterCondition(positive, [attribute], [value])).Matches(node);
            var n = AttributeFilter.Of(new FilterCondition(negated, [attribute], [value])).Matches(node);

            Assert.NotEqual(p, n);
        }, iter: 2000);
    }

    [Fact]
    public void Paging_FollowingMarkers_VisitsEveryItemOnceInOrderForAnyPageSize()
    {
        Gen.Select(Gen.Int[0, 60], Gen.Int[1, 25]).Sample((count, pageSize) =>
        {
            var items = Enumerable.Range(0, count).Select(i => $"id-{i}").ToList();
            var seen = new List<string>();
            PageMarker? marker = null;
            var pages = 0;
            do
            {
                // Round-trip the marker through its opaque text, as a client does.
                var decoded = marker is { } m ? PageMarker.Decode(m.Encode()) : (PageMarker?)null;
                var page = Pager.Slice(items, decoded, pageSize, x => x);
                Assert.InRange(page.Items.Count, page.Next is null ? 0 : pageSize, pageSize);
                seen.AddRange(page.Items);
                marker = page.Next;
                pages++;
            }
            while (marker is not null);

            Assert.Equal(items, seen);
            Assert.Equal(Math.Max(1, (count + pageSize - 1) / pageSize), pages);
        }, iter: 1000);
    }
}
