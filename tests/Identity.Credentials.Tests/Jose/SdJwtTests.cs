using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.SdJwt;
using Identity.Credentials.Verification;
using Identity.Cryptography;
using Identity.Primitives;
using Identity.Testing;
using static Identity.Credentials.Tests.Jose.JoseTestKit;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Credentials.Tests.Jose;

[TestClass]
public sealed class SdJwtTests
{
    private const string Nonce = "nonce-42";
    private const string Audience = "https://clinic.example";
    private static readonly VerificationOptions s_expected = new() { Challenge = Nonce, Domain = Audience };

    private static SdJwtVerifier Verifier(DateTimeOffset? now = null) => new(Resolver(), new FakeTimeProvider(now ?? Now));

    private static string Issue(PrivateKey issuer, PublicKey holder, params string[] disclosable)
    {
        var claims = JsonNode.Parse($$$"""
            {"iss":"{{{Did(issuer.PublicKey)}}}","iat":1767225600,"exp":1893456000,"vct":"https://identity.example/vct/PatientIdentityCredential",
             "sub":"{{{Did(holder)}}}","givenName":"Zoë","familyName":"Okafor","bloodType":"AB-","address":{"street":"1 Main St","city":"Lagos"}}
            """)!.AsObject();
        return SdJwtIssuer.Issue(claims, new SdJwtIssueOptions { Disclosable = [.. disclosable], HolderKey = holder, KeyId = Kid(issuer.PublicKey) }, issuer).Value;
    }

    private static string[] Standard => ["givenName", "familyName", "bloodType", "address", "address.street"];

    private static void AssertFailed(VerificationResult result, string check, string code) =>
        Assert.IsTrue(!result.Verified && result.Checks.Any(c => c.Check == check && c.Error?.Code == code),
            $"Expected {check} to fail with {code}; got {string.Join(", ", result.Checks.Select(c => $"{c.Check}:{c.Status}:{c.Error?.Code}"))}");

    [TestMethod]
    [DynamicData(nameof(Algorithms), typeof(JoseTestKit))]
    public async Task Present_ChosenSubsetWithKeyBinding_VerifiesAndDisclosesOnlyThat(string name)
    {
        // Arrange
        using var issuer = Key(Algorithm(name), 41);
        using var holder = Key(SignatureAlgorithms.Ed25519, 42);
        string issued = Issue(issuer, holder.PublicKey, Standard);

        // Act
        string presented = SdJwtWallet.Present(issued, ["bloodType", "address.street"], holder, Nonce, Audience, Now).Value;
        var verification = await Verifier().VerifyAsync(presented, s_expected);

        // Assert
        Assert.IsTrue(verification.Result.Verified, string.Join("; ", verification.Result.Errors.Select(e => e.Detail)));
        var claims = verification.Claims!;
        Assert.AreEqual("AB-", claims["bloodType"]!.GetValue<string>());
        Assert.AreEqual("1 Main St", claims["address"]!["street"]!.GetValue<string>());
        Assert.AreEqual("Lagos", claims["address"]!["city"]!.GetValue<string>());
        Assert.IsFalse(claims.ContainsKey("givenName"));
        Assert.IsFalse(claims.ContainsKey("familyName"));
        foreach (var check in new[] { CheckNames.Proof, CheckNames.Disclosures, CheckNames.KeyBinding, CheckNames.Challenge, CheckNames.Domain })
        {
            Assert.IsTrue(verification.Result.Checks.Any(c => c.Check == check && c.Status == CheckStatus.Passed), check);
        }
    }

    [TestMethod]
    public void Issue_HidesDisclosableClaimsBehindSortedDigestsWithDecoys()
    {
        using var issuer = Key(SignatureAlgorithms.Ed25519, 41);
        using var holder = Key(SignatureAlgorithms.P256, 42);
        string issued = Issue(issuer, holder.PublicKey, Standard);
        var payload = SdJwtToken.Parse(issued).Value.IssuerJwt.PayloadObject()!;

        Assert.IsFalse(payload.ContainsKey("bloodType"));
        Assert.IsFalse(payload.ContainsKey("address"));
        var digests = payload["_sd"]!.AsArray().Select(d => d!.GetValue<string>()).ToList();
        Assert.AreEqual(4 + 2, digests.Count); // givenName, familyName, bloodType, address, and two decoys
        CollectionAssert.AreEqual(digests.Order(StringComparer.Ordinal).ToList(), digests);
        Assert.AreEqual("sha-256", payload["_sd_alg"]!.GetValue<string>());
        Assert.AreEqual("P-256", payload["cnf"]!["jwk"]!["crv"]!.GetValue<string>());
        CollectionAssert.AreEquivalent(Standard, SdJwtWallet.DisclosablePaths(issued).Value.ToArray());
    }

