namespace Identity.Sodium.Tests;

[TestClass]
public sealed class X25519PrivateKeyTests
{
    [TestMethod]
    [DataRow(0)]
    [DataRow(31)]
    [DataRow(33)]
    public void FromBytes_WrongLength_ThrowsArgumentException(int length)
    {
        ArgumentException exception = Assert.ThrowsExactly<ArgumentException>(() => X25519PrivateKey.FromBytes(new byte[length]));

        Assert.AreEqual("key", exception.ParamName);
    }

    [TestMethod]
    public void Generate_TwoParties_AgreeOnSameSecret()
    {
        using X25519PrivateKey alice = X25519PrivateKey.Generate();
        using X25519PrivateKey bob = X25519PrivateKey.Generate();
        byte[] fromAlice = new byte[X25519.SharedSecretSize];
        byte[] fromBob = new byte[X25519.SharedSecretSize];

        Assert.IsTrue(alice.TryAgree(bob.PublicKey, fromAlice));
        Assert.IsTrue(bob.TryAgree(alice.PublicKey, fromBob));

        CollectionAssert.AreEqual(fromAlice, fromBob);
        CollectionAssert.AreNotEqual(alice.PublicKey, bob.PublicKey);
    }

    [TestMethod]
    [DataRow(31, 32)]
    [DataRow(33, 32)]
    [DataRow(32, 31)]
    [DataRow(32, 33)]
    public void TryAgree_WrongLengths_ReturnsFalse(int peerLength, int secretLength)
    {
        using X25519PrivateKey key = X25519PrivateKey.Generate();
        using X25519PrivateKey peer = X25519PrivateKey.Generate();
        byte[] peerKey = new byte[peerLength];
        peer.PublicKey.AsSpan(0, Math.Min(peerLength, 32)).CopyTo(peerKey);

        Assert.IsFalse(key.TryAgree(peerKey, new byte[secretLength]));
    }

    [TestMethod]
    public void ExportPrivateKey_ThenFromBytes_RecreatesSameKey()
    {
        using X25519PrivateKey key = X25519PrivateKey.Generate();
        byte[] raw = new byte[X25519.PrivateKeySize];

        key.ExportPrivateKey(raw);
        using X25519PrivateKey copy = X25519PrivateKey.FromBytes(raw);

        CollectionAssert.AreEqual(key.PublicKey, copy.PublicKey);
        Assert.ThrowsExactly<ArgumentException>(() => key.ExportPrivateKey(new byte[31]));
    }

    [TestMethod]
    public void Members_AfterDispose_ThrowObjectDisposedException()
    {
        X25519PrivateKey key = X25519PrivateKey.Generate();
        byte[] peer = key.PublicKey;

        key.Dispose();

        Assert.ThrowsExactly<ObjectDisposedException>(() => key.PublicKey);
        Assert.ThrowsExactly<ObjectDisposedException>(() => key.TryAgree(peer, new byte[X25519.SharedSecretSize]));
        Assert.ThrowsExactly<ObjectDisposedException>(() => key.ExportPrivateKey(new byte[X25519.PrivateKeySize]));
    }
}
