using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NfvMano.Api.Sol013;

namespace NfvMano.Api.Tests.Sol013;

public sealed class Sol013RegistrationTests
{
    [Fact]
    public async Task AddNfvManoSol013_AfterAddProblemDetails_StillWritesCompleteProblems()
    {
        await using var app = await StartAsync(services =>
        {
            services.AddProblemDetails();
            services.AddNfvManoSol013();
        });
        using var client = app.GetTestClient();
        using var request = Sol013TestApi.Request(HttpMethod.Get, "/nowhere", accept: "application/json");

        using var response = await client.SendAsync(request);

        var problem = await Sol013TestApi.ReadProblem(response, 404);
        Assert.Equal("No resource exists at GET /nowhere.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public void AddNfvManoSol013_CalledTwice_RegistersOneWriterAndOneHandler()
    {
        var services = new ServiceCollection();

        services.AddNfvManoSol013();
        services.AddNfvManoSol013();

        Assert.Single(services, d => d.ImplementationType == typeof(Sol013ProblemDetailsWriter));
        Assert.Single(services, d => d.ImplementationType == typeof(Sol013ExceptionHandler));
        Assert.Single(services, d => d.ServiceType == typeof(ApiVersionRegistry));
    }

    [Fact]
    public async Task Start_WhenPageSizeConfiguredOutOfRange_FailsNamingTheKey()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var app = await StartAsync(services => services.AddNfvManoSol013(), pageSize: "0");
        });

        Assert.Contains("PageSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapSol013Api_WhenSameRootRegisteredWithAnotherVersion_Throws()
    {
        await using var app = await StartAsync(services => services.AddNfvManoSol013(), map: a =>
        {
            a.MapSol013Api(new Sol013Api("vnfpkgm", "v1", "2.8.0"));
            a.MapSol013Api(new Sol013Api("vnfpkgm", "v1", "2.8.0"));
            var error = Assert.Throws<InvalidOperationException>(() => a.MapSol013Api(new Sol013Api("vnfpkgm", "v1", "2.9.0")));
            Assert.Contains("/vnfpkgm/v1 is registered twice", error.Message, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("vnfpkgm", "1", "2.8.0")]
    [InlineData("vnf/pkgm", "v1", "2.8.0")]
    [InlineData("vnfpkgm", "v1", "2.8")]
    [InlineData("vnfpkgm", "v1", "v2.8.0")]
    public void Sol013Api_WhenNamesOrVersionMalformed_Throws(string name, string major, string version) =>
        Assert.Throws<ArgumentException>(() => new Sol013Api(name, major, version));

    private static async Task<WebApplication> StartAsync(Action<IServiceCollection> configure, string pageSize = "10", Action<WebApplication>? map = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration["NfvMano:Sol013:PageSize"] = pageSize;
        configure(builder.Services);
        var app = builder.Build();
        app.UseNfvManoSol013();
        map?.Invoke(app);
        await app.StartAsync();
        return app;
    }
}
