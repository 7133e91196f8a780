using FsCheck;
using FsCheck.Fluent;

namespace Identity.Sodium.Tests;

[TestClass]
public sealed class Ed25519PrivateKeyTests
{
    [TestMethod]
    [DataRow(0)]
    [DataRow(31)]
    [DataRow(33)]
    [DataRow(64)]
    public void FromSeed_WrongLength_ThrowsArgumentException(int length)
    {
        ArgumentException exception = Assert.ThrowsExactly<ArgumentException>(() => Ed25519PrivateKey.FromSeed(new byte[length]));

        Assert.AreEqual("seed", exception.ParamName);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(63)]
    [DataRow(65)]
    public void Sign_WrongSignatureLength_ThrowsArgumentException(int length)
    {
        using Ed25519PrivateKey key = Ed25519PrivateKey.Generate();

        Assert.ThrowsExactly<ArgumentException>(() => key.Sign([1, 2, 3], new byte[length]));
    }

    [TestMethod]
    public void ExportSeed_WrongLength_ThrowsArgumentException()
    {
        using Ed25519PrivateKey key = Ed25519PrivateKey.Generate();

        Assert.ThrowsExactly<ArgumentException>(() => key.ExportSeed(new byte[31]));
    }

    [TestMethod]
    public void Generate_TwoKeys_DifferAndSignVerifiably()
    {
        using Ed25519PrivateKey first = Ed25519PrivateKey.Generate();
        using Ed25519PrivateKey second = Ed25519PrivateKey.Generate();
        byte[] message = "hello"u8.ToArray();

        CollectionAssert.AreNotEqual(first.PublicKey, second.PublicKey);
        Assert.IsTrue(Ed25519.Verify(first.PublicKey, message, first.Sign(message)));
        Assert.IsFalse(Ed25519.Verify(second.PublicKey, message, first.Sign(message)));
        Assert.IsTrue(Ed25519.IsValidPublicKey(first.PublicKey));
    }

    [TestMethod]
    public void ExportSeed_ThenFromSeed_RecreatesSameKey()
    {
        using Ed25519PrivateKey key = Ed25519PrivateKey.Generate();
        byte[] seed = new byte[Ed25519.SeedSize];

        key.ExportSeed(seed);
        using Ed25519PrivateKey copy = Ed25519PrivateKey.FromSeed(seed);

        CollectionAssert.AreEqual(key.PublicKey, copy.PublicKey);
        CollectionAssert.AreEqual(key.Sign("m"u8), copy.Sign("m"u8));
    }

    [TestMethod]
    public void PublicKey_Mutated_DoesNotAffectKey()
    {
        using Ed25519PrivateKey key = Ed25519PrivateKey.Generate();
        byte[] publicKey = key.PublicKey;

        publicKey[0] ^= 0xFF;

        CollectionAssert.AreNotEqual(publicKey, key.PublicKey);
    }

    [TestMethod]
    public void ToX25519_AnyKey_PublicKeyEqualsConvertedEd25519PublicKey()
    {
        for (int i = 0; i < 32; i++)
        {
            using Ed25519PrivateKey key = Ed25519PrivateKey.Generate();
            using X25519PrivateKey x25519 = key.ToX25519();
            byte[] converted = new byte[X25519.PublicKeySize];

            Assert.IsTrue(Ed25519.TryConvertPublicKeyToX25519(key.PublicKey, converted));
            CollectionAssert.AreEqual(converted, x25519.PublicKey);
        }
    }

    [TestMethod]
    public void ToX25519_TwoConvertedKeys_AgreeOnSharedSecret()
    {
        using Ed25519PrivateKey alice = Ed25519PrivateKey.Generate();
        using Ed25519PrivateKey bob = Ed25519PrivateKey.Generate();
        using X25519PrivateKey aliceX = alice.ToX25519();
        using X25519PrivateKey bobX = bob.ToX25519();
        byte[] bobPublic = new byte[X25519.PublicKeySize];
        Assert.IsTrue(Ed25519.TryConvertPublicKeyToX25519(bob.PublicKey, bobPublic));
        byte[] fromAlice = new byte[X25519.SharedSecretSize];
        byte[] fromBob = new byte[X25519.SharedSecretSize];

        Assert.IsTrue(aliceX.TryAgree(bobPublic, fromAlice));
        Assert.IsTrue(bobX.TryAgree(aliceX.PublicKey, fromBob));

        CollectionAssert.AreEqual(fromAlice, fromBob);
    }

    [TestMethod]
    public void Members_AfterDispose_ThrowObjectDisposedException()
    {
        Ed25519PrivateKey key = Ed25519PrivateKey.Generate();

        key.Dispose();
        key.Dispose();

        Assert.ThrowsExactly<ObjectDisposedException>(() => key.Sign([1], new byte[Ed25519.SignatureSize]));
        Assert.ThrowsExactly<ObjectDisposedException>(() => key.Sign([1]));
        Assert.ThrowsExactly<ObjectDisposedException>(() => key.PublicKey);
        Assert.ThrowsExactly<ObjectDisposedException>(() => key.ExportSeed(new byte[Ed25519.SeedSize]));
        Assert.ThrowsExactly<ObjectDisposedException>(() => key.ToX25519());
    }

    [TestMethod]
    public void Sign_IntoSpan_DoesNotAllocate()
    {
        using Ed25519PrivateKey key = Ed25519PrivateKey.Generate();
        byte[] message = new byte[256];
        byte[] signature = new byte[Ed25519.SignatureSize];
        key.Sign(message, signature);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            key.Sign(message, signature);
        }

        Assert.AreEqual(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [TestMethod]
    public void SignThenVerify_RandomSeedsAndMessages_HoldsAndRejectsFlippedBits()
    {
        Arbitrary<byte[]> seeds = ArbMap.Default.ArbFor<byte>().Generator.ArrayOf(Ed25519.SeedSize).ToArbitrary();
        Arbitrary<byte[]> messages = ArbMap.Default.ArbFor<byte[]>();
        Arbitrary<int> bits = Gen.Choose(0, (Ed25519.SignatureSize * 8) - 1).ToArbitrary();

        Prop.ForAll(seeds, messages, bits, (seed, message, bit) =>
        {
            using Ed25519PrivateKey key = Ed25519PrivateKey.FromSeed(seed);
            byte[] publicKey = key.PublicKey;
            byte[] signature = key.Sign(message);
            byte[] tampered = (byte[])signature.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));

            return Ed25519.Verify(publicKey, message, signature)
                && !Ed25519.Verify(publicKey, message, tampered)
                && (message.Length == 0 || !Ed25519.Verify(publicKey, [.. message, 0], signature));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }
}
