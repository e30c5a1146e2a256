using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using NfvMano.Vim.Ovs.Bridges;
using NfvMano.Vim.Ovs.Cli;

namespace NfvMano.Vim.Ovs.Chains;

/// <summary>
/// Realises forwarding paths (VNFFG NFPs) as OpenFlow rules on the bridge (see <see cref="ChainRules"/> for their
/// shape). Applying a chain replaces exactly that chain's rules in one OpenFlow bundle, so the switch never holds half
/// a chain and applying twice leaves the same rules; removing a chain deletes by its cookie and touches nothing else.
/// </summary>
public sealed partial class OvsForwardingGraphProgrammer
{
    private readonly OvsTools _tools;
    private readonly OvsBridgeManager _bridge;
    private readonly ILogger<OvsForwardingGraphProgrammer> _logger;

    /// <summary>Creates the programmer.</summary>
    public OvsForwardingGraphProgrammer(OvsTools tools, OvsBridgeManager bridge, ILogger<OvsForwardingGraphProgrammer> logger)
    {
        _tools = tools;
        _bridge = bridge;
        _logger = logger;
    }

    /// <summary>
    /// Programs <paramref name="chain"/>, replacing whatever rules it had. Fails before touching the switch when the
    /// chain is malformed or one of its ports is missing from the bridge (all problems in one message).
    /// </summary>
    /// <returns>The chain's rules as the switch now holds them.</returns>
    public async Task<ChainFlows> ApplyAsync(ForwardingChain chain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var problems = ChainRules.Validate(chain);
        if (problems.Count > 0)
        {
            throw new InvalidChainException(chain.ChainId ?? "", problems);
        }

        var names = ChainRules.PortNames(chain);
        IReadOnlyDictionary<string, OvsPort> ports;
        try
        {
            ports = await _bridge.GetPortsAsync(names, cancellationToken).ConfigureAwait(false);
        }
        catch (VimException e) when (e is not OvsCommandException)
        {
            throw new InvalidChainException(chain.ChainId, [e.Message]);
        }

        var rules = ChainRules.Build(chain, ports);
        var cookie = ChainCookie.For(chain.ChainId);

        // A bundle is one OpenFlow 1.4 transaction: the old rules go and the new ones come at once, or nothing changes.
        var bundle = new StringBuilder();
        bundle.Append(CultureInfo.InvariantCulture, $"delete cookie={ChainCookie.Format(cookie)}/-1\n");
        foreach (var rule in rules)
        {
            bundle.Append("add ").Append(rule).Append('\n');
        }

        await _tools.OfctlAsync(["--bundle"], "add-flows", ["-"], bundle.ToString(), cancellationToken).ConfigureAwait(false);
        LogApplied(_logger, chain.ChainId, ChainCookie.Format(cookie), rules.Count, _tools.Bridge);
        return await ReadChainAsync(chain.ChainId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes every rule of the chain (none is not an error).</summary>
    public async Task RemoveAsync(string chainId, CancellationToken cancellationToken)
    {
        await RemoveByCookieAsync(ChainCookie.For(chainId), cancellationToken).ConfigureAwait(false);
        LogRemoved(_logger, chainId, _tools.Bridge);
    }

    /// <summary>Deletes every rule carrying <paramref name="cookie"/> (for rules whose chain id is no longer known).</summary>
    public Task RemoveByCookieAsync(ulong cookie, CancellationToken cancellationToken) =>
        ChainCookie.IsChainCookie(cookie)
            ? _tools.OfctlAsync([], "del-flows", [$"cookie={ChainCookie.Format(cookie)}/-1"], null, cancellationToken)
            : throw new ArgumentOutOfRangeException(nameof(cookie), ChainCookie.Format(cookie), "not a chain cookie: refusing to delete rules this MANO did not make");

    /// <summary>The chain's rules as the switch holds them, in a stable order, without counters.</summary>
    public async Task<ChainFlows> ReadChainAsync(string chainId, CancellationToken cancellationToken)
    {
        var cookie = ChainCookie.For(chainId);
        var flows = await DumpAsync($"cookie={ChainCookie.Format(cookie)}/-1", cancellationToken).ConfigureAwait(false);
        return new ChainFlows(chainId, cookie, flows);
    }

    /// <summary>The cookies of all chains that have rules on the bridge, for a reconciler to find chains nobody owns.</summary>
    public async Task<IReadOnlySet<ulong>> ListChainCookiesAsync(CancellationToken cancellationToken)
    {
        var flows = await DumpAsync($"cookie={ChainCookie.Format(ChainCookie.Prefix)}/{ChainCookie.Format(ChainCookie.PrefixMask)}", cancellationToken)
            .ConfigureAwait(false);
        var cookies = new HashSet<ulong>();
        foreach (var flow in flows)
        {
            var start = flow.IndexOf("cookie=0x", StringComparison.Ordinal);
            if (start >= 0)
            {
                var end = flow.IndexOf(',', start);
                var hex = flow[(start + "cookie=0x".Length)..(end < 0 ? flow.Length : end)];
                if (ulong.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var cookie))
                {
                    cookies.Add(cookie);
                }
            }
        }

        return cookies;
    }

    private async Task<IReadOnlyList<string>> DumpAsync(string match, CancellationToken cancellationToken)
    {
        var output = await _tools.OfctlAsync(["--no-stats", "--sort"], "dump-flows", [match], null, cancellationToken).ConfigureAwait(false);

        // Some versions print a reply header line; rules are the lines with a cookie.
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("cookie=", StringComparison.Ordinal))
            .ToList();
    }

    [LoggerMessage(EventId = 7402, Level = LogLevel.Information, Message = "Chain {ChainId} programmed on {Bridge} as {RuleCount} rules with cookie {Cookie}")]
    private static partial void LogApplied(ILogger logger, string chainId, string cookie, int ruleCount, string bridge);

    [LoggerMessage(EventId = 7403, Level = LogLevel.Information, Message = "Chain {ChainId} removed from {Bridge}")]
    private static partial void LogRemoved(ILogger logger, string chainId, string bridge);
}
