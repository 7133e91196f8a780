using System.Security.Cryptography;
using System.Text;
using Identity.Cryptography;
using Identity.Testing;
using Net.Pkcs11Interop.Common;

namespace Identity.Pkcs11.Tests;

/// <summary>Keys made and used in a real SoftHSM v2 token (<see cref="SoftHsm"/>): they sign, and they never leave it.</summary>
[TestClass]
public sealed class Pkcs11TokenTests
{
    private static readonly byte[] s_message = Encoding.UTF8.GetBytes("a credential's signing input");

    private static Pkcs11Token Open() =>
        Pkcs11Token.Open(new Pkcs11TokenOptions { ModulePath = SoftHsm.ModulePath, TokenLabel = SoftHsm.TokenLabel, Pin = SoftHsm.Pin });

    [TestMethod]
    [DataRow(KeyType.Ed25519, 64)]
    [DataRow(KeyType.P256, 64)]
    [DataRow(KeyType.P384, 96)]
    public void GenerateKey_SignsThroughTheAlgorithm_AndThePublicKeyVerifies(KeyType type, int size)
    {
        using var token = Open();
        var id = token.GenerateKey(type, "tests/sign");
        using var key = token.OpenKey(id, type)!;
        var algorithm = SignatureAlgorithms.ForKeyType(type).Value;

        var signature = algorithm.Sign(key, s_message);

        Assert.AreEqual(size, signature.Length);
        Assert.IsTrue(algorithm.Verify(key.PublicKey, s_message, signature));
        Assert.IsFalse(algorithm.Verify(key.PublicKey, Encoding.UTF8.GetBytes("another message"), signature));
        Assert.IsTrue(token.DestroyKey(id));
    }

    [TestMethod]
    public void Ed25519Key_SignsDeterministically_AsRfc8032Says()
    {
        using var token = Open();
        var id = token.GenerateKey(KeyType.Ed25519, "tests/deterministic");
        using var key = token.OpenKey(id, KeyType.Ed25519)!;
        var algorithm = SignatureAlgorithms.ForKeyType(KeyType.Ed25519).Value;

        CollectionAssert.AreEqual(algorithm.Sign(key, s_message), algorithm.Sign(key, s_message));
    }

    [TestMethod]
    [DataRow(KeyType.Ed25519)]
    [DataRow(KeyType.P256)]
    public void GenerateKey_PrivateKeyNeverLeavesTheToken(KeyType type)
    {
        using var token = Open();
        var id = token.GenerateKey(type, "tests/inside");
        using var key = token.OpenKey(id, type)!;

        // The token's own word: sensitive, never extractable, and C_GetAttributeValue(CKA_VALUE) refused.
        var protection = token.GetProtection(id)!.Value;
        Assert.IsTrue(protection.Sensitive);
        Assert.IsFalse(protection.Extractable);
        Assert.IsTrue(protection.AlwaysSensitive && protection.NeverExtractable);
        Assert.IsFalse(protection.ValueReadable);

        // Asked directly through the binding, the value attribute is unavailable.
        var value = token.WithSession(session =>
        {
            var handle = session.FindAllObjects([
                session.Factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
                session.Factories.ObjectAttributeFactory.Create(CKA.CKA_ID, id)]).Single();
            return session.GetAttributeValue(handle, [CKA.CKA_VALUE])[0];
        });
        Assert.IsTrue(value.CannotBeRead);

        // And the key object in this process holds no secret to export.
        Assert.IsFalse(key.IsExportable);
        Assert.AreEqual(0, key.SecretSize);
        Assert.ThrowsExactly<InvalidOperationException>(() => key.ExportSecret(new byte[32]));
    }

    [TestMethod]
    public void OpenKey_UnknownId_ReturnsNull()
    {
        using var token = Open();

        Assert.IsNull(token.OpenKey(RandomNumberGenerator.GetBytes(Pkcs11Token.KeyIdSize), KeyType.Ed25519));
        Assert.IsNull(token.GetProtection(RandomNumberGenerator.GetBytes(Pkcs11Token.KeyIdSize)));
    }

    [TestMethod]
    public void OpenKey_AsAnotherKeyType_FailsClosed()
    {
        using var token = Open();
        var id = token.GenerateKey(KeyType.P256, "tests/type");

        Assert.ThrowsExactly<CryptographicException>(() => token.OpenKey(id, KeyType.Ed25519));
    }

