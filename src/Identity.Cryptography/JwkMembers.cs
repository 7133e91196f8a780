// References:
//   RFC 7517, JSON Web Key (JWK), May 2015, §4 (member names are unique), https://www.rfc-editor.org/rfc/rfc7517
//   RFC 8259, The JavaScript Object Notation (JSON) Data Interchange Format, December 2017, https://www.rfc-editor.org/rfc/rfc8259
using System.Text.Json;
using Identity.Primitives;

namespace Identity.Cryptography;

/// <summary>
/// The JWK members that decide a public key, read strictly from JSON text: required members must be strings, names
/// must be unique, and the presence of any private member is recorded.
/// </summary>
internal sealed record JwkMembers(string? Kty, string? Crv, string? X, string? Y, bool HasPrivate)
{
    private const int MaxDepth = 8;

    private static readonly HashSet<string> s_privateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    public static Result<JwkMembers> Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            // The parser reports malformed text only by throwing; this is the boundary where it becomes a value.
            return new Error(ErrorCodes.InvalidJson, $"The JWK is not valid JSON: {e.Message}");
        }

        using (document)
        {
            return Read(document.RootElement);
        }
    }

    private static Result<JwkMembers> Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new Error(ErrorCodes.InvalidJson, "A JWK must be a JSON object.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? kty = null, crv = null, x = null, y = null;
        bool hasPrivate = false;
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                return Invalid($"the member \"{property.Name}\" appears more than once");
            }

            hasPrivate |= s_privateMembers.Contains(property.Name);
            if (property.Name is "kty" or "crv" or "x" or "y")
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    return Invalid($"the member \"{property.Name}\" must be a string");
                }

                string value = property.Value.GetString()!;
                switch (property.Name)
                {
                    case "kty": kty = value; break;
                    case "crv": crv = value; break;
                    case "x": x = value; break;
                    default: y = value; break;
                }
            }
        }

        return new JwkMembers(kty, crv, x, y, hasPrivate);
    }

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidJwk, $"Invalid JWK: {detail}.");
}
