namespace NfvMano.Vim.Ovs.Bridges;

/// <summary>A port of the bridge and the OpenFlow port number rules refer to it by.</summary>
/// <param name="Name">The port (and interface) name.</param>
/// <param name="OfPort">Its OpenFlow port number.</param>
public sealed record OvsPort(string Name, int OfPort);
