namespace NfvMano.Vim.Ovs.Diagnostics;

/// <summary>Where a packet would go, as <c>ofproto/trace</c> works it out.</summary>
/// <param name="OutputPorts">Names of the ports the packet leaves by (empty when dropped), from the datapath actions.</param>
/// <param name="Cookies">Cookies of the rules it went through, in order.</param>
/// <param name="DatapathActions">The datapath actions line as OVS printed it.</param>
/// <param name="Text">The whole trace, for messages.</param>
public sealed record OvsTrace(IReadOnlyList<string> OutputPorts, IReadOnlyList<ulong> Cookies, string DatapathActions, string Text);
