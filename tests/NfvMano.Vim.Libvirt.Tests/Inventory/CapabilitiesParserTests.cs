using NfvMano.Vim.Libvirt.Inventory;

namespace NfvMano.Vim.Libvirt.Tests.Inventory;

public sealed class CapabilitiesParserTests
{
    [Fact]
    public void ParseCells_WhenTwoSocketXeonWithSmt_ReadsCellsCpusSiblingsAndPages()
    {
        var cells = CapabilitiesParser.ParseCells(Fixture.Read("Fixtures/caps-2s-xeon-smt-2m-1g.xml"), "fixture");

        Assert.Equal([0, 1], cells.Select(c => c.Id));
        Assert.Equal(196474524, cells[0].MemoryKiB);
        Assert.Equal(28, cells[0].Cpus.Count);
        Assert.Equal([.. Enumerable.Range(0, 14), .. Enumerable.Range(28, 14)], cells[0].Cpus.Select(c => c.Id));
        Assert.Equal([.. Enumerable.Range(14, 14), .. Enumerable.Range(42, 14)], cells[1].Cpus.Select(c => c.Id));
        var cpu16 = cells[1].Cpus.Single(c => c.Id == 16);
        Assert.Equal([16, 44], cpu16.Siblings);
        Assert.Equal(1, cpu16.SocketId);
        Assert.Equal(2, cpu16.CoreId);
        Assert.Equal(14, cells[0].SiblingGroups.Count);
        Assert.All(cells.SelectMany(c => c.SiblingGroups), g => Assert.Equal(2, g.Count));
        Assert.Equal([4L, 2048L, 1048576L], cells[1].Pages.Select(p => p.SizeKiB));
        Assert.Equal(96, cells[0].PagesOf(1048576)!.Total);
        Assert.Equal(100, cells[1].PagesOf(1048576)!.Free);
        Assert.Equal(4096, cells[1].PagesOf(2048)!.Total);
    }

    [Fact]
    public void ParseCells_WhenSiblingsAreAdjacentRanges_ExpandsRanges()
    {
        var cells = CapabilitiesParser.ParseCells(Fixture.Read("Fixtures/caps-2s-epyc-adjacent-siblings.xml"), "fixture");

        Assert.Equal(16, cells[1].Cpus.Count);
        Assert.Equal([16, 17], cells[1].Cpus.Single(c => c.Id == 17).Siblings);
        Assert.Equal(0, cells[0].PagesOf(2048)!.Total);
        Assert.Equal(2048, cells[1].PagesOf(2048)!.Total);
        Assert.Equal(8, cells[0].SiblingGroups.Count);
    }

    [Fact]
    public void ParseCells_WhenNoTopology_ReturnsNoCells()
    {
        var cells = CapabilitiesParser.ParseCells("<capabilities><host><cpu><arch>x86_64</arch></cpu></host></capabilities>", "inline");

        Assert.Empty(cells);
    }

    [Fact]
    public void ParseCells_WhenXmlIsBroken_SaysWhichSource()
    {
        var ex = Assert.Throws<VimException>(() => CapabilitiesParser.ParseCells("<capabilities><host>", "file 'x.xml'"));

        Assert.Contains("file 'x.xml'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0-3,8,10-11", new[] { 0, 1, 2, 3, 8, 10, 11 })]
    [InlineData("0-7,^3", new[] { 0, 1, 2, 4, 5, 6, 7 })]
    [InlineData("5", new[] { 5 })]
    public void ParseCpuList_WhenValid_ExpandsIt(string text, int[] expected) =>
        Assert.Equal(expected, CapabilitiesParser.ParseCpuList(text, "test"));

    [Theory]
    [InlineData("3-1")]
    [InlineData("a")]
    [InlineData("1-")]
    public void ParseCpuList_WhenMalformed_Throws(string text) =>
        Assert.Throws<VimException>(() => CapabilitiesParser.ParseCpuList(text, "test"));
}
