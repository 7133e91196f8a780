// References: The did:key Method v0.7, W3C CCG Unofficial Draft (2025), https://w3c-ccg.github.io/did-key-spec/ ;
// W3C Controlled Identifiers v1.0 §2.2.2 Multikey, https://www.w3.org/TR/cid-1.0/#Multikey
using Identity.Primitives.Caching;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.DidMethods.Key;

/// <summary>
/// did:key — the DID is the public key: <c>did:key:z</c> + base58btc(multicodec varint ‖ key). Resolution is pure
/// computation. Ed25519 keys also get the derived X25519 key for <c>keyAgreement</c>; NIST and secp256k1 keys are
/// listed under <c>keyAgreement</c> themselves (ECDH-capable), as the method's published vectors do.
/// </summary>
/// <remarks><threadsafety>Thread-safe; holds only a bounded cache of immutable results.</threadsafety></remarks>
public sealed class DidKeyMethod : IDidMethod
{
    public const string MethodName = "key";

    // Resolution is a pure function of the DID, so results can be reused. The bound is in bytes, not entries: a DID is
    // attacker-chosen text (a failed resolution of a 1 MB "did:key" is cached too), so each entry is weighed by it.
    private const long CacheBytes = 8L * 1024 * 1024;
    private const int CacheCapacity = 4096;
    private readonly ByteBoundedCache<string, DidResolutionResult> _cache = new(CacheBytes, CacheCapacity, StringComparer.Ordinal);

    public string Name => MethodName;

    /// <summary>The bytes the resolution cache holds now (for tests and diagnostics).</summary>
    internal long CachedBytes => _cache.SizeBytes;

    /// <summary>The did:key for a public key of any supported type.</summary>
    public static Did CreateDid(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Did.Parse($"did:key:{Multikey.EncodePublicKey(key)}").Value;
    }

    public ValueTask<DidResolutionResult> ResolveAsync(Did did, DidResolutionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var contentType = options.Accept ?? DidDocumentJson.DidLdJson;
        var key = contentType + " " + did.Value;
        if (_cache.TryGet(key, DateTimeOffset.MinValue, out var cached))
        {
            return ValueTask.FromResult(cached);
        }

        var result = Resolve(did, contentType);

        // Never expires (a pure function); the key and the document or error detail, which repeat the DID, as UTF-16.
        _cache.Set(key, result, (6L * key.Length) + 2048, DateTimeOffset.MaxValue);
        return ValueTask.FromResult(result);
    }

    /// <summary>Builds the DID document for a did:key (no I/O).</summary>
    public static Result<DidDocument> Expand(Did did)
    {
        if (!string.Equals(did.Method, MethodName, StringComparison.Ordinal))
        {
            return new Error(ErrorCodes.MethodNotSupported, $"'{did}' is not a did:key.");
        }

        var multibase = did.MethodSpecificId;
        if (multibase.Length < 2 || multibase[0] != 'z' || multibase.Contains(':', StringComparison.Ordinal))
        {
            return new Error(ErrorCodes.InvalidDid, "A did:key identifier is 'z' followed by base58btc of a multicodec-prefixed key.");
        }

        var key = Multikey.DecodePublicKey(multibase);
        if (!key.IsSuccess)
        {
            // Per the method spec, an undecodable identifier is an invalid DID; key-level problems keep their names.
            return key.Error.Code is ErrorCodes.InvalidMultibase or ErrorCodes.InvalidMulticodec
                ? new Error(ErrorCodes.InvalidDid, key.Error.Detail)
                : key.Error;
        }

        return DidKeyDocumentBuilder.Build(did, multibase, key.Value);
    }

    private static DidResolutionResult Resolve(Did did, string contentType)
    {
        var document = Expand(did);
        return document.IsSuccess
            ? DidResolutionResult.Success(document.Value, contentType)
            : DidResolutionResult.Failure(document.Error);
    }
}
