// References: W3C Bitstring Status List v1.0 (W3C Recommendation, 15 May 2025), §2.1 BitstringStatusListEntry,
//   §2.2 BitstringStatusListCredential (Example 3), https://www.w3.org/TR/vc-bitstring-status-list/
using System.Text.Json.Nodes;
using Identity.Credentials.Status;
using Identity.Credentials.Validation;

namespace Identity.Credentials.Tests.Status;

[TestClass]
public sealed class BitstringStatusListCredentialTests
{
    private const string Url = "https://example.com/credentials/status/3";
    private static readonly DateTimeOffset s_validFrom = new(2021, 4, 5, 14, 27, 40, TimeSpan.Zero);
    private static readonly BitstringStatusList s_empty = BitstringStatusList.Create(BitstringStatusList.MinimumSize, []);

    [TestMethod]
    public void Build_SpecExample3Inputs_ReproducesExample3()
    {
        JsonObject credential = BitstringStatusListCredential.Build(Url, "did:example:12345", "revocation", s_empty, s_validFrom, null);

        // Example 3, except that its subject id has "/status/3#list" where ours is always "{id}#list".
        JsonNode expected = JsonNode.Parse("""
            {
              "@context": ["https://www.w3.org/ns/credentials/v2"],
              "id": "https://example.com/credentials/status/3",
              "type": ["VerifiableCredential", "BitstringStatusListCredential"],
              "issuer": "did:example:12345",
              "validFrom": "2021-04-05T14:27:40Z",
              "credentialSubject": {
                "id": "https://example.com/credentials/status/3#list",
                "type": "BitstringStatusList",
                "statusPurpose": "revocation",
                "encodedList": "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"
              }
            }
            """)!;
        Assert.IsTrue(JsonNode.DeepEquals(expected, credential), credential.ToJsonString());
        Assert.AreEqual(0, DataModelValidator.ValidateCredential(credential).Count, string.Join("; ", DataModelValidator.ValidateCredential(credential)));
    }

    [TestMethod]
    public void Build_WithValidUntil_WritesUtcXsdDateTime()
    {
        var until = new DateTimeOffset(2021, 4, 6, 16, 27, 40, TimeSpan.FromHours(2));

        JsonObject credential = BitstringStatusListCredential.Build(Url, "did:example:12345", "suspension", s_empty, s_validFrom, until);

        Assert.AreEqual("2021-04-06T14:27:40Z", credential["validUntil"]!.GetValue<string>());
        Assert.AreEqual(0, DataModelValidator.ValidateCredential(credential).Count);
    }

    [TestMethod]
    public void Build_ProgrammingErrors_Throw()
    {
        Assert.ThrowsExactly<ArgumentException>(() => BitstringStatusListCredential.Build("status/3", "did:example:1", "revocation", s_empty, s_validFrom, null));
        Assert.ThrowsExactly<ArgumentException>(() => BitstringStatusListCredential.Build(Url, "issuer", "revocation", s_empty, s_validFrom, null));
        Assert.ThrowsExactly<ArgumentException>(() => BitstringStatusListCredential.Build(Url, "did:example:1", "", s_empty, s_validFrom, null));
        Assert.ThrowsExactly<ArgumentException>(() => BitstringStatusListCredential.Build(Url, "did:example:1", "revocation", s_empty, s_validFrom, s_validFrom));
        Assert.ThrowsExactly<ArgumentNullException>(() => BitstringStatusListCredential.Build(Url, "did:example:1", "revocation", null!, s_validFrom, null));
    }

    [TestMethod]
    public void Build_ListBelowSpecMinimum_Built()
    {
        var small = BitstringStatusList.Create(8, [3]);

        JsonObject credential = BitstringStatusListCredential.Build(Url, "did:example:1", "revocation", small, s_validFrom, null);

        Assert.AreEqual(small.Encode(), credential["credentialSubject"]!["encodedList"]!.GetValue<string>());
    }

    [TestMethod]
    public void BuildEntry_Index_DecimalStringEntryThatValidates()
    {
        JsonObject entry = BitstringStatusListCredential.BuildEntry(Url, 94567, "revocation");

        JsonNode expected = JsonNode.Parse("""
            {
              "id": "https://example.com/credentials/status/3#94567",
              "type": "BitstringStatusListEntry",
              "statusPurpose": "revocation",
              "statusListIndex": "94567",
              "statusListCredential": "https://example.com/credentials/status/3"
            }
            """)!;
        Assert.IsTrue(JsonNode.DeepEquals(expected, entry), entry.ToJsonString());
        JsonObject credential = CredentialWith(entry);
        Assert.AreEqual(0, DataModelValidator.ValidateCredential(credential).Count, string.Join("; ", DataModelValidator.ValidateCredential(credential)));
    }

    [TestMethod]
    [DataRow("did:example:status")]
    [DataRow("ftp://example.com/status/3")]
    [DataRow("/status/3")]
    [DataRow("https://")]
    public void BuildEntry_NotAnHttpUrl_Throws(string url) =>
        Assert.ThrowsExactly<ArgumentException>(() => BitstringStatusListCredential.BuildEntry(url, 1, "revocation"));

    [TestMethod]
    public void BuildEntry_NegativeIndex_Throws() =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => BitstringStatusListCredential.BuildEntry(Url, -1, "revocation"));

    private static JsonObject CredentialWith(JsonObject entry) => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
        ["type"] = new JsonArray("VerifiableCredential"),
        ["issuer"] = "did:example:12345",
        ["credentialSubject"] = new JsonObject { ["id"] = "did:example:6789" },
        ["credentialStatus"] = entry,
    };
}
