using Identity.Server.Configuration;
using Identity.Testing;
using Microsoft.Extensions.Configuration;

namespace Identity.Server.IntegrationTests;

/// <summary><c>IDENTITY_KEY_STORE</c> and the <c>IDENTITY_PKCS11_*</c> settings: the default, the choices, and clear refusals that never show the PIN.</summary>
[TestClass]
public sealed class KeyStoreSettingsTests
{
    private const string Module = "/bin/sh"; // any existing file: From checks the path, the token is opened later

    [TestMethod]
    public void From_NoSetting_IsWrapped()
    {
        var settings = KeyStoreSettings.From(Configuration([]));

        Assert.AreEqual(KeyStoreKind.Wrapped, settings.Kind);
        Assert.IsNull(settings.Pkcs11);
    }

    [TestMethod]
    public void From_Pkcs11WithLabelAndPin_NamesTheToken()
    {
        var settings = KeyStoreSettings.From(Pkcs11(new() { ["IDENTITY_PKCS11_TOKEN_LABEL"] = "hospital", ["IDENTITY_PKCS11_PIN"] = "1234" }));

        Assert.AreEqual(KeyStoreKind.Pkcs11, settings.Kind);
        Assert.AreEqual("hospital", settings.Pkcs11!.TokenLabel);
        Assert.IsNull(settings.Pkcs11.SlotId);
        Assert.AreEqual("1234", settings.Pkcs11.Pin);
    }

    [TestMethod]
    public void From_Pkcs11WithSlotAndPinFile_ReadsThePinFromTheFile()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "5678\n");

            var settings = KeyStoreSettings.From(Pkcs11(new() { ["IDENTITY_PKCS11_SLOT"] = "7", ["IDENTITY_PKCS11_PIN_FILE"] = file }));

            Assert.AreEqual(7UL, settings.Pkcs11!.SlotId);
            Assert.AreEqual("5678", settings.Pkcs11.Pin);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestMethod]
    [DataRow("IDENTITY_KEY_STORE", "vault", "'wrapped'")]
    [DataRow("IDENTITY_PKCS11_MODULE", "", "needs IDENTITY_PKCS11_MODULE")]
    [DataRow("IDENTITY_PKCS11_MODULE", "/nonexistent/libtoken.so", "there is no file /nonexistent/libtoken.so")]
    [DataRow("IDENTITY_PKCS11_SLOT", "7", "exactly one of IDENTITY_PKCS11_TOKEN_LABEL and IDENTITY_PKCS11_SLOT")]
    [DataRow("IDENTITY_PKCS11_TOKEN_LABEL", "", "exactly one of IDENTITY_PKCS11_TOKEN_LABEL and IDENTITY_PKCS11_SLOT")]
    [DataRow("IDENTITY_PKCS11_PIN_FILE", "/nonexistent/pin", "exactly one of IDENTITY_PKCS11_PIN and IDENTITY_PKCS11_PIN_FILE")]
    [DataRow("IDENTITY_PKCS11_PIN", "", "exactly one of IDENTITY_PKCS11_PIN and IDENTITY_PKCS11_PIN_FILE")]
    public void From_BadPkcs11Setting_ThrowsNamingIt(string key, string value, string expected)
    {
        var values = new Dictionary<string, string?> { ["IDENTITY_PKCS11_TOKEN_LABEL"] = "hospital", ["IDENTITY_PKCS11_PIN"] = "s3cret-pin" };
        values[key] = value;

        var error = Assert.ThrowsExactly<SettingsException>(() => KeyStoreSettings.From(Pkcs11(values)));

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("s3cret-pin", error.Message);
    }

    [TestMethod]
    public void From_SlotNotANumber_Throws()
    {
        var error = Assert.ThrowsExactly<SettingsException>(() =>
            KeyStoreSettings.From(Pkcs11(new() { ["IDENTITY_PKCS11_SLOT"] = "first", ["IDENTITY_PKCS11_PIN"] = "1" })));

        Assert.Contains("IDENTITY_PKCS11_SLOT", error.Message);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task Start_WrongPin_ExitsWithOneLineThatNeverShowsThePin(bool fromFile)
    {
        // Arrange: the real token, a wrong PIN given directly or in a file (a process of its own: PKCS#11 login is per process).
        var pinFile = Path.GetTempFileName();
        File.WriteAllText(pinFile, "00000000\n");
        var environment = new Dictionary<string, string>
        {
            ["IDENTITY_KEY_STORE"] = "pkcs11",
            ["IDENTITY_PKCS11_MODULE"] = SoftHsm.ModulePath,
            ["IDENTITY_PKCS11_TOKEN_LABEL"] = SoftHsm.TokenLabel,
            ["SOFTHSM2_CONF"] = Environment.GetEnvironmentVariable("SOFTHSM2_CONF")!,
            [fromFile ? "IDENTITY_PKCS11_PIN_FILE" : "IDENTITY_PKCS11_PIN"] = fromFile ? pinFile : "00000000",
        };

        try
        {
            // Act
            var (exitCode, output) = await ServerProcess.RunToExitAsync(environment, "http://127.0.0.1:0");

            // Assert
            Assert.AreEqual(2, exitCode, output);
            Assert.Contains("CKR_PIN_INCORRECT", output);
            Assert.DoesNotContain("00000000", output);
            Assert.DoesNotContain("   at ", output);
        }
        finally
        {
            File.Delete(pinFile);
        }
    }

    private static IConfiguration Pkcs11(Dictionary<string, string?> values)
    {
        values["IDENTITY_KEY_STORE"] = values.GetValueOrDefault("IDENTITY_KEY_STORE") ?? "pkcs11";
        values["IDENTITY_PKCS11_MODULE"] = values.GetValueOrDefault("IDENTITY_PKCS11_MODULE", Module);
        return Configuration(values);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
