namespace NfvMano.Descriptors.Csar;

/// <summary>What a package describes.</summary>
public enum PackageKind
{
    /// <summary>Could not be told (the package is invalid).</summary>
    Unknown,

    /// <summary>A VNF package (SOL004) with a VNFD.</summary>
    Vnf,

    /// <summary>An NSD (file or SOL007 archive).</summary>
    Ns,
}

/// <summary>How the package names its main service template.</summary>
public enum CsarLayout
{
    /// <summary>A single YAML file, not an archive.</summary>
    PlainYaml,

    /// <summary>An archive with <c>TOSCA-Metadata/TOSCA.meta</c>.</summary>
    ToscaMetadata,

    /// <summary>An archive with one YAML file at its root (and a manifest of the same name).</summary>
    SingleRootYaml,
}
