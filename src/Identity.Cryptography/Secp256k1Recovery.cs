// References:
//   SEC 1: Elliptic Curve Cryptography, v2.0 (2009), §4.1.6 Public Key Recovery Operation, https://www.secg.org/sec1-v2.pdf
//   Ethereum Yellow Paper, Appendix F (ECDSA recovery id v), https://ethereum.github.io/yellowpaper/paper.pdf
using Identity.Primitives;

namespace Identity.Cryptography;

/// <summary>
/// Recoverable secp256k1 signatures (Ethereum <c>ecrecover</c>, JWS <c>ES256K-R</c>): sign a 32-byte hash and report
/// which of the up to four candidate public keys is the signer's, or recover the key from a signature and that id.
/// </summary>
/// <remarks>
/// The recovery id is 0-3: bit 0 is the parity of R's y-coordinate, bit 1 says R's x-coordinate is r + n rather
/// than r. Ethereum's <c>v</c> is the id plus 27. Signatures are low-s (RFC 6979 nonces), and recovery rejects
/// high-s signatures just as verification does. Nethereum.Signer does the curve arithmetic.
/// <threadsafety>All members are static and safe to call from any thread.</threadsafety>
/// </remarks>
public static class Secp256k1Recovery
{
    /// <summary>Signs a 32-byte hash (no further hashing) and returns r || s with its recovery id.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a secp256k1 key, or <paramref name="hash32"/> is not 32 bytes.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> has been disposed.</exception>
    public static byte[] SignRecoverable(PrivateKey key, ReadOnlySpan<byte> hash32, out int recoveryId)
    {
        Secp256k1SigningKey signingKey = Preconditions.CheckKey<Secp256k1SigningKey>(key, KeyType.Secp256k1, nameof(key));
        Preconditions.CheckLength(hash32, Secp256k1Ecdsa.HashSize, nameof(hash32));
        return Secp256k1Ecdsa.SignHash(signingKey.Key, hash32, out recoveryId);
    }

    /// <summary>Recovers the public key that made <paramref name="signature64"/> (r || s) over <paramref name="hash32"/>.</summary>
    /// <returns>The key, or <c>invalidSignature</c> when the signature is malformed, out of range or high-s, the id is
    /// outside 0-3, or no key corresponds to this id.</returns>
    /// <exception cref="ArgumentException"><paramref name="hash32"/> is not 32 bytes.</exception>
    public static Result<PublicKey> Recover(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> signature64, int recoveryId)
    {
        Preconditions.CheckLength(hash32, Secp256k1Ecdsa.HashSize, nameof(hash32));
        if (recoveryId is < 0 or > 3)
        {
            return new Error(ErrorCodes.InvalidSignature, "Cannot recover a secp256k1 key: the recovery id must be 0, 1, 2 or 3.");
        }

        return Secp256k1Ecdsa.Recover(hash32, signature64, recoveryId);
    }
}
