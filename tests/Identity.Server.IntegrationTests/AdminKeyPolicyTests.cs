using System.Diagnostics;
using System.Security.Cryptography;
using Identity.Server.Security;
using Identity.Testing;

namespace Identity.Server.IntegrationTests;

/// <summary>The admin key must carry at least 128 bits of randomness: guessable keys stop the start with one clear line.</summary>
[TestClass]
public sealed class AdminKeyPolicyTests
{
    [TestMethod]
    [DataRow("CHANGE-ME", "fewer than 128 bits")]
    [DataRow("changeme", "fewer than 128 bits")]
    [DataRow("admin", "fewer than 128 bits")]
    [DataRow("password", "fewer than 128 bits")]
    [DataRow("test", "fewer than 128 bits")]
    [DataRow("Q7x9vT2mLp4Rz8Kw1Nb5Yh", null)]                          // 22 base64 characters: exactly enough
    [DataRow("Q7x9vT2mLp4Rz8Kw1Nb5Y", "fewer than 128 bits")]           // 21
    [DataRow("6f1d0c2a9b8e47a3c5d1e0f9b2a7c4d", "fewer than 128 bits")] // 31 hex digits
    [DataRow("6f1d0c2a9b8e47a3c5d1e0f9b2a7c4d8", null)]                 // 32 hex digits
    [DataRow("48213957604812739560481273956048127", "fewer than 128 bits")] // 35 digits
    [DataRow("CHANGE-ME-CHANGE-ME-CHANGE-ME-CHANGE-ME", "repeats a sequence")]
    [DataRow("please-change-me-before-production-use", "change-me")]
    [DataRow("MyAdminKeyForTheHospitalDeployment2026", "admin")]
    [DataRow("correct-password-for-the-identity-svc", "password")]
    [DataRow("test-7f3a9c1e5b2d8f4a6c0e9b3d7f1a5c2e", "starts with 'test'")]
    [DataRow("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "different characters")]
    [DataRow("abcdefghijklmnopqrstuvwxyz0123456789", "consecutive")]
    [DataRow("Zq1!Zq1@Zq1#Xw2$Xw2%Xw2^Zq1!Zq1@", "repeats a sequence")]
    [DataRow("k3J9xQ0000000000vP7mW2rT5yU8iO1", "repeated or consecutive")]
    public void Weakness_Key_IsReportedOrAccepted(string key, string? expected)
    {
        var weakness = AdminKeyPolicy.Weakness(key);

        if (expected is null)
        {
            Assert.IsNull(weakness);
        }
        else
        {
            Assert.IsNotNull(weakness, key);
            Assert.Contains(expected, weakness);
            Assert.DoesNotContain(key, weakness);
        }
    }

    [TestMethod]
    public void Weakness_RandomKeysOfTheDocumentedForms_AreAccepted()
    {
        // openssl rand -base64 32, openssl rand -hex 16 and base64url of 16 bytes: what the docs tell operators to use.
        for (int i = 0; i < 2_000; i++)
        {
            Assert.IsNull(AdminKeyPolicy.Weakness(AdminKeyPolicy.Generate()));
            Assert.IsNull(AdminKeyPolicy.Weakness(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))));
            Assert.IsNull(AdminKeyPolicy.Weakness(System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24))));
        }
    }

    [TestMethod]
    [DataRow("CHANGE-ME")]
    [DataRow("test-admin-key-6f1d0c2a9b8e")]
    public async Task Start_WeakAdminKey_ExitsWithOneLineAndNoStackTrace(string key)
    {
        var (exitCode, output) = await StartServerAsync(new() { ["IDENTITY_ADMIN_KEY"] = key });

        Assert.AreEqual(2, exitCode, output);
        Assert.Contains("Refusing to start: the admin key (IDENTITY_ADMIN_KEY) is too weak", output);
        Assert.HasCount(1, output.Split('\n', StringSplitOptions.RemoveEmptyEntries), output);
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain(key, output);
    }

    [TestMethod]
    public async Task Start_WeakAdminKeyFile_ExitsNamingTheFile()
    {
        var directory = Path.Combine(Path.GetTempPath(), "identity-adminkey-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "admin.key"), "changeme\n");

        var (exitCode, output) = await StartServerAsync(new() { ["IDENTITY_DATA_DIR"] = directory });

        Assert.AreEqual(2, exitCode, output);
        Assert.Contains(Path.Combine(directory, "admin.key"), output);
        Assert.DoesNotContain("   at ", output);
    }

    [TestMethod]
    public async Task InProcess_WeakAdminKey_DoesNotServe()
    {
        await using var factory = new IdentityServerFactory(s => s["IDENTITY_ADMIN_KEY"] = "CHANGE-ME");

        // The entry point refuses before the host starts, so there is no server to talk to.
        Assert.Throws<InvalidOperationException>(() => factory.CreateClient());
    }

    private static Task<(int ExitCode, string Output)> StartServerAsync(Dictionary<string, string> environment) =>
        ServerProcess.RunToExitAsync(environment, "http://127.0.0.1:5999");
}
