using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NfvMano.Security.Secrets;
using NfvMano.Server.Tests;
using NfvMano.Testing;
using NfvMano.Vim.OpenStack;

namespace NfvMano.Security.Tests;

/// <summary>Secrets kept protected in configuration with the database's Data Protection keys.</summary>
public sealed class SecretsTests
{
    [Fact]
    public void Protect_GivesAPrefixedValueWithoutTheSecret_ThatRevealGivesBack_AndPlainValuesPassAsTheyAre()
    {
        var secrets = new ProtectedSecrets(new EphemeralDataProtectionProvider());
        var value = secrets.Protect("hunter2-openstack");
        Assert.StartsWith(ProtectedSecrets.Prefix, value, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", value, StringComparison.Ordinal);
        Assert.Equal("hunter2-openstack", secrets.Reveal(value, "Key"));
        Assert.Equal("plain", secrets.Reveal("plain", "Key"));
    }

    [Fact]
    public void Reveal_OfAValueProtectedWithOtherKeys_FailsNamingTheKey()
    {
        var value = new ProtectedSecrets(new EphemeralDataProtectionProvider()).Protect("hunter2-openstack");
        var error = Assert.Throws<InvalidOperationException>(() => new ProtectedSecrets(new EphemeralDataProtectionProvider()).Reveal(value, "NfvMano:Vim:OpenStack:Password"));
        Assert.Contains("NfvMano:Vim:OpenStack:Password", error.Message, StringComparison.Ordinal);
        Assert.Contains("secrets protect", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretsProtect_ReadsStandardInput_AndTheServerOnThatDatabaseUsesTheProtectedOpenStackPasswordAndClientSecret()
    {
        await using var database = await TestDatabase.CreateAsync();
        var vimPassword = "vim-password-" + Guid.NewGuid().ToString("N");
        var clientSecret = "client-secret-" + Guid.NewGuid().ToString("N");
        var (code, protectedPassword, stderr) = await ProtectAsync(database, vimPassword + "\n");
        Assert.True(code == 0, $"secrets protect exited with {code}: {stderr}");
        // Standard output holds the value alone, so that VALUE=$(NfvMano.Server secrets protect) works.
        protectedPassword = protectedPassword.TrimEnd('\n');
        Assert.DoesNotContain('\n', protectedPassword);
        Assert.StartsWith(ProtectedSecrets.Prefix, protectedPassword, StringComparison.Ordinal);
        Assert.DoesNotContain(vimPassword, protectedPassword, StringComparison.Ordinal);
        var protectedClientSecret = (await ProtectAsync(database, clientSecret)).Stdout.Trim();

        var logs = new Logs();
        await using var factory = new NfvManoServerFactory(database, new Dictionary<string, string?>
        {
            ["NfvMano:Security:Clients:1:ClientId"] = "sealed",
            ["NfvMano:Security:Clients:1:ClientSecret"] = protectedClientSecret,
            ["NfvMano:Security:Clients:1:Scopes"] = "vnfpkgm:read",
            ["NfvMano:Vim:Kind"] = "OpenStack",
            ["NfvMano:Vim:OpenStack:AuthUrl"] = "http://127.0.0.1:9/v3",
            ["NfvMano:Vim:OpenStack:Username"] = "nfvmano",
            ["NfvMano:Vim:OpenStack:ProjectName"] = "nfv",
            ["NfvMano:Vim:OpenStack:Password"] = protectedPassword,
        }).WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        using var http = factory.Server.CreateClient();

        Assert.Equal(vimPassword, factory.Services.GetRequiredService<IOptions<OpenStackVimOptions>>().Value.Password);
        var token = await TestApiClient.RequestTokenAsync(http, "sealed", clientSecret);
        using var read = new HttpRequestMessage(HttpMethod.Get, "/vnfpkgm/v1/vnf_packages");
        read.Headers.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(read)).StatusCode);

        // The test client's plain secret is named (never shown); the protected ones are not named.
        var warning = Assert.Single(logs.Lines, l => l.Contains("Plain-text secret(s) in configuration", StringComparison.Ordinal));
        Assert.Contains("NfvMano:Security:Clients:0:ClientSecret", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("Clients:1", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("OpenStack:Password", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(TestApiClient.ClientSecret, StringComparison.Ordinal) || l.Contains(vimPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlainOpenStackPassword_IsUsed_WithAStartupWarningNamingItsKeyButNotTheValue()
    {
        await using var database = await TestDatabase.CreateAsync();
        var vimPassword = "vim-password-" + Guid.NewGuid().ToString("N");
        var logs = new Logs();
        await using var factory = new NfvManoServerFactory(database, new Dictionary<string, string?>
        {
            ["NfvMano:Vim:Kind"] = "OpenStack",
            ["NfvMano:Vim:OpenStack:AuthUrl"] = "http://127.0.0.1:9/v3",
            ["NfvMano:Vim:OpenStack:Username"] = "nfvmano",
            ["NfvMano:Vim:OpenStack:ProjectName"] = "nfv",
            ["NfvMano:Vim:OpenStack:Password"] = vimPassword,
        }).WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        _ = factory.Server;

        Assert.Equal(vimPassword, factory.Services.GetRequiredService<IOptions<OpenStackVimOptions>>().Value.Password);
        Assert.Contains(logs.Lines, l => l.Contains("Plain-text secret(s) in configuration: NfvMano:Vim:OpenStack:Password", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(vimPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task LibvirtTlsClientKey_KeptProtected_IsGivenToLibvirtAsAPrivatePkiPath_OnlyWhileTheServerRuns()
    {
        await using var database = await TestDatabase.CreateAsync();
        var pem = $"-----BEGIN PRIVATE KEY-----\nplanted{Guid.NewGuid():N}\n-----END PRIVATE KEY-----\n";
        var protectedKey = (await ProtectAsync(database, pem)).Stdout.Trim();
        Assert.StartsWith(ProtectedSecrets.Prefix, protectedKey, StringComparison.Ordinal);
        var certificates = Directory.CreateTempSubdirectory("nfvmano-certs-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(certificates, "ca.pem"), "CA CERTIFICATE");
            await File.WriteAllTextAsync(Path.Combine(certificates, "client.pem"), "CLIENT CERTIFICATE");
            var logs = new Logs();
            string pki;
            await using (var factory = new NfvManoServerFactory(database, new Dictionary<string, string?>
            {
                ["NfvMano:Vim:Libvirt:Hosts:0:Id"] = "tls-1",
                ["NfvMano:Vim:Libvirt:Hosts:0:Uri"] = "qemu+tls://kvm1.invalid/system",
                ["NfvMano:Vim:Libvirt:Hosts:0:DomainType"] = "kvm",
                ["NfvMano:Vim:Libvirt:Hosts:0:StoragePool"] = "nfv-pool",
                ["NfvMano:Vim:Libvirt:Tls:CaCertificate"] = Path.Combine(certificates, "ca.pem"),
                ["NfvMano:Vim:Libvirt:Tls:ClientCertificate"] = Path.Combine(certificates, "client.pem"),
                ["NfvMano:Vim:Libvirt:Tls:ClientKey"] = protectedKey,
            }).WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs))))
            {
                var host = Assert.Single(factory.Services.GetRequiredService<IOptions<NfvMano.Vim.Libvirt.LibvirtVimOptions>>().Value.Hosts);
                Assert.Equal(("tls-1", "kvm", "nfv-pool"), (host.Id, host.DomainType, host.StoragePool));
                const string Prefix = "qemu+tls://kvm1.invalid/system?pkipath=";
                Assert.StartsWith(Prefix, host.Uri, StringComparison.Ordinal);
                pki = Uri.UnescapeDataString(host.Uri[Prefix.Length..]);
                Assert.Equal(pem.TrimEnd('\n'), await File.ReadAllTextAsync(Path.Combine(pki, "clientkey.pem")));
                Assert.Equal("CA CERTIFICATE", await File.ReadAllTextAsync(Path.Combine(pki, "cacert.pem")));
                Assert.Equal("CLIENT CERTIFICATE", await File.ReadAllTextAsync(Path.Combine(pki, "clientcert.pem")));
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(pki, "clientkey.pem")));
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(pki));
                }
                Assert.DoesNotContain(logs.Lines, l => l.Contains("Tls:ClientKey", StringComparison.Ordinal));
            }

            // The test host finishes disposing the server's services in the background.
            for (var i = 0; i < 100 && Directory.Exists(pki); i++)
            {
                await Task.Delay(100);
            }

            Assert.False(Directory.Exists(pki), $"{pki} outlived the server");
        }
        finally
        {
            Directory.Delete(certificates, recursive: true);
        }
    }

    [Fact]
    public async Task SecretsProtect_WithNothingOnStandardInput_ExitsWith2SayingHow()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (code, _, stderr) = await ProtectAsync(database, "");
        Assert.Equal(2, code);
        Assert.Contains("standard input", stderr, StringComparison.Ordinal);
    }

    /// <summary>Runs <c>NfvMano.Server secrets protect</c> as its own process with <paramref name="input"/> on its standard input.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> ProtectAsync(TestDatabase database, string input)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NfvMano.Server.dll"));
        start.ArgumentList.Add("secrets");
        start.ArgumentList.Add("protect");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Database__Provider"] = database.Provider.ToString();
        start.Environment["Database__ConnectionString"] = database.ConnectionString;
        start.Environment["Database__MigrateOnStart"] = "true";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Every log line, formatted, with exceptions.</summary>
    internal sealed class Logs : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                lines.Enqueue($"{category} scope: {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var line = $"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)}";
                // The structured values too: a sink may store them apart from the message.
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    line += " {" + string.Join(", ", values.Select(v => $"{v.Key}={v.Value}")) + "}";
                }

                lines.Enqueue(exception is null ? line : line + "\n" + exception);
            }
        }
    }
}
