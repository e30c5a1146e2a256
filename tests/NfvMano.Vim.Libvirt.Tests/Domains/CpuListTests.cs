using CsCheck;
using NfvMano.Vim.Libvirt.Domains;
using NfvMano.Vim.Libvirt.Inventory;

namespace NfvMano.Vim.Libvirt.Tests.Domains;

public sealed class CpuListTests
{
    [Fact]
    public void CpuList_WhenFormattedThenParsed_GivesTheSameSortedSet() =>
        Gen.Int[0, 255].HashSet[1, 64].Sample(set =>
            Assert.Equal(set.Order(), CapabilitiesParser.ParseCpuList(NfvMano.Vim.Inventory.CpuList.Format(set), "property")));

    [Fact]
    public void CpuList_WhenRunsAndSingles_CollapsesRuns() =>
        Assert.Equal("0-3,8,10-11", NfvMano.Vim.Inventory.CpuList.Format([11, 0, 1, 2, 3, 8, 10]));
}
