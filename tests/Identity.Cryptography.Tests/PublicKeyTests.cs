using System.Numerics;

namespace Identity.Cryptography.Tests;

/// <summary>
/// Public-key import and validation. Curve constants are transcribed from SEC 2 v2.0 §2.4.1 (secp256k1) and
/// FIPS 186-5 / SP 800-186 §3.2.1.3-4 (P-256, P-384), independently of the production code's table.
/// </summary>
[TestClass]
public sealed class PublicKeyTests
{
    public static IEnumerable<object[]> Curves =>
    [
        [KeyType.P256, "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", -3,
            "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b"],
        [KeyType.P384, "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff", -3,
            "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef"],
        [KeyType.Secp256k1, "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f", 0,
            "0000000000000000000000000000000000000000000000000000000000000007"],
    ];

    [TestMethod]
    [DataRow(KeyType.Ed25519, 31)]
    [DataRow(KeyType.Ed25519, 33)]
    [DataRow(KeyType.X25519, 0)]
    [DataRow(KeyType.P256, 32)]
    [DataRow(KeyType.P256, 64)]
    [DataRow(KeyType.P384, 33)]
    [DataRow(KeyType.P384, 65)]
    [DataRow(KeyType.Secp256k1, 1)]
    [DataRow(KeyType.Secp256k1, 49)]
    public void Create_WrongLength_ReturnsInvalidPublicKeyLength(KeyType type, int length)
    {
        Assert.AreEqual(ErrorCodes.InvalidPublicKeyLength, PublicKey.Create(type, new byte[length]).Error?.Code);
    }

    [TestMethod]
    [DynamicData(nameof(Curves))]
    public void Create_CompressedXWithoutPoint_ReturnsInvalidPublicKey(KeyType type, string p, int a, string b)
    {
        BigInteger x = FindX(p, a, b, residue: false);

        Result<PublicKey> key = PublicKey.Create(type, Compressed(0x02, x, p.Length / 2));

        Assert.AreEqual(ErrorCodes.InvalidPublicKey, key.Error?.Code);
    }

    [TestMethod]
    [DynamicData(nameof(Curves))]
    public void Create_CompressedXWithPoint_DecompressesOntoCurve(KeyType type, string p, int a, string b)
    {
        BigInteger x = FindX(p, a, b, residue: true);
        BigInteger prime = Number(p);

        foreach (byte tag in new byte[] { 0x02, 0x03 })
        {
            PublicKey key = PublicKey.Create(type, Compressed(tag, x, p.Length / 2)).Value;
            BigInteger y = Number(Hex.Encode(key.GetAffineCoordinates().Y));

            Assert.AreEqual(Rhs(x, prime, a, b), BigInteger.ModPow(y, 2, prime));
            Assert.AreEqual(tag == 0x03, !y.IsEven);
        }
    }

    [TestMethod]
    [DynamicData(nameof(Curves))]
    public void Create_UncompressedWithYTweaked_ReturnsInvalidPublicKey(KeyType type, string p, int a, string b)
    {
        byte[] uncompressed = Registry.NewPublicKey(type).ToUncompressed();
        uncompressed[^1] ^= 0x01;

        Assert.AreEqual(ErrorCodes.InvalidPublicKey, PublicKey.Create(type, uncompressed).Error?.Code);
    }

    [TestMethod]
    [DynamicData(nameof(Curves))]
    public void Create_XNotBelowFieldPrime_ReturnsInvalidPublicKey(KeyType type, string p, int a, string b)
    {
        Assert.AreEqual(ErrorCodes.InvalidPublicKey, PublicKey.Create(type, Hex.Decode("02" + p)).Error?.Code);
    }

    [TestMethod]
    [DynamicData(nameof(Curves))]
    public void Create_WrongSec1Tag_ReturnsInvalidPublicKey(KeyType type, string p, int a, string b)
    {
        byte[] compressed = Registry.NewPublicKey(type).Bytes.ToArray();
        byte[] uncompressed = PublicKey.Create(type, compressed).Value.ToUncompressed();
        compressed[0] = 0x04;
        uncompressed[0] = 0x02;

        Assert.AreEqual(ErrorCodes.InvalidPublicKey, PublicKey.Create(type, compressed).Error?.Code);
        Assert.AreEqual(ErrorCodes.InvalidPublicKey, PublicKey.Create(type, uncompressed).Error?.Code);
    }

