using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Primitives;

namespace Identity.Cli.Tests;

/// <summary>SD-JWT VC in the wallet: receive, list, present with <c>--disclose</c> and Key Binding, verify through the server.</summary>
public sealed partial class ServerCommandTests
{
    private static async Task<string> IssueSdJwtAsync(string directory, string tenant, string apiKey, string subject)
    {
        var unsigned = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(unsigned, new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://identity.example/ns/health/v1"),
            ["type"] = new JsonArray("VerifiableCredential", "PatientIdentityCredential"),
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = subject, ["patientId"] = "MRN-7", ["givenName"] = "Ada", ["familyName"] = "Lovelace", ["bloodType"] = "AB-",
            },
        }.ToJsonString());
        var signed = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".sd-jwt.json");
        (await Cli.RunAsync("issue", unsigned, "--server", Server, "--tenant", tenant, "--key", apiKey, "--format", "dc+sd-jwt", "--out", signed)).AssertSuccess();
        return signed;
    }

    // Every part of a compact SD-JWT (+KB) as text: JWS headers and payloads, and each disclosure, base64url-decoded.
    private static string Decoded(string presentation) => string.Join("\n", presentation.Split('~', StringSplitOptions.RemoveEmptyEntries)
        .SelectMany(part => part.Split('.'))
        .Select(segment => Base64Url.IsValid(segment) ? Encoding.UTF8.GetString(Base64Url.DecodeFromChars(segment)) : segment));

    [TestMethod]
    public async Task SdJwt_ReceivePresentSubset_ServerVerifiesDisclosuresAndKeyBinding_ReplayFailsOnChallenge()
    {
        // Arrange: a hospital issues an SD-JWT VC to a new wallet's did:key.
        var apiKey = await CreateTenantAsync("sd-disclosing");
        var directory = Directory.CreateTempSubdirectory("identity-cli-").FullName;
        var wallet = Path.Combine(directory, "wallet.json");
        var env = Cli.Env(loopback: true);
        var did = (await Cli.RunAsync(env, null, "wallet", "init", "--wallet", wallet, "--json")).AssertSuccess().Json["did"]!.GetValue<string>();
        var envelope = await IssueSdJwtAsync(directory, "sd-disclosing", apiKey, did);

        // Act
        var received = (await Cli.RunAsync(env, null, "wallet", "receive", envelope, "--wallet", wallet, "--json")).AssertSuccess().Json;
        var id = received["id"]!.GetValue<string>();
        var listed = (await Cli.RunAsync(env, null, "wallet", "list", "--check", "--wallet", wallet, "--json")).AssertSuccess().Json["credentials"]![0]!;
        var table = (await Cli.RunAsync(env, null, "wallet", "list", "--wallet", wallet)).AssertSuccess().Output;
        var challenge = (await Cli.RunAsync(env, null, "challenge", "--server", Server, "--json")).AssertSuccess().Json;
        var (nonce, domain) = (challenge["challenge"]!.GetValue<string>(), challenge["domain"]!.GetValue<string>());
        var file = Path.Combine(directory, "presentation.sd-jwt");
        (await Cli.RunAsync(env, null, "present", "--challenge", nonce, "--domain", domain, "--credential", id, "--disclose", "bloodType", "--out", file, "--wallet", wallet)).AssertSuccess();
        var presentation = (await File.ReadAllTextAsync(file)).Trim();
        var verified = await Cli.RunAsync(env, null, "verify", file, "--server", Server, "--challenge", nonce, "--domain", domain);
        var replay = await Cli.RunAsync(env, null, "verify", file, "--server", Server, "--challenge", nonce, "--domain", domain);

        // Assert: stored as SD-JWT with its disclosable claims, and it verifies in the wallet.
        Assert.AreEqual("dc+sd-jwt", received["format"]!.GetValue<string>());
        Assert.AreEqual("dc+sd-jwt", listed["format"]!.GetValue<string>());
        Assert.AreEqual("verified", listed["check"]!.GetValue<string>());
        CollectionAssert.AreEquivalent(new[] { "patientId", "givenName", "familyName", "bloodType" }, listed["disclosable"]!.AsArray().Select(p => p!.GetValue<string>()).ToArray());
        StringAssert.Contains(table, "dc+sd-jwt");
        StringAssert.Contains(table, "bloodType");

        // The presentation carries exactly one disclosure and a Key Binding JWT; undisclosed values appear nowhere.
        var parts = presentation.Split('~');
        Assert.AreEqual(3, parts.Length, presentation);
        Assert.AreEqual(2, parts[^1].Count(c => c == '.'), "The last part is the Key Binding JWT.");
        var decoded = Decoded(presentation);
        StringAssert.Contains(decoded, "\"AB-\"");
        StringAssert.Contains(decoded, nonce);
        foreach (var hidden in new[] { "Lovelace", "Ada", "MRN-7" })
        {
            Assert.IsFalse(presentation.Contains(hidden, StringComparison.Ordinal) || decoded.Contains(hidden, StringComparison.Ordinal), hidden);
        }

        // The server verifies it once, with every check in the table; a replay fails on the challenge.
        var output = verified.AssertSuccess().Output;
        foreach (var check in new[] { "proof", "disclosures", "keyBinding", "challenge", "domain" })
        {
            Assert.IsTrue(output.Split('\n').Any(line => line.Contains(check, StringComparison.Ordinal) && line.Contains("passed", StringComparison.Ordinal)), $"{check}:\n{output}");
        }

        StringAssert.Contains(output, "verified: the presentation passed every check");
        Assert.AreEqual(1, replay.ExitCode, replay.Output);
        StringAssert.Contains(replay.Output, "not verified: challenge (challengeReused)");
    }

    [TestMethod]
    public async Task SdJwt_RawTokenOnStdin_OtherWallet_WrongClaim_DataIntegrityDisclose_FailCleanly_LocalVerifyChecksNonce()
    {
        // Arrange: wallet A holds an SD-JWT VC (received as the raw token on stdin) and a Data Integrity credential.
        var apiKey = await CreateTenantAsync("sd-refusing");
        var directory = Directory.CreateTempSubdirectory("identity-cli-").FullName;
        var (walletA, walletB) = (Path.Combine(directory, "a.json"), Path.Combine(directory, "b.json"));
        var env = Cli.Env(loopback: true);
        var did = (await Cli.RunAsync(env, null, "wallet", "init", "--wallet", walletA, "--json")).AssertSuccess().Json["did"]!.GetValue<string>();
        (await Cli.RunAsync(env, null, "wallet", "init", "--wallet", walletB)).AssertSuccess();
        Assert.IsTrue(EnvelopedCredentials.TryUnwrap(JsonNode.Parse(await File.ReadAllTextAsync(await IssueSdJwtAsync(directory, "sd-refusing", apiKey, did))),
            EnvelopedCredentials.EnvelopedCredentialType, out _, out var token));
        string forged = Base64Url.EncodeToString("[\"c2FsdA\",\"bloodType\",\"O+\"]"u8);
        var tampered = await Cli.RunAsync(env, token + forged + "~", "wallet", "receive", "-", "--wallet", walletA);
        var id = (await Cli.RunAsync(env, token + "\n", "wallet", "receive", "-", "--wallet", walletA, "--json")).AssertSuccess().Json["id"]!.GetValue<string>();
        var diVc = await IssueAsync(directory, "sd-refusing", apiKey, did);
        (await Cli.RunAsync(env, null, "wallet", "receive", diVc, "--wallet", walletA)).AssertSuccess();
        var diId = JsonNode.Parse(await File.ReadAllTextAsync(diVc))!["id"]!.GetValue<string>();

        // Act
        var otherWallet = await Cli.RunAsync(env, token, "wallet", "receive", "-", "--wallet", walletB);
        var again = await Cli.RunAsync(env, token, "wallet", "receive", "-", "--wallet", walletA);
        var wrongClaim = await Cli.RunAsync(env, null, "present", "--challenge", "c", "--domain", "d", "--credential", id, "--disclose", "bloodType,shoeSize", "--wallet", walletA);
        var onDataIntegrity = await Cli.RunAsync(env, null, "present", "--challenge", "c", "--domain", "d", "--credential", diId, "--disclose", "bloodType", "--wallet", walletA);
        var withoutCredential = await Cli.RunAsync(env, null, "present", "--challenge", "c", "--domain", "d", "--disclose", "bloodType", "--wallet", walletA);
        var mixed = await Cli.RunAsync(env, null, "present", "--challenge", "c", "--domain", "d", "--credential", id, diId, "--wallet", walletA);
        var presented = (await Cli.RunAsync(env, null, "present", "--challenge", "c-1", "--domain", "clinic.example", "--credential", id, "--disclose", "givenName", "--disclose", "familyName", "--wallet", walletA, "--json")).AssertSuccess().Json;
        var file = Path.Combine(directory, "p.sd-jwt");
        await File.WriteAllTextAsync(file, presented["presentation"]!.GetValue<string>());
        var local = await Cli.RunAsync(env, null, "verify", file, "--challenge", "c-1", "--domain", "clinic.example", "--json");
        var wrongNonce = await Cli.RunAsync(env, null, "verify", file, "--challenge", "c-2", "--domain", "clinic.example", "--json");
        var dataIntegrityDefault = await Cli.RunAsync(env, null, "present", "--challenge", "c", "--domain", "d", "--wallet", walletA, "--json");

        // Assert
        tampered.AssertFailure(ErrorCodes.DisclosureNotReferenced);
        otherWallet.AssertFailure(ErrorCodes.CredentialNotForWallet);
        again.AssertFailure(ErrorCodes.CredentialExists);
        wrongClaim.AssertFailure(ErrorCodes.InvalidOptions);
        StringAssert.Contains(wrongClaim.Error, "'shoeSize'");
        StringAssert.Contains(wrongClaim.Error, "it can disclose");
        Assert.AreEqual("", wrongClaim.Output);
        onDataIntegrity.AssertFailure(ErrorCodes.InvalidOptions);
        StringAssert.Contains(onDataIntegrity.Error, "Data Integrity");
        withoutCredential.AssertFailure(ErrorCodes.InvalidRequest);
        mixed.AssertFailure(ErrorCodes.InvalidRequest);
        CollectionAssert.AreEqual(new[] { "givenName", "familyName" }, presented["disclosed"]!.AsArray().Select(p => p!.GetValue<string>()).ToArray());
        Assert.IsTrue(local.AssertSuccess().Json["verified"]!.GetValue<bool>());
        Assert.AreEqual(1, wrongNonce.ExitCode, wrongNonce.Output);
        Assert.IsTrue(wrongNonce.Json["checks"]!.AsArray().Any(c => c!["check"]!.GetValue<string>() == "challenge" && c["code"]?.GetValue<string>() == ErrorCodes.ChallengeMismatch), wrongNonce.Output);
        Assert.AreEqual(1, dataIntegrityDefault.AssertSuccess().Json["presentation"]!["verifiableCredential"]!.AsArray().Count, "Without --credential only Data Integrity credentials are presented.");
    }
}
