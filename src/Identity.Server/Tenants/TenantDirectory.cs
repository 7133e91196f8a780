using System.Collections.Concurrent;
using Identity.Cryptography;
using Identity.DidMethods.Web;
using Identity.Dids;
using Identity.Primitives;
using Identity.Server.Configuration;
using Identity.Server.Security;
using Identity.Storage;

namespace Identity.Server.Tenants;

/// <summary>
/// A tenant's identity as others see it: its did:web (<c>did:web:{host}:tenants:{t}</c>) and did:key, its DID
/// document, and its signing keys. Key records (which keys exist, which are retired) are read from the store on every
/// use, so a retirement on any replica holds at once everywhere; only the loaded private keys (unwrapped, or handles to a token's keys) are kept, per
/// (tenant, key id), since a key's material never changes.
/// </summary>
/// <remarks><threadsafety>Thread-safe.</threadsafety></remarks>
internal sealed class TenantDirectory(
    IIdentityStore store, PublicUrl publicUrl, TenantKeyStore keyStore, TimeProvider time, OpenId4Vc.Presentation.RequestSigningKeys requestKeys)
{
    private readonly ConcurrentDictionary<(string Tenant, string Key), Lazy<PrivateKey>> _unwrapped = new();

    // A tenant's did:key is its first key's (keys are ordered by creation and never deleted, nor are tenants), so it
    // never changes once the tenant exists: kept per existing tenant, never for an id that names none.
    private readonly ConcurrentDictionary<string, string> _didKeys = new(StringComparer.Ordinal);
    private string? _didWebPrefix;

    public string DidWebOf(string tenantId) => DidWeb.Create(publicUrl.Host, publicUrl.Port, "tenants", tenantId);

    public static string DidKeyOf(TenantKeyRecord firstKey) => "did:key:" + firstKey.PublicKeyMultibase;

    /// <summary>The tenant id when <paramref name="did"/> is the did:web of one of this deployment's tenants (by shape; existence is not checked).</summary>
    public string? TenantOfDidWeb(string did)
    {
        var prefix = _didWebPrefix ??= DidWeb.Create(publicUrl.Host, publicUrl.Port, "tenants", "x")[..^1];
        if (!did.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var tenant = did[prefix.Length..];
        return TenantIds.IsValid(tenant) ? tenant : null;
    }

    /// <summary>The tenant's keys as stored now, or null for an unknown tenant.</summary>
    public async Task<TenantKeys?> GetKeysAsync(string tenantId, CancellationToken cancellationToken)
    {
        var records = await store.GetTenantKeysAsync(tenantId, cancellationToken).ConfigureAwait(false);
        return records.Count == 0 ? null : new TenantKeys(tenantId, records, time.GetUtcNow(), Unwrap, DidWebOf(tenantId));
    }

    /// <summary>The tenant's did:key, or null for an unknown tenant; read from the store once per tenant.</summary>
    public async ValueTask<string?> GetDidKeyAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (_didKeys.TryGetValue(tenantId, out var known))
        {
            return known;
        }

        var keys = await GetKeysAsync(tenantId, cancellationToken).ConfigureAwait(false);
        return keys is null ? null : _didKeys.GetOrAdd(tenantId, keys.DidKey);
    }

    private PrivateKey Unwrap(TenantKeyRecord record)
    {
        var lazy = _unwrapped.GetOrAdd((record.TenantId, record.KeyId), _ => new Lazy<PrivateKey>(() => keyStore.Load(record)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A failure (a token briefly unreachable) is not remembered: the next signature tries again.
            _unwrapped.TryRemove(new KeyValuePair<(string, string), Lazy<PrivateKey>>((record.TenantId, record.KeyId), lazy));
            throw;
        }
    }

    /// <summary>The did:web document: every key not retired, each usable for assertion and authentication.</summary>
    public async Task<DidDocument?> GetDidWebDocumentAsync(string tenantId, CancellationToken cancellationToken)
    {
        var keys = await GetKeysAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (keys is null)
        {
            return null;
        }

        var did = Did.Parse(keys.DidWeb).Value;
        var methods = new List<VerificationMethod>();
        foreach (var record in keys.Records.Where(k => !k.IsRetired))
        {
            var key = Multikey.DecodePublicKey(record.PublicKeyMultibase);
            if (key.IsSuccess)
            {
                methods.Add(VerificationMethod.FromMultikey($"{keys.DidWeb}#{record.KeyId}", keys.DidWeb, key.Value));
            }
        }

        var references = methods.Select(m => VerificationMethodReference.Reference(m.Id)).ToArray();

        // The OpenID4VP request-signing key (docs/oid4vc.md), once the tenant has one: it authenticates the tenant as a
        // verifier and never asserts credentials.
        var authentication = references;
        if (await requestKeys.FindPublicKeyAsync(tenantId, cancellationToken).ConfigureAwait(false) is { } requestKey)
        {
            var method = VerificationMethod.FromMultikey($"{keys.DidWeb}#{OpenId4Vc.Presentation.RequestSigningKeys.Fragment}", keys.DidWeb, requestKey);
            methods.Add(method);
            authentication = [.. references, VerificationMethodReference.Reference(method.Id)];
        }

        return new DidDocument
        {
            Id = did,
            Context = [DidContexts.DidV1, DidContexts.MultikeyV1],
            VerificationMethod = [.. methods],
            AssertionMethod = [.. references],
            Authentication = [.. authentication],
        };
    }
}
