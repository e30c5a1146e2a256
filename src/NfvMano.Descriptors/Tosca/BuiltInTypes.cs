using System.Text.RegularExpressions;
using NfvMano.Descriptors.Validation;

namespace NfvMano.Descriptors.Tosca;

/// <summary>Our own TOSCA normative and ETSI SOL001 type knowledge, loaded once from embedded resources.</summary>
public static partial class BuiltInTypes
{
    private static readonly Lazy<TypeRegistry> LazyRegistry = new(Load);

    internal static TypeRegistry Registry => LazyRegistry.Value;

    /// <summary>Names of the embedded type files, in load order.</summary>
    public static IReadOnlyList<string> ResourceFiles { get; } = ["tosca_simple_base.yaml", "etsi_nfv_sol001_types.yaml"];

    /// <summary>The text of one embedded type file (used to feed reference tools the same knowledge).</summary>
    public static string ReadResource(string file)
    {
        using var stream = typeof(BuiltInTypes).Assembly.GetManifestResourceStream($"NfvMano.Descriptors.Tosca.BuiltInTypes.{file}")
            ?? throw new InvalidOperationException($"embedded type file {file} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"etsi_nfv_sol001_(common|vnfd|nsd|pnfd)_types\.yaml$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Sol001FilePattern();

    /// <summary>True for an import of one of ETSI's SOL001 type files (by URL, any version), which resolve to our knowledge.</summary>
    public static bool IsSol001TypeFile(string reference) => Sol001FilePattern().IsMatch(reference);

    private static TypeRegistry Load()
    {
        var registry = new TypeRegistry();
        var problems = new ProblemList();
        foreach (var file in ResourceFiles)
        {
            var root = YamlLoader.Load(ReadResource(file), file, YamlLimits.Default, problems) as YMapping
                ?? throw new InvalidOperationException($"embedded type file {file} is not a mapping");
            TypeLoader.Load(root, file, registry, problems, builtIn: true);
        }

        registry.ResolveParents(problems);
        return problems.IsEmpty
            ? registry
            : throw new InvalidOperationException("embedded type files are invalid: " + string.Join("; ", problems.Items));
    }
}
