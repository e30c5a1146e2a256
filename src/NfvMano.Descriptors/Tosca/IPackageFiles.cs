namespace NfvMano.Descriptors.Tosca;

/// <summary>The files of a package as the TOSCA loader sees them: which exist, and the content of text ones.</summary>
internal interface IPackageFiles
{
    bool Exists(string path);

    /// <summary>Content of a definitions file, or null when absent or not held (artifacts are not loaded).</summary>
    byte[]? Read(string path);

    /// <summary>True when the file exists but was too large to be held as a definitions file.</summary>
    bool IsTooLarge(string path);
}

internal sealed class InMemoryPackageFiles(IReadOnlyDictionary<string, byte[]> files, IReadOnlySet<string> others, IReadOnlySet<string> tooLarge) : IPackageFiles
{
    public bool Exists(string path) => files.ContainsKey(path) || others.Contains(path);

    public byte[]? Read(string path) => files.TryGetValue(path, out var bytes) ? bytes : null;

    public bool IsTooLarge(string path) => tooLarge.Contains(path);
}
