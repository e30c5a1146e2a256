namespace NfvMano.Placement.Requests;

/// <summary>What a server group's policy is about.</summary>
public enum GroupScope
{
    /// <summary>The compute host.</summary>
    Host,

    /// <summary>The availability zone.</summary>
    Zone,
}
