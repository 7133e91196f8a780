using Identity.Dids;
using Identity.Primitives;

namespace Identity.Dids.Tests;

[TestClass]
public sealed class DidResolverTests
{
    private static readonly DidDocument s_document = new()
    {
        Id = Did.Parse("did:test:abc").Value,
        VerificationMethod =
        [
            new VerificationMethod
            {
                Id = "did:test:abc#k1",
                Type = VerificationMethodTypes.Multikey,
                Controller = "did:test:abc",
                PublicKeyMultibase = "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
            },
        ],
        AssertionMethod = [VerificationMethodReference.Reference("did:test:abc#k1")],
    };

    private sealed class TestMethod : IDidMethod
    {
        public int Calls { get; private set; }

        public string Name => "test";

        public ValueTask<DidResolutionResult> ResolveAsync(Did did, DidResolutionOptions options, CancellationToken cancellationToken = default)
        {
            Calls++;
            return ValueTask.FromResult(did == s_document.Id
                ? DidResolutionResult.Success(s_document, options.Accept!)
                : DidResolutionResult.Failure(ErrorCodes.NotFound, "no such DID"));
        }
    }

    [TestMethod]
    public async Task ResolveAsync_InvalidSyntax_ReturnsInvalidDidWithoutCallingMethod()
    {
        var method = new TestMethod();

        var result = await new DidResolver([method]).ResolveAsync("did:test:a b");

        Assert.AreEqual(ErrorCodes.InvalidDid, result.Error?.Code);
        Assert.AreEqual(0, method.Calls);
    }

    [TestMethod]
    public async Task ResolveAsync_UnknownMethod_ReturnsMethodNotSupported()
    {
        var result = await new DidResolver([new TestMethod()]).ResolveAsync("did:other:abc");

        Assert.AreEqual(ErrorCodes.MethodNotSupported, result.Error?.Code);
    }

    [TestMethod]
    public async Task ResolveAsync_NotFound_PassesMethodError()
    {
        var result = await new DidResolver([new TestMethod()]).ResolveAsync("did:test:missing");

        Assert.AreEqual(ErrorCodes.NotFound, result.Error?.Code);
        var json = result.ToJson();
        Assert.AreEqual("notFound", json["didResolutionMetadata"]!["error"]!.GetValue<string>());
        Assert.IsNull(json["didDocument"]);
    }

    [TestMethod]
    public async Task ResolveAsync_Success_ResultHasW3cShape()
    {
        var result = await new DidResolver([new TestMethod()]).ResolveAsync("did:test:abc");

        var json = result.ToJson();
        Assert.AreEqual("did:test:abc", json["didDocument"]!["id"]!.GetValue<string>());
        Assert.AreEqual(DidDocumentJson.DidLdJson, json["didResolutionMetadata"]!["contentType"]!.GetValue<string>());
        Assert.IsNotNull(json["didDocumentMetadata"]);
    }

    [TestMethod]
    public async Task ResolveVerificationMethodAsync_ChecksRelationship()
    {
        var resolver = new DidResolver([new TestMethod()]);

        var ok = await resolver.ResolveVerificationMethodAsync("did:test:abc#k1", VerificationRelationship.AssertionMethod);
        var wrongPurpose = await resolver.ResolveVerificationMethodAsync("did:test:abc#k1", VerificationRelationship.Authentication);
        var noFragment = await resolver.ResolveVerificationMethodAsync("did:test:abc");
        var unknownDid = await resolver.ResolveVerificationMethodAsync("did:test:zzz#k1");

        Assert.IsTrue(ok.IsSuccess, ok.Error?.ToString());
        Assert.AreEqual(ErrorCodes.KeyMismatch, wrongPurpose.Error?.Code);
        Assert.AreEqual(ErrorCodes.InvalidDidUrl, noFragment.Error?.Code);
        Assert.AreEqual(ErrorCodes.NotFound, unknownDid.Error?.Code);
    }

    [TestMethod]
    public void Constructor_DuplicateMethodName_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new DidResolver([new TestMethod(), new TestMethod()]));
    }
}
