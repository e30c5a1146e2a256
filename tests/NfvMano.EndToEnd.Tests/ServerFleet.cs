using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NfvMano.EndToEnd.Tests;

/// <summary>
/// Server processes sharing one PostgreSQL database and one libvirtd, started and SIGKILLed at will,
/// as an operator's fleet behind a load balancer would be.
/// </summary>
public sealed class ServerFleet : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly List<Process> _all = [];
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("nfvmano-fleet-").FullName;
    private readonly StringBuilder _log = new();

    public ServerFleet(Dictionary<string, string> environment) => _environment = environment;

    /// <summary>What every server printed, for the failure message.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task<int> RunToExitAsync(params string[] args)
    {
        using var process = Start(args);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return process.ExitCode;
    }

    /// <summary>Starts a server and waits until it serves.</summary>
    public async Task<ServerHandle> StartAsync(string name)
    {
        var port = FreePort();
        var process = Start(["--urls", $"http://127.0.0.1:{port}"], name);
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"server {name} exited with {process.ExitCode}:\n{Log}");
            }
            try
            {
                if ((await client.GetAsync(new Uri("/readyz", UriKind.Relative))).IsSuccessStatusCode)
                {
                    await NfvMano.Testing.TestApiClient.AuthorizeAsync(client);
                    return new ServerHandle(name, process, client);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet, or too busy starting to answer within the client's timeout
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"server {name} not ready within a minute:\n{Log}");
    }

    private Process Start(string[] args, string name = "migrate")
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NfvMano.Server.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in NfvMano.Testing.TestApiClient.Settings("__"))
        {
            start.Environment[key] = value;
        }
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(name, e.Data);
        process.ErrorDataReceived += (_, e) => Append(name, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _all.Add(process);
        return process;
    }

    private void Append(string name, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.Append('[').Append(name).Append("] ").AppendLine(line);
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public ValueTask DisposeAsync()
    {
        foreach (var process in _all)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
            process.Dispose();
        }
        Directory.Delete(_workingDirectory, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>One running server process.</summary>
public sealed class ServerHandle(string name, Process process, HttpClient client)
{
    public string Name { get; } = name;

    public HttpClient Client { get; } = client;

    public bool Alive => !process.HasExited;

    /// <summary>SIGKILL: no shutdown hook runs, leases are left to expire.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }
}
