// References: W3C DID v1.0 §5.2 Verification Methods, https://www.w3.org/TR/did-core/#verification-methods ;
// W3C Controlled Identifiers v1.0 §2.2 (Multikey, JsonWebKey), https://www.w3.org/TR/cid-1.0/
using Identity.Cryptography;
using Identity.Primitives;

namespace Identity.Dids;

/// <summary>A verification method: a public key with its id, type and controller.</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record VerificationMethod
{
    /// <summary>The absolute DID URL of this method (e.g. <c>did:key:z6Mk…#z6Mk…</c>).</summary>
    public required string Id { get; init; }

    public required string Type { get; init; }

    public required string Controller { get; init; }

    public string? PublicKeyMultibase { get; init; }

    /// <summary>The public JWK as compact JSON text, or null.</summary>
    public string? PublicKeyJwk { get; init; }

    /// <summary>Legacy base58btc key material (Ed25519VerificationKey2018 and kin); read, never written.</summary>
    public string? PublicKeyBase58 { get; init; }

    /// <summary>A CAIP-10 account id (did:pkh, EcdsaSecp256k1RecoveryMethod2020).</summary>
    public string? BlockchainAccountId { get; init; }

    /// <summary>
    /// The already-validated key, when the method was built from one (e.g. by a DID method that derived it). Saves
    /// re-decoding and re-validating the key material — an Ed25519 subgroup check costs about as much as a verify.
    /// Invariant: when set, it is the key the serialized material describes.
    /// </summary>
    public PublicKey? Key { get; init; }

    public static VerificationMethod FromMultikey(string id, string controller, PublicKey key) => new()
    {
        Id = id,
        Type = VerificationMethodTypes.Multikey,
        Controller = controller,
        PublicKeyMultibase = Multikey.EncodePublicKey(key),
        Key = key,
    };

    public static VerificationMethod FromJwk(string id, string controller, string publicKeyJwk) => new()
    {
        Id = id,
        Type = VerificationMethodTypes.JsonWebKey,
        Controller = controller,
        PublicKeyJwk = publicKeyJwk,
    };

    /// <summary>Decodes the key material, whichever of the supported representations carries it.</summary>
    public Result<PublicKey> GetPublicKey()
    {
        if (Key is not null)
        {
            return Key;
        }

        if (PublicKeyMultibase is not null)
        {
            return Multikey.DecodePublicKey(PublicKeyMultibase);
        }

        if (PublicKeyJwk is not null)
        {
            return JwkConverter.FromJson(PublicKeyJwk);
        }

        if (PublicKeyBase58 is not null)
        {
            return DecodeLegacyBase58();
        }

        return new Error(ErrorCodes.InvalidPublicKey, $"Verification method '{Id}' carries no supported public key material.");
    }

    private Result<PublicKey> DecodeLegacyBase58()
    {
        KeyType? keyType = Type switch
        {
            VerificationMethodTypes.Ed25519VerificationKey2018 or VerificationMethodTypes.Ed25519VerificationKey2020 => KeyType.Ed25519,
            VerificationMethodTypes.X25519KeyAgreementKey2019 or VerificationMethodTypes.X25519KeyAgreementKey2020 => KeyType.X25519,
            VerificationMethodTypes.EcdsaSecp256k1VerificationKey2019 => KeyType.Secp256k1,
            VerificationMethodTypes.P256Key2021 => KeyType.P256,
            _ => null,
        };
        if (keyType is null)
        {
            return new Error(ErrorCodes.UnsupportedPublicKeyType, $"Type '{Type}' does not define publicKeyBase58.");
        }

        var bytes = Multibase.DecodeBase58Btc(PublicKeyBase58!);
        if (!bytes.IsSuccess)
        {
            return new Error(ErrorCodes.InvalidPublicKey, $"publicKeyBase58 of '{Id}' is not valid base58btc: {bytes.Error.Detail}");
        }

        return PublicKey.Create(keyType.Value, bytes.Value);
    }
}
