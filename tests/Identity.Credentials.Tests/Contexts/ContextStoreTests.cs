using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Identity.Credentials.Contexts;
using Identity.Credentials.Model;
using Identity.JsonLd;
using Identity.Primitives;

namespace Identity.Credentials.Tests.Contexts;

[TestClass]
public sealed class ContextStoreTests
{
    private static string ShippedDirectory => Path.Combine(AppContext.BaseDirectory, "schemas", "contexts");

    public static IEnumerable<object[]> ManifestUrls() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(ShippedDirectory, ContextStore.ManifestFileName)))!.AsObject()
            .Select(entry => new object[] { entry.Key });

    [TestMethod]
    [DynamicData(nameof(ManifestUrls))]
    public void Get_EveryManifestEntry_LoadsAndMatchesItsHash(string url)
    {
        ContextStore store = ContextStore.LoadFrom(ShippedDirectory);

        Result<JsonObject> context = store.Get(url);

        Assert.IsTrue(context.IsSuccess, context.Error?.Detail);
        Assert.IsTrue(context.Value["@context"] is JsonObject or JsonArray, url);
    }

    [TestMethod]
    [DynamicData(nameof(ManifestUrls))]
    public void Expand_EveryShippedContext_IsAValidJsonLd11Context(string url)
    {
        var processor = new JsonLdProcessor(new ContextStoreDocumentLoader(ContextStore.LoadFrom(ShippedDirectory)));

        Result<JsonArray> expanded = processor.Expand(new JsonObject { ["@context"] = url, ["@id"] = "urn:example:1", ["@type"] = "urn:example:T" });

        Assert.IsTrue(expanded.IsSuccess, expanded.Error?.Detail);
        Assert.HasCount(1, expanded.Value);
    }

    [TestMethod]
    public void LoadFrom_ShippedManifest_HasTheContextsPeersSend()
    {
        ContextStore store = ContextStore.LoadFrom(ShippedDirectory);

        CollectionAssert.IsSubsetOf(
            new[]
            {
                "https://www.w3.org/ns/credentials/undefined-terms/v2", "https://www.w3.org/2018/credentials/examples/v1",
                "https://www.w3.org/ns/credentials/examples/v2", "https://w3id.org/security/data-integrity/v1",
                "https://w3id.org/security/v1", "https://w3id.org/security/v2", "https://w3id.org/security/suites/ed25519-2020/v1",
                "https://w3id.org/security/suites/jws-2020/v1", "https://www.w3.org/ns/credentials/status/v1",
                "https://w3id.org/vc/status-list/2021/v1", "https://w3id.org/vc-revocation-list-2020/v1", "https://www.w3.org/ns/odrl.jsonld",
            },
            store.Urls.ToArray());
    }

    [TestMethod]
    public void LoadFrom_OperatorDirectory_AddsItsPinnedContexts_ButCannotReplaceAShippedOne()
    {
        string directory = Directory.CreateTempSubdirectory("operator-contexts").FullName;
        try
        {
            // Arrange: one operator context, pinned by its hash.
            byte[] bytes = "{\"@context\": {\"LabResult\": \"https://lab.example/ns#LabResult\"}}"u8.ToArray();
            File.WriteAllBytes(Path.Combine(directory, "lab.jsonld"), bytes);
            WriteManifest(directory, "https://lab.example/contexts/v1", "lab.jsonld", bytes);

            // Act
            ContextStore store = ContextStore.LoadFrom(ShippedDirectory, directory);
            WriteManifest(directory, VcContexts.V2, "lab.jsonld", bytes);

            // Assert
            Assert.IsTrue(store.Get("https://lab.example/contexts/v1").IsSuccess);
            Assert.IsTrue(store.Get(VcContexts.V2).IsSuccess);
            Assert.ThrowsExactly<InvalidDataException>(() => ContextStore.LoadFrom(ShippedDirectory, directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void WriteManifest(string directory, string url, string file, byte[] bytes) =>
        File.WriteAllText(Path.Combine(directory, ContextStore.ManifestFileName), new JsonObject
        {
            [url] = new JsonObject { ["file"] = file, ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)) },
        }.ToJsonString());

    [TestMethod]
    public void LoadFrom_ShippedManifest_HasTheContextsWeReference()
    {
        ContextStore store = ContextStore.LoadFrom(ShippedDirectory);

        CollectionAssert.IsSubsetOf(
            new[] { VcContexts.V2, VcContexts.V1, "https://w3id.org/security/data-integrity/v2", "https://w3id.org/security/multikey/v1",
                "https://www.w3.org/ns/did/v1", "https://identity.example/ns/health/v1" },
            store.Urls.ToArray());
    }

    [TestMethod]
    public void Get_TamperedFile_Refused()
    {
        // Arrange: a copy of the shipped store with one context changed by a single byte.
        string directory = Directory.CreateTempSubdirectory("contexts").FullName;
        try
        {
            foreach (string file in Directory.EnumerateFiles(ShippedDirectory))
            {
                File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
            }

            string tampered = Path.Combine(directory, "credentials-v2.jsonld");
            File.WriteAllText(tampered, File.ReadAllText(tampered).Replace("\"@protected\": true", "\"@protected\": false", StringComparison.Ordinal));

            // Act
            ContextStore store = ContextStore.LoadFrom(directory);

            // Assert
            Assert.AreEqual(ErrorCodes.ContextNotFound, store.Get(VcContexts.V2).Error!.Code);
            Assert.IsTrue(store.Get(VcContexts.V1).IsSuccess);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    public void Get_UnknownUrl_ContextNotFound_SayingHowToAddIt()
    {
        Error error = ContextStore.LoadFrom(ShippedDirectory).Get("https://unknown.example/contexts/v1").Error!;

        Assert.AreEqual(ErrorCodes.ContextNotFound, error.Code);
        Assert.Contains("IDENTITY_CONTEXTS_DIR", error.Detail);
    }

    [TestMethod]
    public void Get_ReturnsAFreshClone()
    {
        ContextStore store = ContextStore.LoadFrom(ShippedDirectory);
        store.Get(VcContexts.V2).Value["@context"] = null;

        Assert.IsNotNull(store.Get(VcContexts.V2).Value["@context"]);
    }
}
