using System.Net;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Cryptography;
using Identity.Cryptography.TransparencyLog;
using Identity.Pkcs11;
using Identity.Server.Security;
using Identity.Storage;
using Identity.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// <c>IDENTITY_KEY_STORE=pkcs11</c> on a real SoftHSM v2 token: tenants' keys are created in the token, every
/// signature of the tenant (credentials in each format, status lists, status list tokens, after rotation too) is made
/// there, and the database keeps only the key's id in the token.
/// </summary>
[TestClass]
public sealed class Pkcs11KeyStoreTests
{
    internal static void UseSoftHsm(Dictionary<string, string?> settings)
    {
        settings["IDENTITY_KEY_STORE"] = "pkcs11";
        settings["IDENTITY_PKCS11_MODULE"] = SoftHsm.ModulePath;
        settings["IDENTITY_PKCS11_TOKEN_LABEL"] = SoftHsm.TokenLabel;
        settings["IDENTITY_PKCS11_PIN"] = SoftHsm.Pin;
    }

    private static (string Token, JsonObject Payload) Jose(JsonObject envelope)
    {
        Assert.IsTrue(EnvelopedCredentials.TryUnwrap(envelope, EnvelopedCredentials.EnvelopedCredentialType, out _, out var token));
        return (token, CompactJws.Parse(token.Split('~')[0]).Value.PayloadObject()!);
    }

    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task TenantOnToken_IssuesEveryFormat_Rotates_AndRevokes_AllVerify(Store store)
    {
        // Arrange: a tenant whose first key (Ed25519) is made in the token.
        await using var factory = await IdentityServerFactory.CreateAsync(store, UseSoftHsm);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("hsm-cycle");

        // Act and assert: Data Integrity (JCS and RDFC), vc+jwt and SD-JWT VC, each signed in the token, each verifying.
        var jcs = await client.IssueAsync(tenant, options: new JsonObject { ["cryptosuite"] = "eddsa-jcs-2022" });
        var rdfc = await client.IssueAsync(tenant, RdfcIssuanceTests.PatientCredential(), new JsonObject { ["cryptosuite"] = "eddsa-rdfc-2022" });
        var (jwt, jwtPayload) = Jose(await client.IssueAsync(tenant, options: new JsonObject { ["format"] = "vc+jwt" }));
        var (sdJwt, _) = Jose(await client.IssueAsync(tenant, options: new JsonObject { ["format"] = "dc+sd-jwt" }));
        Assert.AreEqual(tenant.Did + "#key-1", jcs["proof"]!["verificationMethod"]!.GetValue<string>());
        (await client.VerifyAsync(jcs)).AssertStatus(HttpStatusCode.OK);
        (await client.VerifyAsync(rdfc)).AssertStatus(HttpStatusCode.OK);
        (await client.PostJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = jwt })).AssertStatus(HttpStatusCode.OK);
        (await client.PostJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = sdJwt })).AssertStatus(HttpStatusCode.OK);

        // Rotate to a P-256 key, made in the token too: ECDSA proofs name it and verify.
        var added = await client.PostJsonAsync("/admin/tenants/hsm-cycle/keys", new JsonObject { ["keyType"] = "P-256" }, IdentityServerFactory.AdminKey);
        added.AssertStatus(HttpStatusCode.Created);
        var ecdsa = await client.IssueAsync(tenant, options: new JsonObject { ["cryptosuite"] = "ecdsa-jcs-2019" });
        Assert.AreEqual(tenant.Did + "#key-2", ecdsa["proof"]!["verificationMethod"]!.GetValue<string>());
        (await client.VerifyAsync(ecdsa)).AssertStatus(HttpStatusCode.OK);

        // Revoke: the Bitstring status list credential and the status list token are re-signed in the token, and say so.
        (await client.SetStatusAsync(tenant, jcs, "revocation", true)).AssertStatus(HttpStatusCode.OK);
        (await client.VerifyAsync(jcs)).AssertProblem(HttpStatusCode.UnprocessableEntity, "credentialRevoked");
        (await client.PostJsonAsync($"/tenants/{tenant.Id}/credentials/status", new JsonObject
        {
            ["credentialId"] = jwtPayload["id"]!.GetValue<string>(), ["statusPurpose"] = "revocation", ["status"] = true,
        }, tenant.ApiKey)).AssertStatus(HttpStatusCode.OK);
        (await client.PostJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = jwt }))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "credentialRevoked");
        (await client.VerifyAsync(rdfc)).AssertStatus(HttpStatusCode.OK);

        // Retire the first key: the rotated key goes on signing (status lists included), in the token.
        (await client.PostJsonAsync("/admin/tenants/hsm-cycle/keys/key-1/retire", null, IdentityServerFactory.AdminKey)).AssertStatus(HttpStatusCode.OK);
        var afterRetire = await client.IssueAsync(tenant);
        Assert.AreEqual(tenant.Did + "#key-2", afterRetire["proof"]!["verificationMethod"]!.GetValue<string>());
        (await client.SetStatusAsync(tenant, afterRetire, "suspension", true)).AssertStatus(HttpStatusCode.OK);
        (await client.VerifyAsync(afterRetire)).AssertProblem(HttpStatusCode.UnprocessableEntity, "credentialSuspended");
    }

    [TestMethod]
    public async Task TenantOnToken_PrivateKeysNeverLeaveTheToken_AndTheDatabaseHoldsOnlyTheirIds()
    {
        // Arrange
        await using var factory = new IdentityServerFactory(UseSoftHsm);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("hsm-inside", "P-256");
        (await client.PostJsonAsync("/admin/tenants/hsm-inside/keys", new JsonObject { ["keyType"] = "Ed25519" }, IdentityServerFactory.AdminKey))
            .AssertStatus(HttpStatusCode.Created);
        await client.IssueAsync(tenant);

        // Act
        var records = await factory.Services.GetRequiredService<IIdentityStore>().GetTenantKeysAsync("hsm-inside", CancellationToken.None);
        var keyStore = factory.Services.GetRequiredService<TenantKeyStore>();
        var token = (Pkcs11KeyStore)keyStore.Current;

        // Assert: each row holds 0x02 and a 16-byte CKA_ID, nothing else; the token's key under that id is the tenant's
        // published key, sensitive and non-extractable, and C_GetAttributeValue(CKA_VALUE) is refused.
        Assert.HasCount(2, records);
        foreach (var record in records)
        {
            Assert.HasCount(1 + Pkcs11Token.KeyIdSize, record.WrappedPrivateKey, $"{record.KeyId} holds more than a token reference.");
            Assert.AreEqual(Pkcs11KeyStore.FormatVersion, record.WrappedPrivateKey[0]);
            var protection = token.Protection(record)!.Value;
            Assert.IsFalse(protection.Extractable, record.KeyId);
            Assert.IsTrue(protection.Sensitive && protection.NeverExtractable && protection.AlwaysSensitive, record.KeyId);
            Assert.IsFalse(protection.ValueReadable, record.KeyId);

            using var key = keyStore.Load(record);
            Assert.IsInstanceOfType<ExternalPrivateKey>(key);
            Assert.AreEqual(record.PublicKeyMultibase, Multikey.EncodePublicKey(key.PublicKey));
            Assert.IsFalse(key.IsExportable);
        }

        // The bytes are not a wrapped key either: the master key's store does not claim them.
        Assert.IsFalse(new WrappedKeyStore(factory.Services.GetRequiredService<KeyWrapper>()).Holds(records[0].WrappedPrivateKey));
    }

    [TestMethod]
    public async Task TokenDeployment_SignsLogCheckpointsInTheToken_AndLogKeyHoldsOnlyAReference()
    {
        // Arrange
        await using var factory = new IdentityServerFactory(UseSoftHsm);
        var client = factory.CreateClient();
        await client.CreateTenantAsync("hsm-log");

        // Act
        Assert.IsTrue(NoteVerifierKey.TryParse(await client.GetStringAsync("/log/key"), out var vkey));
        Assert.IsTrue(SignedNote.TryParse(await client.GetStringAsync("/log/checkpoint"), out var note));
        string logKey = File.ReadAllText(Path.Combine(factory.DataDirectory, "log.key")).Trim();

        // Assert: the checkpoint verifies under the published key; log.key is "pkcs11:<reference>:<public key>", and the
        // token's key under that reference is the published one, sensitive and non-extractable.
        Assert.IsTrue(note!.VerifiedBy(vkey!));
        var parts = logKey.Split(':');
        Assert.HasCount(3, parts);
        Assert.AreEqual("pkcs11", parts[0]);
        var record = new TenantKeyRecord("_deployment", "transparency-log", "Ed25519", parts[2], Convert.FromBase64String(parts[1]), DateTimeOffset.UnixEpoch);
        Assert.HasCount(1 + Pkcs11Token.KeyIdSize, record.WrappedPrivateKey);
        var token = (Pkcs11KeyStore)factory.Services.GetRequiredService<TenantKeyStore>().Current;
        var protection = token.Protection(record)!.Value;
        Assert.IsFalse(protection.Extractable);
        Assert.IsFalse(protection.ValueReadable);
        using var key = factory.Services.GetRequiredService<TenantKeyStore>().Load(record);
        Assert.IsInstanceOfType<ExternalPrivateKey>(key);
        Assert.AreEqual(vkey!.ToString(), NoteVerifierKey.ForEd25519(vkey.Name, key.PublicKey.Bytes.Span).ToString());
    }

    [TestMethod]
    public async Task WrappedDeployment_MovingToTheToken_KeepsSigningWithWrappedKeys_UntilRotated()
    {
        // Arrange: a deployment on wrapped keys, stopped, then started on the token over the same data directory.
        var data = Path.Combine(Path.GetTempPath(), "identity-it-move-" + Guid.NewGuid().ToString("N"));
        try
        {
            Scenario.Tenant tenant;
            JsonObject before;
            await using (var wrapped = new IdentityServerFactory(s => s["IDENTITY_DATA_DIR"] = data))
            {
                var first = wrapped.CreateClient();
                tenant = await first.CreateTenantAsync("hsm-move");
                before = await first.IssueAsync(tenant);
            }

            await using var onToken = new IdentityServerFactory(s =>
            {
                s["IDENTITY_DATA_DIR"] = data;
                UseSoftHsm(s);
            });
            var client = onToken.CreateClient();

            // Act: the wrapped key still signs; a rotated key is made in the token.
            var still = await client.IssueAsync(tenant);
            (await client.PostJsonAsync("/admin/tenants/hsm-move/keys", new JsonObject(), IdentityServerFactory.AdminKey)).AssertStatus(HttpStatusCode.Created);
            var rotated = await client.IssueAsync(tenant);

            // Assert
            Assert.AreEqual(tenant.Did + "#key-1", still["proof"]!["verificationMethod"]!.GetValue<string>());
            Assert.AreEqual(tenant.Did + "#key-2", rotated["proof"]!["verificationMethod"]!.GetValue<string>());
            (await client.VerifyAsync(before)).AssertStatus(HttpStatusCode.OK);
            (await client.VerifyAsync(rotated)).AssertStatus(HttpStatusCode.OK);
            var records = await onToken.Services.GetRequiredService<IIdentityStore>().GetTenantKeysAsync("hsm-move", CancellationToken.None);
            var stores = onToken.Services.GetRequiredService<TenantKeyStore>();
            Assert.IsInstanceOfType<WrappedKeyStore>(stores.StoreOf(records.Single(r => r.KeyId == "key-1").WrappedPrivateKey));
            Assert.IsInstanceOfType<Pkcs11KeyStore>(stores.StoreOf(records.Single(r => r.KeyId == "key-2").WrappedPrivateKey));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [TestMethod]
    public async Task TokenDeployment_StartedWithoutTheToken_RefusesToStart()
    {
        // Arrange: the default tenant's key is made in the token.
        var data = Path.Combine(Path.GetTempPath(), "identity-it-notoken-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var onToken = new IdentityServerFactory(s =>
            {
                s["IDENTITY_DATA_DIR"] = data;
                UseSoftHsm(s);
            }))
            {
                onToken.CreateClient();
            }

            // Act: started again with the token forgotten.
            await using var without = new IdentityServerFactory(s => s["IDENTITY_DATA_DIR"] = data);
            var error = Assert.ThrowsExactly<Configuration.SettingsException>(() => without.CreateClient(), "the start must fail");

            // Assert
            Assert.Contains("IDENTITY_KEY_STORE=pkcs11", error.Message);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }
}
