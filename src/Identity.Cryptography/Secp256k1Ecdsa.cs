// References:
//   SEC 1: Elliptic Curve Cryptography, v2.0 (2009), §4.1.3-4.1.4 and §4.1.6, https://www.secg.org/sec1-v2.pdf
//   RFC 6979, Deterministic Usage of DSA and ECDSA, August 2013, §3.2, https://www.rfc-editor.org/rfc/rfc6979
//   BIP 62 / EIP-2, low-s canonical signatures, https://eips.ethereum.org/EIPS/eip-2
using System.Numerics;
using Identity.Primitives;
using Nethereum.Signer;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Identity.Cryptography;

/// <summary>
/// secp256k1 ECDSA over a 32-byte hash through Nethereum.Signer: RFC 6979 deterministic nonces, signatures always
/// low-s, and verification and recovery that accept only 1 ≤ r &lt; n and 1 ≤ s ≤ n / 2 (checked here, before
/// Nethereum sees the values).
/// </summary>
internal static class Secp256k1Ecdsa
{
    public const int HashSize = 32;
    public const int SignatureSize = 64;

    // Nethereum's v for a recovery id; the id itself is what callers see.
    private const int VOffset = 27;

    /// <summary>Signs a 32-byte hash and returns r || s with s ≤ n / 2, and the recovery id (0-3) of the signature.</summary>
    public static byte[] SignHash(EthECKey key, ReadOnlySpan<byte> hash, out int recoveryId)
    {
        EthECDSASignature signed = key.SignAndCalculateV(hash.ToArray());
        byte[] signature = new byte[SignatureSize];
        WriteScalar(signed.R, signature.AsSpan(0, 32));
        WriteScalar(signed.S, signature.AsSpan(32, 32));
        recoveryId = signed.V[0] - VOffset;
        if (!signed.IsLowS || recoveryId is < 0 or > 3)
        {
            throw new InvalidOperationException("Invariant violated: Nethereum returned a high-s signature or a v outside 27-30.");
        }

        return signature;
    }

    /// <summary>Verifies r || s over a 32-byte hash; false on any malformed, out-of-range or high-s signature.</summary>
    public static bool VerifyHash(PublicKey key, ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature)
    {
        if (key.KeyType != KeyType.Secp256k1 || hash.Length != HashSize || !TryRead(signature, recoveryId: 0, out EthECDSASignature? parsed))
        {
            return false;
        }

        return new EthECKey(key.Bytes.ToArray(), isPrivate: false).VerifyAllowingOnlyLowS(hash.ToArray(), parsed);
    }

    /// <summary>Recovers the key that made <paramref name="signature"/> (r || s) over a 32-byte hash with recovery id 0-3.</summary>
    public static Result<PublicKey> Recover(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, int recoveryId)
    {
        if (!TryRead(signature, recoveryId, out EthECDSASignature? parsed))
        {
            return Invalid("the signature is not 64 bytes with 1 <= r < n and 1 <= s <= n/2");
        }

        // SEC 1 §4.1.6 step 1.1: for ids 2 and 3, R's x-coordinate is r + n, which must still be a field element.
        if (recoveryId >= 2 && EcCurve.ReadUnsigned(signature[..32]) + EcCurve.Secp256k1.N >= EcCurve.Secp256k1.P)
        {
            return Invalid("r + n is not a field element");
        }

        EthECKey? recovered;
        try
        {
            recovered = EthECKey.RecoverFromSignature(parsed, recoveryId, hash.ToArray());
        }
        catch (ArgumentException)
        {
            // Nethereum throws when no curve point has R's x-coordinate or the recovered point is at infinity.
            return Invalid("no curve point has this x-coordinate, or the recovered point is at infinity");
        }

        return recovered is null
            ? Invalid("no key corresponds to this recovery id")
            : PublicKey.Create(KeyType.Secp256k1, recovered.GetPubKey(true) /* compressed */);
    }

    private static bool TryRead(ReadOnlySpan<byte> signature, int recoveryId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EthECDSASignature? parsed)
    {
        parsed = null;
        if (signature.Length != SignatureSize)
        {
            return false;
        }

        BigInteger r = EcCurve.ReadUnsigned(signature[..32]);
        BigInteger s = EcCurve.ReadUnsigned(signature[32..]);
        if (r.IsZero || r >= EcCurve.Secp256k1.N || s.IsZero || s > EcCurve.Secp256k1.HalfN)
        {
            return false;
        }

        parsed = new EthECDSASignature(
            new BcBigInteger(1, signature[..32].ToArray()), new BcBigInteger(1, signature[32..].ToArray()), [(byte)(recoveryId + VOffset)]);
        return true;
    }

    private static void WriteScalar(byte[] bigEndian, Span<byte> destination)
    {
        // Nethereum's R and S are unsigned big-endian without leading zeros (at most 32 bytes for values below n).
        ReadOnlySpan<byte> trimmed = bigEndian.AsSpan().TrimStart((byte)0);
        destination[..^trimmed.Length].Clear();
        trimmed.CopyTo(destination[^trimmed.Length..]);
    }

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidSignature, $"Cannot recover a secp256k1 key: {detail}.");
}
