using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Credentials.Verification;
using Identity.Cryptography;
using Identity.Primitives;
using Identity.Testing;
using static Identity.Credentials.Tests.Jose.JoseTestKit;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Credentials.Tests.Jose;

[TestClass]
public sealed class JoseCredentialVerifierTests
{
    private static JoseCredentialVerifier Verifier(DateTimeOffset? now = null) => new(Resolver(), new FakeTimeProvider(now ?? Now));

    private static JsonObject Credential(PublicKey issuer, PublicKey subject, string validUntil = "2030-01-01T00:00:00Z") => JsonNode.Parse($$$"""
        {"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:uuid:6a4f3c2e-1d0b-4f7a-9e8d-7c6b5a4f3e2d",
         "type":["VerifiableCredential"],"issuer":"{{{Did(issuer)}}}","validFrom":"2025-01-01T00:00:00Z","validUntil":"{{{validUntil}}}",
         "credentialSubject":{"id":"{{{Did(subject)}}}","bloodType":"A+"}}
        """)!.AsObject();

    private static void AssertFailed(VerificationResult result, string check, string code)
    {
        Assert.IsFalse(result.Verified);
        Assert.IsTrue(result.Checks.Any(c => c.Check == check && c.Error?.Code == code),
            $"Expected {check} to fail with {code}; got {string.Join(", ", result.Checks.Select(c => $"{c.Check}:{c.Status}:{c.Error?.Code}"))}");
    }

    [TestMethod]
    [DynamicData(nameof(Algorithms), typeof(JoseTestKit))]
    public async Task VerifyCredential_VcJwtOfEveryAlgorithm_PassesEveryCheck(string name)
    {
        using var issuer = Key(Algorithm(name), 11);
        using var holder = Key(SignatureAlgorithms.Ed25519, 12);
        string token = VcJwt.SignCredential(Credential(issuer.PublicKey, holder.PublicKey), issuer, Kid(issuer.PublicKey));

        var result = await Verifier().VerifyCredentialAsync(token);

        Assert.IsTrue(result.Verified, string.Join("; ", result.Errors.Select(e => e.Detail)));
        CollectionAssert.IsSubsetOf(
            new[] { CheckNames.IssuerResolution, CheckNames.Proof, CheckNames.DataModel, CheckNames.ValidityPeriod },
            result.Checks.Where(c => c.Status == CheckStatus.Passed).Select(c => c.Check).ToList());
    }

