// References:
//   SEC 1: Elliptic Curve Cryptography, v2.0 (2009), §2.3.3-2.3.4 point encoding and decoding, https://www.secg.org/sec1-v2.pdf
//   SEC 2: Recommended Elliptic Curve Domain Parameters, v2.0 (2010), https://www.secg.org/sec2-v2.pdf
//   FIPS 186-5, Digital Signature Standard (2023), §6.1.1 (P-256, P-384), https://doi.org/10.6028/NIST.FIPS.186-5
using System.Numerics;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;

namespace Identity.Cryptography;

/// <summary>
/// A short-Weierstrass prime curve (y² = x³ + ax + b mod p) with the SEC1 point encoding rules this library needs:
/// compress, decompress, and check that a point lies on the curve — without exceptions on bad input.
/// </summary>
/// <remarks>
/// All three curves have p ≡ 3 (mod 4), so a square root is a single exponentiation by (p + 1) / 4, and all have
/// cofactor 1, so every affine point on the curve is in the prime-order subgroup. Public keys are not secret, so the
/// variable-time <see cref="BigInteger"/> arithmetic here is acceptable; no private scalar ever reaches it.
/// Domain parameters come from BouncyCastle's (BouncyCastle.Cryptography) curve table rather than being transcribed here.
/// </remarks>
internal sealed class EcCurve
{
    public static readonly EcCurve P256 = new(KeyType.P256, "secp256r1", 32);
    public static readonly EcCurve P384 = new(KeyType.P384, "secp384r1", 48);
    public static readonly EcCurve Secp256k1 = new(KeyType.Secp256k1, "secp256k1", 32);

    private readonly BigInteger _a;
    private readonly BigInteger _b;
    private readonly BigInteger _sqrtExponent;

    private EcCurve(KeyType keyType, string secName, int fieldSize)
    {
        X9ECParameters x9 = CustomNamedCurves.GetByName(secName);
        KeyType = keyType;
        FieldSize = fieldSize;
        P = ToNumerics(x9.Curve.Field.Characteristic);
        _a = ToNumerics(x9.Curve.A.ToBigInteger());
        _b = ToNumerics(x9.Curve.B.ToBigInteger());
        N = ToNumerics(x9.N);
        HalfN = N >> 1;
        _sqrtExponent = (P + 1) >> 2;
    }

    public KeyType KeyType { get; }

    /// <summary>The byte length of a field element and of a scalar (both curves' n and p have the same size).</summary>
    public int FieldSize { get; }

    public int CompressedSize => FieldSize + 1;

    public int UncompressedSize => (2 * FieldSize) + 1;

    /// <summary>The group order n.</summary>
    public BigInteger N { get; }

    /// <summary>floor(n / 2): the largest "low" s of a canonical (BIP 62 / EIP-2) ECDSA signature.</summary>
    public BigInteger HalfN { get; }

    /// <summary>The field prime p.</summary>
    public BigInteger P { get; }

    public static EcCurve? For(KeyType keyType) => keyType switch
    {
        KeyType.P256 => P256,
        KeyType.P384 => P384,
        KeyType.Secp256k1 => Secp256k1,
        _ => null,
    };

    public static BigInteger ReadUnsigned(ReadOnlySpan<byte> bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    /// <summary>Writes <paramref name="value"/> big-endian, left-padded with zeros to exactly <paramref name="destination"/>'s length.</summary>
    public static void WriteUnsigned(BigInteger value, Span<byte> destination)
    {
        destination.Clear();
        int size = value.GetByteCount(isUnsigned: true);
        bool written = value.TryWriteBytes(destination[(destination.Length - size)..], out _, isUnsigned: true, isBigEndian: true);
        System.Diagnostics.Debug.Assert(written, "value wider than destination");
    }

    /// <summary>True when <paramref name="scalar"/> (big-endian, <see cref="FieldSize"/> bytes) is in [1, n - 1].</summary>
    public bool IsValidScalar(ReadOnlySpan<byte> scalar)
    {
        if (scalar.Length != FieldSize)
        {
            return false;
        }

        BigInteger value = ReadUnsigned(scalar);
        return !value.IsZero && value < N;
    }

    /// <summary>
    /// Validates a SEC1 point (compressed 0x02/0x03 or uncompressed 0x04) and writes its compressed form.
    /// </summary>
    /// <returns>Null on success, otherwise the stable error code (<c>invalidPublicKeyLength</c> or <c>invalidPublicKey</c>).</returns>
    public string? TryCompress(ReadOnlySpan<byte> sec1, Span<byte> compressed)
    {
        if (sec1.Length != CompressedSize && sec1.Length != UncompressedSize)
        {
            return Identity.Primitives.ErrorCodes.InvalidPublicKeyLength;
        }

        byte tag = sec1[0];
        BigInteger x = ReadUnsigned(sec1.Slice(1, FieldSize));
        if (x >= P)
        {
            return Identity.Primitives.ErrorCodes.InvalidPublicKey;
        }

        BigInteger y;
        if (sec1.Length == CompressedSize)
        {
            if ((tag != 0x02 && tag != 0x03) || !TrySolveY(x, tag == 0x03, out y))
            {
                return Identity.Primitives.ErrorCodes.InvalidPublicKey;
            }
        }
        else
        {
            y = ReadUnsigned(sec1.Slice(1 + FieldSize, FieldSize));
            if (tag != 0x04 || y >= P || BigInteger.ModPow(y, 2, P) != RightHandSide(x))
            {
                return Identity.Primitives.ErrorCodes.InvalidPublicKey;
            }
        }

        compressed[0] = y.IsEven ? (byte)0x02 : (byte)0x03;
        sec1.Slice(1, FieldSize).CopyTo(compressed[1..]);
        return null;
    }

    /// <summary>Writes 0x04 || X || Y for a point already validated by <see cref="TryCompress"/>.</summary>
    public void Decompress(ReadOnlySpan<byte> compressed, Span<byte> uncompressed)
    {
        BigInteger x = ReadUnsigned(compressed[1..]);
        bool solved = TrySolveY(x, compressed[0] == 0x03, out BigInteger y);
        System.Diagnostics.Debug.Assert(solved, "Invariant: only validated points are decompressed.");
        uncompressed[0] = 0x04;
        compressed[1..].CopyTo(uncompressed[1..]);
        WriteUnsigned(y, uncompressed.Slice(1 + FieldSize, FieldSize));
    }

    private bool TrySolveY(BigInteger x, bool odd, out BigInteger y)
    {
        BigInteger rhs = RightHandSide(x);
        y = BigInteger.ModPow(rhs, _sqrtExponent, P);
        if (BigInteger.ModPow(y, 2, P) != rhs)
        {
            return false; // rhs is not a quadratic residue: no point has this x.
        }

        if (y.IsEven == odd)
        {
            if (y.IsZero)
            {
                return false; // y = 0 has no odd twin.
            }

            y = P - y;
        }

        return true;
    }

    private BigInteger RightHandSide(BigInteger x) => (BigInteger.ModPow(x, 3, P) + (_a * x) + _b) % P;

    private static BigInteger ToNumerics(Org.BouncyCastle.Math.BigInteger value) => ReadUnsigned(value.ToByteArrayUnsigned());
}
