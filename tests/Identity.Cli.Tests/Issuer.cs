using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Cryptography;
using Identity.DidMethods.Key;
using Identity.Dids;

namespace Identity.Cli.Tests;

/// <summary>A did:key issuer that signs credentials in-process, so wallet tests need no server.</summary>
public sealed class Issuer : IDisposable
{
    private static readonly DataIntegrityProofService s_proofs = new(new DidResolver([new DidKeyMethod()]), CryptosuiteRegistry.Default, TimeProvider.System);
    private readonly PrivateKey _key = SignatureAlgorithms.Ed25519.GenerateKey();

    public string Did => "did:key:" + Multikey.EncodePublicKey(_key.PublicKey);

    /// <summary>A credential to <paramref name="subject"/>, signed by this key; <paramref name="claimedIssuer"/> names
    /// another DID as issuer and verification method (signed with this key all the same, as a forger would).</summary>
    public JsonObject Issue(string subject, string? id = null, string? claimedIssuer = null)
    {
        var issuer = claimedIssuer ?? Did;
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["id"] = id ?? "urn:uuid:" + Guid.NewGuid(),
            ["type"] = new JsonArray("VerifiableCredential", "PatientIdentityCredential"),
            ["issuer"] = issuer,
            ["validFrom"] = "2020-01-01T00:00:00Z",
            ["credentialSubject"] = new JsonObject { ["id"] = subject, ["givenName"] = "Alice" },
        };
        return s_proofs.AddProof(credential, "eddsa-jcs-2022", new ProofOptions
        {
            VerificationMethod = claimedIssuer is null ? $"{Did}#{Multikey.EncodePublicKey(_key.PublicKey)}" : $"{claimedIssuer}#key-1",
            ProofPurpose = "assertionMethod",
            Created = DateTimeOffset.UtcNow.AddMinutes(-1),
        }, _key).Value;
    }

    public void Dispose() => _key.Dispose();
}
