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
/// document, and its unwrapped signing keys, cached briefly per tenant (replicas pick up rotations within
/// <see cref="CacheDuration"/>; this process invalidates at once).
/// </summary>
/// <remarks><threadsafety>Thread-safe.</threadsafety></remarks>
internal sealed class TenantDirectory(IIdentityStore store, PublicUrl publicUrl, KeyWrapper wrapper, TimeProvider time)
{
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, TenantKeys> _keys = new(StringComparer.Ordinal);

    public string DidWebOf(string tenantId) => DidWeb.Create(publicUrl.Host, publicUrl.Port, "tenants", tenantId);

    public static string DidKeyOf(TenantKeyRecord firstKey) => "did:key:" + firstKey.PublicKeyMultibase;

    /// <summary>The tenant id when <paramref name="did"/> is the did:web of one of this deployment's tenants (by shape; existence is not checked).</summary>
    public string? TenantOfDidWeb(string did)
    {
        var prefix = DidWeb.Create(publicUrl.Host, publicUrl.Port, "tenants", "x");
        prefix = prefix[..^1];
        if (!did.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var tenant = did[prefix.Length..];
        return TenantIds.IsValid(tenant) ? tenant : null;
    }

    public async Task<TenantKeys?> GetKeysAsync(string tenantId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_keys.TryGetValue(tenantId, out var cached) && now - cached.LoadedAt < CacheDuration)
        {
            return cached;
        }

        var records = await store.GetTenantKeysAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (records.Count == 0)
        {
            _keys.TryRemove(tenantId, out _);
            return null;
        }

        var loaded = new TenantKeys(tenantId, records, now, wrapper, DidWebOf(tenantId));
        _keys[tenantId] = loaded;
        return loaded;
    }

    public void Invalidate(string tenantId) => _keys.TryRemove(tenantId, out _);

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
        return new DidDocument
        {
            Id = did,
            Context = [DidContexts.DidV1, DidContexts.MultikeyV1],
            VerificationMethod = [.. methods],
            AssertionMethod = [.. references],
            Authentication = [.. references],
        };
    }
}
