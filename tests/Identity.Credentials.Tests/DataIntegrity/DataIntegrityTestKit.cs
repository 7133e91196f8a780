// References: W3C Verifiable Credential Data Integrity 1.0 (15 May 2025), https://www.w3.org/TR/vc-data-integrity/ ;
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Cryptography;
using Identity.DidMethods.Key;
using Identity.Dids;
using Identity.Primitives;
using Identity.Testing;

namespace Identity.Credentials.Tests.DataIntegrity;

/// <summary>Vector loading, key decoding and a hand-built did:example method for the Data Integrity tests.</summary>
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
        new(new DidResolver([new DidKeyMethod(), new ExampleDidMethod(examples)]), CryptosuiteRegistry.Default, new FakeTimeProvider(now));

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
