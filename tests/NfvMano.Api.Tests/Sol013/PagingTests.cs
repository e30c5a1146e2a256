using Microsoft.AspNetCore.Http;
using NfvMano.Api.Sol013;

namespace NfvMano.Api.Tests.Sol013;

public sealed class PagingTests
{
    private static readonly string[] Items = ["a", "b", "c", "d", "e"];

    [Fact]
    public void Slice_WhenNoMarker_ReturnsFirstPageAndMarkerAfterIt()
    {
        var page = Pager.Slice(Items, null, 2, x => x);

        Assert.Equal(["a", "b"], page.Items);
        Assert.Equal(new PageMarker(2, "b"), page.Next);
    }

    [Fact]
    public void Slice_WhenLastPage_HasNoNextMarker()
    {
        var page = Pager.Slice(Items, new PageMarker(4, "d"), 2, x => x);

        Assert.Equal(["e"], page.Items);
        Assert.Null(page.Next);
    }

    [Fact]
    public void Slice_WhenPageSizeDividesCount_LastPageHasNoNextMarker()
    {
        var page = Pager.Slice(Items, new PageMarker(4, "d"), 1, x => x);

        Assert.Equal(["e"], page.Items);
        Assert.Null(page.Next);
    }

    [Fact]
    public void Slice_WhenItemInsertedBeforeMarker_ContinuesAfterLastReturnedItem()
    {
        var page = Pager.Slice(["0", .. Items], new PageMarker(2, "b"), 2, x => x);

        Assert.Equal(["c", "d"], page.Items);
    }

    [Fact]
    public void Slice_WhenLastReturnedItemDeleted_ResumesAtSameOffset()
    {
        var page = Pager.Slice(["a", "c", "d", "e"], new PageMarker(2, "b"), 2, x => x);

        Assert.Equal(["d", "e"], page.Items);
    }

    [Fact]
    public void Slice_WhenEmpty_ReturnsEmptyPageWithoutMarker()
    {
        var page = Pager.Slice(Array.Empty<string>(), null, 3, x => x);

        Assert.Empty(page.Items);
        Assert.Null(page.Next);
    }

    [Fact]
    public void Marker_WhenEncoded_DecodesToTheSameValueAndIsUrlSafe()
    {
        var marker = new PageMarker(1234, "id/with|pipes+and=signs");

        var text = marker.Encode();

        Assert.Equal(marker, PageMarker.Decode(text));
        Assert.Equal(Uri.EscapeDataString(text), text);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("eHl6")]
    [InlineData("cDF8LTF8YQ")]
    [InlineData("cDF8YWJjfGE")]
    public void Marker_WhenNotIssuedByServer_IsBadRequest(string text)
    {
        var problem = Assert.Throws<BadRequestProblem>(() => PageMarker.Decode(text));

        Assert.Contains("'nextpage_opaque_marker'", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(400, problem.Status);
    }

    [Fact]
    public void NextPageUri_WhenQueryHasBareKeysAndOldMarker_KeepsOthersVerbatimAndReplacesMarker()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1", 9890);
        context.Request.PathBase = "/base";
        context.Request.Path = "/vnfpkgm/v1/vnf_packages";
        context.Request.QueryString = new QueryString("?filter=(eq,a,'x%2Cy')&exclude_default&nextpage_opaque_marker=old&fields=a/b");

        var uri = Pager.NextPageUri(context.Request, new PageMarker(3, "k"));

        var marker = new PageMarker(3, "k").Encode();
        Assert.Equal(
            $"http://127.0.0.1:9890/base/vnfpkgm/v1/vnf_packages?filter=(eq,a,'x%2Cy')&exclude_default&fields=a/b&nextpage_opaque_marker={marker}",
            uri);
    }
}
