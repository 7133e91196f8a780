using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Identity.Credentials.Contexts;
using Identity.Credentials.Model;
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
        Assert.IsInstanceOfType<JsonObject>(context.Value["@context"]);
    }

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
    public void Get_UnknownUrl_ContextNotFound() =>
        Assert.AreEqual(ErrorCodes.ContextNotFound, ContextStore.LoadFrom(ShippedDirectory).Get("https://www.w3.org/ns/credentials/examples/v2").Error!.Code);

    [TestMethod]
    public void Get_ReturnsAFreshClone()
    {
        ContextStore store = ContextStore.LoadFrom(ShippedDirectory);
        store.Get(VcContexts.V2).Value["@context"] = null;

        Assert.IsNotNull(store.Get(VcContexts.V2).Value["@context"]);
    }
}
