using System.Diagnostics;
using System.Globalization;
using System.Text;
using CliWrap;
using CliWrap.Buffered;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NfvMano.Vim.Ovs.Cli;

/// <summary>
/// Runs <c>ovs-vsctl</c>, <c>ovs-ofctl</c> and <c>ovs-appctl</c> against the daemons <see cref="OvsOptions"/> names.
/// Every failure (cannot start, non-zero exit, timeout) becomes an <see cref="OvsCommandException"/> carrying the
/// command line and stderr, because the tools' own messages are the best diagnosis there is.
/// </summary>
public sealed partial class OvsTools
{
    private readonly OvsOptions _options;
    private readonly ILogger<OvsTools> _logger;
    private readonly string? _runDirectory;

    /// <summary>Creates the runner.</summary>
    public OvsTools(IOptions<OvsOptions> options, ILogger<OvsTools> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _runDirectory = _options.VswitchdControl is { Length: > 0 } ctl ? Path.GetDirectoryName(Path.GetFullPath(ctl)) : null;
    }

    /// <summary>The bridge the options name.</summary>
    public string Bridge => _options.Bridge;

    /// <summary>Runs <c>ovs-vsctl</c> on the configured database and returns its stdout.</summary>
    public Task<string> VsctlAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var all = new List<string>();
        if (_options.Database is { Length: > 0 } db)
        {
            all.Add("--db=" + db);
        }

        // vsctl waits for vswitchd to apply each change; its own timeout makes a dead vswitchd a clear error.
        all.Add("--timeout=" + ((int)Math.Ceiling(_options.CommandTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        all.AddRange(arguments);
        return RunAsync("ovs-vsctl", all, null, cancellationToken);
    }

    /// <summary>
    /// Runs <c>ovs-ofctl COMMAND BRIDGE ARGS…</c> on the configured bridge; <paramref name="standardInput"/>, when given,
    /// is piped in (for <c>add-flows BRIDGE -</c>).
    /// </summary>
    public Task<string> OfctlAsync(IReadOnlyList<string> options, string command, IEnumerable<string> arguments, string? standardInput, CancellationToken cancellationToken)
    {
        List<string> all = [.. options, command, OpenFlowTarget, .. arguments];
        return RunAsync("ovs-ofctl", all, standardInput, cancellationToken);
    }

    /// <summary>Runs <c>ovs-appctl</c> against the configured <c>ovs-vswitchd</c>.</summary>
    public Task<string> AppctlAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var all = new List<string>();
        if (_options.VswitchdControl is { Length: > 0 } ctl)
        {
            all.Add("-t");
            all.Add(ctl);
        }

        all.AddRange(arguments);
        return RunAsync("ovs-appctl", all, null, cancellationToken);
    }

    /// <summary>
    /// What <c>ovs-ofctl</c> connects to: the bridge's management socket beside the vswitchd control socket when that
    /// is configured (a user-space OVS in its own run directory), else the bridge name (the tools' default directory).
    /// </summary>
    private string OpenFlowTarget => _runDirectory is null ? _options.Bridge : $"unix:{Path.Combine(_runDirectory, _options.Bridge + ".mgmt")}";

    private async Task<string> RunAsync(string tool, IReadOnlyList<string> arguments, string? standardInput, CancellationToken cancellationToken)
    {
        var path = _options.ToolsDirectory is { Length: > 0 } dir ? Path.Combine(dir, tool) : tool;
        var commandLine = FormatCommandLine(tool, arguments);
        var command = CliWrap.Cli.Wrap(path)
            .WithArguments(arguments)
            .WithValidation(CommandResultValidation.None);
        if (_runDirectory is not null)
        {
            command = command.WithEnvironmentVariables(e => e.Set("OVS_RUNDIR", _runDirectory));
        }

        if (standardInput is not null)
        {
            command = command.WithStandardInputPipe(PipeSource.FromString(standardInput, Encoding.UTF8));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.CommandTimeout);
        var started = Stopwatch.GetTimestamp();
        BufferedCommandResult result;
        try
        {
            result = await command.ExecuteBufferedAsync(Encoding.UTF8, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OvsCommandException(commandLine, null, $"killed after the command timeout of {_options.CommandTimeout.TotalSeconds:0.#} s", e);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new OvsCommandException(commandLine, null,
                $"could not start '{path}' ({e.Message}); install Debian's openvswitch-switch or set {OvsOptions.SectionName}:ToolsDirectory", e);
        }

        LogCommand(_logger, commandLine, result.ExitCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (result.ExitCode != 0)
        {
            throw new OvsCommandException(commandLine, result.ExitCode, result.StandardError);
        }

        return result.StandardOutput;
    }

    /// <summary>The command as a shell would take it, for messages (single quotes where needed).</summary>
    internal static string FormatCommandLine(string tool, IEnumerable<string> arguments) =>
        string.Join(' ', arguments.Prepend(tool).Select(a => a.Length > 0 && a.All(c => char.IsAsciiLetterOrDigit(c) || "-_=./:,@+".Contains(c, StringComparison.Ordinal))
            ? a
            : "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));

    [LoggerMessage(EventId = 7401, Level = LogLevel.Debug, Message = "{CommandLine} exited with {ExitCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogCommand(ILogger logger, string commandLine, int exitCode, double elapsedMs);
}
