using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;

// VNF and NS lifecycle benchmark: the real server on its embedded default (SQLite + libvirt's test
// driver) as its own process, driven over SOL005/SOL003 HTTP as an OSS would.
//   dotnet run -c Release --project bench/VnfLcm -- [--cycles N] [--clients N] [--seconds S]
//   dotnet run -c Release --project bench/VnfLcm -- --ns [--hosts H] [--cycles N] [--clients N] [--seconds S]
// Prints, per VNF: POST instantiate → COMPLETED latency (median, p99) and the same for terminate;
// then sustained instantiate+terminate cycles per second with N concurrent clients. With --ns the same
// for the sample network service (vRouter, vFirewall, vStorage and their NS virtual links) on H hosts.

var ns = args.Contains("--ns");
var cycles = Arg("--cycles", ns ? 10 : 30);
var clients = Arg("--clients", ns ? 20 : 50);
var seconds = Arg("--seconds", 60);
var hosts = Arg("--hosts", 0);
var repo = FindRepository();
var work = Directory.CreateTempSubdirectory("nfvmano-bench-").FullName;
var port = FreePort();
var server = StartServer(work, port, hosts);
using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
try
{
    await WaitReadyAsync(http);
    await AuthorizeAsync(http);
    if (ns)
    {
        await RunNsAsync(http, repo, cycles, clients, seconds, hosts);
        return;
    }
    var firewall = await OnboardAsync(http, Path.Combine(repo, "descriptors", "firewall"));
    var vrouter = await OnboardAsync(http, Path.Combine(repo, "descriptors", "vrouter"));
    var gateway = await OnboardAsync(http, Path.Combine(repo, "descriptors", "gateway"));
    Console.WriteLine($"machine: {Environment.ProcessorCount} CPUs, .NET {Environment.Version}; server: embedded default (SQLite, 3 test-driver hosts)");

    var measured = new[]
    {
        ("firewall lab (1 VDU, 1 VNFC, shared CPUs)", firewall, "lab"),
        ("vRouter (2 VDUs, 2 VNFCs, pinned + 1 GiB pages + SR-IOV)", vrouter, "default"),
        ("vGateway (3 VDUs, 3 VNFCs, shared CPUs, one internal link)", gateway, "default"),
    };
    foreach (var (label, vnfdId, flavour) in measured)
    {
        var instantiate = new List<double>();
        var terminate = new List<double>();
        for (var i = 0; i < cycles; i++)
        {
            var id = await CreateAsync(http, vnfdId, $"bench-{i}");
            instantiate.Add(await RunOpAsync(http, id, "instantiate", new JsonObject { ["flavourId"] = flavour }));
            terminate.Add(await RunOpAsync(http, id, "terminate", new JsonObject { ["terminationType"] = "FORCEFUL" }));
            await SendAsync(http, HttpMethod.Delete, $"/vnflcm/v1/vnf_instances/{id}");
        }
        Console.WriteLine($"{label}: instantiate → COMPLETED median {Percentile(instantiate, 50):F0} ms, p99 {Percentile(instantiate, 99):F0} ms; terminate median {Percentile(terminate, 50):F0} ms, p99 {Percentile(terminate, 99):F0} ms ({cycles} cycles)");
    }

    var done = 0;
    var failed = 0;
    var reasons = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
    var stop = DateTime.UtcNow.AddSeconds(seconds);
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
    {
        while (DateTime.UtcNow < stop)
        {
            try
            {
                var id = await CreateAsync(http, firewall, $"load-{c}");
                await RunOpAsync(http, id, "instantiate", new JsonObject { ["flavourId"] = "lab" });
                await RunOpAsync(http, id, "terminate", new JsonObject { ["terminationType"] = "FORCEFUL" });
                await SendAsync(http, HttpMethod.Delete, $"/vnflcm/v1/vnf_instances/{id}");
                Interlocked.Increment(ref done);
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TimeoutException)
            {
                Interlocked.Increment(ref failed);
                var reason = e.Message.Length > 160 ? e.Message[..160] : e.Message;
                reasons.AddOrUpdate(System.Text.RegularExpressions.Regex.Replace(reason, "[0-9a-f]{8}-[0-9a-f-]{27}|[0-9a-f]{32}", "ID"), 1, (_, n) => n + 1);
            }
        }
    }));
    Console.WriteLine($"{clients} concurrent clients, firewall lab: {done / watch.Elapsed.TotalSeconds:F2} instantiate+terminate cycles/s sustained over {watch.Elapsed.TotalSeconds:F0} s ({done} cycles, {failed} failed)");
    foreach (var (reason, count) in reasons.OrderByDescending(r => r.Value).Take(5))
    {
        Console.WriteLine($"  failed {count}×: {reason}");
    }
}
finally
{
    server.Kill(entireProcessTree: true);
    server.WaitForExit();
    Directory.Delete(work, recursive: true);
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static string FindRepository()
{
    var root = AppContext.BaseDirectory;
    while (!File.Exists(Path.Combine(root, "NfvMano.sln")))
    {
        root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("run from inside the repository");
    }
    return root;
}

static int FreePort()
{
    var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    var port = ((IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return port;
}

static async Task AuthorizeAsync(HttpClient http)
{
    using var form = new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = BenchClient,
        ["client_secret"] = BenchSecret,
    });
    using var response = await http.PostAsync(new Uri("/oauth2/token", UriKind.Relative), form);
    var body = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"POST /oauth2/token answered {(int)response.StatusCode}: {body}");
    }
    using var json = System.Text.Json.JsonDocument.Parse(body);
    http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("access_token").GetString());
}

