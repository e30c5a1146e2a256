using System.IO.Compression;
using System.Text.Json.Nodes;
using NfvMano.Server.Tests;
using NfvMano.Testing;

namespace NfvMano.Api.Tests.Sol005;

/// <summary>
/// The standard client, unchanged: Debian's <c>openstack vnf package …</c> (python3-tackerclient) against the built
/// server running as its own process on a loopback port.
/// </summary>
public sealed class OpenStackClientTests
{
    [OpenStackCliFact]
    public async Task OpenStackCli_VnfPackageLifecycle_WorksAgainstTheServerUnchanged()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var server = new ServerProcess(new Dictionary<string, string>
        {
            ["Database__Provider"] = database.Provider.ToString(),
            ["Database__ConnectionString"] = database.ConnectionString,
            ["Database__MigrateOnStart"] = "true",
            ["NfvMano__Catalogue__PollInterval"] = "00:00:00.200",
        });
        using var http = await server.StartServingAsync(TimeSpan.FromSeconds(60));
        var cli = new OpenStackCli(http.BaseAddress!, server.WorkingDirectory, http.DefaultRequestHeaders.Authorization!.Parameter!);
        var routerZip = Path.Combine(server.WorkingDirectory, "vrouter.zip");
        var storageZip = Path.Combine(server.WorkingDirectory, "storage.zip");
        await File.WriteAllBytesAsync(routerZip, Samples.Zip("vrouter"));
        await File.WriteAllBytesAsync(storageZip, Samples.Zip("storage"));

        // create
        var create = await Ok(cli.RunAsync("vnf", "package", "create", "--user-data", "owner=ops", "-f", "json"));
        var created = JsonNode.Parse(create)!;
        var router = created["ID"]!.GetValue<string>();
        Assert.Equal("CREATED", created["Onboarding State"]!.GetValue<string>());
        Assert.Equal("ops", created["User Defined Data"]!["owner"]!.GetValue<string>());
        var storage = JsonNode.Parse(await Ok(cli.RunAsync("vnf", "package", "create", "-f", "json")))!["ID"]!.GetValue<string>();

        // upload --path
        var upload = await Ok(cli.RunAsync("vnf", "package", "upload", "--path", routerZip, router));
        Assert.Contains($"Upload request for VNF package {router} has been accepted", upload, StringComparison.Ordinal);
        await Ok(cli.RunAsync("vnf", "package", "upload", "--path", storageZip, storage));
        var shown = await WaitOnboardedAsync(cli, router);
        await WaitOnboardedAsync(cli, storage);

        // show
        Assert.Equal("ENABLED", shown["Operational State"]!.GetValue<string>());
        Assert.Equal("vRouter", shown["VNF Product Name"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(shown["VNFD ID"]!.GetValue<string>()));
        Assert.NotEmpty(shown["Software Images"]!.AsArray());

        // list --filter
        var fresh = JsonNode.Parse(await Ok(cli.RunAsync("vnf", "package", "create", "-f", "json")))!["ID"]!.GetValue<string>();
        var onboarded = JsonNode.Parse(await Ok(cli.RunAsync("vnf", "package", "list", "--filter", "(eq,onboardingState,ONBOARDED)", "-f", "json")))!.AsArray();
        Assert.Equal(new[] { router, storage }.Order(StringComparer.Ordinal), onboarded.Select(p => p!["Id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var createdOnly = JsonNode.Parse(await Ok(cli.RunAsync("vnf", "package", "list", "--filter", "(eq,onboardingState,CREATED)", "-f", "json")))!.AsArray();
        Assert.Equal([fresh], createdOnly.Select(p => p!["Id"]!.GetValue<string>()));

        // download --vnfd, as text (single-file VNFD) and as zip (multi-file VNFD); text of a multi-file VNFD is refused
        var text = await Ok(cli.RunAsync("vnf", "package", "download", "--vnfd", "--type", "text/plain", storage));
        Assert.StartsWith("tosca_definitions_version", text, StringComparison.Ordinal);
        var vnfdZip = Path.Combine(server.WorkingDirectory, "vnfd.zip");
        await Ok(cli.RunAsync("vnf", "package", "download", "--vnfd", "--type", "application/zip", "--file", vnfdZip, router));
        using (var archive = ZipFile.OpenRead(vnfdZip))
        {
            Assert.Contains(archive.Entries, e => e.FullName == "Definitions/vrouter_top.vnfd.yaml");
        }

        var refused = await cli.RunAsync("vnf", "package", "download", "--vnfd", "--type", "text/plain", router);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("application/zip", refused.Stdout + refused.Stderr, StringComparison.Ordinal);

        // delete is refused while ENABLED, then update --operational-state DISABLED, then delete
        var early = await cli.RunAsync("vnf", "package", "delete", router);
        Assert.NotEqual(0, early.ExitCode);
        Assert.Contains("ENABLED", early.Stdout + early.Stderr, StringComparison.Ordinal);
        var updated = JsonNode.Parse(await Ok(cli.RunAsync("vnf", "package", "update", "--operational-state", "DISABLED", router, "-f", "json")))!;
        Assert.Equal("DISABLED", updated["Operational State"]!.GetValue<string>());
        var deleted = await Ok(cli.RunAsync("vnf", "package", "delete", router));
        Assert.Contains("deleted successfully", deleted, StringComparison.Ordinal);
        var gone = await cli.RunAsync("vnf", "package", "show", router);
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains($"No VNF package with id '{router}'", gone.Stdout + gone.Stderr, StringComparison.Ordinal);
    }

    private static async Task<string> Ok(Task<(int ExitCode, string Stdout, string Stderr)> run)
    {
        var (exitCode, stdout, stderr) = await run;
        Assert.True(exitCode == 0, $"openstack exited {exitCode}: {stdout} {stderr}");
        return stdout;
    }

    private static async Task<JsonNode> WaitOnboardedAsync(OpenStackCli cli, string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var shown = JsonNode.Parse(await Ok(cli.RunAsync("vnf", "package", "show", id, "-f", "json")))!;
            var state = shown["Onboarding State"]!.GetValue<string>();
            if (state == "ONBOARDED")
            {
                return shown;
            }

            Assert.True(state is "UPLOADING" or "PROCESSING" && DateTime.UtcNow < deadline, $"package {id} did not onboard: {shown.ToJsonString()}");
            await Task.Delay(200);
        }
    }
}
