using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Cli.Tests;

/// <summary><c>wallet respond</c> against the OWF-library verifier: both response modes, both client id prefixes, and refusals.</summary>
public sealed partial class Oid4vcWalletTests
{
    [TestMethod]
    [DataRow("direct_post", false)]
    [DataRow("direct_post.jwt", true)]
    public async Task Respond_DcqlForOneClaim_PeerVerifiesOnlyThatClaimDisclosed(string mode, bool encrypted)
    {
        // Arrange
        var wallet = await WalletWithCredentialAsync();
        var request = await RequestAsync(s_verifier, mode, Query(Vct, "blood_type"));

        // Act
        var run = (await Cli.RunAsync(Env(wallet), null, "wallet", "respond", Link(request), "--yes")).AssertSuccess();

        // Assert: the peer verified issuer signature, KB-JWT (nonce, aud = client_id, sd_hash) and saw only blood_type.
        StringAssert.Contains(run.Output, "blood_type: O+");
        StringAssert.Contains(run.Output, "the verifier answered 200");
        var outcome = await OutcomeAsync(s_verifier, request);
        Assert.AreEqual("verified", outcome["status"]!.GetValue<string>(), outcome.ToJsonString());
        Assert.AreEqual(encrypted, outcome["encrypted"]!.GetValue<bool>());
        var disclosed = outcome["presentations"]!["health"]![0]!.AsObject();
        Assert.AreEqual("O+", disclosed["blood_type"]!.GetValue<string>());
        Assert.IsFalse(disclosed.ContainsKey("given_name"), "A claim the query did not name must stay undisclosed.");
        Assert.IsFalse(disclosed.ContainsKey("address"));
    }

    [TestMethod]
    public async Task Respond_AnsweredYesOnStandardInput_Sent_NestedClaimDisclosed()
    {
        var wallet = await WalletWithCredentialAsync();
        var request = await RequestAsync(s_verifier, "direct_post", Query(Vct, "address.locality"));

        var run = (await Cli.RunAsync(Env(wallet), "y\n", "wallet", "respond", Link(request), "--json")).AssertSuccess();

        Assert.AreEqual(200, run.Json["status"]!.GetValue<int>());
        Assert.AreEqual("Oslo", run.Json["disclosed"]![0]!["claims"]!["address.locality"]!.GetValue<string>());
        var outcome = await OutcomeAsync(s_verifier, request);
        Assert.AreEqual("verified", outcome["status"]!.GetValue<string>(), outcome.ToJsonString());
        Assert.AreEqual("Oslo", outcome["presentations"]!["health"]![0]!["address"]!["locality"]!.GetValue<string>());
    }

    [TestMethod]
    [DataRow("n\n")]
    [DataRow("")]
    public async Task Respond_Declined_NothingSent(string answer)
    {
        var wallet = await WalletWithCredentialAsync();
        var request = await RequestAsync(s_verifier, "direct_post", Query(Vct, "blood_type"));

        var run = (await Cli.RunAsync(Env(wallet), answer, "wallet", "respond", Link(request))).AssertFailure(ErrorCodes.PresentationDeclined);

        StringAssert.Contains(run.Output, "blood_type: O+", "What would be disclosed is shown before the question.");
        await AssertNothingSentAsync(s_verifier, request);
    }

    [TestMethod]
    public async Task Respond_TamperedRequestObject_RequestObjectInvalid_NothingSent()
    {
        var wallet = await WalletWithCredentialAsync();
        var request = await RequestAsync(s_verifier, "direct_post", Query(Vct, "blood_type"), new JsonObject { ["tamper"] = true });

        var run = (await Cli.RunAsync(Env(wallet), null, "wallet", "respond", Link(request), "--yes")).AssertFailure(ErrorCodes.RequestObjectInvalid);

        StringAssert.Contains(run.Error, "signature");
        await AssertNothingSentAsync(s_verifier, request);
    }

    [TestMethod]
    public async Task Respond_QueryTheWalletCannotSatisfy_DcqlUnsatisfied_NothingSent()
    {
        var wallet = await WalletWithCredentialAsync();
        var request = await RequestAsync(s_verifier, "direct_post", Query("https://peer.example/DriverLicence", "licence_number"));

        var run = (await Cli.RunAsync(Env(wallet), null, "wallet", "respond", Link(request), "--yes")).AssertFailure(ErrorCodes.DcqlUnsatisfied);

        StringAssert.Contains(run.Error, "'health'");
        await AssertNothingSentAsync(s_verifier, request);
    }

