// References: SMART Health Cards Framework v1.4.0 §"Determining keys associated with an issuer", §"Revocation",
//   https://spec.smarthealth.cards/ ; RFC 7638 (JWK thumbprint), RFC 4868 (HMAC-SHA-256)
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Cryptography;
using Identity.Primitives;
using Identity.Server.Configuration;
using Identity.Server.Security;
using Identity.Storage;

namespace Identity.Server.Health;

/// <summary>
/// Each tenant's health-card issuer: its <c>iss</c> (<c>{PUBLIC_URL}/tenants/{t}</c>), its P-256 signing key (derived from
/// a tenant secret made at random on first use and stored only wrapped, so every replica signs with the same key), the
/// key's JWKS entry, the card revocation ids and the card revocation list (CRL) built from the tenant's revocation lists.
/// </summary>
/// <remarks>
/// The key lives with the wrapped key store's secrets even when tenant DID keys are in a PKCS#11 token (docs/health.md).
/// <threadsafety>Thread-safe.</threadsafety>
/// </remarks>
internal sealed class HealthCardKeys(TenantSecrets secrets, IIdentityStore store, PublicUrl publicUrl) : IDisposable
{
    private const string SigningSecret = "shc-signing-key";
    private const string RevocationSecret = "shc-rid-key";

