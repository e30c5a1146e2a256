using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NfvMano.Security.Tokens;

namespace NfvMano.Security.Tests;

/// <summary>
/// OpenIddict's categories are held at Debug or above (at Trace it logs tokens in full), and otherwise log at the
/// level the configuration gives them: the floor must not lower the default Information to Debug.
/// </summary>
public sealed class NoTokensInLogsTests
{
    private const string OpenIddictCategory = "OpenIddict.Server.OpenIddictServerDispatcher";

    [Theory]
    [InlineData("Information", LogLevel.Information)]
    [InlineData("Warning", LogLevel.Warning)]
    [InlineData("Debug", LogLevel.Debug)]
    [InlineData("Trace", LogLevel.Debug)]
    public void OpenIddict_LogsFromTheConfiguredDefault_ButNeverBelowDebug(string configured, LogLevel expected)
    {
        using var services = Logging(new() { ["Logging:LogLevel:Default"] = configured });

        Assert.Equal(expected, Lowest(services, OpenIddictCategory));
        Assert.Equal(Enum.Parse<LogLevel>(configured), Lowest(services, "NfvMano.Lifecycle"));
    }

    [Fact]
    public void OpenIddict_AtTraceByItsOwnCategory_IsHeldAtDebug_AndOtherCategoriesKeepTheirs()
    {
        using var services = Logging(new()
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:OpenIddict.Server"] = "Trace",
            ["Logging:LogLevel:Open"] = "Trace",
        });

        Assert.Equal(LogLevel.Debug, Lowest(services, OpenIddictCategory));
        Assert.Equal(LogLevel.Debug, Lowest(services, "OpenIddict.Validation.OpenIddictValidationDispatcher"));
        Assert.Equal(LogLevel.Trace, Lowest(services, "OpenTelemetry"));
        Assert.Equal(LogLevel.Warning, Lowest(services, "NfvMano.Lifecycle"));
    }

    [Fact]
    public void OpenIddict_AtTraceForOneProvider_IsHeldAtDebugThere()
    {
        using var services = Logging(new()
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:Capture:LogLevel:Default"] = "Trace",
        });

        Assert.Equal(LogLevel.Debug, Lowest(services, OpenIddictCategory));
        Assert.Equal(LogLevel.Trace, Lowest(services, "NfvMano.Lifecycle"));
    }

    private static ServiceProvider Logging(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddConfiguration(configuration.GetSection("Logging")).AddProvider(new Capture()));
        services.AddSingleton<IPostConfigureOptions<LoggerFilterOptions>, NoTokensInLogs>();
        return services.BuildServiceProvider();
    }

    private static LogLevel Lowest(ServiceProvider services, string category)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(category);
        return Enum.GetValues<LogLevel>().First(logger.IsEnabled);
    }

    [ProviderAlias("Capture")]
    private sealed class Capture : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Nothing();

        public void Dispose()
        {
        }

        private sealed class Nothing : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
            }
        }
    }
}
