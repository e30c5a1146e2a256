namespace NfvMano.Console.Tests;

/// <summary>
/// The console server for the sample service chain: beside the vRouter and firewall (pinned CPUs, hugepages, SR-IOV
/// VFs on cell 0), the storage VNF floats on 4 shared vCPUs, so each cell keeps a shared pool of 4 cores. Six hosts:
/// the NSD keeps the router (two VNFCs) apart from every firewall VNF, and the tests scale the firewall out and add
/// another firewall VNF.
/// </summary>
public sealed class NsConsoleServer : ConsoleServer
{
    protected override int HostCount => 6;

    protected override IEnumerable<KeyValuePair<string, string>> MoreSettings() =>
        [new("NfvMano:VnfLcm:SharedCoresPerCell", "4")];
}
