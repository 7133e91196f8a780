// References: RFC 8032 "Edwards-Curve Digital Signature Algorithm (EdDSA)", January 2017, §5.1,
// https://www.rfc-editor.org/rfc/rfc8032#section-5.1 ; RFC 7748 §4.1 (edwards25519 <-> curve25519),
// https://www.rfc-editor.org/rfc/rfc7748#section-4.1 ; libsodium 1.0.18 crypto_sign_ed25519.
using Identity.Sodium.Interop;

namespace Identity.Sodium;

/// <summary>Ed25519 (pure EdDSA over edwards25519, RFC 8032) operations on public keys.</summary>
/// <remarks>
/// Verification is libsodium 1.0.18's: besides the RFC 8032 equation it rejects a non-canonical S (S ≥ L),
/// a small-order R, and a public key that is non-canonical or of small order. It is therefore stricter than
/// some other implementations for crafted signatures, and identical for honestly generated ones.
/// Private keys are <see cref="Ed25519PrivateKey"/>.
/// <threadsafety>Stateless; all members are safe to call from any thread.</threadsafety>
/// </remarks>
public static class Ed25519
{
    /// <summary>The size of an encoded public key A (RFC 8032 §5.1.5).</summary>
    public const int PublicKeySize = Libsodium.crypto_sign_ed25519_PUBLICKEYBYTES;

    /// <summary>The size of a private key seed k (RFC 8032 §5.1.5).</summary>
    public const int SeedSize = Libsodium.crypto_sign_ed25519_SEEDBYTES;

    /// <summary>The size of a signature R || S (RFC 8032 §5.1.6).</summary>
    public const int SignatureSize = Libsodium.crypto_sign_ed25519_BYTES;

    /// <summary>Checks an Ed25519 signature.</summary>
    /// <returns>
    /// True when <paramref name="signature"/> is a valid signature of <paramref name="message"/> under
    /// <paramref name="publicKey"/>; false for a bad signature, an invalid key, or wrong lengths (never throws for those).
    /// </returns>
    /// <remarks>Does not allocate.</remarks>
    /// <exception cref="SodiumUnavailableException">libsodium cannot be loaded.</exception>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeySize || signature.Length != SignatureSize)
        {
            return false;
        }

        Sodium.EnsureInitialized();
        return Libsodium.crypto_sign_ed25519_verify_detached(signature, message, (ulong)message.Length, publicKey) == 0;
    }

    /// <summary>
    /// Whether <paramref name="publicKey"/> encodes a point on the curve, in the prime-order subgroup and not of
    /// small order (<c>crypto_core_ed25519_is_valid_point</c>).
    /// </summary>
    /// <returns>False for an invalid point or a length other than <see cref="PublicKeySize"/>.</returns>
    /// <exception cref="SodiumUnavailableException">libsodium cannot be loaded.</exception>
    public static bool IsValidPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PublicKeySize)
        {
            return false;
        }

        Sodium.EnsureInitialized();
        return Libsodium.crypto_core_ed25519_is_valid_point(publicKey) == 1;
    }

    /// <summary>
    /// Maps an Ed25519 public key to the X25519 public key of the same secret (RFC 7748 §4.1 birational map,
    /// <c>crypto_sign_ed25519_pk_to_curve25519</c>), as did:key does for its key-agreement key.
    /// </summary>
    /// <param name="ed25519PublicKey">An Ed25519 public key of <see cref="PublicKeySize"/> bytes.</param>
    /// <param name="x25519PublicKey">Receives exactly <see cref="X25519.PublicKeySize"/> bytes.</param>
    /// <returns>
    /// False (and <paramref name="x25519PublicKey"/> cleared) when the key is not a valid point of the main
    /// subgroup, or either span has the wrong length.
    /// </returns>
    /// <exception cref="SodiumUnavailableException">libsodium cannot be loaded.</exception>
    public static bool TryConvertPublicKeyToX25519(ReadOnlySpan<byte> ed25519PublicKey, Span<byte> x25519PublicKey)
    {
        if (ed25519PublicKey.Length != PublicKeySize || x25519PublicKey.Length != X25519.PublicKeySize)
        {
            x25519PublicKey.Clear();
            return false;
        }

        Sodium.EnsureInitialized();
        if (Libsodium.crypto_sign_ed25519_pk_to_curve25519(x25519PublicKey, ed25519PublicKey) != 0)
        {
            x25519PublicKey.Clear();
            return false;
        }

        return true;
    }
}
