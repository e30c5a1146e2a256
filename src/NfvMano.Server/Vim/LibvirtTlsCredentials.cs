using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using NfvMano.Security.Secrets;
using NfvMano.Vim.Libvirt;

namespace NfvMano.Server.Vim;

/// <summary>
/// The client credentials of libvirt's TLS transport (<c>qemu+tls://</c>), section <c>NfvMano:Vim:Libvirt:Tls</c>.
/// The private key is kept encrypted in configuration (<c>ClientKey = protected:…</c>, from
/// <c>NfvMano.Server secrets protect &lt; clientkey.pem</c>); the certificates are public and stay files.
/// </summary>
internal sealed class LibvirtTlsOptions
{
    public const string SectionName = "NfvMano:Vim:Libvirt:Tls";

    /// <summary>The CA certificate file (PEM) that signed the hosts' certificates.</summary>
    public string? CaCertificate { get; set; }

    /// <summary>This client's certificate file (PEM).</summary>
    public string? ClientCertificate { get; set; }

    /// <summary>This client's private key (PEM), protected; a plain PEM works but is warned about at start.</summary>
    public string? ClientKey { get; set; }

    public bool IsSet => !string.IsNullOrEmpty(ClientKey);
}

/// <summary>
/// Gives libvirt the TLS client credentials without a readable key on disk at rest: at start the key is decrypted
/// into a private directory (mode 0700, key 0600) with copies of the two certificates, libvirt's <c>pkipath</c>, which
/// is added to every <c>+tls</c> host URI that names none; the directory is deleted when the server stops.
/// </summary>
internal sealed class LibvirtTlsCredentials(IOptions<LibvirtTlsOptions> tls, ProtectedSecrets secrets, ILogger<LibvirtTlsCredentials> logger)
    : IPostConfigureOptions<LibvirtVimOptions>, IDisposable
{
    private readonly Lock _gate = new();
    private string? _directory;

    public void PostConfigure(string? name, LibvirtVimOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = tls.Value;
        if (!settings.IsSet)
        {
            return;
        }

        var directory = Materialise(settings);
        for (var i = 0; i < options.Hosts.Count; i++)
        {
            var host = options.Hosts[i];
            if (host.Uri.Contains("+tls://", StringComparison.Ordinal) && !host.Uri.Contains("pkipath=", StringComparison.Ordinal))
            {
                options.Hosts[i] = WithUri(host, host.Uri + (host.Uri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "pkipath=" + Uri.EscapeDataString(directory));
            }
        }
    }

    private string Materialise(LibvirtTlsOptions settings)
    {
        lock (_gate)
        {
            if (_directory is not null)
            {
                return _directory;
            }

            var problems = new List<string>();
            foreach (var (setting, file) in new[] { ("CaCertificate", settings.CaCertificate), ("ClientCertificate", settings.ClientCertificate) })
            {
                if (string.IsNullOrEmpty(file) || !File.Exists(file))
                {
                    problems.Add($"{LibvirtTlsOptions.SectionName}:{setting}: '{file}' is no file; ClientKey needs both certificates.");
                }
            }

            if (problems.Count > 0)
            {
                throw new OptionsValidationException(LibvirtTlsOptions.SectionName, typeof(LibvirtTlsOptions), problems);
            }

            var keyName = $"{LibvirtTlsOptions.SectionName}:ClientKey";
            if (!ProtectedSecrets.IsProtected(settings.ClientKey))
            {
                PlainSecretsWarning.WarnIfAny(logger, [keyName]);
            }

            var key = secrets.Reveal(settings.ClientKey!, keyName);
            var directory = Directory.CreateTempSubdirectory("nfvmano-pki-").FullName;
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            File.Copy(settings.CaCertificate!, Path.Combine(directory, "cacert.pem"));
            File.Copy(settings.ClientCertificate!, Path.Combine(directory, "clientcert.pem"));
            var keyFile = Path.Combine(directory, "clientkey.pem");
            // Created with its final mode, so the key is never readable by others, not even for a moment.
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(keyFile, create))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(key);
            }

            _directory = directory;
            return directory;
        }
    }

    // A copy with every other setting as it is, including settings added to the options later.
    private static LibvirtHostOptions WithUri(LibvirtHostOptions host, string uri)
    {
        var json = JsonSerializer.SerializeToNode(host)!.AsObject();
        json[nameof(LibvirtHostOptions.Uri)] = JsonValue.Create(uri);
        return json.Deserialize<LibvirtHostOptions>()!;
    }

    // The host disposes its services when it stops (RunAsync), so the decrypted key goes with the process's run.
    public void Dispose()
    {
        lock (_gate)
        {
            if (_directory is not null && Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }

            _directory = null;
        }
    }
}