    private readonly ConcurrentDictionary<string, PrivateKey> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Tenant, string KeyId, string List), (long Version, string[] Rids)> _rids = new();

    public string IssuerOf(string tenantId) => $"{publicUrl.Origin}/tenants/{tenantId}";

    /// <summary>The tenant id when <paramref name="issuer"/> is one of this deployment's tenant issuers (by shape).</summary>
    public string? TenantOfIssuer(string issuer)
    {
        string prefix = $"{publicUrl.Origin}/tenants/";
        if (!issuer.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        string tenant = issuer[prefix.Length..];
        return Tenants.TenantIds.IsValid(tenant) ? tenant : null;
    }

    /// <summary>The tenant's signing key; <c>notFound</c> for an unknown tenant.</summary>
    public async Task<Result<PrivateKey>> SigningKeyAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (_keys.TryGetValue(tenantId, out var cached))
        {
            return cached;
        }

        var secret = await secrets.GetAsync(tenantId, SigningSecret, cancellationToken).ConfigureAwait(false);
        if (!secret.IsSuccess)
        {
            return secret.Error!;
        }

        var key = secret.Value.Use(0, static (span, _) => DeriveKey(span));
        var stored = _keys.GetOrAdd(tenantId, key);
        if (!ReferenceEquals(stored, key))
        {
            key.Dispose();
        }

        return stored;
    }

    public static string KeyIdOf(PrivateKey key) => JwkConverter.Thumbprint(key.PublicKey);

    /// <summary>
    /// The tenant's revocation ids under <paramref name="keyId"/>, as a function of a revocation-list position (list id,
    /// index): base64url of the first 64 bits of HMAC-SHA-256 keyed with the tenant's secret and the kid.
    /// </summary>
    public async Task<Result<Func<string, int, string>>> RevocationIdsAsync(string tenantId, string keyId, CancellationToken cancellationToken)
    {
        var secret = await secrets.GetAsync(tenantId, RevocationSecret, cancellationToken).ConfigureAwait(false);
        if (!secret.IsSuccess)
        {
            return secret.Error!;
        }

        var buffer = secret.Value;
        return Result<Func<string, int, string>>.Success((listId, index) => buffer.Use((keyId, listId, index), static (span, s) => Rid(span, s.keyId, s.listId, s.index)));
    }

    /// <summary>The JWKS: the tenant's key with <c>use: sig</c>, <c>alg: ES256</c>, its <c>kid</c> and <c>crlVersion</c>; no private members.</summary>
    public async Task<Result<JsonObject>> JwksAsync(string tenantId, CancellationToken cancellationToken)
    {
        var key = await SigningKeyAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (!key.IsSuccess)
        {
            return key.Error!;
        }

        var crl = await ListsAsync(tenantId, KeyIdOf(key.Value), withRids: false, cancellationToken).ConfigureAwait(false);
        if (!crl.IsSuccess)
        {
            return crl.Error!;
        }

        var jwk = JsonNode.Parse(JwkConverter.ToJson(key.Value.PublicKey))!.AsObject();
        jwk["kid"] = KeyIdOf(key.Value);
        jwk["use"] = "sig";
        jwk["alg"] = "ES256";
        jwk["crlVersion"] = crl.Value["ctr"]!.DeepClone();
        return new JsonObject { ["keys"] = new JsonArray(jwk) };
    }

    /// <summary>
    /// The CRL of <paramref name="keyId"/>: the rids of every revoked position in the tenant's revocation lists, and
    /// <c>ctr</c> = 1 + the sum of those lists' versions (it grows with every revocation; revocations are permanent).
    /// </summary>
    /// <returns>The CRL, or <c>notFound</c> for an unknown tenant or a kid that is not the tenant's.</returns>
    public async Task<Result<JsonObject>> CrlAsync(string tenantId, string keyId, CancellationToken cancellationToken)
    {
        var key = await SigningKeyAsync(tenantId, cancellationToken).ConfigureAwait(false);
        return key.IsSuccess && KeyIdOf(key.Value) == keyId
            ? await ListsAsync(tenantId, keyId, withRids: true, cancellationToken).ConfigureAwait(false)
            : new Error(ErrorCodes.NotFound, $"Tenant '{tenantId}' has no health-card key '{keyId}'.");
    }

    // The CRL's ctr and, when asked, its rids. A list's rids are computed once per list version and kept (one HMAC per
    // revoked position), so the public JWKS and CRL cost a read of the lists, not work growing with every revocation.
    private async Task<Result<JsonObject>> ListsAsync(string tenantId, string keyId, bool withRids, CancellationToken cancellationToken)
    {
        Func<string, int, string>? ridOf = null;
        long ctr = 1;
        var rids = new JsonArray();
        for (int n = 1; ; n++)
        {
            string listId = string.Create(CultureInfo.InvariantCulture, $"revocation-{n}");
            var list = await store.GetStatusListAsync(tenantId, listId, cancellationToken).ConfigureAwait(false);
            if (list is null)
            {
                break;
            }

            ctr += list.Version;
            if (!withRids)
            {
                continue;
            }

            if (!_rids.TryGetValue((tenantId, keyId, listId), out var known) || known.Version != list.Version)
            {
                if (ridOf is null)
                {
                    var secret = await RevocationIdsAsync(tenantId, keyId, cancellationToken).ConfigureAwait(false);
                    if (!secret.IsSuccess)
                    {
                        return secret.Error!; // The rid secret could not be loaded: no list rather than a 500.
                    }

                    ridOf = secret.Value;
                }

                known = (list.Version, [.. list.SetIndexes.Select(index => ridOf(listId, index))]);
                _rids[(tenantId, keyId, listId)] = known;
            }

            foreach (string rid in known.Rids)
            {
                rids.Add(rid);
            }
        }

        return withRids
            ? new JsonObject { ["kid"] = keyId, ["method"] = "rid", ["ctr"] = ctr, ["rids"] = rids }
            : new JsonObject { ["kid"] = keyId, ["ctr"] = ctr };
    }

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }
    }

    // A random 32-byte secret is a valid P-256 scalar but for a chance of about 2^-32; then it is hashed until one is.
    private static PrivateKey DeriveKey(ReadOnlySpan<byte> secret)
    {
        Span<byte> candidate = stackalloc byte[32];
        Span<byte> input = stackalloc byte[33];
        secret[..32].CopyTo(candidate);
        try
        {
            for (byte round = 0; ; round++)
            {
                var key = SignatureAlgorithms.P256.ImportPrivateKey(candidate);
                if (key.IsSuccess)
                {
                    return key.Value;
                }

                candidate.CopyTo(input);
                input[32] = round;
                SHA256.HashData(input, candidate);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(candidate);
            CryptographicOperations.ZeroMemory(input);
        }
    }

    private static string Rid(ReadOnlySpan<byte> secret, string keyId, string listId, int index)
    {
        // rid = base64url(HMAC-SHA-256(secret || kid, position)[first 64 bits]); the position names the card, never the patient.
        var hmacKey = new byte[secret.Length + Encoding.ASCII.GetByteCount(keyId)];
        secret.CopyTo(hmacKey);
        Encoding.ASCII.GetBytes(keyId, hmacKey.AsSpan(secret.Length));
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(hmacKey, Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{listId}:{index}")), mac);
        CryptographicOperations.ZeroMemory(hmacKey);
        return Base64Url.EncodeToString(mac[..8]);
    }
}