    [TestMethod]
    [DataRow("iss")]
    [DataRow("vct")]
    [DataRow("cnf")]
    [DataRow("nope")]
    public void Issue_ReservedOrMissingClaim_IsInvalidOptions(string path)
    {
        using var issuer = Key(SignatureAlgorithms.Ed25519, 41);
        var claims = new JsonObject { ["iss"] = Did(issuer.PublicKey), ["vct"] = "x", ["cnf"] = new JsonObject() };
        var issued = SdJwtIssuer.Issue(claims, new SdJwtIssueOptions { Disclosable = [path], KeyId = Kid(issuer.PublicKey) }, issuer);
        Assert.AreEqual(ErrorCodes.InvalidOptions, issued.Error!.Code);
    }

    [TestMethod]
    public async Task Verify_TamperedDisclosure_FailsDisclosures()
    {
        using var issuer = Key(SignatureAlgorithms.Ed25519, 41);
        using var holder = Key(SignatureAlgorithms.Ed25519, 42);
        string issued = Issue(issuer, holder.PublicKey, Standard);
        var parts = issued.Split('~');
        int index = Array.FindIndex(parts, p => p.Length > 0 && !p.Contains('.', StringComparison.Ordinal) && Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(p)).Contains("AB-", StringComparison.Ordinal));
        string decoded = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[index]));
        parts[index] = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(decoded.Replace("AB-", "O+", StringComparison.Ordinal)));

        var result = await Verifier().VerifyAsync(string.Join('~', parts));

        AssertFailed(result.Result, CheckNames.Disclosures, ErrorCodes.DisclosureNotReferenced);
        Assert.IsNull(result.Claims);
    }

    [TestMethod]
    public async Task Verify_ExtraDisclosure_FailsDisclosures()
    {
        using var issuer = Key(SignatureAlgorithms.Ed25519, 41);
        using var holder = Key(SignatureAlgorithms.Ed25519, 42);
        string extra = System.Buffers.Text.Base64Url.EncodeToString("[\"c2FsdHNhbHRzYWx0\",\"bloodType\",\"O+\"]"u8);

        var result = await Verifier().VerifyAsync(Issue(issuer, holder.PublicKey, "givenName") + extra + "~");

        AssertFailed(result.Result, CheckNames.Disclosures, ErrorCodes.DisclosureNotReferenced);
    }

    [TestMethod]
    public async Task Verify_DuplicatedDisclosure_FailsDisclosures()
    {
        using var issuer = Key(SignatureAlgorithms.Ed25519, 41);
        using var holder = Key(SignatureAlgorithms.Ed25519, 42);
        string issued = Issue(issuer, holder.PublicKey, "givenName");
        string disclosure = issued.Split('~')[1];

        AssertFailed((await Verifier().VerifyAsync(issued + disclosure + "~")).Result, CheckNames.Disclosures, ErrorCodes.DisclosureDuplicated);
    }

    [TestMethod]
    public async Task Verify_KeyBindingForOtherNonceOrAudience_FailsChallengeOrDomain()
    {
        using var issuer = Key(SignatureAlgorithms.Ed25519, 41);
        using var holder = Key(SignatureAlgorithms.Secp256k1, 42);
        string issued = Issue(issuer, holder.PublicKey, Standard);

        string otherNonce = SdJwtWallet.Present(issued, ["bloodType"], holder, "stale", Audience, Now).Value;
        string otherAudience = SdJwtWallet.Present(issued, ["bloodType"], holder, Nonce, "https://evil.example", Now).Value;

        AssertFailed((await Verifier().VerifyAsync(otherNonce, s_expected)).Result, CheckNames.Challenge, ErrorCodes.ChallengeMismatch);
        AssertFailed((await Verifier().VerifyAsync(otherAudience, s_expected)).Result, CheckNames.Domain, ErrorCodes.DomainMismatch);
    }

    [TestMethod]
    public async Task Verify_NoKeyBindingWhenVerifierAsksForIt_FailsKeyBinding()
    {
        using var issuer = Key(SignatureAlgorithms.Ed25519, 41);
        using var holder = Key(SignatureAlgorithms.Ed25519, 42);
        string presented = SdJwtWallet.Present(Issue(issuer, holder.PublicKey, Standard), ["bloodType"], null, null, null, Now).Value;

        AssertFailed((await Verifier().VerifyAsync(presented, s_expected)).Result, CheckNames.KeyBinding, ErrorCodes.KeyBindingRequired);
        Assert.IsTrue((await Verifier().VerifyAsync(presented)).Result.Verified, "Without a nonce or audience, no holder binding is required.");
    }

    [TestMethod]
    public async Task Verify_KeyBindingBySomeoneElse_OrOverOtherDisclosures_FailsKeyBinding()
    {
        using var issuer = Key(SignatureAlgorithms.Ed25519, 41);
        using var holder = Key(SignatureAlgorithms.Ed25519, 42);
        using var thief = Key(SignatureAlgorithms.Ed25519, 43);
        string issued = Issue(issuer, holder.PublicKey, Standard);

        string stolen = SdJwtWallet.Present(issued, ["bloodType"], thief, Nonce, Audience, Now).Value;
        string honest = SdJwtWallet.Present(issued, ["bloodType"], holder, Nonce, Audience, Now).Value;
        string kb = honest[(honest.LastIndexOf('~') + 1)..];
        string widened = SdJwtWallet.Present(issued, ["bloodType", "givenName"], null, null, null, Now).Value + kb;

        AssertFailed((await Verifier().VerifyAsync(stolen, s_expected)).Result, CheckNames.KeyBinding, ErrorCodes.InvalidSignature);
        AssertFailed((await Verifier().VerifyAsync(widened, s_expected)).Result, CheckNames.KeyBinding, ErrorCodes.KeyBindingMismatch);
    }

    [TestMethod]
    public async Task Verify_OldKeyBinding_FailsKeyBinding()
    {
        using var issuer = Key(SignatureAlgorithms.Ed25519, 41);
        using var holder = Key(SignatureAlgorithms.Ed25519, 42);
        string presented = SdJwtWallet.Present(Issue(issuer, holder.PublicKey, Standard), ["bloodType"], holder, Nonce, Audience, Now).Value;

        var result = await Verifier(Now.AddMinutes(30)).VerifyAsync(presented, s_expected);

        AssertFailed(result.Result, CheckNames.KeyBinding, ErrorCodes.KeyBindingMismatch);
    }

    [TestMethod]
    public async Task Verify_Expired_FailsValidityPeriod()
    {
        using var issuer = Key(SignatureAlgorithms.Ed25519, 41);
        using var holder = Key(SignatureAlgorithms.Ed25519, 42);
        var result = await Verifier(new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero)).VerifyAsync(Issue(issuer, holder.PublicKey, Standard));
        AssertFailed(result.Result, CheckNames.ValidityPeriod, ErrorCodes.CredentialExpired);
    }

    [TestMethod]
    public void Present_UnknownClaim_IsInvalidOptions()
    {
        using var issuer = Key(SignatureAlgorithms.Ed25519, 41);
        using var holder = Key(SignatureAlgorithms.Ed25519, 42);
        var presented = SdJwtWallet.Present(Issue(issuer, holder.PublicKey, Standard), ["ssn"], holder, Nonce, Audience, Now);
        Assert.AreEqual(ErrorCodes.InvalidOptions, presented.Error!.Code);
    }

    [TestMethod]
    public void TypePolicies_InSchemas_LoadAndRefuseReservedClaims()
    {
        var policies = SdJwtVcTypePolicy.LoadFrom(Path.Combine(AppContext.BaseDirectory, "schemas", "sd-jwt"));
        Assert.IsTrue(policies["PatientIdentityCredential"].Disclosable.Contains("bloodType"));
        Assert.AreEqual(ErrorCodes.SchemaViolation, SdJwtVcTypePolicy.Parse("""{"credentialType":"X","vct":"v","disclosable":["cnf"],"decoys":1}""").Error!.Code);
        Assert.AreEqual(ErrorCodes.SchemaViolation, SdJwtVcTypePolicy.Parse("""{"credentialType":"X","vct":"v","disclosable":[],"decoys":99}""").Error!.Code);
    }

    [TestMethod]
    public void AllClaims_EveryDisclosureApplied_NoDigests()
    {
        using var issuer = Key(SignatureAlgorithms.Ed25519, 41);
        using var holder = Key(SignatureAlgorithms.P256, 42);

        var claims = SdJwtWallet.AllClaims(Issue(issuer, holder.PublicKey, Standard)).Value;

        Assert.AreEqual("AB-", claims["bloodType"]!.GetValue<string>());
        Assert.AreEqual("1 Main St", claims["address"]!["street"]!.GetValue<string>());
        Assert.IsFalse(claims.ContainsKey("_sd") || claims.ContainsKey("_sd_alg") || claims["address"]!.AsObject().ContainsKey("_sd"));
        Assert.AreEqual(ErrorCodes.MalformedJws, SdJwtWallet.AllClaims("e30.e30.c2ln~").Error?.Code);
    }
}
