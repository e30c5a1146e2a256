namespace NfvMano.Placement.Fitting;

/// <summary>Which hosts are looked at first.</summary>
public enum HostPreference
{
    /// <summary>Most free memory first (Nova's RAM weigher, multiplier +1).</summary>
    Spread,

    /// <summary>Least free memory first (multiplier −1).</summary>
    Pack,
}
