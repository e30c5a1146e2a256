using NfvMano.Descriptors.Csar;

namespace NfvMano.Descriptors.Tests;

public class SmokeTests
{
    [Theory]
    [InlineData("vrouter")]
    [InlineData("firewall")]
    [InlineData("storage")]
    [InlineData("nsd-service-chain")]
    public void Read_Sample_IsValid(string name)
    {
        using var zip = SamplePackages.Zip(name);
        var result = CsarReader.Read(zip);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        File.WriteAllText($"/tmp/nfv/{name}.json", GoldenFiles.Render(result));
    }
}
