using Microsoft.Extensions.Logging;
using NfvMano.Descriptors.Nsd;
using NfvMano.Vim.Ovs.Bridges;
using NfvMano.Vim.Ovs.Chains;

namespace NfvMano.Lifecycle.NsLcm.Vnffg;

/// <summary>
/// Realises the VNFFGs of an NS instance as traffic steering on the Open vSwitch bridge of the libvirt VIM: each NFP
/// becomes one chain (<see cref="VnffgPlanner"/>), its VNFC ports found on the bridge by the MAC libvirt recorded when it
/// plugged them (<c>external_ids:attached-mac</c>), and is programmed by the <see cref="OvsForwardingGraphProgrammer"/>.
/// Applying is idempotent (each chain replaces its own rules in one bundle) and so is removing; the chain ids carry the
/// NS instance and VNFFG ids, so removing one VNFFG touches no other VNFFG's or NS instance's rules.
/// </summary>
public sealed partial class VnffgRealiser
{
    private readonly OvsBridgeManager _bridge;
    private readonly OvsForwardingGraphProgrammer _programmer;
    private readonly ILogger<VnffgRealiser> _logger;

    /// <summary>Creates the realiser.</summary>
    public VnffgRealiser(OvsBridgeManager bridge, OvsForwardingGraphProgrammer programmer, ILogger<VnffgRealiser> logger)
    {
        _bridge = bridge;
        _programmer = programmer;
        _logger = logger;
    }

    /// <summary>
    /// Programs every NFP of the VNFFG <paramref name="vnffgId"/>. Nothing is programmed when the plan has a problem or
    /// a VNFC port is not on the bridge (all reported in one <see cref="VnffgException"/>); a switch failure part-way
    /// can leave earlier NFPs programmed, which <see cref="RemoveAsync"/> undoes.
    /// </summary>
    /// <returns>The rules of each NFP's chain as the switch now holds them.</returns>
    public async Task<IReadOnlyList<ChainFlows>> ApplyAsync(VnffgContext context, string vnffgId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var plans = VnffgPlanner.Plan(context, vnffgId);
        var chains = await ResolveAsync(context, vnffgId, plans, cancellationToken).ConfigureAwait(false);
        var applied = new List<ChainFlows>();
        foreach (var chain in chains)
        {
            applied.Add(await _programmer.ApplyAsync(chain, cancellationToken).ConfigureAwait(false));
        }

        LogApplied(_logger, vnffgId, context.NsInstanceId, chains.Count, _bridge.Bridge);
        return applied;
    }

    /// <summary>
    /// Deletes the rules of every NFP of <paramref name="vnffg"/> for the NS instance; none is not an error, so it is the
    /// compensation of <see cref="ApplyAsync"/> and the terminate step alike.
    /// </summary>
    public async Task RemoveAsync(Guid nsInstanceId, Descriptors.Nsd.Vnffg vnffg, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vnffg);
        foreach (var chainId in VnffgPlanner.ChainIds(nsInstanceId, vnffg))
        {
            await _programmer.RemoveAsync(chainId, cancellationToken).ConfigureAwait(false);
        }

        LogRemoved(_logger, vnffg.Id, nsInstanceId, _bridge.Bridge);
    }

    /// <summary>Removes every VNFFG of the flavour for the NS instance (terminate).</summary>
    public async Task RemoveAllAsync(Guid nsInstanceId, NsFlavour flavour, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flavour);
        foreach (var vnffg in flavour.Vnffgs)
        {
            await RemoveAsync(nsInstanceId, vnffg, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The rules each NFP of the VNFFG has on the switch (empty lists when it is not programmed).</summary>
    public async Task<IReadOnlyList<ChainFlows>> ReadAsync(Guid nsInstanceId, Descriptors.Nsd.Vnffg vnffg, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vnffg);
        var result = new List<ChainFlows>();
        foreach (var chainId in VnffgPlanner.ChainIds(nsInstanceId, vnffg))
        {
            result.Add(await _programmer.ReadChainAsync(chainId, cancellationToken).ConfigureAwait(false));
        }

        return result;
    }

    /// <summary>The chains of the plans with each VNFC MAC replaced by its bridge port, or every port that is missing.</summary>
    private async Task<IReadOnlyList<ForwardingChain>> ResolveAsync(VnffgContext context, string vnffgId, IReadOnlyList<NfpPlan> plans, CancellationToken cancellationToken)
    {
        var ports = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var pair in plans.SelectMany(p => p.Hops).SelectMany(h => h.Instances))
        {
            foreach (var (cp, mac) in new[] { (pair.IngressCp, pair.IngressMac), (pair.EgressCp, pair.EgressMac) })
            {
                if (ports.ContainsKey(mac))
                {
                    continue;
                }

                if (await _bridge.FindPortByMacAsync(mac, cancellationToken).ConfigureAwait(false) is { } port)
                {
                    ports[mac] = port;
                }
                else if (!problems.Any(p => p.Contains(mac, StringComparison.Ordinal)))
                {
                    problems.Add($"{pair.Describe(cp)} (MAC {mac}) has no port on bridge {_bridge.Bridge}: is its network on the bridge (OvsBridge) and its server running?");
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new VnffgException(context.NsInstanceId, vnffgId, problems);
        }

        return [.. plans.Select(plan => new ForwardingChain(
            plan.ChainId,
            plan.Classifiers,
            plan.IngressPort,
            [.. plan.Hops.Select(h => new ChainHop([.. h.Instances.Select(i => new PortPair(ports[i.IngressMac], ports[i.EgressMac]))]))],
            plan.EgressPort))];
    }

    [LoggerMessage(EventId = 7410, Level = LogLevel.Information, Message = "VNFFG {VnffgId} of NS instance {NsInstanceId} programmed on {Bridge} as {ChainCount} chain(s)")]
    private static partial void LogApplied(ILogger logger, string vnffgId, Guid nsInstanceId, int chainCount, string bridge);

    [LoggerMessage(EventId = 7411, Level = LogLevel.Information, Message = "VNFFG {VnffgId} of NS instance {NsInstanceId} removed from {Bridge}")]
    private static partial void LogRemoved(ILogger logger, string vnffgId, Guid nsInstanceId, string bridge);
}
