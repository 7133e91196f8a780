// References:
//   SEC 1: Elliptic Curve Cryptography, v2.0 (2009), §4.1.3-4.1.4, https://www.secg.org/sec1-v2.pdf
//   RFC 6979, Deterministic Usage of DSA and ECDSA, August 2013, §3.2, https://www.rfc-editor.org/rfc/rfc6979
//   BIP 62 / EIP-2, low-s canonical signatures, https://eips.ethereum.org/EIPS/eip-2
using Identity.Primitives;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math.EC;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Identity.Cryptography;

/// <summary>
/// secp256k1 ECDSA over a 32-byte hash with BouncyCastle: RFC 6979 deterministic nonces (HMAC-SHA-256), signatures
/// always normalised to low s, and verification that rejects high s and r or s outside [1, n - 1].
/// </summary>
internal static class Secp256k1Ecdsa
{
    public const int HashSize = 32;
    public const int SignatureSize = 64;

    private static readonly BcBigInteger s_n = EcCurve.Secp256k1.Domain.N;
    private static readonly BcBigInteger s_halfN = s_n.ShiftRight(1);

    /// <summary>Signs a 32-byte hash and returns r || s with s ≤ n / 2.</summary>
    public static byte[] SignHash(ECPrivateKeyParameters key, ReadOnlySpan<byte> hash)
    {
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(forSigning: true, key);
        BcBigInteger[] rs = signer.GenerateSignature(hash.ToArray());
        BcBigInteger s = rs[1].CompareTo(s_halfN) > 0 ? s_n.Subtract(rs[1]) : rs[1];
        byte[] signature = new byte[SignatureSize];
        WriteScalar(rs[0], signature.AsSpan(0, 32));
        WriteScalar(s, signature.AsSpan(32, 32));
        return signature;
    }

    /// <summary>Verifies r || s over a 32-byte hash; false on any malformed, out-of-range or high-s signature.</summary>
    public static bool VerifyHash(PublicKey key, ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature)
    {
        if (key.KeyType != KeyType.Secp256k1 || hash.Length != HashSize
            || !TryReadSignature(signature, out BcBigInteger? r, out BcBigInteger? s))
        {
            return false;
        }

        var signer = new ECDsaSigner();
        signer.Init(forSigning: false, new ECPublicKeyParameters(DecodePoint(key), EcCurve.Secp256k1.Domain));
        return signer.VerifySignature(hash.ToArray(), r, s);
    }

    /// <summary>Reads r and s, accepting only 1 ≤ r &lt; n and 1 ≤ s ≤ n / 2.</summary>
    public static bool TryReadSignature(
        ReadOnlySpan<byte> signature,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BcBigInteger? r,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BcBigInteger? s)
    {
        r = s = null;
        if (signature.Length != SignatureSize)
        {
            return false;
        }

        var rValue = new BcBigInteger(1, signature[..32].ToArray());
        var sValue = new BcBigInteger(1, signature[32..].ToArray());
        if (rValue.SignValue <= 0 || rValue.CompareTo(s_n) >= 0 || sValue.SignValue <= 0 || sValue.CompareTo(s_halfN) > 0)
        {
            return false;
        }

        (r, s) = (rValue, sValue);
        return true;
    }

    /// <summary>Turns a validated public key into a BouncyCastle point (cannot fail: the key was checked on creation).</summary>
    public static ECPoint DecodePoint(PublicKey key) => EcCurve.Secp256k1.Domain.Curve.DecodePoint(key.Bytes.ToArray());

    public static void WriteScalar(BcBigInteger value, Span<byte> destination)
    {
        byte[] bytes = value.ToByteArrayUnsigned();
        destination[..^bytes.Length].Clear();
        bytes.CopyTo(destination[^bytes.Length..]);
    }

    /// <summary>Creates a public key from a BouncyCastle point known to be on the curve and not at infinity.</summary>
    public static Result<PublicKey> ToPublicKey(ECPoint point) =>
        PublicKey.Create(KeyType.Secp256k1, point.Normalize().GetEncoded(compressed: true));
}