    [TestMethod]
    public async Task VerifyCredential_TamperedPayload_FailsProof()
    {
        using var issuer = Key(SignatureAlgorithms.Ed25519, 11);
        string token = VcJwt.SignCredential(Credential(issuer.PublicKey, issuer.PublicKey), issuer, Kid(issuer.PublicKey));
        string[] parts = token.Split('.');
        string payload = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])).Replace("bloodType", "bloodTypo", StringComparison.Ordinal);
        string tampered = parts[0] + "." + System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload)) + "." + parts[2];

        AssertFailed(await Verifier().VerifyCredentialAsync(tampered), CheckNames.Proof, ErrorCodes.InvalidSignature);
    }

    [TestMethod]
    public async Task VerifyCredential_SignedByAnotherDid_FailsIssuerResolution()
    {
        using var issuer = Key(SignatureAlgorithms.Ed25519, 11);
        using var intruder = Key(SignatureAlgorithms.Ed25519, 13);
        string token = VcJwt.SignCredential(Credential(issuer.PublicKey, issuer.PublicKey), intruder, Kid(intruder.PublicKey));

        AssertFailed(await Verifier().VerifyCredentialAsync(token), CheckNames.IssuerResolution, ErrorCodes.IssuerMismatch);
    }

    [TestMethod]
    public async Task VerifyCredential_KidOfIssuerButOtherKeysSignature_FailsProof()
    {
        using var issuer = Key(SignatureAlgorithms.Ed25519, 11);
        using var intruder = Key(SignatureAlgorithms.Ed25519, 13);
        string token = VcJwt.SignCredential(Credential(issuer.PublicKey, issuer.PublicKey), intruder, Kid(issuer.PublicKey));

        AssertFailed(await Verifier().VerifyCredentialAsync(token), CheckNames.Proof, ErrorCodes.InvalidSignature);
    }

    [TestMethod]
    public async Task VerifyCredential_Expired_FailsValidityPeriod()
    {
        using var issuer = Key(SignatureAlgorithms.P256, 11);
        string token = VcJwt.SignCredential(Credential(issuer.PublicKey, issuer.PublicKey, "2025-06-01T00:00:00Z"), issuer, Kid(issuer.PublicKey));

        AssertFailed(await Verifier().VerifyCredentialAsync(token), CheckNames.ValidityPeriod, ErrorCodes.CredentialExpired);
    }

    [TestMethod]
    public async Task VerifyCredential_WrongTyp_FailsDataModel()
    {
        using var issuer = Key(SignatureAlgorithms.Ed25519, 11);
        string token = CompactJws.Sign(new JsonObject { ["typ"] = "vp+jwt", ["kid"] = Kid(issuer.PublicKey) },
            Encoding.UTF8.GetBytes(Credential(issuer.PublicKey, issuer.PublicKey).ToJsonString()), issuer);

        AssertFailed(await Verifier().VerifyCredentialAsync(token), CheckNames.DataModel, ErrorCodes.InvalidTokenType);
    }

    [TestMethod]
    [DataRow("eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d", ErrorCodes.JweNotSupported)]
    [DataRow("a.b.c.d.e", ErrorCodes.MalformedJws)]
    [DataRow("eyJhbGciOiJub25lIn0.e30.", ErrorCodes.MalformedJws)]
    [DataRow("eyJhbGciOiJub25lIn0.e30.c2ln", ErrorCodes.AlgorithmNotAllowed)]
    public async Task VerifyCredential_BadToken_FailsProofWithItsCode(string token, string code) =>
        AssertFailed(await Verifier().VerifyCredentialAsync(token), CheckNames.Proof, code);

    [TestMethod]
    public async Task VerifyCredential_JwtVc11_IsMappedAndVerified()
    {
        using var issuer = Key(SignatureAlgorithms.Secp256k1, 21);
        using var subject = Key(SignatureAlgorithms.Ed25519, 22);
        var payload = new JsonObject
        {
            ["iss"] = Did(issuer.PublicKey),
            ["sub"] = Did(subject.PublicKey),
            ["nbf"] = 1735689600,
            ["exp"] = 1893456000,
            ["jti"] = "urn:uuid:0d4c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
            ["vc"] = JsonNode.Parse("""
                {"@context":["https://www.w3.org/2018/credentials/v1"],"type":["VerifiableCredential"],"credentialSubject":{"bloodType":"B-"}}
                """),
        };
        string token = CompactJws.Sign(new JsonObject { ["typ"] = "JWT" }, Encoding.UTF8.GetBytes(payload.ToJsonString()), issuer);

        var result = await Verifier().VerifyCredentialAsync(token);
        Assert.IsTrue(result.Verified, string.Join("; ", result.Errors.Select(e => e.Detail)));

        var expired = await Verifier(new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero)).VerifyCredentialAsync(token);
        AssertFailed(expired, CheckNames.ValidityPeriod, ErrorCodes.CredentialExpired);
    }

    [TestMethod]
    public void FromJwtVc_IssuerDisagreesWithIss_IsIssuerMismatch()
    {
        var payload = JsonNode.Parse("""{"iss":"did:example:a","vc":{"issuer":"did:example:b"}}""")!.AsObject();
        Assert.AreEqual(ErrorCodes.IssuerMismatch, JoseCredentialVerifier.FromJwtVc(payload).Error!.Code);
    }

    [TestMethod]
    public async Task VerifyPresentation_VpJwtWithEnvelopedVcJwt_PassesAndChecksNonceAudienceHolder()
    {
        // Arrange
        using var issuer = Key(SignatureAlgorithms.P384, 31);
        using var holder = Key(SignatureAlgorithms.Ed25519, 32);
        string vc = VcJwt.SignCredential(Credential(issuer.PublicKey, holder.PublicKey), issuer, Kid(issuer.PublicKey));
        var presentation = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["type"] = new JsonArray("VerifiablePresentation"),
            ["holder"] = Did(holder.PublicKey),
            ["verifiableCredential"] = new JsonArray(EnvelopedCredentials.Credential(vc)),
        };
        string vp = VcJwt.SignPresentation(presentation, holder, Kid(holder.PublicKey), "n-123", "https://verifier.example");
        var expected = new VerificationOptions { Challenge = "n-123", Domain = "https://verifier.example" };

        // Act
        var result = await Verifier().VerifyPresentationAsync(vp, expected);
        var wrongNonce = await Verifier().VerifyPresentationAsync(vp, expected with { Challenge = "other" });
        var wrongAudience = await Verifier().VerifyPresentationAsync(vp, expected with { Domain = "https://evil.example" });

        // Assert
        Assert.IsTrue(result.Verified, string.Join("; ", result.Errors.Select(e => e.Detail)));
        Assert.IsTrue(result.Checks.Any(c => c.Check == CheckNames.Proof && c.Target == "verifiableCredential[0]" && c.Status == CheckStatus.Passed));
        Assert.IsTrue(result.Checks.Any(c => c.Check == CheckNames.HolderBinding && c.Status == CheckStatus.Passed));
        AssertFailed(wrongNonce, CheckNames.Challenge, ErrorCodes.ChallengeMismatch);
        AssertFailed(wrongAudience, CheckNames.Domain, ErrorCodes.DomainMismatch);
    }

    [TestMethod]
    public async Task VerifyPresentation_SomeoneElsesCredential_FailsHolderBinding()
    {
        using var issuer = Key(SignatureAlgorithms.Ed25519, 31);
        using var victim = Key(SignatureAlgorithms.Ed25519, 33);
        using var thief = Key(SignatureAlgorithms.Ed25519, 34);
        string vc = VcJwt.SignCredential(Credential(issuer.PublicKey, victim.PublicKey), issuer, Kid(issuer.PublicKey));
        var presentation = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["type"] = new JsonArray("VerifiablePresentation"),
            ["holder"] = Did(thief.PublicKey),
            ["verifiableCredential"] = new JsonArray(EnvelopedCredentials.Credential(vc)),
        };
        string vp = VcJwt.SignPresentation(presentation, thief, Kid(thief.PublicKey));

        AssertFailed(await Verifier().VerifyPresentationAsync(vp), CheckNames.HolderBinding, ErrorCodes.HolderMismatch);
    }

    [TestMethod]
    public async Task VerifyPresentation_SdJwtWithoutKeyBinding_FailsKeyBindingEvenWithoutNonce()
    {
        using var issuer = Key(SignatureAlgorithms.Ed25519, 35);
        using var holder = Key(SignatureAlgorithms.Ed25519, 36);
        var claims = new JsonObject { ["iss"] = Did(issuer.PublicKey), ["vct"] = "https://identity.example/vct/X", ["bloodType"] = "AB-" };
        string issued = Identity.Credentials.SdJwt.SdJwtIssuer.Issue(claims, new Identity.Credentials.SdJwt.SdJwtIssueOptions
        {
            Disclosable = ["bloodType"], HolderKey = holder.PublicKey, KeyId = Kid(issuer.PublicKey),
        }, issuer).Value;

        var asCredential = await Verifier().VerifyCredentialAsync(issued);
        var asPresentation = await Verifier().VerifyPresentationAsync(issued);

        Assert.IsTrue(asCredential.Verified, string.Join("; ", asCredential.Errors.Select(e => e.Detail)));
        AssertFailed(asPresentation, CheckNames.KeyBinding, ErrorCodes.KeyBindingRequired);
    }

    [TestMethod]
    public void EnvelopedCredentials_RoundTripTheToken()
    {
        var envelope = EnvelopedCredentials.Credential("a.b.c");
        Assert.AreEqual("data:application/vc+jwt,a.b.c", envelope["id"]!.GetValue<string>());
        Assert.IsTrue(EnvelopedCredentials.TryUnwrap(envelope, EnvelopedCredentials.EnvelopedCredentialType, out var type, out var token));
        Assert.AreEqual((EnvelopedCredentials.VcJwtMediaType, "a.b.c"), (type, token));
        Assert.IsFalse(EnvelopedCredentials.TryUnwrap(envelope, EnvelopedCredentials.EnvelopedPresentationType, out _, out _));
    }
}
