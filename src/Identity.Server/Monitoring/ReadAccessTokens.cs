// References: RFC 6750 (Bearer tokens) §2.1 and §5.2 (short-lived, scoped tokens), https://www.rfc-editor.org/rfc/rfc6750 ;
//   docs/monitoring.md
using System.Buffers.Text;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Primitives;
using Identity.Server.Http;
using Identity.Server.Security;
using Identity.Storage;

namespace Identity.Server.Monitoring;

/// <summary>
/// The access token a <c>permit</c> of <c>POST /access-decisions</c> carries: random, short-lived, for one patient of
/// one tenant, one provider, one purpose and the data items decided on. The service keeps only its SHA-256 (as a
/// challenge row, so expiry and clean-up are the challenges'), with the scope sealed under the tenant's data key.
/// </summary>
/// <remarks><threadsafety>Thread-safe.</threadsafety></remarks>
internal sealed class ReadAccessTokens(IIdentityStore store, RecordCipher cipher, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    private const string Prefix = "rpm-read:";
    private const string Kind = "read-access-token";

    /// <summary>What a token allows.</summary>
    /// <param name="ConsentId">The registered consent decided on: reads stop when it is withdrawn.</param>
    /// <param name="ConsentValidUntil">The consent's end: the token never outlives it.</param>
    public sealed record Scope(string TenantId, string Patient, string Actor, string Purpose, ImmutableArray<string> Data, string ConsentId, DateTimeOffset ConsentValidUntil);

    /// <summary>A new token for <paramref name="scope"/> and when it expires.</summary>
    public async Task<(string Token, DateTimeOffset ExpiresAt)?> IssueAsync(Scope scope, CancellationToken cancellationToken)
    {
        var key = await cipher.ForTenantAsync(scope.TenantId, cancellationToken).ConfigureAwait(false);
        if (!key.IsSuccess)
        {
            return null;
        }

        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var value = Handle(token);
        var now = time.GetUtcNow();
        var expires = now + Lifetime < scope.ConsentValidUntil ? now + Lifetime : scope.ConsentValidUntil;
        var payload = new JsonObject
        {
            ["tenant"] = scope.TenantId,
            ["patient"] = scope.Patient,
            ["actor"] = scope.Actor,
            ["purpose"] = scope.Purpose,
            ["data"] = new JsonArray([.. scope.Data.Select(d => (JsonNode)d)]),
            ["consent"] = scope.ConsentId,
            ["consentValidUntil"] = scope.ConsentValidUntil.ToUnixTimeSeconds(),
        };
        await store.AddChallengeAsync(new ChallengeRecord(value, scope.TenantId, now, expires)
        {
            Payload = key.Value.SealText(Kind, value, payload.ToJsonString()),
        }, cancellationToken).ConfigureAwait(false);
        return (token, expires);
    }

    /// <summary>The scope of a live token of <paramref name="tenantId"/>, or null (unknown, expired, another tenant's).</summary>
    public async Task<Scope?> FindAsync(string tenantId, string token, CancellationToken cancellationToken)
    {
        if (token.Length is 0 or > 128)
        {
            return null;
        }

        var value = Handle(token);
        var record = await store.FindChallengeAsync(value, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (record?.Payload is not { } sealedPayload || record.Domain != tenantId)
        {
            return null;
        }

        var key = await cipher.ForTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (!key.IsSuccess)
        {
            return null;
        }

        string opened;
        try
        {
            opened = key.Value.OpenText(Kind, value, sealedPayload);
        }
        catch (CryptographicException)
        {
            return null; // Fails closed: a row that does not open under this tenant's key allows nothing.
        }

        return JsonNode.Parse(opened) is JsonObject scope && JsonText.String(scope["tenant"]) == tenantId
            && JsonText.String(scope["patient"]) is { } patient && JsonText.String(scope["actor"]) is { } actor && JsonText.String(scope["purpose"]) is { } purpose
            && JsonText.String(scope["consent"]) is { } consent && scope["consentValidUntil"] is JsonValue until && until.TryGetValue(out long untilSeconds)
            ? new Scope(tenantId, patient, actor, purpose, [.. (scope["data"] as JsonArray ?? []).Select(JsonText.String).OfType<string>()], consent,
                DateTimeOffset.FromUnixTimeSeconds(untilSeconds))
            : null;
    }

    private static string Handle(string token) => Prefix + Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
