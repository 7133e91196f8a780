using System.Net;
using System.Text.Json.Nodes;
using Identity.Cryptography;
using Identity.DidMethods.Key;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.IntegrationTests.Monitoring;

/// <summary>Binding a device to a patient needs both proofs; unbinding revokes the credential; both are in the log.</summary>
[TestClass]
public sealed class DeviceBindingTests
{
    [TestMethod]
    public async Task Bind_WithPatientAndDeviceProofs_IssuesAVerifiableBindingCredential()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var parties = await MonitoringParties.CreateAsync(client, p256: true);

        // Act
        var bound = await parties.BindAsync("bp");
        var credential = bound.Body!["credential"]!.AsObject();
        var verified = await client.VerifyAsync(credential);

        // Assert
        Assert.AreEqual(parties.BindingId, credential["id"]!.GetValue<string>());
        CollectionAssert.Contains(credential["type"]!.AsArray().Select(t => t!.GetValue<string>()).ToList(), "DeviceBindingCredential");
        Assert.AreEqual(parties.DeviceDid, credential["credentialSubject"]!["id"]!.GetValue<string>());
        Assert.AreEqual(parties.PatientDid, credential["credentialSubject"]!["patient"]!.GetValue<string>());
        Assert.AreEqual("bp", credential["credentialSubject"]!["kind"]!.GetValue<string>());
        Assert.AreEqual("Device", credential["credentialSubject"]!["fhirResource"]!["resourceType"]!.GetValue<string>());
        Assert.IsNotNull(credential["credentialStatus"], "the binding is revocable through the status list");
        Assert.AreEqual(credential["issuer"]!.GetValue<string>(), parties.TenantInfo.Did);
        Assert.IsTrue(verified.AssertStatus(HttpStatusCode.OK).Body!["verified"]!.GetValue<bool>(), verified.Text);
        Assert.AreEqual(parties.DeviceDid, bound.Body["deviceDid"]!.GetValue<string>());
        Assert.IsNotNull(bound.Body["validUntil"]);
    }

    [TestMethod]
    public async Task Bind_WithoutOrWithWrongProofs_IsRefused()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var parties = await MonitoringParties.CreateAsync(client);
        using var stranger = SignatureAlgorithms.Ed25519.GenerateKey();
        var strangerDid = "did:key:" + Multikey.EncodePublicKey(stranger.PublicKey);
        var noConsent = await parties.BindingRequestAsync();
        noConsent.Remove("holderProof");
        var noDevice = await parties.BindingRequestAsync();
        noDevice.Remove("deviceProof");

        // Act
        var withoutConsent = await parties.PostBindingAsync(noConsent);
        var withoutDevice = await parties.PostBindingAsync(noDevice);
        var wrongHolder = await parties.PostBindingAsync(await parties.BindingRequestAsync(holderProof: await parties.ProofAsync(strangerDid, stranger)));
        var deviceByPatient = await parties.PostBindingAsync(await parties.BindingRequestAsync(deviceProof: await parties.ProofAsync(parties.PatientDid, parties.PatientKey)));
        var deviceByStranger = await parties.PostBindingAsync(await parties.BindingRequestAsync(deviceProof: await parties.ProofAsync(strangerDid, stranger)));
        var badKind = await parties.PostBindingAsync(await parties.BindingRequestAsync(kind: "toaster"));
        var noKey = await client.PostJsonAsync($"/tenants/{parties.TenantInfo.Id}/devices/bindings", await parties.BindingRequestAsync());

        // Assert
        withoutConsent.AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        withoutDevice.AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        wrongHolder.AssertProblem(HttpStatusCode.BadRequest, "consentNotByPatient");
        deviceByPatient.AssertProblem(HttpStatusCode.BadRequest, "holderMismatch");
        deviceByStranger.AssertProblem(HttpStatusCode.BadRequest, "holderMismatch");
        badKind.AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        noKey.AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [TestMethod]
    public async Task Unbind_RevokesTheCredential_AndBothChangesAreLogged()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var parties = await MonitoringParties.CreateAsync(client);
        var credential = (await parties.BindAsync()).Body!["credential"]!.AsObject();

        // Act
        var unbound = await parties.UnbindAsync();
        var verified = await client.VerifyAsync(credential);
        var unknown = await parties.UnbindAsync("urn:uuid:" + Guid.NewGuid());
        await factory.Services.GetRequiredService<Audit.AuditWriter>().FlushAsync(CancellationToken.None);
        var audit = await client.GetJsonAsync($"/tenants/{parties.TenantInfo.Id}/audit?format=fhir", parties.TenantInfo.ApiKey);

        // Assert
        Assert.AreEqual("revoked", unbound.AssertStatus(HttpStatusCode.OK).Body!["status"]!.GetValue<string>());
        Assert.IsFalse(verified.Body!["verified"]!.GetValue<bool>(), verified.Text);
        unknown.AssertProblem(HttpStatusCode.NotFound, "notFound");
        StringAssert.Contains(audit.AssertStatus(HttpStatusCode.OK).Text, "device.bound");
        StringAssert.Contains(audit.Text, "device.unbound");
        StringAssert.Contains(audit.Text, "credential.revocation");
        Assert.IsFalse(audit.Text.Contains(parties.PatientDid, StringComparison.Ordinal), "the log names the patient only by pseudonym");
    }
}
