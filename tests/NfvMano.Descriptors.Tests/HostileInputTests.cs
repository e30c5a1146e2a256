using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using NfvMano.Descriptors.Csar;
using NfvMano.Descriptors.Tosca;

namespace NfvMano.Descriptors.Tests;

/// <summary>Hostile archives and YAML are rejected with a clear reason, quickly, and never crash the reader.</summary>
public class HostileInputTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private static PackageParseResult ReadBounded(Stream zip, CsarLimits? limits = null)
    {
        var watch = Stopwatch.StartNew();
        var result = CsarReader.Read(zip, limits);
        Assert.True(watch.Elapsed < Bound, $"took {watch.Elapsed}");
        return result;
    }

    private static PackageParseResult ReadYamlBounded(string yaml, CsarLimits? limits = null) =>
        ReadYamlBounded(Encoding.UTF8.GetBytes(yaml), limits);

    private static PackageParseResult ReadYamlBounded(byte[] yaml, CsarLimits? limits = null)
    {
        var watch = Stopwatch.StartNew();
        var result = CsarReader.ReadYaml(new MemoryStream(yaml), "vnfd.yaml", limits);
        Assert.True(watch.Elapsed < Bound, $"took {watch.Elapsed}");
        return result;
    }

    [Theory]
    [InlineData("../evil.sh")]
    [InlineData("Definitions/../../evil.sh")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/Windows/evil.dll")]
    public void Read_EntryEscapingTheArchive_IsRejected(string path)
    {
        using var zip = SamplePackages.ZipTexts(("TOSCA-Metadata/TOSCA.meta", "Entry-Definitions: a.yaml\n"), (path, "boom"));

        var result = ReadBounded(zip);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("csar.unsafe-path", problem.Code);
        Assert.Equal(path, problem.File);
    }

    [Fact]
    public void Read_SymlinkEntry_IsRejected()
    {
        var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            var link = archive.CreateEntry("Definitions/vnfd.yaml");
            link.ExternalAttributes = unchecked((int)0xA1FF0000);
            using var s = link.Open();
            s.Write("/etc/shadow"u8);
        }

        stream.Position = 0;

        var result = ReadBounded(stream);

        Assert.Equal("csar.symlink", Assert.Single(result.Problems).Code);
    }

    [Fact]
    public void Read_ZipBomb_IsRejectedByCompressionRatioBeforeInflating()
    {
        var zeros = new byte[64 * 1024 * 1024];
        using var zip = SamplePackages.ZipFiles([("Files/zeros.img", zeros)]);

        var result = ReadBounded(zip);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("csar.zip-bomb", problem.Code);
        Assert.Contains("expands", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TotalUncompressedSizeOverLimit_IsRejected()
    {
        var limits = CsarLimits.Default with { MaxTotalBytes = 1000, MaxEntryBytes = 800 };
        using var zip = SamplePackages.ZipFiles([("a.bin", new byte[600]), ("b.bin", new byte[600])]);

        var result = ReadBounded(zip, limits);

        Assert.Equal("csar.too-large", Assert.Single(result.Problems).Code);
    }

    [Fact]
    public void Read_EntryOverPerFileLimit_IsRejected()
    {
        var limits = CsarLimits.Default with { MaxEntryBytes = 1000 };
        using var zip = SamplePackages.ZipFiles([("Files/big.img", new byte[2000])]);

        var result = ReadBounded(zip, limits);

        Assert.Equal("csar.entry-too-large", Assert.Single(result.Problems).Code);
    }

    [Fact]
    public void Read_TooManyEntries_IsRejectedBeforeReadingAny()
    {
        var limits = CsarLimits.Default with { MaxEntries = 100 };
        using var zip = SamplePackages.ZipFiles(Enumerable.Range(0, 101).Select(i => ($"f{i}.txt", new byte[1])));

        var result = ReadBounded(zip, limits);

        Assert.Equal("csar.too-many-entries", Assert.Single(result.Problems).Code);
    }

    [Fact]
    public void Read_NotAZip_IsRejected()
    {
        var result = ReadBounded(new MemoryStream("this is not a zip archive at all"u8.ToArray()));

        Assert.Equal("csar.not-zip", Assert.Single(result.Problems).Code);
    }

    [Fact]
    public void ReadYaml_AliasBomb_IsRejected()
    {
        var yaml = new StringBuilder("tosca_definitions_version: tosca_simple_yaml_1_2\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 12; i++)
        {
            yaml.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        }

        var result = ReadYamlBounded(yaml.ToString());

        Assert.Equal("yaml.alias-explosion", Assert.Single(result.Problems).Code);
    }

    [Fact]
    public void ReadYaml_ExcessiveNesting_IsRejected()
    {
        var yaml = "tosca_definitions_version: tosca_simple_yaml_1_2\ndeep: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

        var result = ReadYamlBounded(yaml);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("yaml.too-deep", problem.Code);
        Assert.Equal(2, problem.Line);
    }

    [Fact]
    public void ReadYaml_InvalidUtf8_IsRejected()
    {
        var bytes = Encoding.UTF8.GetBytes("tosca_definitions_version: tosca_simple_yaml_1_2\ndescription: caf").Concat(new byte[] { 0xC3, 0x28 }).ToArray();

        var result = ReadYamlBounded(bytes);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("yaml.invalid-utf8", problem.Code);
        Assert.Contains("byte", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadYaml_HugeFile_IsRejectedWithoutParsing()
    {
        var limits = CsarLimits.Default with { Yaml = YamlLimits.Default with { MaxFileBytes = 1024 * 1024 } };
        var yaml = "description: '" + new string('x', 2 * 1024 * 1024) + "'\n";

        var result = ReadYamlBounded(yaml, limits);

        Assert.Equal("yaml.too-large", Assert.Single(result.Problems).Code);
    }

    [Fact]
    public void Read_HugeYamlInsidePackage_IsRejected()
    {
        var limits = CsarLimits.Default with { Yaml = YamlLimits.Default with { MaxFileBytes = 4096 } };
        using var zip = SamplePackages.ZipTexts(
            ("TOSCA-Metadata/TOSCA.meta", "TOSCA-Meta-File-Version: 1.0\nCSAR-Version: 1.1\nCreated-By: x\nEntry-Definitions: big.yaml\n"),
            ("big.yaml", "description: '" + new string('x', 10_000) + "'\n"),
            ("big.mf", "metadata:\nvnf_provider_id: x\n"));

        var result = ReadBounded(zip, limits);

        Assert.Contains(result.Problems, p => p.Code == "yaml.too-large" && p.File == "big.yaml");
    }

    [Fact]
    public void ReadYaml_DuplicateKeys_AreReported()
    {
        var result = ReadYamlBounded("tosca_definitions_version: tosca_simple_yaml_1_2\ndescription: a\ndescription: b\n");

        Assert.Contains(result.Problems, p => p.Code == "yaml.duplicate-key" && p.Line == 3);
    }

    [Fact]
    public void ReadAny_RandomBytes_NeverThrows()
    {
        var random = new Random(42);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(1, 4096)];
            random.NextBytes(bytes);
            if (i % 2 == 0)
            {
                "PK\u0003\u0004"u8.CopyTo(bytes);
            }

            var result = CsarReader.ReadAny(new MemoryStream(bytes));

            Assert.False(result.IsValid);
        }
    }

    [Fact]
    public void Read_EntryInflatingBeyondItsDeclaredSize_IsNeverReadPastTheDeclaredSize()
    {
        // A header that lies: the entry says 100 bytes but inflates to 64 KiB. What is read stays within the
        // declared size (so the declared sizes checked up front really bound the work), and nothing crashes.
        using var honest = SamplePackages.ZipFiles([("Files/liar.bin", new byte[64 * 1024]), ("vnfd.yaml", "description: x\n"u8.ToArray())]);
        var bytes = honest.ToArray();
        PatchUncompressedSize(bytes, 0x04034b50, 22, 100);
        PatchUncompressedSize(bytes, 0x02014b50, 24, 100);

        var result = ReadBounded(new MemoryStream(bytes));

        Assert.False(result.IsValid);
        var liar = result.Artifacts.SingleOrDefault(a => a.Path == "Files/liar.bin");
        Assert.True(liar is null || liar.Size <= 100, $"read {liar?.Size} bytes of an entry declared as 100");
    }

    private static void PatchUncompressedSize(byte[] zip, uint signature, int offset, int size)
    {
        for (var i = 0; i + 4 <= zip.Length; i++)
        {
            if (BitConverter.ToUInt32(zip, i) == signature)
            {
                BitConverter.GetBytes(size).CopyTo(zip, i + offset);
                return;
            }
        }

        throw new InvalidOperationException("signature not found");
    }
}
