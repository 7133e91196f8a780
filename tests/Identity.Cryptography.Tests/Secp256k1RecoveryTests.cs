namespace Identity.Cryptography.Tests;

/// <summary>SEC 1 v2.0 §4.1.6 public-key recovery, round-tripped against our own recoverable signatures.</summary>
[TestClass]
public sealed class Secp256k1RecoveryTests
{
    public static IEnumerable<object[]> Messages => Enumerable.Range(0, 16).Select(i => new object[] { $"message {i}" });

    [TestMethod]
    [DynamicData(nameof(Messages))]
    public void Recover_OwnRecoverableSignature_ReturnsSigner(string message)
    {
        using PrivateKey key = SignatureAlgorithms.Secp256k1.GenerateKey();
        byte[] hash = Keccak256.Hash(Encoding.UTF8.GetBytes(message));

        byte[] signature = Secp256k1Recovery.SignRecoverable(key, hash, out int recoveryId);
        Result<PublicKey> recovered = Secp256k1Recovery.Recover(hash, signature, recoveryId);

        Assert.IsTrue(recoveryId is >= 0 and <= 3, $"recovery id {recoveryId}");
        Assert.AreEqual(key.PublicKey, recovered.Value);
    }

    [TestMethod]
    [DynamicData(nameof(Messages))]
    public void Recover_OtherRecoveryIds_NeverReturnSigner(string message)
    {
        using PrivateKey key = SignatureAlgorithms.Secp256k1.GenerateKey();
        byte[] hash = Keccak256.Hash(Encoding.UTF8.GetBytes(message));
        byte[] signature = Secp256k1Recovery.SignRecoverable(key, hash, out int recoveryId);

        foreach (int other in Enumerable.Range(0, 4).Where(id => id != recoveryId))
        {
            Result<PublicKey> recovered = Secp256k1Recovery.Recover(hash, signature, other);

            Assert.IsTrue(!recovered.IsSuccess || recovered.Value != key.PublicKey, $"id {other} recovered the signer");
            Assert.IsTrue(recovered.IsSuccess || recovered.Error.Code == ErrorCodes.InvalidSignature);
        }
    }

    [TestMethod]
    public void Recover_FlippedParityId_ReturnsDifferentValidKey()
    {
        using PrivateKey key = SignatureAlgorithms.Secp256k1.GenerateKey();
        byte[] hash = SHA256.HashData("parity"u8);
        byte[] signature = Secp256k1Recovery.SignRecoverable(key, hash, out int recoveryId);

        // R and -R share x, so the other parity always yields a valid, different key.
        PublicKey other = Secp256k1Recovery.Recover(hash, signature, recoveryId ^ 1).Value;

        Assert.AreNotEqual(key.PublicKey, other);
        Assert.IsTrue(SignatureAlgorithms.Secp256k1.Verify(key.PublicKey, "parity"u8, signature));
    }

    [TestMethod]
    [DataRow(-1)]
    [DataRow(4)]
    [DataRow(27)]
    public void Recover_RecoveryIdOutOfRange_ReturnsInvalidSignature(int recoveryId)
    {
        using PrivateKey key = SignatureAlgorithms.Secp256k1.GenerateKey();
        byte[] hash = new byte[32];
        byte[] signature = Secp256k1Recovery.SignRecoverable(key, hash, out _);

        Assert.AreEqual(ErrorCodes.InvalidSignature, Secp256k1Recovery.Recover(hash, signature, recoveryId).Error?.Code);
    }

    [TestMethod]
    public void Recover_MalformedSignatures_ReturnInvalidSignature()
    {
        using PrivateKey key = SignatureAlgorithms.Secp256k1.GenerateKey();
        byte[] hash = SHA256.HashData("x"u8);
        byte[] signature = Secp256k1Recovery.SignRecoverable(key, hash, out int id);
        byte[] highS = Hex.Decode(Hex.Encode(signature.AsSpan(0, 32)) + Secp256k1Tests.HighS(Hex.Encode(signature.AsSpan(32))));

        Assert.AreEqual(ErrorCodes.InvalidSignature, Secp256k1Recovery.Recover(hash, signature.AsSpan(0, 63), id).Error?.Code, "short");
        Assert.AreEqual(ErrorCodes.InvalidSignature, Secp256k1Recovery.Recover(hash, new byte[64], id).Error?.Code, "zero");
        Assert.AreEqual(ErrorCodes.InvalidSignature, Secp256k1Recovery.Recover(hash, highS, id).Error?.Code, "high s");
        Assert.AreEqual(ErrorCodes.InvalidSignature, Secp256k1Recovery.Recover(hash, Hex.Decode(Secp256k1Tests.N + Hex.Encode(signature.AsSpan(32))), id).Error?.Code, "r = n");
    }

    [TestMethod]
    public void SignRecoverable_WrongKeyTypeOrHashLength_Throws()
    {
        using PrivateKey ed25519 = SignatureAlgorithms.Ed25519.GenerateKey();
        using PrivateKey secp256k1 = SignatureAlgorithms.Secp256k1.GenerateKey();

        Assert.ThrowsExactly<ArgumentException>(() => Secp256k1Recovery.SignRecoverable(ed25519, new byte[32], out _));
        Assert.ThrowsExactly<ArgumentException>(() => Secp256k1Recovery.SignRecoverable(secp256k1, new byte[31], out _));
        Assert.ThrowsExactly<ArgumentException>(() => Secp256k1Recovery.Recover(new byte[33], new byte[64], 0));
    }

    [TestMethod]
    public void SignRecoverable_DisposedKey_ThrowsObjectDisposed()
    {
        PrivateKey key = SignatureAlgorithms.Secp256k1.GenerateKey();
        key.Dispose();

        Assert.ThrowsExactly<ObjectDisposedException>(() => Secp256k1Recovery.SignRecoverable(key, new byte[32], out _));
    }
}