static Process StartServer(string work, int port, int hosts)
{
    var start = new ProcessStartInfo("dotnet") { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true };
    start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NfvMano.Server.dll"));
    start.ArgumentList.Add("--urls");
    start.ArgumentList.Add($"http://127.0.0.1:{port}");
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    // Room for 50 concurrent firewalls (4 shared cores per cell) while the vRouter's isolated cores still fit.
    start.Environment["NfvMano__VnfLcm__SharedCoresPerCell"] = "4";
    // Workflows:MaxConcurrency stays at its default (10): an NS step waiting for its VNF's operation gives its slot back.
    // The benchmark is an OSS like any other: a configured API client with every scope, tokens from /oauth2/token
    // (and a token rate limit high enough for 50 clients starting at once).
    start.Environment["NfvMano__Security__Clients__0__ClientId"] = BenchClient;
    start.Environment["NfvMano__Security__Clients__0__ClientSecret"] = BenchSecret;
    start.Environment["NfvMano__Security__Clients__0__Scopes"] = "*";
    start.Environment["NfvMano__Security__Clients__0__Tenant"] = "default";
    // --hosts: that many test-driver hosts like the embedded default's first, for loads its three cannot hold.
    // (The VNF LCM tests' node file: its NICs have names a configuration key can hold, unlike PCI addresses.)
    var fixtures = Path.Combine(FindRepository(), "tests", "NfvMano.Lifecycle.Tests", "VnfLcm", "Fixtures");
    for (var i = 0; i < hosts; i++)
    {
        var prefix = $"NfvMano__Vim__Libvirt__Hosts__{i}__";
        start.Environment[prefix + "Id"] = $"bench-{i + 1}";
        start.Environment[prefix + "Uri"] = "test://" + Path.Combine(fixtures, "node-both-nics-on-cell0.xml");
        start.Environment[prefix + "DomainType"] = "test";
        start.Environment[prefix + "CapabilitiesFile"] = Path.Combine(fixtures, "caps-2s-xeon-smt-2m-1g.xml");
        start.Environment[prefix + "StoragePool"] = "nfv-pool";
        start.Environment[prefix + "PhysicalNetworks__ens1f0"] = "physnet-data1";
        start.Environment[prefix + "PhysicalNetworks__ens2f0"] = "physnet-data2";
    }
    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, e) => { if (e.Data is { } line && line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal)) { Console.Error.WriteLine("[server] " + line); } };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("[server] " + e.Data); } };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task WaitReadyAsync(HttpClient http)
{
    for (var i = 0; i < 300; i++)
    {
        try
        {
            if ((await http.GetAsync(new Uri("/readyz", UriKind.Relative))).IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
            // not yet listening
        }
        await Task.Delay(200);
    }
    throw new TimeoutException("server not ready");
}

static async Task<string> OnboardAsync(HttpClient http, string folder)
{
    var created = await http.PostAsJsonAsync("/vnfpkgm/v1/vnf_packages", new JsonObject());
    var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    using var zip = new MemoryStream();
    ZipFile.CreateFromDirectory(folder, zip);
    using var content = new ByteArrayContent(zip.ToArray());
    content.Headers.ContentType = new("application/zip");
    (await http.PutAsync(new Uri($"/vnfpkgm/v1/vnf_packages/{id}/package_content", UriKind.Relative), content)).EnsureSuccessStatusCode();
    for (var i = 0; i < 300; i++)
    {
        var info = (await http.GetFromJsonAsync<JsonObject>($"/vnfpkgm/v1/vnf_packages/{id}"))!;
        if (info["onboardingState"]!.GetValue<string>() == "ONBOARDED")
        {
            return info["vnfdId"]!.GetValue<string>();
        }
        await Task.Delay(100);
    }
    throw new TimeoutException($"{folder} not onboarded");
}

static async Task<string> CreateAsync(HttpClient http, string vnfdId, string name)
{
    var response = await SendAsync(http, HttpMethod.Post, "/vnflcm/v1/vnf_instances", new JsonObject { ["vnfdId"] = vnfdId, ["vnfInstanceName"] = name });
    return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
}

// Milliseconds from the POST to the operation's COMPLETED.
static async Task<double> RunOpAsync(HttpClient http, string id, string task, JsonObject body)
{
    var watch = Stopwatch.StartNew();
    var response = await SendAsync(http, HttpMethod.Post, $"/vnflcm/v1/vnf_instances/{id}/{task}", body);
    var op = response.Headers.Location!.ToString().Split('/')[^1];
    while (watch.Elapsed < TimeSpan.FromMinutes(2))
    {
        var occ = (await (await SendAsync(http, HttpMethod.Get, $"/vnflcm/v1/vnf_lcm_op_occs/{op}")).Content.ReadFromJsonAsync<JsonObject>())!;
        var state = occ["operationState"]!.GetValue<string>();
        if (state == "COMPLETED")
        {
            return watch.Elapsed.TotalMilliseconds;
        }
        if (state is "FAILED_TEMP" or "FAILED" or "ROLLED_BACK")
        {
            throw new InvalidOperationException($"{task} {id} ended {state}: {occ["error"]?["detail"]}");
        }
        await Task.Delay(20);
    }
    throw new TimeoutException($"{task} {id} did not complete");
}

static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, JsonObject? body = null)
{
    using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
    // nsd/v1 is at 2.x; vnflcm/v1, vnfpkgm/v1 and nslcm/v1 take 1.3.0.
    request.Headers.Add("Version", path.StartsWith("/nsd/", StringComparison.Ordinal) ? "2.8.0" : "1.3.0");
    if (body is not null)
    {
        request.Content = JsonContent.Create(body);
    }
    var response = await http.SendAsync(request);
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
    return response;
}

