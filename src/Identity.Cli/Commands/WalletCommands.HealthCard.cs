// References: SMART Health Cards Framework v1.4.0 (the .smart-health-card file and shc:/ QR texts), https://spec.smarthealth.cards/
using System.Buffers.Text;
using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Cli.Infrastructure;
using Identity.Cli.Wallet;
using Identity.HealthCards.Fhir;
using Identity.HealthCards.HealthCards;
using Identity.Primitives;

namespace Identity.Cli.Commands;

/// <summary>
/// <c>wallet receive</c> for SMART Health Cards (a <c>.smart-health-card</c> file or <c>shc:/</c> QR text, one chunk
/// per line), their rows in <c>wallet list</c>, and <c>wallet fhir ID</c>, which prints the FHIR content of a card or a
/// FHIR credential as readable lines. A card names no holder DID (it is a bearer document), so it is not bound to the wallet.
/// </summary>
internal static partial class WalletCommands
{
    public const string HealthCardFormat = "shc";

    // A card file ({"verifiableCredential": [jws…]} whose first JWS says zip DEF) or shc:/ text; null for anything else.
    private static IReadOnlyList<string>? HealthCardsIn(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith(QrChunks.Prefix, StringComparison.Ordinal))
        {
            var decoded = QrChunks.Decode(trimmed.Split((char[])['\n', '\r', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries), new HealthCardLimits().MaxJwsLength);
            return decoded.IsSuccess ? [decoded.Value] : throw new CliException(decoded.Error!.Code, $"The QR text cannot be read: {decoded.Error.Detail}");
        }

        if (!trimmed.StartsWith('{') || JsonNode.Parse(trimmed) is not JsonObject { } file || file["verifiableCredential"] is not JsonArray cards
            || cards.Count == 0 || cards.Any(c => c is not JsonValue v || !v.TryGetValue<string>(out _)))
        {
            return null;
        }

        var jws = cards.Select(c => c!.GetValue<string>()).ToList();
        return HealthCard.Read(jws[0], new HealthCardLimits()).IsSuccess ? jws : null;
    }

    // Verifies the cards through the service (POST /health-cards/verify: the issuer's JWKS, CRL and FHIR R4), then keeps each JWS.
    private static async Task<int> ReceiveHealthCardsAsync(
        CliContext context, string path, WalletData data, string passphrase, IReadOnlyList<string> cards, string? server, CancellationToken ct)
    {
        var ids = cards.Select(jws => "shc:" + Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(jws)))[..22]).ToList();
        if (ids.FirstOrDefault(id => data.Credentials.Any(c => c.Id == id)) is { } held)
        {
            throw new CliException(ErrorCodes.CredentialExists, $"The wallet already holds {held}.");
        }

        using var client = new ServerClient(server, context);
        var (_, verdict) = await client.PostAsync("health-cards/verify", new JsonObject { ["verifiableCredential"] = new JsonArray([.. cards.Select(c => (JsonNode)c)]) }, null, ct, 422);
        if (verdict["verified"]?.GetValue<bool>() != true)
        {
            var v = Verdict.From(verdict);
            throw new CliException(v.FirstErrorCode, $"The health card did not verify ({v.FirstFailure}); it was not added.");
        }

        for (int i = 0; i < cards.Count; i++)
        {
            data.Credentials.Add(new StoredCredential(ids[i], context.Time.GetUtcNow(), cards[i], HealthCardFormat));
        }

        WalletFile.Save(path, data, passphrase);
        var shown = verdict["healthCards"]!.AsArray();
        context.Emit(new JsonObject { ["ids"] = new JsonArray([.. ids.Select(id => (JsonNode)id)]), ["healthCards"] = shown.DeepClone() }, () =>
        {
            for (int i = 0; i < ids.Count; i++)
            {
                context.Output.WriteLine($"Received {ids[i]} (SMART Health Card) from {shown[i]!["iss"]}: verified");
                foreach (var line in FhirSummary.Lines(shown[i]!["fhirBundle"]!.AsObject()))
                {
                    context.Output.WriteLine("  " + line);
                }
            }
        });
        return 0;
    }

    private static JsonObject ListHealthCard(StoredCredential stored)
    {
        var card = HealthCard.Read(stored.Document, new HealthCardLimits());
        if (!card.IsSuccess)
        {
            throw new CliException(ErrorCodes.WalletCorrupted, $"The wallet's health card {stored.Id} cannot be read: {card.Error!.Detail}");
        }

        var types = card.Value.Types.Select(t => t!.GetValue<string>().Split('#')[^1]).Where(t => t != "health-card");
        string validity = $"from {DateTimeOffset.FromUnixTimeSeconds(card.Value.NotBefore):yyyy-MM-dd}";
        return Row(stored, new CredentialSummary($"SMART Health Card ({string.Join(", ", types.DefaultIfEmpty("health-card"))})", card.Value.Issuer, validity, "-", []), [], "not checked");
    }

    private static Command Fhir(CliContext context, Option<string?> wallet)
    {
        var id = new Argument<string>("ID") { Description = "The card's or credential's id, as 'wallet list' shows it" };
        var command = new Command("fhir", "Show the FHIR content of a health card or FHIR credential, one line per resource") { id };
        command.SetAction(parse =>
        {
            var (_, data, _) = Open(context, parse.GetValue(wallet));
            var stored = data.Credentials.FirstOrDefault(c => c.Id == parse.GetValue(id))
                ?? throw new CliException(ErrorCodes.NotFound, $"The wallet holds no credential {parse.GetValue(id)}.");
            var content = FhirContent(stored);
            var lines = content.SelectMany(FhirSummary.Lines).ToList();
            context.Emit(new JsonObject { ["id"] = stored.Id, ["fhir"] = new JsonArray([.. content.Select(c => (JsonNode)c.DeepClone())]) }, () =>
            {
                foreach (var line in lines.DefaultIfEmpty("(no FHIR content)"))
                {
                    context.Output.WriteLine(line);
                }
            });
            return 0;
        });
        return command;
    }

    private static IReadOnlyList<JsonObject> FhirContent(StoredCredential stored)
    {
        if (stored.Format == HealthCardFormat)
        {
            return [HealthCard.Read(stored.Document, new HealthCardLimits()).Value.FhirBundle];
        }

        if (stored.IsSdJwt)
        {
            return [];
        }

        var subjects = stored.Parse()["credentialSubject"] switch
        {
            JsonObject one => [one],
            JsonArray many => many.OfType<JsonObject>().ToList(),
            _ => new List<JsonObject>(),
        };
        return [.. subjects.Select(s => (s["fhirResource"] ?? s["fhirBundle"]) as JsonObject).OfType<JsonObject>()];
    }
}