    [TestMethod]
    [DynamicData(nameof(Curves))]
    public void Create_UncompressedAndCompressed_AreEqualAndCanonicallyCompressed(KeyType type, string p, int a, string b)
    {
        PublicKey original = Registry.NewPublicKey(type);
        byte[] uncompressed = original.ToUncompressed();

        PublicKey imported = PublicKey.Create(type, uncompressed).Value;

        Assert.AreEqual(original, imported);
        Assert.AreEqual(original.GetHashCode(), imported.GetHashCode());
        Assert.AreEqual(p.Length / 2 + 1, imported.Bytes.Length);
        Assert.AreEqual(Hex.Encode(uncompressed), Hex.Encode(imported.ToUncompressed()));
    }

    [TestMethod]
    [DataRow("0100000000000000000000000000000000000000000000000000000000000000", "identity (order 1)")]
    [DataRow("0000000000000000000000000000000000000000000000000000000000000000", "order 4")]
    [DataRow("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "y = p - 1 (order 2)")]
    public void Create_Ed25519SmallOrderPoint_ReturnsInvalidPublicKey(string hex, string because)
    {
        Assert.AreEqual(ErrorCodes.InvalidPublicKey, PublicKey.Create(KeyType.Ed25519, Hex.Decode(hex)).Error?.Code, because);
    }

    [TestMethod]
    [DataRow(KeyType.Ed25519)]
    [DataRow(KeyType.X25519)]
    public void GetAffineCoordinates_NotEcKey_ThrowsInvalidOperation(KeyType type)
    {
        PublicKey key = Registry.NewPublicKey(type);

        Assert.IsFalse(key.IsEcKey);
        Assert.ThrowsExactly<InvalidOperationException>(() => key.GetAffineCoordinates());
        Assert.ThrowsExactly<InvalidOperationException>(() => key.ToUncompressed());
    }

    [TestMethod]
    public void Equals_SameBytesDifferentType_ReturnsFalse()
    {
        byte[] bytes = Registry.NewPublicKey(KeyType.Ed25519).Bytes.ToArray();

        PublicKey ed = PublicKey.Create(KeyType.Ed25519, bytes).Value;
        PublicKey x = PublicKey.Create(KeyType.X25519, bytes).Value;

        Assert.AreNotEqual(ed, x);
        Assert.IsTrue(ed == PublicKey.Create(KeyType.Ed25519, bytes).Value);
        Assert.IsTrue(ed != x);
    }

    [TestMethod]
    public void Create_InputMutatedAfterwards_KeyUnchanged()
    {
        byte[] bytes = Registry.NewPublicKey(KeyType.X25519).Bytes.ToArray();
        PublicKey key = PublicKey.Create(KeyType.X25519, bytes).Value;
        string before = Hex.Encode(key.Bytes);

        bytes[0] ^= 0xff;

        Assert.AreEqual(before, Hex.Encode(key.Bytes));
    }

    private static BigInteger Number(string hex) => new(Hex.Decode(hex), isUnsigned: true, isBigEndian: true);

    private static BigInteger Rhs(BigInteger x, BigInteger p, int a, string b) =>
        ((BigInteger.ModPow(x, 3, p) + (a * x) + Number(b)) % p + p) % p;

    /// <summary>The smallest x ≥ 1 whose right-hand side is (or is not) a square, by Euler's criterion.</summary>
    private static BigInteger FindX(string p, int a, string b, bool residue)
    {
        BigInteger prime = Number(p);
        for (BigInteger x = 1; ; x++)
        {
            BigInteger rhs = Rhs(x, prime, a, b);
            if (!rhs.IsZero && BigInteger.ModPow(rhs, (prime - 1) / 2, prime).IsOne == residue)
            {
                return x;
            }
        }
    }

    private static byte[] Compressed(byte tag, BigInteger x, int size)
    {
        byte[] result = new byte[size + 1];
        result[0] = tag;
        byte[] bytes = x.ToByteArray(isUnsigned: true, isBigEndian: true);
        bytes.CopyTo(result, result.Length - bytes.Length);
        return result;
    }
}
