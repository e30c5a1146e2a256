using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Lifecycle.Tests.Support;
using NfvMano.Testing;

namespace NfvMano.Lifecycle.Tests.Catalogue;

public sealed class CatalogueWorkerTests
{
    [Fact]
    public async Task Worker_OfARestartedServer_OnboardsWhatTheStoppedOneLeftInProcessing()
    {
        await using var database = await TestDatabase.CreateAsync();
        Guid id;
        await using (var stopped = await CatalogueHarness.CreateAsync(existing: database))
        {
            // Content committed, onboarding never ran: the server stopped right after the upload.
            var package = await stopped.VnfPackagesAsync(c => c.CreateAsync(Tenants.Default, null, CancellationToken.None));
            id = package.Id;
            await stopped.VnfPackagesAsync(async c =>
            {
                await c.UploadContentAsync(Tenants.Default, id, new MemoryStream(Samples.Zip("firewall")), "application/zip", CancellationToken.None);
                return true;
            });
        }

        await using var restarted = await CatalogueHarness.CreateAsync(new Dictionary<string, string?> { ["NfvMano:Catalogue:PollInterval"] = "00:00:00.050" }, existing: database);
        var workers = restarted.Services.GetServices<IHostedService>().ToList();
        foreach (var worker in workers)
        {
            await worker.StartAsync(CancellationToken.None);
        }

        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            string state;
            do
            {
                await Task.Delay(50);
                state = (await restarted.VnfPackagesAsync(c => c.GetAsync(Tenants.Default, id, CancellationToken.None))).OnboardingState;
            }
            while (state != OnboardingStates.Onboarded && DateTime.UtcNow < deadline);

            Assert.Equal(OnboardingStates.Onboarded, state);
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.StopAsync(CancellationToken.None);
            }
        }
    }
}
