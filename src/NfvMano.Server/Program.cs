using NfvMano.Api.Sol003.Grant;
using NfvMano.Api.Sol003.VnfLcm;
using NfvMano.Api.Sol005.Nsd;
using NfvMano.Api.Sol005.NsLcm;
using NfvMano.Api.Sol005.VnfPkgm;
using NfvMano.Api.Sol013;
using NfvMano.Console.Hosting;
using NfvMano.Lifecycle;
using NfvMano.Lifecycle.NsLcm;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Security;
using NfvMano.Security.Configuration;
using NfvMano.Server.Database;
using NfvMano.Server.Health;
using NfvMano.Server.Hosting;
using NfvMano.Server.Telemetry;
using NfvMano.Server.Vim;
using NfvMano.Vim.OpenStack;
using NfvMano.Workflows;
using NfvMano.Workflows.Engine;
using Scalar.AspNetCore;

// The one composition root of NfvMano. Usage:
//   NfvMano.Server [--urls http://127.0.0.1:PORT]   serve (the embedded default with no configuration)
//   NfvMano.Server migrate                          apply database migrations, then exit
//   NfvMano.Server clients add --id ID --scopes "…" register or update an API client, then exit
//   NfvMano.Server secrets protect < secret         print the protected:… value of a secret for configuration
try
{
    var command = ServerCommand.Parse(args);
    var builder = WebApplication.CreateBuilder(command.HostOptions());

    var startup = new StartupOptions(builder.Configuration);
    var database = startup.ReadDatabaseOptions();
    var security = startup.Bind<SecurityOptions>(SecurityOptions.Section);
    var telemetry = startup.ReadTelemetryOptions();
    var workflows = startup.Bind<WorkflowOptions>(WorkflowOptions.SectionName);
    var vim = startup.Bind<VimSelection>(VimSelection.SectionName);
    if (vim.Kind == VimKind.OpenStack)
    {
        startup.Bind<OpenStackVimOptions>(OpenStackVimOptions.SectionName, OpenStackVimOptionsValidator.Problems);
    }
    startup.ThrowIfAny();

    builder.AddNfvManoDatabase(database);
    builder.AddNfvManoTelemetry(telemetry);
    builder.Services.AddNfvManoSol013();
    builder.Services.AddNfvManoSecurity(security);
    builder.Services.AddNfvManoCatalogue();
    builder.Services.AddNfvManoWorkflows(database, provisionSchema: true, sweepInterval: workflows.SweepInterval, maxConcurrency: workflows.MaxConcurrency);
    builder.Services.AddNfvManoVim(vim.Kind, builder.Configuration);
    builder.Services.AddNfvManoVnfLcm();
    builder.Services.AddNfvManoNsLcm();
    builder.AddNfvManoConsole();
    builder.Services.AddOpenApi();

    var app = builder.Build();

    if (command.Kind == ServerCommandKind.Migrate)
    {
        await app.Services.MigrateDatabaseAsync(CancellationToken.None);
        await app.Services.PrepareSchedulerStoreAsync(CancellationToken.None);
        app.Services.EnsureKey();
        return 0;
    }
    if (command.Kind == ServerCommandKind.Clients)
    {
        // The embedded default's database may not exist yet; the command must work on a first run too.
        await app.MigrateOnStartIfConfiguredAsync();
        return await app.Services.RunClientCommandAsync(args[1..]);
    }
    if (command.Kind == ServerCommandKind.Secrets)
    {
        await app.MigrateOnStartIfConfiguredAsync();
        return await app.Services.RunSecretsCommandAsync(args[1..], Console.In, Console.Out, Console.Error);
    }
    await app.MigrateOnStartIfConfiguredAsync();

    app.UseNfvManoSol013();
    app.UseNfvManoSecurity();
    app.MapVnfPkgmV1();
    app.MapNsdV1();
    app.MapVnfLcmV1();
    app.MapVnfLcmV2();
    app.MapNsLcmV1();
    app.MapNfvManoSecurity();
    app.MapGrantV1();
    app.MapNfvManoHealth();
    app.MapNfvManoTelemetry();
    app.MapOpenApi().AllowAnonymous();
    app.MapScalarApiReference().AllowAnonymous();
    app.MapNfvManoConsole();
    app.AnnounceAddresses();

    await app.RunAsync();
    return 0;
}
catch (ConfigurationProblemException e)
{
    await Console.Error.WriteLineAsync("nfvmano-server: invalid configuration, nothing was started:");
    foreach (var problem in e.Problems)
    {
        await Console.Error.WriteLineAsync("  " + problem);
    }
    return 2;
}

/// <summary>The entry point, visible to the integration tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
