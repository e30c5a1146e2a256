using NfvMano.Descriptors.Epa;
using NfvMano.Vim.OpenStack.Flavors;

namespace NfvMano.Vim.OpenStack.Tests.Flavors;

public sealed class EpaTranslationTests
{
    private static VduRequirements Pinned(int vcpus, long memoryMiB, PageSize? pages = null, params GuestNumaNode[] nodes) =>
        new(CpuPolicy.Dedicated, ThreadPolicy.Unspecified, vcpus, memoryMiB, nodes, pages, PciNumaAffinity.Unspecified, []);

    [Fact]
    public void Translate_SameRequestTwice_GivesTheSameName()
    {
        var a = EpaTranslation.Translate(new FlavorRequest(Pinned(2, 2048, PageSize.TwoMiB)));
        var b = EpaTranslation.Translate(new FlavorRequest(Pinned(2, 2048, PageSize.TwoMiB)));
        Assert.Equal(a.Name, b.Name);
        Assert.StartsWith("nfv-2c-2048m-0g-", a.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_WhenOnlyAnExtraSpecDiffers_GivesAnotherName()
    {
        var small = EpaTranslation.Translate(new FlavorRequest(Pinned(2, 2048, PageSize.TwoMiB)));
        var large = EpaTranslation.Translate(new FlavorRequest(Pinned(2, 2048, PageSize.OneGiB)));
        Assert.NotEqual(small.Name, large.Name);
    }

    [Fact]
    public void Translate_WhenMixedPolicy_RefusesForTheMissingMask()
    {
        var r = Pinned(2, 2048) with { CpuPolicy = CpuPolicy.Mixed };
        var ex = Assert.Throws<EpaTranslationException>(() => EpaTranslation.Translate(new FlavorRequest(r)));
        Assert.Contains("hw:cpu_dedicated_mask", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_WhenNodeIdsHaveAGap_Refuses()
    {
        var r = Pinned(2, 2048, null, new GuestNumaNode(0, [0], 1024), new GuestNumaNode(2, [1], 1024));
        var ex = Assert.Throws<EpaTranslationException>(() => EpaTranslation.Translate(new FlavorRequest(r)));
        Assert.Contains("without gaps", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_WhenTopologyDoesNotMultiplyToVcpus_Refuses()
    {
        var request = new FlavorRequest(Pinned(4, 2048), CpuTopology: new GuestCpuTopology(2, 2, 2));
        var ex = Assert.Throws<EpaTranslationException>(() => EpaTranslation.Translate(request));
        Assert.Contains("is 8, not the 4 vCPUs", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_WhenEmulatorThreadsIsolatedOnSharedCpus_Refuses()
    {
        var r = Pinned(2, 2048) with { CpuPolicy = CpuPolicy.Shared };
        var ex = Assert.Throws<EpaTranslationException>(() => EpaTranslation.Translate(new FlavorRequest(r, EmulatorThreads: EmulatorThreadsPolicy.Isolate)));
        Assert.Contains("emulator threads policy 'isolate' needs dedicated CPUs", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1GB", "1048576")]
    [InlineData("1GiB", "1048576")]
    [InlineData("2MB", "2048")]
    [InlineData("2048", "2048")]
    [InlineData("2048KB", "2048")]
    [InlineData("large", "large")]
    public void NormalisePageSize_WritesKiB(string text, string kib) =>
        Assert.Equal(kib, EpaTranslation.NormalisePageSize(text));

    [Fact]
    public void ExtraSpecsMatch_WhenPageSizeWrittenDifferently_Matches()
    {
        var ours = new Dictionary<string, string> { ["hw:cpu_policy"] = "dedicated", ["hw:mem_page_size"] = "1GB" };
        var theirs = new Dictionary<string, string> { ["hw:cpu_policy"] = "dedicated", ["hw:mem_page_size"] = "1048576", ["aggregate_instance_extra_specs:x"] = "y" };
        Assert.True(EpaTranslation.ExtraSpecsMatch(ours, theirs));
    }

    [Fact]
    public void ExtraSpecsMatch_WhenExistingHasAnExtraHwKey_DoesNotMatch()
    {
        var ours = new Dictionary<string, string> { ["hw:cpu_policy"] = "dedicated" };
        var theirs = new Dictionary<string, string> { ["hw:cpu_policy"] = "dedicated", ["hw:numa_nodes"] = "1" };
        Assert.False(EpaTranslation.ExtraSpecsMatch(ours, theirs));
        Assert.False(EpaTranslation.ExtraSpecsMatch(theirs, ours));
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3 }, "0-3")]
    [InlineData(new[] { 3, 0, 1, 6 }, "0-1,3,6")]
    [InlineData(new[] { 5 }, "5")]
    public void CpuList_WritesRanges(int[] cpus, string text) => Assert.Equal(text, NfvMano.Vim.Inventory.CpuList.Format(cpus));
}
