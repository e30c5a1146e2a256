using System.Diagnostics;

namespace NfvMano.Server.Tests;

/// <summary>
/// The built server run as its own process in an empty working directory, as an operator or
/// automation would start it: exit codes and what it prints are part of its contract.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    public ServerProcess(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        WorkingDirectory = Directory.CreateTempSubdirectory("nfvmano-server-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WorkingDirectory,
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
        foreach (var (key, value) in NfvMano.Testing.TestApiClient.Settings("__"))
        {
            start.Environment[key] = value;
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        _process = new Process { StartInfo = start };
    }

    /// <summary>The process's own empty working directory, removed on dispose.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Starts the process and waits for it to exit on its own.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(TimeSpan timeout)
    {
        _process.Start();
        var stdout = _process.StandardOutput.ReadToEndAsync();
        var stderr = _process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"server did not exit within {timeout}: {await stdout} {await stderr}");
        }
        return (_process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Starts the server on a free loopback port and returns a client once it answers <c>/healthz</c>, with a token of
    /// the test client unless <paramref name="authorize"/> is false (a server whose schema is not migrated yet
    /// cannot issue one).
    /// </summary>
    public async Task<HttpClient> StartServingAsync(TimeSpan timeout, bool authorize = true)
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        _process.StartInfo.ArgumentList.Add("--urls");
        _process.StartInfo.ArgumentList.Add($"http://127.0.0.1:{port}");
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                client.Dispose();
                throw new InvalidOperationException($"server exited with {_process.ExitCode} before serving");
            }
            try
            {
                if ((await client.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode)
                {
                    if (authorize)
                    {
                        await NfvMano.Testing.TestApiClient.AuthorizeAsync(client);
                    }
                    return client;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        client.Dispose();
        throw new TimeoutException($"server did not answer /healthz within {timeout}");
    }

    public void Dispose()
    {
        try
        {
            if (_process.StartInfo.FileName.Length > 0 && !_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // never started
        }
        _process.Dispose();
        Directory.Delete(WorkingDirectory, recursive: true);
    }
}
