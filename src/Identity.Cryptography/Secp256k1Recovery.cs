// References:
//   SEC 1: Elliptic Curve Cryptography, v2.0 (2009), §4.1.6 Public Key Recovery Operation, https://www.secg.org/sec1-v2.pdf
//   Ethereum Yellow Paper, Appendix F (ECDSA recovery id v), https://ethereum.github.io/yellowpaper/paper.pdf
using Identity.Primitives;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace Identity.Cryptography;

/// <summary>
/// Recoverable secp256k1 signatures (Ethereum <c>ecrecover</c>, JWS <c>ES256K-R</c>): sign a 32-byte hash and report
/// which of the up to four candidate public keys is the signer's, or recover the key from a signature and that id.
/// </summary>
/// <remarks>
/// The recovery id is 0-3: bit 0 is the parity of R's y-coordinate, bit 1 says R's x-coordinate is r + n rather
/// than r. Ethereum's <c>v</c> is the id plus 27. Signatures are low-s (RFC 6979 nonces), and recovery rejects
/// high-s signatures just as verification does.
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
        byte[] signature = Secp256k1Ecdsa.SignHash(signingKey.Parameters, hash32);

        // BouncyCastle does not expose R, so find the id whose recovered key is ours; exactly one matches.
        for (recoveryId = 0; recoveryId < 4; recoveryId++)
        {
            if (Recover(hash32, signature, recoveryId).TryGetValue(out PublicKey? candidate) && candidate == key.PublicKey)
            {
                return signature;
            }
        }

        throw new InvalidOperationException("Invariant violated: no recovery id reproduces the signing key.");
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
            return Invalid("the recovery id must be 0, 1, 2 or 3");
        }

        if (!Secp256k1Ecdsa.TryReadSignature(signature64, out BigInteger? r, out BigInteger? s))
        {
            return Invalid("the signature is not 64 bytes with 1 <= r < n and 1 <= s <= n/2");
        }

        var domain = EcCurve.Secp256k1.Domain;

        // Step 1.1-1.3: x = r + j·n, and R the curve point with that x and the parity of bit 0.
        BigInteger x = (recoveryId & 2) == 0 ? r : r.Add(domain.N);
        byte[] encodedR = new byte[EcCurve.Secp256k1.CompressedSize];
        encodedR[0] = (recoveryId & 1) == 0 ? (byte)0x02 : (byte)0x03;
        if (x.BitLength > 256)
        {
            return Invalid("r + n is not a field element");
        }

        Secp256k1Ecdsa.WriteScalar(x, encodedR.AsSpan(1));
        Span<byte> scratch = stackalloc byte[EcCurve.Secp256k1.CompressedSize];
        if (EcCurve.Secp256k1.TryCompress(encodedR, scratch) is not null)
        {
            return Invalid("no curve point has this x-coordinate");
        }

        // Step 1.6: Q = r⁻¹ (s·R − e·G), computed as (−e·r⁻¹)·G + (s·r⁻¹)·R.
        ECPoint bigR = domain.Curve.DecodePoint(encodedR);
        BigInteger e = new(1, hash32.ToArray());
        BigInteger rInverse = r.ModInverse(domain.N);
        BigInteger u1 = e.Negate().Multiply(rInverse).Mod(domain.N);
        BigInteger u2 = s.Multiply(rInverse).Mod(domain.N);
        ECPoint q = ECAlgorithms.SumOfTwoMultiplies(domain.G, u1, bigR, u2);
        if (q.IsInfinity)
        {
            return Invalid("the recovered point is at infinity");
        }

        return Secp256k1Ecdsa.ToPublicKey(q);
    }

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidSignature, $"Cannot recover a secp256k1 key: {detail}.");
}