// The sample NS: SOL005 create → instantiate → terminate → delete, timed like the VNF operations above.
static async Task RunNsAsync(HttpClient http, string repo, int cycles, int clients, int seconds, int hosts)
{
    foreach (var sample in new[] { "vrouter", "firewall", "storage" })
    {
        await OnboardAsync(http, Path.Combine(repo, "descriptors", sample));
    }
    await OnboardNsdAsync(http, Path.Combine(repo, "descriptors", "nsd-service-chain"));
    Console.WriteLine($"machine: {Environment.ProcessorCount} CPUs, .NET {Environment.Version}; server: SQLite, {(hosts > 0 ? hosts : 3)} test-driver hosts");

    async Task<string> CreateNsAsync(string name)
    {
        var response = await SendAsync(http, HttpMethod.Post, "/nslcm/v1/ns_instances",
            new JsonObject { ["nsdId"] = "9a4e1b2c-7d3f-4a8e-b6c5-1d2e3f4a5b10", ["nsName"] = name });
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }
    async Task<double> RunNsOpAsync(string id, string task, JsonObject body)
    {
        var watch = Stopwatch.StartNew();
        var response = await SendAsync(http, HttpMethod.Post, $"/nslcm/v1/ns_instances/{id}/{task}", body);
        var op = response.Headers.Location!.ToString().Split('/')[^1];
        while (watch.Elapsed < TimeSpan.FromMinutes(5))
        {
            var occ = (await (await SendAsync(http, HttpMethod.Get, $"/nslcm/v1/ns_lcm_op_occs/{op}")).Content.ReadFromJsonAsync<JsonObject>())!;
            var state = occ["operationState"]!.GetValue<string>();
            if (state == "COMPLETED")
            {
                return watch.Elapsed.TotalMilliseconds;
            }
            if (state is "FAILED_TEMP" or "FAILED" or "ROLLED_BACK")
            {
                throw new InvalidOperationException($"NS {task} {id} ended {state}: {occ["error"]?["detail"]}");
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"NS {task} {id} did not complete");
    }
    async Task CycleAsync(string name, List<double>? instantiate, List<double>? terminate)
    {
        var id = await CreateNsAsync(name);
        var i = await RunNsOpAsync(id, "instantiate", new JsonObject { ["nsFlavourId"] = "standard" });
        var t = await RunNsOpAsync(id, "terminate", new JsonObject());
        await SendAsync(http, HttpMethod.Delete, $"/nslcm/v1/ns_instances/{id}");
        instantiate?.Add(i);
        terminate?.Add(t);
    }

    var instantiations = new List<double>();
    var terminations = new List<double>();
    for (var i = 0; i < cycles; i++)
    {
        await CycleAsync($"bench-ns-{i}", instantiations, terminations);
    }
    Console.WriteLine($"sample NS (3 VNFs, 4 VNFCs, 5 NS virtual links): instantiate → COMPLETED median {Percentile(instantiations, 50):F0} ms, p99 {Percentile(instantiations, 99):F0} ms; " +
        $"terminate median {Percentile(terminations, 50):F0} ms, p99 {Percentile(terminations, 99):F0} ms ({cycles} cycles)");

    var done = 0;
    var failed = 0;
    var reasons = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
    var stop = DateTime.UtcNow.AddSeconds(seconds);
    var load = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
    {
        while (DateTime.UtcNow < stop)
        {
            try
            {
                await CycleAsync($"load-ns-{c}", null, null);
                Interlocked.Increment(ref done);
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TimeoutException)
            {
                Interlocked.Increment(ref failed);
                var reason = e.Message.Length > 160 ? e.Message[..160] : e.Message;
                reasons.AddOrUpdate(System.Text.RegularExpressions.Regex.Replace(reason, "[0-9a-f]{8}-[0-9a-f-]{27}|[0-9a-f]{32}", "ID"), 1, (_, n) => n + 1);
            }
        }
    }));
    Console.WriteLine($"{clients} concurrent clients, sample NS: {done / load.Elapsed.TotalSeconds:F2} NS instantiations (with terminate) per second over {load.Elapsed.TotalSeconds:F0} s ({done} cycles, {failed} failed)");
    foreach (var (reason, count) in reasons.OrderByDescending(r => r.Value).Take(5))
    {
        Console.WriteLine($"  failed {count}×: {reason}");
    }
}