    [TestMethod]
    public void DestroyKey_RemovesBothHalves()
    {
        using var token = Open();
        var id = token.GenerateKey(KeyType.Ed25519, "tests/destroy");

        Assert.IsTrue(token.DestroyKey(id));

        Assert.IsNull(token.OpenKey(id, KeyType.Ed25519));
        Assert.IsFalse(token.DestroyKey(id));
    }

    [TestMethod]
    public void Open_UnknownLabel_FailsNamingTheLabel()
    {
        var e = Assert.ThrowsExactly<CryptographicException>(() =>
            Pkcs11Token.Open(new Pkcs11TokenOptions { ModulePath = SoftHsm.ModulePath, TokenLabel = "no-such-token", Pin = SoftHsm.Pin }));

        StringAssert.Contains(e.Message, "no-such-token");
    }

    [TestMethod]
    public void Open_MissingModule_Fails()
    {
        Assert.ThrowsExactly<CryptographicException>(() =>
            Pkcs11Token.Open(new Pkcs11TokenOptions { ModulePath = "/nonexistent/libpkcs11.so", TokenLabel = SoftHsm.TokenLabel, Pin = SoftHsm.Pin }));
    }

    // Alone: login state is per process in PKCS#11, so a token already open elsewhere in the process would mask the PIN check.
    [TestMethod]
    [DoNotParallelize]
    public void Open_WrongPin_FailsWithoutNamingThePin()
    {
        _ = SoftHsm.ModulePath;

        var e = Assert.ThrowsExactly<CryptographicException>(() =>
            Pkcs11Token.Open(new Pkcs11TokenOptions { ModulePath = SoftHsm.ModulePath, TokenLabel = SoftHsm.TokenLabel, Pin = "99999999" }));

        StringAssert.Contains(e.Message, "CKR_PIN_INCORRECT");
        Assert.DoesNotContain("99999999", e.Message);
    }

    // Alone: logging out ends the login of every token open in the process.
    [TestMethod]
    [DoNotParallelize]
    public void Sign_AfterTheDeviceEndedTheLogin_LogsInAgainAndSigns()
    {
        using var token = Open();
        var id = token.GenerateKey(KeyType.Ed25519, "tests/relogin");
        using var key = token.OpenKey(id, KeyType.Ed25519)!;
        var algorithm = SignatureAlgorithms.Ed25519;
        algorithm.Sign(key, s_message);

        token.LogOut();
        var signature = algorithm.Sign(key, s_message);

        Assert.IsTrue(algorithm.Verify(key.PublicKey, s_message, signature));
        Assert.IsTrue(token.GetProtection(id)!.Value.KeepsKeyInside, "the token is usable again after the new login");
    }
    [TestMethod]
    public void TwoTokensInOneProcess_CreatingSearchingAndSigningAtOnce_NeverFail()
    {
        // Arrange: two hosts' tokens on one module, as two servers in one process (the integration tests) have them.
        using var first = Open();
        using var second = Open();
        var algorithm = SignatureAlgorithms.Ed25519;
        var signerId = first.GenerateKey(KeyType.Ed25519, "tests/busy-signer");
        using var signer = second.OpenKey(signerId, KeyType.Ed25519)!;
        var made = new System.Collections.Concurrent.ConcurrentBag<byte[]>();

        // Act: one thread per token makes, opens and destroys keys while two others look keys up and sign.
        var makers = new[] { first, second }.Select(token => Task.Run(() =>
        {
            for (var i = 0; i < 40; i++)
            {
                var id = token.GenerateKey(i % 2 == 0 ? KeyType.Ed25519 : KeyType.P256, "tests/busy");
                using var key = token.OpenKey(id, i % 2 == 0 ? KeyType.Ed25519 : KeyType.P256)!;
                made.Add(id);
                if (i % 3 == 0)
                {
                    Assert.IsTrue(token.DestroyKey(id));
                }
            }
        }));
        var users = new[] { first, second }.Select(token => Task.Run(() =>
        {
            for (var i = 0; i < 300; i++)
            {
                Assert.IsTrue(token.GetProtection(signerId)!.Value.KeepsKeyInside);
                Assert.IsTrue(algorithm.Verify(signer.PublicKey, s_message, algorithm.Sign(signer, s_message)));
            }
        }));
        Task.WaitAll([.. makers, .. users]);

        // Assert: every key made is there or was destroyed, and the token still answers.
        Assert.AreEqual(80, made.Count);
        Assert.IsTrue(first.DestroyKey(signerId));
    }
}
