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

    public JsonObject Issue(string subject, string? id = null)
    {
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["id"] = id ?? "urn:uuid:" + Guid.NewGuid(),
            ["type"] = new JsonArray("VerifiableCredential", "PatientIdentityCredential"),
            ["issuer"] = Did,
            ["validFrom"] = "2020-01-01T00:00:00Z",
            ["credentialSubject"] = new JsonObject { ["id"] = subject, ["givenName"] = "Alice" },
        };
        return s_proofs.AddProof(credential, "eddsa-jcs-2022", new ProofOptions
        {
            VerificationMethod = $"{Did}#{Multikey.EncodePublicKey(_key.PublicKey)}",
            ProofPurpose = "assertionMethod",
            Created = DateTimeOffset.UtcNow.AddMinutes(-1),
        }, _key).Value;
    }

    public void Dispose() => _key.Dispose();
}
