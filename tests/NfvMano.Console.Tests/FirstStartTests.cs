using System.Diagnostics;
using System.Text.RegularExpressions;
using NfvMano.Testing;

namespace NfvMano.Console.Tests;

/// <summary>The built server started as an operator starts it, with no admin password configured.</summary>
public sealed partial class FirstStartTests
{
    [Fact]
    public async Task FirstStart_WithoutConfiguredPassword_PrintsARandomOneTimePasswordOnce_OutsideTheLogs_AndNotAgain()
    {
        await using var database = await TestDatabase.CreateAsync();
        var first = await RunUntilReadyAsync(database);
        var match = OneTimePassword().Match(first);
        Assert.True(match.Success, "the first start announces the admin's one-time password:\n" + first);
        var password = match.Groups[1].Value;
        Assert.Equal(20, password.Length);
        Assert.Single(first.Split('\n'), line => line.Contains(password, StringComparison.Ordinal));
        // The structured log (JSON lines) says an admin was created, never with the password.
        Assert.Contains(first.Split('\n'), line => line.StartsWith('{') && line.Contains("one-time password printed once", StringComparison.Ordinal));
        Assert.DoesNotContain(first.Split('\n'), line => line.StartsWith('{') && line.Contains(password, StringComparison.Ordinal));

        var second = await RunUntilReadyAsync(database);
        Assert.False(OneTimePassword().IsMatch(second), "a later start finds the admin and prints no password:\n" + second);
    }

    private static async Task<string> RunUntilReadyAsync(TestDatabase database)
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Directory.CreateTempSubdirectory("nfvmano-console-start-").FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NfvMano.Server.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Database__Provider"] = database.Provider.ToString();
        start.Environment["Database__ConnectionString"] = database.ConnectionString;
        start.Environment["Database__MigrateOnStart"] = "true";
        foreach (var (key, value) in TestApiClient.Settings("__"))
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    if ((await http.GetAsync(new Uri("/signin", UriKind.Relative))).IsSuccessStatusCode)
                    {
                        // The seeder runs as the host starts; give its line a moment to be flushed.
                        await Task.Delay(500);
                        lock (output)
                        {
                            return output.ToString();
                        }
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }

                Assert.False(process.HasExited, "the server exited:\n" + output);
                await Task.Delay(200);
            }

            throw new TimeoutException("the server did not serve /signin:\n" + output);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(start.WorkingDirectory, recursive: true);
        }
    }

    [GeneratedRegex("created account 'admin' with the one-time password ([A-Za-z0-9]+) ")]
    private static partial Regex OneTimePassword();
}
