using Microsoft.Extensions.Logging;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using NfvMano.Api.Sol013;

namespace NfvMano.Api.Tests.Sol013;

/// <summary>A small minimal API built on the SOL013 piece, hosted in memory for the HTTP tests.</summary>
public sealed class Sol013TestApi : IAsyncLifetime
{
    public static readonly Sol013Api PackageApi = new("vnfpkgm", "v1", "2.8.0") { RequireVersionHeader = false };
    public static readonly Sol013Api LcmV1 = new("vnflcm", "v1", "1.3.0");
    public static readonly Sol013Api LcmV2 = new("vnflcm", "v2", "2.0.0") { IsDeprecated = false };

    public static readonly ResourceProfile PackageProfile = new("VnfPkgInfo")
    {
        DefaultExcluded = ["softwareImages", "userDefinedData", "checksum"],
    };

    private WebApplication? _app;

    public List<TestPackage> Packages { get; } =
    [
        Package("p1", "ONBOARDED", 3),
        Package("p2", "CREATED", 5),
        Package("p3", "ONBOARDED", 7),
        Package("p4", "ONBOARDED", 11),
        Package("p5", "PROCESSING", 13),
    ];

    public long PackageVersion { get; set; } = 1;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseTestServer();
        builder.Configuration["NfvMano:Sol013:PageSize"] = "2";
        builder.Logging.ClearProviders();
        builder.Services.AddNfvManoSol013();

        var app = builder.Build();
        app.UseNfvManoSol013();

        var pkgm = app.MapSol013Api(PackageApi);
        pkgm.MapGet("/vnf_packages", () => Sol013Results.List(Packages, PackageProfile));
        pkgm.MapGet("/vnf_packages/{id}", (string id) => GetPackage(id));
        pkgm.MapPost("/vnf_packages", (CreatePackageRequest request) =>
            TypedResults.Created($"/vnfpkgm/v1/vnf_packages/{request.Name}", Package(request.Name, "CREATED", 0)));
        pkgm.MapPatch("/vnf_packages/{id}", (string id, PatchPackageRequest patch, HttpContext http) => PatchPackage(id, patch, http));
        pkgm.MapDelete("/vnf_packages/{id}", (string id, HttpRequest request) =>
        {
            EntityTags.CheckIfMatch(request, EntityTags.FromVersion(PackageVersion), required: true);
            return TypedResults.NoContent();
        });
        pkgm.MapGet("/vnf_packages/{id}/vnfd", (string id) =>
        {
            _ = GetPackage(id);
            return TypedResults.Bytes("PK"u8.ToArray(), "application/zip");
        }).Produces(StatusCodes.Status200OK, contentType: "application/zip");
        pkgm.MapPut("/vnf_packages/{id}/package_content", async (string id, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            return TypedResults.Accepted((string?)null);
        }).Accepts<Stream>("application/zip");
        pkgm.MapGet("/boom", string () => throw new InvalidOperationException("secret connection string"));
        pkgm.MapPost("/validate", () =>
        {
            throw new ValidationFailedProblem([new ProblemItem("$.name", "is required"), new ProblemItem("$.size", "must be positive")]);
        });

        var lcm = app.MapSol013Api(LcmV1);
        lcm.MapGet("/vnf_instances", () => TypedResults.Ok(Array.Empty<TestPackage>()));
        lcm.MapPost("/vnf_lcm_op_occs/{id}/cancel", (string id) => TypedResults.Accepted((string?)null)).AllowMissingVersionHeader();
        app.MapSol013Api(LcmV2).MapGet("/vnf_instances", () => TypedResults.Ok(Array.Empty<TestPackage>()));

        await app.StartAsync();
        _app = app;
        Client = app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    public static async Task<JsonElement> ReadProblem(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement.Clone();
        Assert.Equal(status, root.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("detail").GetString()));
        Assert.StartsWith("/", root.GetProperty("instance").GetString(), StringComparison.Ordinal);
        return root;
    }

    public static HttpRequestMessage Request(HttpMethod method, string uri, string? version = null, string? accept = null)
    {
        var request = new HttpRequestMessage(method, uri);
        if (version is not null)
        {
            request.Headers.TryAddWithoutValidation("Version", version);
        }

        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        return request;
    }

    private Ok<TestPackage> GetPackage(string id) =>
        TypedResults.Ok(Packages.Find(p => p.Id == id) ?? throw NotFoundProblem.ForId("VNF package", id));

    private Ok<TestPackage> PatchPackage(string id, PatchPackageRequest patch, HttpContext http)
    {
        var index = Packages.FindIndex(p => p.Id == id);
        if (index < 0)
        {
            throw NotFoundProblem.ForId("VNF package", id);
        }

        EntityTags.CheckIfMatch(http.Request, EntityTags.FromVersion(PackageVersion));
        Packages[index] = Packages[index] with { Name = patch.Name };
        PackageVersion++;
        EntityTags.SetETag(http.Response, EntityTags.FromVersion(PackageVersion));
        return TypedResults.Ok(Packages[index]);
    }

    private static TestPackage Package(string id, string state, int size) => new()
    {
        Id = id,
        Name = $"pkg-{id}",
        Size = size,
        OnboardingState = state,
        CreatedAt = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(size),
        SoftwareImages = [new TestImage($"img-{id}", "main", size)],
        UserDefinedData = new() { ["owner"] = "ops" },
        Links = new TestLinks($"/vnfpkgm/v1/vnf_packages/{id}"),
    };
}

public sealed record CreatePackageRequest(string Name);

public sealed record PatchPackageRequest(string Name);
