using NfvMano.Vim.Ovs.Chains;

namespace NfvMano.Vim.Ovs.Tests.Chains;

public class ChainCookieTests
{
    [Fact]
    public void For_SameId_GivesSameCookieWithTheChainPrefix()
    {
        var cookie = ChainCookie.For("ns-1/vnffg_web/nfp_web");
        Assert.Equal(cookie, ChainCookie.For("ns-1/vnffg_web/nfp_web"));
        Assert.True(ChainCookie.IsChainCookie(cookie));
        Assert.StartsWith("0x4e46", ChainCookie.Format(cookie), StringComparison.Ordinal);
        Assert.Equal(18, ChainCookie.Format(cookie).Length);
    }

    [Fact]
    public void For_ManyIds_GiveDistinctCookies()
    {
        var cookies = Enumerable.Range(0, 20_000).Select(i => ChainCookie.For($"chain-{i}")).ToHashSet();
        Assert.Equal(20_000, cookies.Count);
    }

    [Fact]
    public void For_Guid_IsTheCookieOfItsLowerCaseText()
    {
        var id = Guid.NewGuid();
        Assert.Equal(ChainCookie.For(id.ToString("D")), ChainCookie.For(id));
    }

    [Fact]
    public void IsChainCookie_BridgeDefaultCookie_IsNot() => Assert.False(ChainCookie.IsChainCookie(0));
}
