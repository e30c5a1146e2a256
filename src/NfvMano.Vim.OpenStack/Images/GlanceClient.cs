using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NfvMano.Vim.OpenStack.Http;

namespace NfvMano.Vim.OpenStack.Images;

/// <summary>An image as Glance has it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Status"><c>queued</c>, <c>active</c>, ...</param>
/// <param name="SizeBytes">Its size.</param>
/// <param name="Sha512">Glance's <c>os_hash_value</c> (SHA-512), or null before upload.</param>
public sealed record GlanceImage(string Id, string Name, string Status, long? SizeBytes, string? Sha512);

/// <summary>Glance v2: image upload with checksum verification.</summary>
public sealed class GlanceClient
{
    private const string Service = "image";
    private readonly OpenStackHttp _http;

    /// <summary>Creates the client.</summary>
    public GlanceClient(OpenStackHttp http) => _http = http;

    /// <summary>
    /// Uploads a file as an image (or returns the active one of that name), after checking the file against the
    /// package's SHA-256 when given, and checks that Glance stored exactly the bytes sent (its SHA-512).
    /// </summary>
    /// <exception cref="OpenStackException">The file does not match the package's digest, or Glance stored other bytes.</exception>
    public async Task<GlanceImage> EnsureImageAsync(string name, string path, string diskFormat, string? expectedSha256, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        if (expectedSha256 is not null)
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new OpenStackException(Service, $"upload of image '{name}'", null,
                    $"'{Path.GetFileName(path)}' has SHA-256 {actual}, the package says {expectedSha256.ToLowerInvariant()}; nothing was uploaded");
            }
        }

        var sha512 = Convert.ToHexStringLower(SHA512.HashData(bytes));
        var existing = await FindImageAsync(name, cancellationToken).ConfigureAwait(false);
        if (existing is { Status: "active" } && existing.Sha512 == sha512)
        {
            return existing;
        }

        var id = existing?.Id;
        if (id is null)
        {
            var created = await _http.SendAsync(Service, HttpMethod.Post, "/v2/images", new JsonObject
            {
                ["name"] = name,
                ["disk_format"] = diskFormat,
                ["container_format"] = "bare",
                ["visibility"] = "private",
                ["tags"] = new JsonArray("nfvmano"),
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
            id = (string)created!["id"]!;
        }

        await _http.SendRawAsync(Service, HttpMethod.Put, $"/v2/images/{id}/file", bytes, "application/octet-stream", null, false, cancellationToken).ConfigureAwait(false);
        var stored = await GetImageAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new OpenStackException(Service, $"upload of image '{name}'", null, "the image vanished after upload");
        if (stored.Sha512 is not null && !string.Equals(stored.Sha512, sha512, StringComparison.OrdinalIgnoreCase))
        {
            throw new OpenStackException(Service, $"upload of image '{name}'", null, $"Glance stored SHA-512 {stored.Sha512} but {sha512} was sent");
        }

        return stored;
    }

    /// <summary>Finds an image by name, or null.</summary>
    public async Task<GlanceImage?> FindImageAsync(string name, CancellationToken cancellationToken)
    {
        var list = await _http.SendAsync(Service, HttpMethod.Get, $"/v2/images?name={Uri.EscapeDataString(name)}", cancellationToken: cancellationToken).ConfigureAwait(false);
        var i = (list?["images"] as JsonArray ?? []).FirstOrDefault();
        return i is null ? null : ToImage(i);
    }

    /// <summary>Reads an image, or null.</summary>
    public async Task<GlanceImage?> GetImageAsync(string id, CancellationToken cancellationToken)
    {
        var i = await _http.SendAsync(Service, HttpMethod.Get, $"/v2/images/{id}", allowNotFound: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        return i is null ? null : ToImage(i);
    }

    /// <summary>Lists images tagged by NfvMano.</summary>
    public async Task<IReadOnlyList<GlanceImage>> ListOwnedAsync(CancellationToken cancellationToken)
    {
        var list = await _http.SendAsync(Service, HttpMethod.Get, "/v2/images?tag=nfvmano", cancellationToken: cancellationToken).ConfigureAwait(false);
        return (list?["images"] as JsonArray ?? []).Select(i => ToImage(i!)).ToList();
    }

    /// <summary>Deletes an image; succeeds when it is gone.</summary>
    public Task DeleteImageAsync(string id, CancellationToken cancellationToken) =>
        _http.SendAsync(Service, HttpMethod.Delete, $"/v2/images/{id}", allowNotFound: true, cancellationToken: cancellationToken);

    private static GlanceImage ToImage(JsonNode i) => new(
        (string)i["id"]!, (string?)i["name"] ?? "", (string?)i["status"] ?? "", (long?)i["size"],
        (string?)i["os_hash_algo"] == "sha512" ? (string?)i["os_hash_value"] : null);
}