static async Task OnboardNsdAsync(HttpClient http, string folder)
{
    var created = await SendAsync(http, HttpMethod.Post, "/nsd/v1/ns_descriptors", new JsonObject());
    var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    using var zip = new MemoryStream();
    ZipFile.CreateFromDirectory(folder, zip);
    using var upload = new HttpRequestMessage(HttpMethod.Put, new Uri($"/nsd/v1/ns_descriptors/{id}/nsd_content", UriKind.Relative)) { Content = new ByteArrayContent(zip.ToArray()) };
    upload.Content.Headers.ContentType = new("application/zip");
    upload.Headers.Add("Version", "2.8.0");
    (await http.SendAsync(upload)).EnsureSuccessStatusCode();
    for (var i = 0; i < 300; i++)
    {
        var info = (await (await SendAsync(http, HttpMethod.Get, $"/nsd/v1/ns_descriptors/{id}")).Content.ReadFromJsonAsync<JsonObject>())!;
        if (info["nsdOnboardingState"]!.GetValue<string>() == "ONBOARDED")
        {
            return;
        }
        await Task.Delay(100);
    }
    throw new TimeoutException($"{folder} not onboarded");
}

static double Percentile(List<double> values, int p)
{
    var sorted = values.Order().ToList();
    var index = (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1;
    return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
}

internal sealed partial class Program
{
    private const string BenchClient = "nfvmano-bench";
    private const string BenchSecret = "nfvmano-bench-secret";
}
