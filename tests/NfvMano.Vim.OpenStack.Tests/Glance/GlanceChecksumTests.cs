using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NfvMano.Vim.OpenStack.Tests.Scripted;

namespace NfvMano.Vim.OpenStack.Tests.Glance;

/// <summary>An image reaches Glance only when it is the package's, and is used only when Glance kept its bytes.</summary>
public sealed class GlanceChecksumTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"nfvmano-glance-test-{Guid.NewGuid():N}.qcow2");
    private readonly byte[] _bytes = [1, 2, 3, 4, 5, 6, 7, 8];

    public GlanceChecksumTests() => File.WriteAllBytes(_file, _bytes);

    public void Dispose() => File.Delete(_file);

    private static (HttpStatusCode, string) Glance(HttpMethod method, string path, string storedSha512)
    {
        if (method == HttpMethod.Get && path.StartsWith("/v2/images?name=", StringComparison.Ordinal))
        {
            return (HttpStatusCode.OK, """{"images": []}""");
        }

        if (method == HttpMethod.Post && path == "/v2/images")
        {
            return (HttpStatusCode.Created, """{"id": "img-1", "name": "nfv-img", "status": "queued"}""");
        }

        if (method == HttpMethod.Put && path == "/v2/images/img-1/file")
        {
            return (HttpStatusCode.NoContent, "");
        }

        if (method == HttpMethod.Get && path == "/v2/images/img-1")
        {
            return (HttpStatusCode.OK, new JsonObject
            {
                ["id"] = "img-1", ["name"] = "nfv-img", ["status"] = "active", ["size"] = 8, ["os_hash_algo"] = "sha512", ["os_hash_value"] = storedSha512,
            }.ToJsonString());
        }

        return (HttpStatusCode.NotFound, "");
    }

    [Fact]
    public async Task EnsureImage_WhenTheFileIsNotThePackagesSha256_SendsNothingToGlance()
    {
        var scripted = new ScriptedCloud((m, p, _) => Glance(m, p, ""));
        var e = await Assert.ThrowsAsync<OpenStackException>(() =>
            scripted.Connect().Glance.EnsureImageAsync("nfv-img", _file, "qcow2", new string('0', 64), None));
        Assert.Contains($"has SHA-256 {Convert.ToHexStringLower(SHA256.HashData(_bytes))}, the package says {new string('0', 64)}; nothing was uploaded", e.Message, StringComparison.Ordinal);
        Assert.Empty(scripted.Requests);
    }

    [Fact]
    public async Task EnsureImage_WhenGlanceStoredOtherBytes_Fails()
    {
        var scripted = new ScriptedCloud((m, p, _) => Glance(m, p, new string('f', 128)));
        var e = await Assert.ThrowsAsync<OpenStackException>(() =>
            scripted.Connect().Glance.EnsureImageAsync("nfv-img", _file, "qcow2", Convert.ToHexStringLower(SHA256.HashData(_bytes)), None));
        Assert.Contains($"Glance stored SHA-512 {new string('f', 128)} but {Convert.ToHexStringLower(SHA512.HashData(_bytes))} was sent", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureImage_WhenGlanceKeptTheBytes_ReturnsTheActiveImage()
    {
        var scripted = new ScriptedCloud((m, p, _) => Glance(m, p, Convert.ToHexStringLower(SHA512.HashData(_bytes))));
        var image = await scripted.Connect().Glance.EnsureImageAsync("nfv-img", _file, "qcow2", Convert.ToHexStringLower(SHA256.HashData(_bytes)), None);
        Assert.Equal(("img-1", "active"), (image.Id, image.Status));
        Assert.Single(scripted.Requests, r => r.Method == HttpMethod.Put);
    }
}
