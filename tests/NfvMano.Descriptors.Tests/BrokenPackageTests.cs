using NfvMano.Descriptors.Csar;

namespace NfvMano.Descriptors.Tests;

/// <summary>Each folder under descriptors/broken/ must be rejected with exactly the problems its EXPECTED-errors.txt lists.</summary>
public class BrokenPackageTests
{
    // SOL004 strictness: a package must carry a manifest.
    private static readonly CsarLimits Strict = CsarLimits.Default with { RequireManifest = true };

    public static TheoryData<string> Broken => new(SamplePackages.BrokenNames());

    [Theory]
    [MemberData(nameof(Broken))]
    public void Read_BrokenPackage_ReportsExactlyItsExpectedErrors(string name)
    {
        var expected = File.ReadAllLines(Path.Combine(SamplePackages.Folder("broken/" + name), "EXPECTED-errors.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
        using var zip = SamplePackages.Zip("broken/" + name);

        var result = CsarReader.Read(zip, Strict);

        Assert.False(result.IsValid);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Read_MultipleErrors_ReportsEveryProblemAtOnceWithFileAndPath()
    {
        using var zip = SamplePackages.Zip("broken/multiple-errors");

        var problems = CsarReader.Read(zip).Problems;

        Assert.Equal(3, problems.Count);
        Assert.All(problems, p =>
        {
            Assert.Equal("Definitions/probe.yaml", p.File);
            Assert.NotEmpty(p.Path);
            Assert.NotNull(p.Line);
        });
        Assert.Equal(["tosca.missing-property", "tosca.unknown-node", "tosca.unknown-target"], problems.Select(p => p.Code));
    }
}
