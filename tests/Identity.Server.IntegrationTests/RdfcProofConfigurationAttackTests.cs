using System.Net;
using System.Text.Json.Nodes;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// Red team, through POST /credentials/verify: proof configurations are canonicalized from a plan kept per shape, shared
/// by every request. No client may make the verdict of another proof depend on what was verified before it.
/// </summary>
[TestClass]
public sealed class RdfcProofConfigurationAttackTests
{
    // A proof whose member name holds NUL and folds "created" and "id" of an earlier proof into one name has that
    // proof's shape key with one literal fewer. It must be refused like any proof with a term no context defines (as the
    // general path does), not crash the request.
    [TestMethod]
    public async Task Verify_ProofFoldingALiteralIntoAName_AfterTheShapeIsPlanned_SameAsAnUndefinedTerm()
    {
        // Arrange: a legitimate RDFC credential, re-ordered so that created is followed by an optional id.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("rdfc-fold", "Ed25519");
        JsonObject credential = await client.IssueAsync(tenant, RdfcIssuanceTests.PatientCredential(), new JsonObject { ["cryptosuite"] = "eddsa-rdfc-2022" });
        JsonObject proof = credential["proof"]!.AsObject();
        JsonObject planned = WithProof(credential, new JsonObject
        {
            ["type"] = proof["type"]!.DeepClone(),
            ["cryptosuite"] = proof["cryptosuite"]!.DeepClone(),
            ["verificationMethod"] = proof["verificationMethod"]!.DeepClone(),
            ["proofPurpose"] = proof["proofPurpose"]!.DeepClone(),
            ["created"] = proof["created"]!.DeepClone(),
            ["id"] = "urn:uuid:8f7b6d8e-0000-4000-8000-000000000001",
            ["proofValue"] = proof["proofValue"]!.DeepClone(),
        });
        JsonObject Folded(string name) => WithProof(credential, new JsonObject
        {
            ["type"] = proof["type"]!.DeepClone(),
            ["cryptosuite"] = proof["cryptosuite"]!.DeepClone(),
            ["verificationMethod"] = proof["verificationMethod"]!.DeepClone(),
            ["proofPurpose"] = proof["proofPurpose"]!.DeepClone(),
            [name] = "urn:uuid:8f7b6d8e-0000-4000-8000-000000000001",
            ["proofValue"] = proof["proofValue"]!.DeepClone(),
        });

        // Act: the planned shape first (any client can send it), then the fold, and an ordinary undefined term.
        ApiResponse first = await client.VerifyAsync(planned);
        ApiResponse folded = await client.VerifyAsync(Folded("created\0\u0001\0id"));
        ApiResponse undefined = await client.VerifyAsync(Folded("createdAndId"));

        // Assert
        Assert.AreNotEqual(HttpStatusCode.InternalServerError, first.Status);
        Assert.AreNotEqual(HttpStatusCode.InternalServerError, folded.Status, "the folded proof crashed the request");
        Assert.AreEqual(undefined.Status, folded.Status);
    }

    private static JsonObject WithProof(JsonObject credential, JsonObject proof)
    {
        var copy = (JsonObject)credential.DeepClone();
        copy["proof"] = proof;
        return copy;
    }
}
