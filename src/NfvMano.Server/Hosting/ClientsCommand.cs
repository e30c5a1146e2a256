using NfvMano.Security.Clients;

namespace NfvMano.Server.Hosting;

/// <summary><c>NfvMano.Server clients add …</c>: registers or updates an API client in the database, then exits.</summary>
internal static class ClientsCommand
{
    public static async Task<int> RunClientCommandAsync(this IServiceProvider services, string[] args)
    {
        ClientCommand command;
        try
        {
            command = ClientCommand.Parse(args);
        }
        catch (ArgumentException e)
        {
            await System.Console.Error.WriteLineAsync("nfvmano-server: " + e.Message);
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var registrar = scope.ServiceProvider.GetRequiredService<ClientRegistrar>();
        var created = await registrar.RegisterAsync(command.Client, CancellationToken.None);
        var client = command.Client;
        System.Console.WriteLine($"API client '{client.ClientId}' of tenant '{client.Tenant}' {(created ? "created" : "updated")}; scopes: {string.Join(' ', await registrar.PermittedScopesAsync(client.ClientId, CancellationToken.None))}");
        if (command.SecretGenerated)
        {
            // Shown once: only a hash is stored.
            System.Console.WriteLine($"client secret (shown once): {client.ClientSecret}");
        }

        return 0;
    }
}