    [TestMethod]
    public async Task Respond_ClaimTheCredentialLacks_DcqlUnsatisfied()
    {
        var wallet = await WalletWithCredentialAsync();
        var request = await RequestAsync(s_verifier, "direct_post", Query(Vct, "birthdate"));

        (await Cli.RunAsync(Env(wallet), null, "wallet", "respond", Link(request), "--yes")).AssertFailure(ErrorCodes.DcqlUnsatisfied);

        await AssertNothingSentAsync(s_verifier, request);
    }

    [TestMethod]
    [DataRow("""{"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA","use":"enc","alg":"ECDH-ES"}""", DisplayName = "not a point")]
    [DataRow("""{"kty":"OKP","crv":"X25519","x":"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo","use":"enc","alg":"ECDH-ES"}""", DisplayName = "not P-256")]
    [DataRow("""{"kty":"EC","crv":"P-256","use":"enc","alg":"ECDH-ES"}""", DisplayName = "no coordinates")]
    public async Task Respond_MalformedVerifierEncryptionKey_VerifierKeyInvalid_NothingSent(string jwk)
    {
        var wallet = await WalletWithCredentialAsync();
        var request = await RequestAsync(s_verifier, "direct_post.jwt", Query(Vct, "blood_type"), new JsonObject { ["encryption_jwk"] = JsonNode.Parse(jwk) });

        (await Cli.RunAsync(Env(wallet), null, "wallet", "respond", Link(request), "--yes")).AssertFailure(ErrorCodes.VerifierKeyInvalid);

        await AssertNothingSentAsync(s_verifier, request);
    }

    [TestMethod]
    public async Task Respond_X509Hash_SelfSignedOnlyWithTrustFlag()
    {
        // Arrange: a verifier that signs with a self-signed certificate's key and names it by x509_hash.
        await using var verifier = await Oid4vcPeer.StartAsync("oid4vc-peer-verifier.mjs", new Dictionary<string, string> { ["OID4VC_X509"] = SelfSignedVerifier() });
        var wallet = await WalletWithCredentialAsync();
        var refused = await RequestAsync(verifier, "direct_post.jwt", Query(Vct, "blood_type"), new JsonObject { ["client_id_prefix"] = "x509_hash" });
        var accepted = await RequestAsync(verifier, "direct_post.jwt", Query(Vct, "blood_type"), new JsonObject { ["client_id_prefix"] = "x509_hash" });
        StringAssert.StartsWith(Uri.UnescapeDataString(Link(accepted)), "openid4vp://?client_id=x509_hash:");

        // Act
        var untrusted = await Cli.RunAsync(Env(wallet), null, "wallet", "respond", Link(refused), "--yes");
        var trusted = await Cli.RunAsync(Env(wallet), null, "wallet", "respond", Link(accepted), "--yes", "--trust-x509");

        // Assert
        untrusted.AssertFailure(ErrorCodes.VerifierNotTrusted);
        await AssertNothingSentAsync(verifier, refused);
        trusted.AssertSuccess();
        StringAssert.Contains(trusted.Output, "CN=Peer clinic");
        Assert.AreEqual("verified", (await OutcomeAsync(verifier, accepted))["status"]!.GetValue<string>());
    }

    private static async Task AssertNothingSentAsync(Oid4vcPeer verifier, JsonObject request)
    {
        var outcome = await OutcomeAsync(verifier, request);
        Assert.AreEqual(0, outcome["responses"]!.GetValue<int>(), "Nothing may reach the verifier.");
        Assert.AreEqual("pending", outcome["status"]!.GetValue<string>());
    }

    private static string SelfSignedVerifier()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Peer clinic", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var parameters = key.ExportParameters(includePrivateParameters: true);
        return new JsonObject
        {
            ["cert"] = Convert.ToBase64String(certificate.RawData),
            ["jwk"] = new JsonObject
            {
                ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Base64Url.EncodeToString(parameters.Q.X), ["y"] = Base64Url.EncodeToString(parameters.Q.Y),
                ["d"] = Base64Url.EncodeToString(parameters.D),
            },
        }.ToJsonString();
    }
}
