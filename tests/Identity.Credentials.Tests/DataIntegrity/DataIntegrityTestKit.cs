// References: W3C Verifiable Credential Data Integrity 1.0 (15 May 2025), https://www.w3.org/TR/vc-data-integrity/ ;
//   The did:key Method v0.7, https://w3c-ccg.github.io/did-key-spec/ (only the Multikey expansion is needed here).
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;
using Identity.Testing;

namespace Identity.Credentials.Tests.DataIntegrity;

/// <summary>Vector loading, key decoding, a fixed clock and small test DID methods for the Data Integrity tests.</summary>
internal static class DataIntegrityTestKit
{
    /// <summary>The time the W3C vectors were made (2023-02-24T23:36:38Z) plus a day: their proofs are neither future nor expired.</summary>
    public static readonly DateTimeOffset VectorTime = new(2023, 2, 25, 23, 36, 38, TimeSpan.Zero);

    public static string EddsaDir(params string[] parts) => TestVectors.Path(["vc-di-eddsa", "TestVectors", .. parts]);

    public static string EcdsaDir(params string[] parts) => TestVectors.Path(["vc-di-ecdsa", "TestVectors", .. parts]);

    public static JsonObject LoadObject(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    /// <summary>A vector text file without its trailing line break.</summary>
    public static string LoadText(string path) => File.ReadAllText(path).TrimEnd('\r', '\n');

    public static PrivateKey DecodePrivateKey(string multibase)
    {
        Result<PrivateKey> key = Multikey.DecodePrivateKey(multibase);
        Assert.IsTrue(key.IsSuccess, key.ToString());
        return key.Value;
    }

    /// <summary>The did:key verification method id of a public key (<c>did:key:z…#z…</c>).</summary>
    public static string DidKeyMethodId(PublicKey key)
    {
        string multibase = Multikey.EncodePublicKey(key);
        return $"did:key:{multibase}#{multibase}";
    }

    /// <summary>A service over did:key plus hand-built <c>did:example</c> documents, at <paramref name="now"/>.</summary>
    public static DataIntegrityProofService CreateService(DateTimeOffset now, params DidDocument[] examples) =>
        new(new DidResolver([new KeyDidMethod(), new ExampleDidMethod(examples)]), CryptosuiteRegistry.Default, new FixedTimeProvider(now));

    /// <summary>A clock that always says <paramref name="now"/>.</summary>
    public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>did:key as pure computation: one Multikey method, listed under every signing relationship.</summary>
    public sealed class KeyDidMethod : IDidMethod
    {
        public string Name => "key";

        public ValueTask<DidResolutionResult> ResolveAsync(Did did, DidResolutionOptions options, CancellationToken cancellationToken = default)
        {
            Result<PublicKey> key = Multikey.DecodePublicKey(did.MethodSpecificId);
            if (!key.IsSuccess)
            {
                return ValueTask.FromResult(DidResolutionResult.Failure(ErrorCodes.InvalidDid, key.Error.Detail));
            }

            var method = VerificationMethod.FromMultikey($"{did.Value}#{did.MethodSpecificId}", did.Value, key.Value);
            var self = VerificationMethodReference.Reference(method.Id);
            var document = new DidDocument
            {
                Id = did,
                VerificationMethod = [method],
                Authentication = [self],
                AssertionMethod = [self],
                CapabilityInvocation = [self],
                CapabilityDelegation = [self],
            };
            return ValueTask.FromResult(DidResolutionResult.Success(document));
        }
    }

    /// <summary>did:example documents built by the test; unknown DIDs are <c>notFound</c>.</summary>
    public sealed class ExampleDidMethod(IEnumerable<DidDocument> documents) : IDidMethod
    {
        private readonly Dictionary<string, DidDocument> _documents = documents.ToDictionary(d => d.Id.Value, StringComparer.Ordinal);

        public string Name => "example";

        public ValueTask<DidResolutionResult> ResolveAsync(Did did, DidResolutionOptions options, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(
                _documents.TryGetValue(did.Value, out DidDocument? document)
                    ? DidResolutionResult.Success(document)
                    : DidResolutionResult.Failure(ErrorCodes.NotFound, $"{did.Value} is not known."));
    }
}
