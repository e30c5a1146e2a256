namespace NfvMano.Descriptors.Tosca;

/// <summary>Where something is: file in the package, dotted YAML path, line and column.</summary>
internal readonly record struct YamlLocation(string File, string Path, int? Line, int? Column)
{
    public static YamlLocation Of(string file, string path, YNode? node) => new(file, path, node?.Line, node?.Column);

    public YamlLocation Child(string key, YNode? node) =>
        new(File, Path.Length == 0 ? key : $"{Path}.{key}", node?.Line ?? Line, node?.Column ?? Column);

    public YamlLocation Index(int index, YNode? node) => new(File, $"{Path}[{index}]", node?.Line ?? Line, node?.Column ?? Column);
}
