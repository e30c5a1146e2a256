using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace NfvMano.Testing;

/// <summary>
/// Runs SOL003 / SOL005 lifecycle operations over HTTP the way an OSS does: post the task, take the
/// operation occurrence from <c>Location</c>, poll it until it reaches the state wanted.
/// </summary>
public static class LcmOperations
{
    // Long enough for an operation on a live OpenStack; only a failing test waits it out.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Posts a task; asserts <c>202 Accepted</c> with no body and returns the occurrence's URI.</summary>
    public static async Task<Uri> StartAsync(HttpClient client, string path, object body)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        return response.Headers.Location!;
    }

    /// <summary>Polls the occurrence until its <c>operationState</c> is one of <paramref name="states"/>; returns it then.</summary>
    public static async Task<JsonObject> WaitAsync(HttpClient client, Uri location, params string[] states)
    {
        ArgumentNullException.ThrowIfNull(client);
        var deadline = DateTime.UtcNow + Timeout;
        JsonObject? occ = null;
        while (DateTime.UtcNow < deadline)
        {
            occ = (await client.GetFromJsonAsync<JsonObject>(location))!;
            if (states.Contains((string)occ["operationState"]!))
            {
                return occ;
            }

            await Task.Delay(PollInterval);
        }

        throw new TimeoutException($"{location} did not reach {string.Join("/", states)} in {Timeout}: {occ?.ToJsonString()}");
    }

    /// <summary>Waits until the occurrence settles and asserts that it completed.</summary>
    public static async Task CompletedAsync(HttpClient client, Uri location)
    {
        var occ = await WaitAsync(client, location, "COMPLETED", "FAILED_TEMP", "FAILED", "ROLLED_BACK");
        Assert.True((string)occ["operationState"]! == "COMPLETED", occ.ToJsonString());
    }
}
