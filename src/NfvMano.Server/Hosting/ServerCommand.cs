namespace NfvMano.Server.Hosting;

/// <summary>What the process was asked to do: serve, or migrate the database and exit.</summary>
internal sealed record ServerCommand(ServerCommandKind Kind, string[] HostArgs)
{
    public static ServerCommand Parse(string[] args) => args switch
    {
        ["migrate", ..] => new ServerCommand(ServerCommandKind.Migrate, args[1..]),
        // The client arguments are read by the command itself, not as host configuration.
        ["clients", ..] => new ServerCommand(ServerCommandKind.Clients, []),
        // Its one output on standard output is the protected value (for VALUE=$(...)); every log line goes to standard error.
        ["secrets", ..] => new ServerCommand(ServerCommandKind.Secrets, ["--Logging:Console:LogToStandardErrorThreshold=Trace"]),
        _ => new ServerCommand(ServerCommandKind.Serve, args),
    };

    /// <summary>
    /// Host options whose content root holds the server's appsettings even when the process runs
    /// from elsewhere (<c>dotnet run --project src/NfvMano.Server</c> from the repository root),
    /// while relative data paths such as <c>./data</c> stay relative to the working directory.
    /// </summary>
    public WebApplicationOptions HostOptions()
    {
        var hasOwnSettings = File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"));
        return new WebApplicationOptions
        {
            Args = HostArgs,
            ContentRootPath = hasOwnSettings ? null : AppContext.BaseDirectory,
        };
    }
}

internal enum ServerCommandKind
{
    Serve,
    Migrate,
    Clients,
    Secrets,
}
