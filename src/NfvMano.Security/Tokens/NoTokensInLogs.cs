using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NfvMano.Security.Tokens;

/// <summary>
/// Keeps OpenIddict's categories at <see cref="LogLevel.Debug"/> or above whatever the logging configuration says:
/// at <see cref="LogLevel.Trace"/> OpenIddict writes every access token it issues or validates in full (events 6016,
/// 6152), and a token in a log is a credential anyone reading the log can use until it expires. It only ever raises
/// the level: where the configuration already gives OpenIddict <see cref="LogLevel.Information"/> (the default),
/// OpenIddict stays there, so its per-request debug events do not flood the log.
/// </summary>
internal sealed class NoTokensInLogs : IPostConfigureOptions<LoggerFilterOptions>
{
    public const string Category = "OpenIddict";

    public void PostConfigure(string? name, LoggerFilterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rules = options.Rules;
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (rule.CategoryName?.StartsWith(Category, StringComparison.OrdinalIgnoreCase) == true && BelowDebug(rule.LogLevel))
            {
                rules[i] = new LoggerFilterRule(rule.ProviderName, rule.CategoryName, LogLevel.Debug, rule.Filter);
            }
        }

        // A provider's own rules win over general ones, so each provider named in the rules is looked at on its own.
        foreach (var provider in rules.Select(r => r.ProviderName).Append(null).Distinct().ToList())
        {
            if (BelowDebug(LevelFor(options, provider)))
            {
                rules.Add(new LoggerFilterRule(provider, Category, LogLevel.Debug, null));
            }
        }
    }

    private static bool BelowDebug(LogLevel? level) => level is null or < LogLevel.Debug;

    /// <summary>
    /// The level the rules give OpenIddict's categories for one provider, chosen as the logging framework chooses:
    /// the provider's own rules over general ones, then the longest matching category, then the later rule. A rule
    /// with a wildcard that may match some OpenIddict category counts as matching, so the floor errs on the safe side.
    /// </summary>
    private static LogLevel? LevelFor(LoggerFilterOptions options, string? provider)
    {
        LoggerFilterRule? chosen = null;
        foreach (var rule in options.Rules)
        {
            if ((rule.ProviderName is not null && rule.ProviderName != provider) || !MayMatch(rule.CategoryName))
            {
                continue;
            }

            if (chosen is null || Outranks(rule, chosen))
            {
                chosen = rule;
            }
        }

        return chosen is null ? options.MinLevel : chosen.LogLevel;
    }

    private static bool MayMatch(string? category)
    {
        if (category is null)
        {
            return true;
        }

        var wildcard = category.IndexOf('*', StringComparison.Ordinal);
        var prefix = wildcard < 0 ? category : category[..wildcard];
        return Category.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            || (wildcard >= 0 && prefix.StartsWith(Category, StringComparison.OrdinalIgnoreCase));
    }

    private static bool Outranks(LoggerFilterRule rule, LoggerFilterRule chosen)
    {
        if ((rule.ProviderName is null) != (chosen.ProviderName is null))
        {
            return rule.ProviderName is not null;
        }

        return chosen.CategoryName is null || (rule.CategoryName is not null && rule.CategoryName.Length >= chosen.CategoryName.Length);
    }
}
