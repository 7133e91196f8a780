// References: SMART Health Links, the SHLink payload and URI (`shlink:/` + base64url JSON),
//   https://build.fhir.org/ig/HL7/smart-health-cards-and-links/links-specification.html
using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.HealthCards.HealthLinks;

/// <summary>
/// The SHLink payload: <c>url</c> (the manifest), <c>key</c> (43 base64url characters: the 256-bit file key),
/// optional <c>exp</c> (seconds), <c>flag</c> (<c>P</c> when a passcode is needed) and <c>label</c> (at most 80 characters), <c>v: 1</c>.
/// </summary>
public sealed record ShlPayload(string Url, string Key, long? Expires, string? Flag, string? Label)
{
    public const string Scheme = "shlink:/";
    public const int MaxLabelLength = 80;

    public string ToUri()
    {
        var json = new JsonObject { ["url"] = Url, ["key"] = Key };
        if (Expires is { } exp)
        {
            json["exp"] = exp;
        }

        if (Flag is not null)
        {
            json["flag"] = Flag;
        }

        if (Label is not null)
        {
            json["label"] = Label;
        }

        json["v"] = 1;
        return Scheme + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    /// <summary>Reads a <c>shlink:/</c> URI, bare or after a viewer URL and <c>#</c>.</summary>
    public static Result<ShlPayload> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int at = text.IndexOf(Scheme, StringComparison.Ordinal);
        if (at < 0 || text.Length - at > 8192)
        {
            return Invalid("it does not contain shlink:/");
        }

        try
        {
            var json = JsonValues.Object(Base64Url.DecodeFromChars(text.AsSpan(at + Scheme.Length)));
            if (JsonValues.String(json?["url"]) is not { } url || JsonValues.String(json?["key"]) is not { Length: 43 } key)
            {
                return Invalid("the payload needs url and a 43-character key");
            }

            return new ShlPayload(url, key, JsonValues.Seconds(json!["exp"]), JsonValues.String(json["flag"]), JsonValues.String(json["label"]));
        }
        catch (FormatException)
        {
            // Boundary: the base64url decoder reports bad input only by throwing.
            return Invalid("the payload is not base64url");
        }
    }

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidRequest, $"Not a SMART Health Link: {detail}.");
}
