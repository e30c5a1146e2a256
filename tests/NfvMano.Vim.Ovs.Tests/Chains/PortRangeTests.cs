using CsCheck;
using NfvMano.Vim.Ovs.Chains;

namespace NfvMano.Vim.Ovs.Tests.Chains;

public class PortRangeTests
{
    [Fact]
    public void ToMaskedValues_ForEveryRange_CoversExactlyTheRangeWithAlignedDisjointBlocks()
    {
        Gen.Select(Gen.Int[0, 65535], Gen.Int[0, 65535]).Sample((a, b) =>
        {
            var range = new PortRange(Math.Min(a, b), Math.Max(a, b));
            var blocks = range.ToMaskedValues();
            var next = range.Lower;
            foreach (var (value, mask) in blocks)
            {
                var size = (~mask & 0xFFFF) + 1;

                // A mask is a run of ones then zeros, the block starts where the last one ended and is aligned to its size.
                Assert.Equal(0, size & (size - 1));
                Assert.Equal(next, value);
                Assert.Equal(0, value & (size - 1));
                next += size;
            }

            Assert.Equal(range.Upper + 1, next);
            Assert.True(blocks.Count <= 30, $"{range} took {blocks.Count} blocks");
        });
    }

    [Theory]
    [InlineData(80, 80, 1)]
    [InlineData(80, 443, 8)]
    [InlineData(1024, 65535, 6)]
    [InlineData(0, 65535, 1)]
    [InlineData(1, 65534, 30)]
    public void ToMaskedValues_KnownRanges_TakeTheFewestBlocks(int lower, int upper, int blocks) =>
        Assert.Equal(blocks, new PortRange(lower, upper).ToMaskedValues().Count);

    [Fact]
    public void ToMaskedValues_WhenInverted_Throws() =>
        Assert.Throws<InvalidOperationException>(() => new PortRange(443, 80).ToMaskedValues());
}
