namespace NfvMano.Descriptors.Validation;

/// <summary>
/// One thing wrong with a package: where it is (file, YAML path, line and column when known) and why.
/// </summary>
/// <param name="Code">Stable machine-readable kind of problem, e.g. <c>manifest.digest-mismatch</c>.</param>
/// <param name="File">Path of the file inside the package ("" for the archive itself).</param>
/// <param name="Path">Dotted YAML path, e.g. <c>topology_template.node_templates.VDU1.properties.name</c>; "" when not applicable.</param>
/// <param name="Line">1-based line, when known.</param>
/// <param name="Column">1-based column, when known.</param>
/// <param name="Message">What is wrong, for a person.</param>
public sealed record Problem(string Code, string File, string Path, int? Line, int? Column, string Message)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var where = File;
        if (Line is { } line)
        {
            where += Column is { } column ? $":{line}:{column}" : $":{line}";
        }

        return Path.Length == 0 ? $"{where}: {Message}" : $"{where}: {Path}: {Message}";
    }
}
