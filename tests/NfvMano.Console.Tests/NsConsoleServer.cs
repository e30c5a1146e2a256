namespace NfvMano.Console.Tests;

/// <summary>
/// The console server for the sample service chain: beside the vRouter and firewall (pinned CPUs, hugepages, SR-IOV
/// VFs on cell 0), the storage VNF floats on 4 shared vCPUs, so each cell keeps a shared pool of 4 cores.
/// </summary>
public sealed class NsConsoleServer : ConsoleServer
{
    protected override IEnumerable<KeyValuePair<string, string>> MoreSettings() =>
        [new("NfvMano:VnfLcm:SharedCoresPerCell", "4")];
}
