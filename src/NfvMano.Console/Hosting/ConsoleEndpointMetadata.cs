namespace NfvMano.Console.Hosting;

/// <summary>Marks the endpoints that belong to the console (pages, circuit hub, static assets).</summary>
public sealed class ConsoleEndpointMetadata;
