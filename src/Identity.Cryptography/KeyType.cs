// References: RFC 8032 (Ed25519), RFC 7748 (X25519), FIPS 186-5 §6 and SP 800-186 (P-256, P-384),
//   SEC 2 v2.0 §2.4.1 (secp256k1), https://www.secg.org/sec2-v2.pdf
namespace Identity.Cryptography;

/// <summary>The kinds of asymmetric key this library handles.</summary>
/// <remarks>
/// <see cref="X25519"/> keys are for key agreement only: they have a <see cref="PublicKey"/> form (did:key,
/// Multikey, JWK) but no <see cref="ISignatureAlgorithm"/>.
/// </remarks>
public enum KeyType
{
    /// <summary>Ed25519 (RFC 8032) signing key; 32-byte public key.</summary>
    Ed25519,

    /// <summary>X25519 (RFC 7748) key-agreement key; 32-byte public key.</summary>
    X25519,

    /// <summary>NIST P-256 (secp256r1) ECDSA key; 33-byte compressed SEC1 public key.</summary>
    P256,

    /// <summary>NIST P-384 (secp384r1) ECDSA key; 49-byte compressed SEC1 public key.</summary>
    P384,

    /// <summary>secp256k1 (SEC 2) ECDSA key, as used by Bitcoin and Ethereum; 33-byte compressed SEC1 public key.</summary>
    Secp256k1,
}
