using NfvMano.Descriptors.Validation;

namespace NfvMano.Descriptors.Tosca;

/// <summary>Loads an entry definitions file and its imports from a package, then validates every topology.</summary>
internal static class ServiceTemplateLoader
{
    private static readonly HashSet<string> SupportedVersions = new(StringComparer.Ordinal)
    {
        "tosca_simple_yaml_1_0", "tosca_simple_yaml_1_1", "tosca_simple_yaml_1_2", "tosca_simple_yaml_1_3",
    };

    private static readonly HashSet<string> TopLevelKeys = new(StringComparer.Ordinal)
    {
        "tosca_definitions_version", "namespace", "metadata", "description", "dsl_definitions", "repositories", "imports", "artifact_types",
        "data_types", "capability_types", "interface_types", "relationship_types", "node_types", "group_types", "policy_types",
        "topology_template", "template_name", "template_author", "template_version",
    };

    public static ToscaModel Load(IPackageFiles files, string entryFile, YamlLimits limits, ProblemList problems)
    {
        var registry = new TypeRegistry(BuiltInTypes.Registry);
        var order = new List<string>();
        var roots = new Dictionary<string, YMapping>(StringComparer.Ordinal);
        LoadFile(files, entryFile, limits, problems, registry, roots, order, new HashSet<string>(StringComparer.Ordinal));
        registry.ResolveParents(problems);

        var model = new ToscaModel { EntryFile = entryFile, Registry = registry, EntryRoot = roots.GetValueOrDefault(entryFile) };
        var reader = new TopologyReader(registry, files, problems);
        foreach (var file in order)
        {
            var root = roots[file];
            model.Files[file] = root;
            if (root["topology_template"] is { } tt)
            {
                if (tt is YMapping ttMap)
                {
                    model.Topologies.Add(reader.Read(ttMap, file));
                }
                else
                {
                    problems.Add("tosca.schema", YamlLocation.Of(file, "topology_template", tt), "topology_template must be a mapping");
                }
            }
        }

        return model;
    }

    private static void LoadFile(IPackageFiles files, string file, YamlLimits limits, ProblemList problems, TypeRegistry registry,
        Dictionary<string, YMapping> roots, List<string> order, HashSet<string> visiting)
    {
        if (roots.ContainsKey(file) || !visiting.Add(file))
        {
            return;
        }

        var bytes = files.Read(file);
        if (bytes is null)
        {
            if (files.IsTooLarge(file))
            {
                problems.Add("yaml.too-large", file, $"definitions file is larger than the limit of {limits.MaxFileBytes} bytes");
                return;
            }

            problems.Add("tosca.missing-file", file, "definitions file is missing from the package");
            return;
        }

        var node = YamlLoader.Load(bytes, file, limits, problems);
        if (node is null)
        {
            return;
        }

        if (node is not YMapping root)
        {
            problems.Add("tosca.schema", file, "a TOSCA definitions file must be a YAML mapping");
            return;
        }

        var version = root["tosca_definitions_version"];
        if (version is not YScalar v)
        {
            problems.Add("tosca.schema", YamlLocation.Of(file, "tosca_definitions_version", root), "tosca_definitions_version is required");
        }
        else if (!SupportedVersions.Contains(v.Value))
        {
            problems.Add("tosca.unsupported-version", YamlLocation.Of(file, "tosca_definitions_version", v),
                $"'{v.Value}' is not a supported TOSCA version (tosca_simple_yaml_1_0 to 1_3)");
        }

        foreach (var (key, _) in root.Entries)
        {
            if (!TopLevelKeys.Contains(key.Value))
            {
                problems.Add("tosca.unknown-key", YamlLocation.Of(file, key.Value, key), $"'{key.Value}' is not a TOSCA service template keyword");
            }
        }

        roots[file] = root;
        order.Add(file);
        TypeLoader.Load(root, file, registry, problems, builtIn: false);

        if (root["imports"] is YSequence imports)
        {
            for (var i = 0; i < imports.Items.Count; i++)
            {
                var item = imports.Items[i];
                var at = YamlLocation.Of(file, $"imports[{i}]", item);
                var reference = item switch
                {
                    YScalar s => s.Value,
                    YMapping m when m["file"] is YScalar f => f.Value,
                    YMapping { Count: 1 } m when m.Entries[0].Value is YScalar named => named.Value,
                    YMapping { Count: 1 } m when m.Entries[0].Value is YMapping nm && nm["file"] is YScalar nf => nf.Value,
                    _ => null,
                };
                if (reference is null)
                {
                    problems.Add("tosca.schema", at, "an import must name a file");
                    continue;
                }

                if (PackagePath.IsUrl(reference))
                {
                    if (!BuiltInTypes.IsSol001TypeFile(reference))
                    {
                        problems.Add("tosca.remote-import", at, $"cannot import '{reference}': only ETSI SOL001 type files may be imported by URL");
                    }

                    continue;
                }

                var target = PackagePath.Resolve(file, reference);
                if (target is null)
                {
                    problems.Add("tosca.import-outside-package", at, $"import '{reference}' points outside the package");
                    continue;
                }

                if (!files.Exists(target))
                {
                    // Packages that name ETSI's type files without shipping them still mean the standard types.
                    if (!BuiltInTypes.IsSol001TypeFile(target))
                    {
                        problems.Add("tosca.import-missing", at, $"imported file '{target}' is not in the package");
                    }

                    continue;
                }

                LoadFile(files, target, limits, problems, registry, roots, order, visiting);
            }
        }
        else if (root["imports"] is { } bad && !(bad is YScalar { IsNull: true }))
        {
            problems.Add("tosca.schema", YamlLocation.Of(file, "imports", bad), "imports must be a list");
        }

        visiting.Remove(file);
    }
}
