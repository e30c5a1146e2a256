namespace NfvMano.Lifecycle.NsLcm.Vnffg;

/// <summary>
/// A VNFFG of an NS instance cannot be realised as it stands (the NSD, the VNF instances or the bridge lack something);
/// every problem found is listed, each saying where.
/// </summary>
public sealed class VnffgException : Exception
{
    /// <summary>Creates the exception for the VNFFG <paramref name="vnffgId"/> of NS instance <paramref name="nsInstanceId"/>.</summary>
    public VnffgException(Guid nsInstanceId, string vnffgId, IReadOnlyList<string> problems)
        : base($"VNFFG {vnffgId} of NS instance {nsInstanceId} cannot be realised: {string.Join("; ", problems)}")
    {
        NsInstanceId = nsInstanceId;
        VnffgId = vnffgId;
        Problems = problems;
    }

    /// <summary>The NS instance.</summary>
    public Guid NsInstanceId { get; }

    /// <summary>The VNFFG.</summary>
    public string VnffgId { get; }

    /// <summary>Every problem, each naming the NFP, position, VNF or SAP concerned.</summary>
    public IReadOnlyList<string> Problems { get; }
}
