using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using NfvMano.Api.Sol013;
using NfvMano.Lifecycle.Catalogue.VnfPackages;

namespace NfvMano.Api.Sol005;

/// <summary>
/// Serves a VNFD or NSD as SOL005 asks (vnfpkgm 10.4.4 / nsd 5.4.4): <c>text/plain</c> gives the YAML file when
/// the descriptor is one file; <c>application/zip</c> gives its files as a zip; with both acceptable, the single
/// file as text, else the zip. Content types are sent exactly, without parameters, as clients compare them.
/// </summary>
internal static class DescriptorResults
{
    public const string Text = "text/plain";
    public const string Zip = "application/zip";

    public static FileContentHttpResult Serve(HttpRequest request, DescriptorDocument document, string what)
    {
        var (text, zip) = Acceptable(request);
        if (text && document.IsSingleFile)
        {
            return TypedResults.File(document.SingleFile(), Text);
        }

        if (zip)
        {
            return TypedResults.File(document.Zip(), Zip, what.ToLowerInvariant() + ".zip");
        }

        throw new NotAcceptableProblem(
            $"The {what} has {document.Record.DefinitionFiles.Count} files ({string.Join(", ", document.Record.DefinitionFiles)}), so it is only offered as application/zip; add application/zip to Accept.");
    }

    private static (bool Text, bool Zip) Acceptable(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        if (accept.Count == 0 || !MediaTypeHeaderValue.TryParseList(accept, out var ranges))
        {
            return (true, true);
        }

        bool Admits(string type)
        {
            var offered = MediaTypeHeaderValue.Parse(type);
            return ranges.Any(r => (r.Quality ?? 1) > 0 && offered.IsSubsetOf(r));
        }

        return (Admits(Text), Admits(Zip));
    }
}
