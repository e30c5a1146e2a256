using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NfvMano.Security.Tokens;

/// <summary>
/// Keeps OpenIddict's categories at <see cref="LogLevel.Debug"/> or above whatever the logging configuration says:
/// at <see cref="LogLevel.Trace"/> OpenIddict writes every access token it issues or validates in full (events 6016,
/// 6152), and a token in a log is a credential anyone reading the log can use until it expires.
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
            if (rule.CategoryName?.StartsWith(Category, StringComparison.Ordinal) == true && (rule.LogLevel is null || rule.LogLevel < LogLevel.Debug))
            {
                rules[i] = new LoggerFilterRule(rule.ProviderName, rule.CategoryName, LogLevel.Debug, rule.Filter);
            }
        }

        // A provider's own rules win over general ones, so each provider named in the rules gets the floor too.
        foreach (var provider in rules.Select(r => r.ProviderName).Append(null).Distinct().ToList())
        {
            if (!rules.Any(r => r.ProviderName == provider && r.CategoryName == Category))
            {
                rules.Add(new LoggerFilterRule(provider, Category, LogLevel.Debug, null));
            }
        }
    }
}
