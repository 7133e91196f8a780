// References: W3C Bitstring Status List v1.0 (15 May 2025), https://www.w3.org/TR/vc-bitstring-status-list/
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Identity.Credentials.Cryptosuites;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Model;
using Identity.Credentials.Status;
using Identity.Cryptography;
using Identity.DidMethods.Key;
using Identity.Dids;
using Identity.Primitives;
using Identity.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Credentials.Tests.Status;

/// <summary>A clock, a did:key proof service, issuers that sign status list credentials, and an in-memory source.</summary>
internal sealed class StatusListTestKit : IDisposable
{
    public const string ListUrl = "https://status.example/lists/1";
    public const string OtherListUrl = "https://status.example/lists/2";

    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public StatusListTestKit()
    {
        Time = new FakeTimeProvider(Now);
        Proofs = new DataIntegrityProofService(new DidResolver([new DidKeyMethod()]), CryptosuiteRegistry.Default, Time);
    }

    public FakeTimeProvider Time { get; }

    public DataIntegrityProofService Proofs { get; }

    public Issuer Alice { get; } = new();

    public Issuer Mallory { get; } = new();

    public FakeSource Source { get; } = new();

    public BitstringStatusListChecker Checker(StatusListCheckerOptions? options = null) => new(Source, Proofs, Time, options);

    /// <summary>An unsigned status list credential of <paramref name="issuer"/>, valid for a week around <see cref="Now"/>.</summary>
    public static JsonObject UnsignedList(
        Issuer issuer, string purpose, int[] setIndexes, string url = ListUrl, DateTimeOffset? validFrom = null, DateTimeOffset? validUntil = null) =>
        BitstringStatusListCredential.Build(
            url, issuer.Did, purpose, BitstringStatusList.Create(BitstringStatusList.MinimumSize, setIndexes),
            validFrom ?? Now.AddDays(-1), validUntil ?? Now.AddDays(6));

    /// <summary>Signs <paramref name="document"/> with <paramref name="signer"/>'s key (eddsa-jcs-2022, assertionMethod).</summary>
    public JsonObject Sign(JsonObject document, Issuer signer)
    {
        Result<JsonObject> secured = Proofs.AddProof(document, EddsaJcs2022.CryptosuiteName, new ProofOptions
        {
            VerificationMethod = signer.VerificationMethod,
            ProofPurpose = "assertionMethod",
            Created = Now.AddDays(-1),
        }, signer.Key);
        Assert.IsTrue(secured.IsSuccess, secured.ToString());
        return secured.Value;
    }

    /// <summary>Signs a list of <paramref name="issuer"/> and publishes it at <paramref name="url"/>.</summary>
    public JsonObject PublishList(Issuer issuer, string purpose, int[] setIndexes, string url = ListUrl)
    {
        JsonObject signed = Sign(UnsignedList(issuer, purpose, setIndexes, url), issuer);
        Source.Publish(url, signed);
        return signed;
    }

    /// <summary>An unsigned VC 2.0 credential of <paramref name="issuer"/> carrying <paramref name="entries"/>.</summary>
    public static JsonObject CredentialJson(Issuer issuer, params JsonObject[] entries)
    {
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray(VcContexts.V2),
            ["id"] = "urn:uuid:5f1b9a36-44c7-4d0b-9d0e-2f7a0c3e8b21",
            ["type"] = new JsonArray("VerifiableCredential"),
            ["issuer"] = issuer.Did,
            ["validFrom"] = "2026-01-01T00:00:00Z",
            ["credentialSubject"] = new JsonObject { ["id"] = "did:example:holder" },
        };
        if (entries.Length > 0)
        {
            credential["credentialStatus"] = entries.Length == 1 ? entries[0] : new JsonArray([.. entries]);
        }

        return credential;
    }

    public static VerifiableCredential Credential(Issuer issuer) => VerifiableCredential.Parse(CredentialJson(issuer)).Value;

    public static JsonObject Entry(int index, string purpose = "revocation", string url = ListUrl) =>
        BitstringStatusListCredential.BuildEntry(url, index, purpose);

    public void Dispose()
    {
        Alice.Dispose();
        Mallory.Dispose();
    }

    /// <summary>A did:key Ed25519 issuer.</summary>
    public sealed class Issuer : IDisposable
    {
        public Issuer()
        {
            Key = SignatureAlgorithms.Ed25519.GenerateKey();
            Did = DidKeyMethod.CreateDid(Key.PublicKey).Value;
            VerificationMethod = $"{Did}#{Did["did:key:".Length..]}";
        }

        public PrivateKey Key { get; }

        public string Did { get; }

        public string VerificationMethod { get; }

        public void Dispose() => Key.Dispose();
    }

    /// <summary>Serves published documents by URL, counts calls, and can be told to fail.</summary>
    public sealed class FakeSource : IStatusListCredentialSource
    {
        private readonly ConcurrentDictionary<string, JsonObject> _documents = new(StringComparer.Ordinal);
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Error? Failure { get; set; }

        /// <summary>When set, served for every URL that has nothing published (a host answering any query string alike).</summary>
        public JsonObject? ForAnyUrl { get; set; }

        public void Publish(string url, JsonObject document) => _documents[url] = (JsonObject)document.DeepClone();

        public ValueTask<Result<JsonObject>> GetAsync(Uri url, CancellationToken ct)
        {
            Interlocked.Increment(ref _calls);
            if (Failure is { } failure)
            {
                return ValueTask.FromResult<Result<JsonObject>>(failure);
            }

            return ValueTask.FromResult<Result<JsonObject>>(
                _documents.TryGetValue(url.OriginalString, out JsonObject? document) || (document = ForAnyUrl) is not null
                    ? (JsonObject)document.DeepClone()
                    : new Error(ErrorCodes.NotFound, $"Nothing is published at {url}."));
        }
    }
}
