// References: RFC 8032 §5.1 (Ed25519); FIPS 186-5 §6 (ECDSA); RFC 7518 §3.4 and RFC 8812 §3.2 (JWS alg names,
//   IEEE P1363 r || s encoding), https://www.rfc-editor.org/rfc/rfc7518#section-3.4
using Identity.Primitives;

namespace Identity.Cryptography;

/// <summary>
/// One digital-signature algorithm: key generation and import, signing and verification. The implementations are
/// listed in <see cref="SignatureAlgorithms"/>.
/// </summary>
/// <remarks>
/// Ed25519 signs the message itself (pure EdDSA, RFC 8032). The ECDSA algorithms hash the message first — SHA-256 for
/// P-256 and secp256k1, SHA-384 for P-384 — and use the IEEE P1363 fixed-width encoding r || s.
/// <threadsafety>Implementations are stateless singletons, safe to use from any thread.</threadsafety>
/// </remarks>
public interface ISignatureAlgorithm
{
    /// <summary>The key type this algorithm signs with.</summary>
    KeyType KeyType { get; }

    /// <summary>The algorithm's name: <c>Ed25519</c>, <c>P-256</c>, <c>P-384</c> or <c>secp256k1</c>.</summary>
    string Name { get; }

    /// <summary>The JWS <c>alg</c> value (RFC 7518, RFC 8037, RFC 8812): <c>EdDSA</c>, <c>ES256</c>, <c>ES384</c> or <c>ES256K</c>.</summary>
    string JwsAlgorithm { get; }

    /// <summary>The byte length of every signature: 64 (Ed25519, P-256, secp256k1) or 96 (P-384).</summary>
    int SignatureSize { get; }

    /// <summary>The byte length of the private secret accepted by <see cref="ImportPrivateKey"/>: 32 or 48.</summary>
    int PrivateKeySize { get; }

    /// <summary>Generates a new key pair from the system's secure random source.</summary>
    /// <param name="export">Whether the secret may be exported later; non-exportable unless the caller opts in.</param>
    PrivateKey GenerateKey(PrivateKeyExport export = PrivateKeyExport.None);

    /// <summary>
    /// Imports a private key from its raw secret: the 32-byte seed for Ed25519, or the big-endian scalar for ECDSA
    /// (32 bytes for P-256 and secp256k1, 48 for P-384), which must lie in [1, n - 1].
    /// </summary>
    /// <param name="secret">The raw secret; the caller owns (and wipes) it.</param>
    /// <param name="export">Whether the secret may be exported again; non-exportable unless the caller opts in.</param>
    /// <returns>The key, or <c>invalidPrivateKey</c> for a wrong length or an out-of-range scalar.</returns>
    Result<PrivateKey> ImportPrivateKey(ReadOnlySpan<byte> secret, PrivateKeyExport export = PrivateKeyExport.None);

    /// <summary>Signs <paramref name="data"/> and returns a signature of <see cref="SignatureSize"/> bytes.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a key of this algorithm's <see cref="KeyType"/>.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> has been disposed.</exception>
    byte[] Sign(PrivateKey key, ReadOnlySpan<byte> data);

    /// <summary>
    /// Checks <paramref name="signature"/> over <paramref name="data"/>. Never throws on bad input: a signature of the
    /// wrong length, out-of-range or non-canonical values, or a key of another type all give false.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    bool Verify(PublicKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);
}
