namespace Identity.Dids;

/// <summary>Verification method type names we read. We write only <see cref="Multikey"/> and <see cref="JsonWebKey"/>.</summary>
public static class VerificationMethodTypes
{
    // W3C Controlled Identifiers v1.0 §2.2.
    public const string Multikey = "Multikey";
    public const string JsonWebKey = "JsonWebKey";

    // Older suite-specific types still found in published documents and test vectors.
    public const string JsonWebKey2020 = "JsonWebKey2020";
    public const string Ed25519VerificationKey2018 = "Ed25519VerificationKey2018";
    public const string Ed25519VerificationKey2020 = "Ed25519VerificationKey2020";
    public const string X25519KeyAgreementKey2019 = "X25519KeyAgreementKey2019";
    public const string X25519KeyAgreementKey2020 = "X25519KeyAgreementKey2020";
    public const string EcdsaSecp256k1VerificationKey2019 = "EcdsaSecp256k1VerificationKey2019";
    public const string P256Key2021 = "P256Key2021";

    // did:pkh accounts (W3C-CCG Ecdsa Secp256k1 Recovery Signature 2020): a CAIP-10 blockchainAccountId, no key material.
    public const string EcdsaSecp256k1RecoveryMethod2020 = "EcdsaSecp256k1RecoveryMethod2020";
}
