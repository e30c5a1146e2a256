using System.ComponentModel.DataAnnotations;

namespace NfvMano.Lifecycle;

/// <summary>Settings of the VNF package and NSD catalogue, bound from <c>NfvMano:Catalogue</c>.</summary>
public sealed class CatalogueOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "NfvMano:Catalogue";

    /// <summary>Largest package or NSD content accepted, uploaded or fetched (<c>NfvMano:Catalogue:MaxContentBytes</c>).</summary>
    [Range(1024, long.MaxValue)]
    public long MaxContentBytes { get; set; } = 1L * 1024 * 1024 * 1024;

    /// <summary>
    /// Whether a VNF package without a manifest (<c>.mf</c>) is rejected, as SOL004 demands
    /// (<c>NfvMano:Catalogue:RequireManifest</c>). NSD archives are not held to it.
    /// </summary>
    public bool RequireManifest { get; set; } = true;

    /// <summary>How long fetching a package from a URI may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan UploadFromUriTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the onboarding worker looks for work it was not told about (e.g. left by another process).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a process holds a package it works on before another may take it over.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan WorkLease { get; set; } = TimeSpan.FromMinutes(15);
}
