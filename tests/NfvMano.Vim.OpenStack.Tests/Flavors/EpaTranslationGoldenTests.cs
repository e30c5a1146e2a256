using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NfvMano.Vim.OpenStack.Flavors;

namespace NfvMano.Vim.OpenStack.Tests.Flavors;

/// <summary>
/// Golden input/output pairs: each file under Golden/ holds a request and either the exact flavor or the exact
/// problems. A change in output is a reviewed change of the file, never a regeneration.
/// </summary>
public sealed class EpaTranslationGoldenTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private static string GoldenDirectory => Path.Combine(AppContext.BaseDirectory, "Flavors", "Golden");

    public static TheoryData<string> Cases() => new(CaseNames());

    private static IEnumerable<string> CaseNames() =>
        Directory.GetFiles(GoldenDirectory, "*.json").Order(StringComparer.Ordinal).Select(f => Path.GetFileNameWithoutExtension(f)!);

    [Fact]
    public void Golden_HasTheCasesOsmGotWrong()
    {
        var cases = CaseNames().ToList();
        Assert.Contains("numa-node-zero", cases);
        Assert.Contains("paired-threads-require", cases);
        Assert.Contains("node-memory-not-whole-gib", cases);
        Assert.Contains("vrouter-dataplane", cases);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Translate_GoldenCase_GivesExactlyTheRecordedFlavorOrProblems(string name)
    {
        var golden = JsonNode.Parse(File.ReadAllText(Path.Combine(GoldenDirectory, name + ".json")))!.AsObject();
        var request = golden["request"].Deserialize<FlavorRequest>(Json)!;

        if (golden["expectedProblems"] is JsonArray expectedProblems)
        {
            var ex = Assert.Throws<EpaTranslationException>(() => EpaTranslation.Translate(request));
            Assert.Equal(expectedProblems.Select(p => (string)p!), ex.Problems);
            return;
        }

        var expected = golden["expected"]!;
        var flavor = EpaTranslation.Translate(request);
        Assert.Equal((int)expected["vcpus"]!, flavor.Vcpus);
        Assert.Equal((long)expected["ramMiB"]!, flavor.RamMiB);
        Assert.Equal((int)expected["diskGiB"]!, flavor.DiskGiB);
        var expectedSpecs = expected["extraSpecs"]!.AsObject().Select(kv => $"{kv.Key}={(string)kv.Value!}").ToList();
        Assert.Equal(expectedSpecs, flavor.ExtraSpecs.Select(kv => $"{kv.Key}={kv.Value}").ToList());
        if (expected["name"] is JsonNode expectedName)
        {
            Assert.Equal((string)expectedName!, flavor.Name);
        }
    }
}
