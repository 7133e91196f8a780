// References: OpenID4VCI 1.0 §3.5 (pre-authorized code: single use, short lived), §7 (c_nonce) and §13.3 (replay);
//   RFC 9449 §11.1 (DPoP proof replay, jti)
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Primitives;
using Identity.Server.Security;
using Identity.Storage;

namespace Identity.Server.OpenId4Vc.Issuance;

/// <summary>
/// The issuer's single-use state (offers, pre-authorized codes, transaction-code tries, access tokens, nonces, DPoP
/// <c>jti</c>s) kept in the store's challenge table, so it holds across restarts and replicas on SQLite and PostgreSQL
/// alike, with the table's one rule: a value is consumed at most once, before it expires. Bearer secrets (codes,
/// tokens) are stored only as hashes; payloads are sealed under the tenant's data key and bound to their row.
/// </summary>
/// <remarks>Every value here has a prefix with a colon, which the random challenges of <c>POST /challenges</c>
/// never contain, so the presentation verifier's challenge ledger never spends one of them.</remarks>
internal sealed class IssuanceState(IIdentityStore store, RecordCipher cipher, TimeProvider time)
{
    public const string Prefix = "oid4vci:";
    private const string Kind = "oid4vci";

    /// <summary>The row key of a secret: its prefix and the base64url SHA-256 of the secret (never the secret itself).</summary>
    public static string Key(string kind, string secret) =>
        $"{Prefix}{kind}:{Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))}";

    /// <summary>A fresh random secret of 256 bits, base64url.</summary>
    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Stores <paramref name="payload"/> sealed under <paramref name="key"/> for <paramref name="lifetime"/>.</summary>
    public async Task<Result<bool>> PutAsync(string tenantId, string key, JsonObject? payload, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var sealedPayload = payload is null ? null : await SealAsync(tenantId, key, payload, cancellationToken).ConfigureAwait(false);
        if (sealedPayload is { IsSuccess: false })
        {
            return sealedPayload.Value.Error!;
        }

        var now = time.GetUtcNow();
        return await store.TryAddChallengeAsync(
            new ChallengeRecord(key, Domain(tenantId), now, now + lifetime) { Payload = sealedPayload?.Value }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a value as seen (a DPoP <c>jti</c>) until <paramref name="lifetime"/> ends; false when it was seen before.</summary>
    public async Task<bool> MarkSeenAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await store.TryAddChallengeAsync(new ChallengeRecord(key, Prefix + "seen", now, now + lifetime), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The live (unconsumed, unexpired) entry of the tenant with its opened payload, or null.</summary>
    public async Task<(JsonObject Payload, int Attempts)?> FindAsync(string tenantId, string key, CancellationToken cancellationToken)
    {
        var found = await store.FindChallengeAsync(key, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (found is null || found.Domain != Domain(tenantId))
        {
            return null;
        }

        var payload = await OpenAsync(tenantId, key, found.Payload, cancellationToken).ConfigureAwait(false);
        return payload is null ? null : (payload, found.Attempts);
    }

    /// <summary>Consumes the tenant's entry once; its payload (an empty object when it has none) on the one call that did, else null.</summary>
    public async Task<JsonObject?> ConsumeAsync(string tenantId, string key, CancellationToken cancellationToken)
    {
        var consumed = await store.ConsumeChallengeAsync(key, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (consumed.State != ChallengeState.Consumed || consumed.Domain != Domain(tenantId))
        {
            return null;
        }

        return consumed.Payload is null ? [] : await OpenAsync(tenantId, key, consumed.Payload, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Counts one attempt against a live entry; the attempts counted, or null when it is gone or has used up <paramref name="limit"/>.</summary>
    public Task<int?> CountAttemptAsync(string key, int limit, CancellationToken cancellationToken) =>
        store.BeginChallengeAttemptAsync(key, limit, time.GetUtcNow(), cancellationToken);

    private static string Domain(string tenantId) => Prefix + tenantId;

    private async Task<Result<string>?> SealAsync(string tenantId, string key, JsonObject payload, CancellationToken cancellationToken)
    {
        var recordKey = await cipher.ForTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
        return recordKey.IsSuccess ? recordKey.Value.SealText(Kind, key, payload.ToJsonString()) : recordKey.Error!;
    }

    // A payload that does not open under this tenant's key for this row is treated as absent: it was not sealed here.
    private async Task<JsonObject?> OpenAsync(string tenantId, string key, string? stored, CancellationToken cancellationToken)
    {
        if (stored is null)
        {
            return [];
        }

        var recordKey = await cipher.ForTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (!recordKey.IsSuccess)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(recordKey.Value.OpenText(Kind, key, stored)) as JsonObject;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
