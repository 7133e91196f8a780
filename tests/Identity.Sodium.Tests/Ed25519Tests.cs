// References: RFC 8032 §5.1.7 (verification), https://www.rfc-editor.org/rfc/rfc8032#section-5.1.7 ;
// "Taming the many EdDSAs" (Chalkias et al., 2020) for the crafted edge cases, https://eprint.iacr.org/2020/1244
using System.Numerics;

namespace Identity.Sodium.Tests;

[TestClass]
public sealed class Ed25519Tests
{
    // RFC 8032 §7.1 TEST 1 (empty message).
    private const string PublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private const string Signature =
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    private const string Identity = "0100000000000000000000000000000000000000000000000000000000000000";
    private const string OrderFour = "0000000000000000000000000000000000000000000000000000000000000000";

    // L = 2^252 + 27742317777372353535851937790883648493, the order of the base point (RFC 8032 §5.1).
    private static readonly BigInteger s_groupOrder = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493");

    [TestMethod]
    [DataRow(0, 64)]
    [DataRow(31, 64)]
    [DataRow(33, 64)]
    [DataRow(32, 0)]
    [DataRow(32, 63)]
    [DataRow(32, 65)]
    public void Verify_WrongLengths_ReturnsFalseWithoutThrowing(int publicKeyLength, int signatureLength)
    {
        bool valid = Ed25519.Verify(new byte[publicKeyLength], [], new byte[signatureLength]);

        Assert.IsFalse(valid);
    }

    [TestMethod]
    public void Verify_SignatureWithSPlusL_ReturnsFalse()
    {
        // S + L satisfies the verification equation [S]B = R + [k]A just as S does, so only the S < L check
        // (RFC 8032 §5.1.7 step 1) rejects it; libsodium 1.0.18 performs that check.
        byte[] signature = Convert.FromHexString(Signature);
        BigInteger s = new(signature.AsSpan(32), isUnsigned: true, isBigEndian: false);
        BigInteger malleated = s + s_groupOrder;
        Assert.IsTrue(malleated.TryWriteBytes(signature.AsSpan(32), out int written, isUnsigned: true, isBigEndian: false));
        signature.AsSpan(32 + written).Clear();

        bool valid = Ed25519.Verify(Convert.FromHexString(PublicKey), [], signature);

        Assert.IsFalse(valid);
    }

    [TestMethod]
    [DataRow(Identity, DisplayName = "identity (order 1)")]
    [DataRow(OrderFour, DisplayName = "y = 0 (order 4)")]
    public void Verify_SmallOrderPublicKeyWithTrivialSignature_ReturnsFalse(string publicKey)
    {
        // With A and R of small order and S = 0 the cofactorless equation holds for every message,
        // so a verifier without a small-order check would accept this "signature" for anything.
        byte[] signature = Convert.FromHexString(Identity + new string('0', 64));

        bool valid = Ed25519.Verify(Convert.FromHexString(publicKey), "any message"u8, signature);

        Assert.IsFalse(valid);
    }

    [TestMethod]
    public void Verify_SmallOrderPublicKeyWithHonestSignature_ReturnsFalse()
    {
        bool valid = Ed25519.Verify(Convert.FromHexString(Identity), [], Convert.FromHexString(Signature));

        Assert.IsFalse(valid);
    }

    [TestMethod]
    [DataRow(PublicKey, true, DisplayName = "RFC 8032 TEST 1 key")]
    [DataRow(Identity, false, DisplayName = "identity")]
    [DataRow(OrderFour, false, DisplayName = "order 4")]
    [DataRow("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", false, DisplayName = "order 8")]
    [DataRow("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", false, DisplayName = "y = p (non-canonical)")]
    [DataRow("0200000000000000000000000000000000000000000000000000000000000000", false, DisplayName = "y = 2 (not on curve)")]
    public void IsValidPublicKey_Point_ReturnsExpected(string publicKey, bool expected)
    {
        Assert.AreEqual(expected, Ed25519.IsValidPublicKey(Convert.FromHexString(publicKey)));
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(31)]
    [DataRow(64)]
    public void IsValidPublicKey_WrongLength_ReturnsFalse(int length)
    {
        Assert.IsFalse(Ed25519.IsValidPublicKey(new byte[length]));
    }

    [TestMethod]
    [DataRow(Identity)]
    [DataRow(OrderFour)]
    public void TryConvertPublicKeyToX25519_SmallOrderKey_ReturnsFalseAndClears(string publicKey)
    {
        byte[] x25519 = [.. Enumerable.Repeat((byte)0xAA, X25519.PublicKeySize)];

        bool converted = Ed25519.TryConvertPublicKeyToX25519(Convert.FromHexString(publicKey), x25519);

        Assert.IsFalse(converted);
        Assert.IsTrue(x25519.All(b => b == 0));
    }

    [TestMethod]
    [DataRow(31, 32)]
    [DataRow(32, 31)]
    [DataRow(32, 33)]
    public void TryConvertPublicKeyToX25519_WrongLengths_ReturnsFalse(int ed25519Length, int x25519Length)
    {
        byte[] ed25519 = new byte[ed25519Length];
        Convert.FromHexString(PublicKey).AsSpan(0, Math.Min(32, ed25519Length)).CopyTo(ed25519);

        Assert.IsFalse(Ed25519.TryConvertPublicKeyToX25519(ed25519, new byte[x25519Length]));
    }

    [TestMethod]
    public void Verify_HotPath_DoesNotAllocate()
    {
        byte[] publicKey = Convert.FromHexString(PublicKey);
        byte[] signature = Convert.FromHexString(Signature);
        Assert.IsTrue(Ed25519.Verify(publicKey, [], signature));

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            Ed25519.Verify(publicKey, [], signature);
        }

        Assert.AreEqual(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
