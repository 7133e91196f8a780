using System.Text.Json.Nodes;
using Identity.HealthCards.Fhir;
using Identity.HealthCards.HealthLinks;
using Identity.Primitives;
using Identity.Server.Http;

namespace Identity.Server.Health;

/// <summary>
/// The body of <c>POST /tenants/{t}/health-links</c>: <c>files</c> (1 to 10 of <c>{contentType, content}</c>, where the
/// content is a <c>.smart-health-card</c> file's JSON or a FHIR R4 resource), optional <c>passcode</c> (4 to 64
/// characters), <c>expiresInSeconds</c> (at most a year) and <c>label</c> (at most 80 characters).
/// </summary>
internal sealed record HealthLinkRequest(IReadOnlyList<(string ContentType, JsonObject Content)> Files, string? Passcode, long? Expires, string? Label)
{
    public const string SmartHealthCard = "application/smart-health-card";
    public const string FhirJson = "application/fhir+json";

    public static Result<HealthLinkRequest> Read(JsonObject body, DateTimeOffset now, TimeSpan maxLifetime, FhirValidator fhir)
    {
        if (body["files"] is not JsonArray files || files.Count is 0 or > HealthLinkService.MaxFiles)
        {
            return Invalid($"files must be an array of 1 to {HealthLinkService.MaxFiles} {{\"contentType\", \"content\"}} objects.");
        }

        var read = new List<(string, JsonObject)>();
        foreach (var file in files)
        {
            string? type = JsonText.String(file?["contentType"]);
            if (file?["content"] is not JsonObject content || type is not (SmartHealthCard or FhirJson))
            {
                return Invalid($"Each file needs a content object and a contentType of \"{SmartHealthCard}\" or \"{FhirJson}\".");
            }

            if (type == SmartHealthCard && (content["verifiableCredential"] is not JsonArray cards || cards.Count == 0 || cards.Any(c => JsonText.String(c) is null)))
            {
                return Invalid("A smart-health-card file's content is {\"verifiableCredential\": [\"<JWS>\", ...]}.");
            }

            if (type == FhirJson && fhir.Validate(content) is { IsValid: false } report)
            {
                return report.Error!;
            }

            read.Add((type, content));
        }

        string? passcode = JsonText.String(body["passcode"]);
        if ((body["passcode"] is not null && passcode is null) || passcode is { Length: < 4 or > 64 })
        {
            return Invalid("passcode must be 4 to 64 characters.");
        }

        string? label = JsonText.String(body["label"]);
        if ((body["label"] is not null && label is null) || label is { Length: > ShlPayload.MaxLabelLength })
        {
            return Invalid($"label must be a string of at most {ShlPayload.MaxLabelLength} characters.");
        }

        long? expires = null;
        if (body["expiresInSeconds"] is { } lifetime)
        {
            if (lifetime is not JsonValue value || !value.TryGetValue(out long seconds) || seconds <= 0 || seconds > (long)maxLifetime.TotalSeconds)
            {
                return Invalid($"expiresInSeconds must be a whole number from 1 to {(long)maxLifetime.TotalSeconds}.");
            }

            expires = now.ToUnixTimeSeconds() + seconds;
        }

        return new HealthLinkRequest(read, passcode, expires, label);
    }

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidRequest, detail);
}
