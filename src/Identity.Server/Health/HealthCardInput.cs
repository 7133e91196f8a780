using System.Text.Json.Nodes;
using Identity.HealthCards.HealthCards;
using Identity.Primitives;
using Identity.Server.Http;

namespace Identity.Server.Health;

/// <summary>
/// What <c>POST /health-cards/verify</c> accepts: <c>{"jws": "..."}</c>, <c>{"qr": "shc:/..."}</c> or
/// <c>{"qr": ["shc:/1/2/...", "shc:/2/2/..."]}</c> (every chunk, any order), or a <c>.smart-health-card</c> file's content
/// <c>{"verifiableCredential": ["...", ...]}</c>; the optional <c>options.trustedIssuers</c> replaces the configured issuers.
/// </summary>
internal static class HealthCardInput
{
    public const int MaxCards = 10;

    public static Result<IReadOnlyList<string>> Read(JsonObject body, HealthCardLimits limits)
    {
        int forms = (body.ContainsKey("jws") ? 1 : 0) + (body.ContainsKey("qr") ? 1 : 0) + (body.ContainsKey("verifiableCredential") ? 1 : 0);
        if (forms != 1)
        {
            return Invalid();
        }

        if (body["jws"] is { } jws)
        {
            return JsonText.String(jws) is { } text ? new[] { text } : Invalid();
        }

        if (body["qr"] is { } qr)
        {
            var chunks = qr is JsonArray array ? array.Select(JsonText.String).ToList() : [JsonText.String(qr)];
            if (chunks.Count is 0 or > QrChunks.MaxChunks || chunks.Any(c => c is null || c.Length > 2 * (limits.MaxJwsLength + 16)))
            {
                return new Error(ErrorCodes.InvalidQrChunk, $"qr must be a shc:/ string or an array of 1 to {QrChunks.MaxChunks} of them.");
            }

            var decoded = QrChunks.Decode([.. chunks.Select(c => c!.Trim())], limits.MaxJwsLength);
            return decoded.IsSuccess ? new[] { decoded.Value } : decoded.Error!;
        }

        if (body["verifiableCredential"] is not JsonArray cards || cards.Count is 0 or > MaxCards || cards.Any(c => JsonText.String(c) is null))
        {
            return new Error(ErrorCodes.InvalidRequest, $"verifiableCredential (a .smart-health-card file) must be an array of 1 to {MaxCards} JWS strings.");
        }

        return Result<IReadOnlyList<string>>.Success([.. cards.Select(c => JsonText.String(c)!)]);
    }

    private static Error Invalid() => new(ErrorCodes.InvalidRequest,
        "Send exactly one of {\"jws\": \"...\"}, {\"qr\": \"shc:/...\" or [chunks]} or a .smart-health-card file {\"verifiableCredential\": [...]}.");
}
