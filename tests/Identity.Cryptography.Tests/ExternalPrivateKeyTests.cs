namespace Identity.Cryptography.Tests;

/// <summary>
/// <see cref="ExternalPrivateKey"/>: the algorithms hand the device the message (Ed25519) or its digest (ECDSA), and
/// no signature the device answers leaves <see cref="ISignatureAlgorithm.Sign"/> unless it verifies.
/// </summary>
[TestClass]
public sealed class ExternalPrivateKeyTests
{
    private static readonly byte[] s_message = Encoding.UTF8.GetBytes("status list v1");

    /// <summary>A stand-in device signing with the raw mechanism, recording what it was asked to sign.</summary>
    private sealed class Device(Func<byte[], byte[]> mechanism, Func<byte[], byte[]>? tamper = null) : IExternalSigner
    {
        public Device(PrivateKey ed25519)
            : this(input => SignatureAlgorithms.Ed25519.Sign(ed25519, input))
        {
        }

        public List<byte[]> Inputs { get; } = [];

        public byte[] Sign(ReadOnlySpan<byte> input)
        {
            Inputs.Add(input.ToArray());
            var signature = mechanism(input.ToArray());
            return tamper is null ? signature : tamper(signature);
        }
    }

    // CKM_ECDSA's behaviour: sign the given hash, answer r || s.
    private static (PublicKey PublicKey, Func<byte[], byte[]> Mechanism) P256Device(ECDsa ecdsa)
    {
        var q = ecdsa.ExportParameters(false).Q;
        var publicKey = PublicKey.Create(KeyType.P256, [0x04, .. q.X!, .. q.Y!]).Value;
        return (publicKey, hash => ecdsa.SignHash(hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [TestMethod]
    public void Sign_Ed25519_PassesTheMessageAndReturnsAVerifyingSignature()
    {
        using var inside = SignatureAlgorithms.Ed25519.GenerateKey();
        var device = new Device(inside);
        using var key = new ExternalPrivateKey(inside.PublicKey, device);

        var signature = SignatureAlgorithms.Ed25519.Sign(key, s_message);

        CollectionAssert.AreEqual(s_message, device.Inputs.Single());
        Assert.IsTrue(SignatureAlgorithms.Ed25519.Verify(key.PublicKey, s_message, signature));
    }

    [TestMethod]
    public void Sign_P256_PassesTheSha256Digest_AndReturnsFixedWidthRs()
    {
        var p256 = SignatureAlgorithms.ForKeyType(KeyType.P256).Value;
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (publicKey, mechanism) = P256Device(ecdsa);
        var device = new Device(mechanism);
        using var key = new ExternalPrivateKey(publicKey, device);

        var signature = p256.Sign(key, s_message);

        CollectionAssert.AreEqual(SHA256.HashData(s_message), device.Inputs.Single());
        Assert.HasCount(64, signature);
        Assert.IsTrue(p256.Verify(key.PublicKey, s_message, signature));
    }

    [TestMethod]
    public void Sign_DeviceAnswersWithAnotherKey_FailsClosed()
    {
        using var published = SignatureAlgorithms.Ed25519.GenerateKey();
        using var other = SignatureAlgorithms.Ed25519.GenerateKey();
        using var key = new ExternalPrivateKey(published.PublicKey, new Device(other));

        Assert.ThrowsExactly<CryptographicException>(() => SignatureAlgorithms.Ed25519.Sign(key, s_message));
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void Sign_DeviceAnswersAFaultySignature_FailsClosed(bool truncate)
    {
        var p256 = SignatureAlgorithms.ForKeyType(KeyType.P256).Value;
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (publicKey, mechanism) = P256Device(ecdsa);
        using var key = new ExternalPrivateKey(publicKey, new Device(mechanism, s => truncate ? s[..63] : [.. s[..^1], (byte)(s[^1] ^ 1)]));

        Assert.ThrowsExactly<CryptographicException>(() => p256.Sign(key, s_message));
    }

    [TestMethod]
    public void ExportSecret_Always_Throws()
    {
        using var inside = SignatureAlgorithms.Ed25519.GenerateKey();
        using var key = new ExternalPrivateKey(inside.PublicKey, new Device(inside));

        Assert.IsFalse(key.IsExportable);
        Assert.ThrowsExactly<InvalidOperationException>(() => key.ExportSecret([]));
        Assert.ThrowsExactly<InvalidOperationException>(() => Multikey.EncodePrivateKey(key));
    }

    [TestMethod]
    public void Sign_WithAnotherAlgorithm_IsAProgrammingError()
    {
        using var inside = SignatureAlgorithms.Ed25519.GenerateKey();
        using var key = new ExternalPrivateKey(inside.PublicKey, new Device(inside));

        Assert.ThrowsExactly<ArgumentException>(() => SignatureAlgorithms.ForKeyType(KeyType.P256).Value.Sign(key, s_message));
    }
}
