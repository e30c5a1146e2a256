using System.Text.Json;
using System.Text.Json.Nodes;

namespace NfvMano.Vim.OpenStack;

/// <summary>Reads the explanation out of an OpenStack error body, whichever service wrote it.</summary>
internal static class OpenStackErrors
{
    public static string Reason(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "(no explanation in the answer)";
        }

        try
        {
            var node = JsonNode.Parse(body);
            if (node is JsonObject obj)
            {
                // Nova: {"badRequest": {"message": ...}}; Keystone: {"error": {"message": ...}};
                // Neutron: {"NeutronError": {"type", "message"}}; Placement: {"errors": [{"detail"}]}.
                if (obj["errors"] is JsonArray errors && errors.Count > 0)
                {
                    return string.Join("; ", errors.Select(e => (string?)e?["detail"] ?? (string?)e?["title"] ?? e?.ToJsonString()));
                }

                foreach (var (key, value) in obj)
                {
                    if (value is JsonObject inner && inner["message"] is JsonNode message)
                    {
                        var type = (string?)inner["type"];
                        return type is null ? $"{(string?)message} ({key})" : $"{(string?)message} ({type})";
                    }
                }
            }
        }
        catch (JsonException)
        {
        }

        var text = body.Trim();
        return text.Length > 500 ? text[..500] + "..." : text;
    }
}
