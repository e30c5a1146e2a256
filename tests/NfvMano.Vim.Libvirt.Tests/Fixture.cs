namespace NfvMano.Vim.Libvirt.Tests;

/// <summary>Fixtures copied next to the test assembly, and throw-away copies of them.</summary>
internal static class Fixture
{
    internal static string PathOf(string relative) => Path.Combine(AppContext.BaseDirectory, relative);

    internal static string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>
    /// Copies a test-driver node file to a fresh temp directory and returns its <c>test:///</c> URI:
    /// the test driver needs an absolute path, and each test gets its own fresh host.
    /// </summary>
    internal static string NodeFileUri(string fixture = "Fixtures/node-2numa-sriov.xml")
    {
        var dir = Directory.CreateTempSubdirectory("nfvmano-libvirt-test-");
        var target = Path.Combine(dir.FullName, Path.GetFileName(fixture));
        File.Copy(PathOf(fixture), target);
        return "test://" + target;
    }
}
