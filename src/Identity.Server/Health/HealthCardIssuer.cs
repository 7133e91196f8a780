// References: SMART Health Cards Framework v1.4.0, https://spec.smarthealth.cards/
using System.Text.Json.Nodes;
using Identity.HealthCards.Fhir;
using Identity.HealthCards.HealthCards;
using Identity.Primitives;
using Identity.Server.Audit;
using Identity.Server.Configuration;
using Identity.Server.Credentials;
using Identity.Server.Http;
using Identity.Server.Security;
using Identity.Storage;

namespace Identity.Server.Health;

/// <summary>
/// Issues SMART Health Cards as a tenant: validates the FHIR Bundle (R4), minimises it, gives the card a position in
/// the tenant's revocation list (its <c>rid</c> is derived from that position) and signs it with the tenant's health-card key.
/// The card is stored like any credential, sealed under the tenant's data key, so the status endpoint revokes it.
/// </summary>
internal sealed class HealthCardIssuer(
    HealthCardKeys keys, FhirValidator fhir, IIdentityStore store, RecordCipher cipher, SubjectPseudonyms pseudonyms, ServerSettings settings, TimeProvider time)
{
    private const int MaxTypes = 16;

    // What a verifier here reads back: every chunk of the QR set (and within HealthCardLimits.MaxJwsLength).
    private const int MaxJwsLength = QrChunks.MaxChunks * QrChunks.ChunkMaxLength;

    public sealed record Issued(string CredentialId, string Jws, IReadOnlyList<string> Qr);

    public async Task<Result<Issued>> IssueAsync(string tenantId, JsonObject request, CancellationToken cancellationToken)
    {
        if (request["fhirBundle"] is not JsonObject bundle || JsonText.String(bundle["resourceType"]) != "Bundle")
        {
            return new Error(ErrorCodes.InvalidRequest, "The body must be {\"fhirBundle\": {\"resourceType\": \"Bundle\", ...}, \"types\": [...]}.");
        }

        var types = ReadTypes(request["types"]);
        if (!types.IsSuccess)
        {
            return types.Error!;
        }

        var report = fhir.Validate(bundle);
        if (!report.IsValid)
        {
            return report.Error!;
        }

        var key = await keys.SigningKeyAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var recordKey = await cipher.ForTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (!key.IsSuccess || !recordKey.IsSuccess)
        {
            return key.Error ?? recordKey.Error!;
        }

        string kid = HealthCardKeys.KeyIdOf(key.Value);
        var minimized = BundleMinimizer.Minimize(bundle);
        var now = time.GetUtcNow();
        string credentialId = $"urn:uuid:{Guid.NewGuid()}";
        string? jws = null;

        // The rid needs the position, which the store assigns inside its transaction: the secret is loaded first.
        var ridOf = await keys.RevocationIdsAsync(tenantId, kid, cancellationToken).ConfigureAwait(false);
        if (!ridOf.IsSuccess)
        {
            return ridOf.Error!;
        }

        Result<string> Sign(StatusAllocation allocation)
        {
            string rid = ridOf.Value(allocation.RevocationListId, allocation.RevocationIndex);
            var claims = HealthCard.Claims(keys.IssuerOf(tenantId), now, types.Value, minimized, rid);
            jws = HealthCard.Sign(claims, key.Value);
            if (jws.Length > MaxJwsLength)
            {
                return new Error(ErrorCodes.FhirTooLarge,
                    $"The signed card has {jws.Length} characters; a card must fit {QrChunks.MaxChunks} QR codes ({MaxJwsLength} characters). Split the bundle into several cards.");
            }

            var document = new JsonObject
            {
                ["type"] = new JsonArray("SmartHealthCard"),
                ["verifiableCredential"] = new JsonArray(jws),
            };
            return recordKey.Value.SealText(IssuanceService.CredentialKind, credentialId, document.ToJsonString());
        }

        var audit = await pseudonyms.ForAuditAsync(tenantId, credentialId, cancellationToken).ConfigureAwait(false);
        var stored = await store.IssueCredentialAsync(
            tenantId, credentialId, settings.StatusListSize, Sign, new AuditEntry(now, tenantId, "healthcard.issued", audit, "ok"), null, cancellationToken).ConfigureAwait(false);
        return stored.IsSuccess ? new Issued(credentialId, jws!, QrChunks.Encode(jws!)) : stored.Error!;
    }

    private static Result<IReadOnlyList<string>> ReadTypes(JsonNode? node)
    {
        var types = new List<string> { HealthCard.HealthCardType };
        if (node is null)
        {
            return types;
        }

        if (node is not JsonArray array || array.Count > MaxTypes || array.Any(t => JsonText.String(t) is not { Length: > 0 and <= 256 }))
        {
            return new Error(ErrorCodes.InvalidRequest, $"types must be an array of at most {MaxTypes} type URIs (e.g. \"https://smarthealth.cards#immunization\").");
        }

        types.AddRange(array.Select(t => JsonText.String(t)!).Where(t => t != HealthCard.HealthCardType).Distinct(StringComparer.Ordinal));
        return types;
    }
}
