namespace NfvMano.Api.Limits;

/// <summary>
/// Marks an endpoint that receives or fetches package or descriptor content: the server's general request size
/// limit does not apply to it (the catalogue's own, larger limit does, <c>NfvMano:Catalogue:MaxContentBytes</c>),
/// and uploads have their own rate limit.
/// </summary>
public sealed class ContentUpload
{
    private ContentUpload()
    {
    }

    /// <summary>The one instance, for <c>WithMetadata</c>.</summary>
    public static ContentUpload Marker { get; } = new();
}
