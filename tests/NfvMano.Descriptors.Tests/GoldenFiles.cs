using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using NfvMano.Descriptors.Csar;

namespace NfvMano.Descriptors.Tests;

/// <summary>
/// The parsed model of each sample is kept as EXPECTED.model.json next to the sample and reviewed like code.
/// Set NFVMANO_UPDATE_GOLDEN=1 to rewrite them in the source tree after a deliberate change, then review the diff.
/// </summary>
internal static class GoldenFiles
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public const string FileName = "EXPECTED.model.json";

    public static string Render(PackageParseResult result) =>
        JsonSerializer.Serialize(new
        {
            result.Kind,
            result.Layout,
            result.EntryDefinitions,
            result.DefinitionFiles,
            Manifest = result.Manifest is null ? null : new { result.Manifest.File, Metadata = new SortedDictionary<string, string>(result.Manifest.Metadata.ToDictionary(), StringComparer.Ordinal) },
            result.Artifacts,
            result.Vnfd,
            result.Nsd,
        }, Options).ReplaceLineEndings("\n") + "\n";

    public static void AssertMatches(string sample, PackageParseResult result)
    {
        var actual = Render(result);
        var expectedPath = Path.Combine(SamplePackages.Folder(sample), FileName);
        if (Environment.GetEnvironmentVariable("NFVMANO_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(SourceRoot(), "descriptors", sample, FileName), actual);
            return;
        }

        Assert.True(File.Exists(expectedPath), $"{sample} has no {FileName}; run the tests once with NFVMANO_UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(expectedPath).ReplaceLineEndings("\n"), actual);
    }

    private static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NfvMano.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the source tree (NfvMano.sln) above the test assembly");
    }
}
