// References: IETF draft-ietf-oauth-status-list (Token Status List), §5.1 Status List Token in JWT format, §7 Status
//   Types, https://datatracker.ietf.org/doc/draft-ietf-oauth-status-list/
using System.Collections.Concurrent;
using Identity.Credentials.Status;
using Identity.Primitives;

namespace Identity.Server.Status;

/// <summary>
/// The Token Status List side: each revocation list is also served as a two-bit Status List Token, where a JOSE
/// credential's entry is its revocation index (0x01 revoked, 0x02 suspended, 0x00 otherwise). The view is read from
/// the store at most <see cref="LocalListDuration"/> old, and dropped on every local change of the tenant's statuses.
/// </summary>
internal sealed partial class StatusListService
{
    /// <summary>The <c>ttl</c> of a served Status List Token; also its HTTP max-age.</summary>
    public static readonly TimeSpan TokenListTtl = TimeSpan.FromSeconds(60);

    /// <summary>How long after its <c>iat</c> a served Status List Token expires.</summary>
    public static readonly TimeSpan TokenListLifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<(string Tenant, string List), LocalTokenList> _tokens = new();

    public sealed record LocalTokenList(TokenStatusList List, DateTimeOffset LoadedAt)
    {
        // Set once per view and key; two concurrent first reads may both sign, which is harmless.
        public SignedTokenList? Signed { get; set; }

        // The same view as a signed two-bit Bitstring Status List credential (JSON text in Token), once per key.
        public SignedTokenList? SignedMessages { get; set; }
    }

    public sealed record SignedTokenList(string Token, string KeyId);

    /// <summary>The Token Status List view of a revocation list, or null when the tenant has no such revocation list.</summary>
    public async Task<LocalTokenList?> GetTokenListAsync(string tenantId, string listId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_tokens.TryGetValue((tenantId, listId), out var cached) && now - cached.LoadedAt < LocalListDuration)
        {
            return cached;
        }

        var snapshot = await store.GetTokenStatusListAsync(tenantId, listId, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return null;
        }

        var statuses = snapshot.SuspendedIndexes.Select(i => KeyValuePair.Create(i, TokenStatusList.Suspended))
            .Concat(snapshot.RevokedIndexes.Select(i => KeyValuePair.Create(i, TokenStatusList.Invalid)));
        var loaded = new LocalTokenList(TokenStatusList.Create(2, snapshot.Size, statuses), now);
        _tokens[(tenantId, listId)] = loaded;
        return loaded;
    }

    /// <summary>The signed Status List Token (compact JWT) served at <see cref="StatusUrls.TokenListUrl"/>; notFound for an unknown list.</summary>
    public async Task<Result<string>> GetSignedTokenListAsync(string tenantId, string listId, CancellationToken cancellationToken)
    {
        var view = await GetTokenListAsync(tenantId, listId, cancellationToken).ConfigureAwait(false);
        if (view is null)
        {
            return new Error(ErrorCodes.NotFound, $"Tenant '{tenantId}' has no Token Status List '{listId}'.");
        }

        var keys = await directory.GetKeysAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var key = keys?.SigningKeyFor(keys.DidWeb, _ => true);
        if (keys is null || key is null)
        {
            return new Error(ErrorCodes.NotFound, $"Tenant '{tenantId}' has no active key to sign its status list.");
        }

        // Invariant: a view is signed once per key; a change drops the view, and a key retired since (on any replica)
        // is not the current key, so a new token follows every change and every retirement.
        if (view.Signed is { } signed && signed.KeyId == key.KeyId)
        {
            return signed.Token;
        }

        var now = time.GetUtcNow();
        var token = StatusListToken.Sign(
            urls.TokenListUrl(tenantId, listId), view.List, now, now + TokenListLifetime, TokenListTtl, key.PrivateKey, key.VerificationMethod);
        view.Signed = new SignedTokenList(token, key.KeyId);
        return token;
    }

    private void ForgetTokenLists(string tenantId)
    {
        foreach (var key in _tokens.Keys)
        {
            if (key.Tenant == tenantId)
            {
                _tokens.TryRemove(key, out _);
            }
        }
    }
}
