// References: W3C Verifiable Credential Data Integrity 1.0 (15 May 2025), https://www.w3.org/TR/vc-data-integrity/ ;
using System.Text.Json.Nodes;
using Identity.Credentials.Contexts;
using Identity.Credentials.DataIntegrity;
using Identity.JsonLd;
using Identity.Cryptography;
using Identity.DidMethods.Key;
using Identity.Dids;
using Identity.Primitives;
using Identity.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Credentials.Tests.DataIntegrity;

/// <summary>Vector loading, key decoding and a hand-built did:example method for the Data Integrity tests.</summary>
internal static class DataIntegrityTestKit
{
    /// <summary>The time the W3C vectors were made (2023-02-24T23:36:38Z) plus a day: their proofs are neither future nor expired.</summary>
    public static readonly DateTimeOffset VectorTime = new(2023, 2, 25, 23, 36, 38, TimeSpan.Zero);

    private static readonly Lazy<JsonLdProcessor> s_jsonLd = new(() => new JsonLdProcessor(new CompositeLoader(
        new ContextStoreDocumentLoader(ContextStore.LoadFrom(Path.Combine(AppContext.BaseDirectory, "schemas", "contexts"))),
        new ContextStoreDocumentLoader(ContextStore.LoadFrom(Path.Combine(AppContext.BaseDirectory, "TestContexts"))))));

    private static readonly Lazy<CryptosuiteRegistry> s_suites = new(() => CryptosuiteRegistry.WithJsonLd(s_jsonLd.Value));

    /// <summary>A JSON-LD processor over the shipped contexts plus the test-only ones in TestContexts/ (offline).</summary>
    public static JsonLdProcessor JsonLd => s_jsonLd.Value;

    /// <summary>Every suite, the RDFC ones over <see cref="JsonLd"/>.</summary>
    public static CryptosuiteRegistry Suites => s_suites.Value;

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
        new(new DidResolver([new DidKeyMethod(), new ExampleDidMethod(examples)]), Suites, new FakeTimeProvider(now));

    /// <summary>The first loader that has the URL wins.</summary>
    public sealed class CompositeLoader(params IJsonLdDocumentLoader[] loaders) : IJsonLdDocumentLoader
    {
        public Result<JsonNode> LoadDocument(string url)
        {
            Result<JsonNode> result = default;
            foreach (IJsonLdDocumentLoader loader in loaders)
            {
                result = loader.LoadDocument(url);
                if (result.IsSuccess)
                {
                    return result;
                }
            }

            return result;
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
