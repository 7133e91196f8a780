using System.Text.Json.Nodes;
using Identity.Primitives;
using static Identity.Credentials.Tests.Status.StatusListTestKit;

namespace Identity.Credentials.Tests.Status;

/// <summary>§2.1 BitstringStatusListEntry: each malformed field is <c>invalidStatusEntry</c>, decided before any fetch.</summary>
public sealed partial class BitstringStatusListCheckerTests
{
    public static IEnumerable<object?[]> MalformedEntries() =>
    [
        ["type", null],
        ["type", "StatusList2021Entry"],
        ["type", 1],
        ["statusPurpose", null],
        ["statusPurpose", ""],
        ["statusPurpose", 3],
        ["statusPurpose", new JsonArray("revocation")],
        ["statusListIndex", null],
        ["statusListIndex", 94567],
        ["statusListIndex", ""],
        ["statusListIndex", "-1"],
        ["statusListIndex", "+1"],
        ["statusListIndex", " 1"],
        ["statusListIndex", "1 "],
        ["statusListIndex", "1.0"],
        ["statusListIndex", "1e3"],
        ["statusListIndex", "0x10"],
        ["statusListIndex", "١٢"],
        ["statusListCredential", null],
        ["statusListCredential", 7],
        ["statusListCredential", "did:example:status-list"],
        ["statusListCredential", "ftp://status.example/lists/1"],
        ["statusListCredential", "/lists/1"],
        ["statusListCredential", "https://"],
        ["statusListCredential", "https://status.example/lists/1 "],
        ["statusSize", 2],
        ["statusSize", 0],
        ["statusSize", "1"],
        ["statusSize", 1.5],
    ];

    [TestMethod]
    [DynamicData(nameof(MalformedEntries))]
    public async Task CheckAsync_MalformedEntryField_InvalidStatusEntryWithoutFetching(string property, object? value)
    {
        _kit.PublishList(_kit.Alice, "revocation", [5]);
        JsonObject entry = Entry(5);
        entry[property] = value switch
        {
            null => null,
            string s => JsonValue.Create(s),
            int i => JsonValue.Create(i),
            double d => JsonValue.Create(d),
            JsonNode node => node.DeepClone(),
            _ => throw new ArgumentOutOfRangeException(nameof(value)),
        };

        Error? outcome = await CheckAsync(entry);

        Assert.AreEqual(ErrorCodes.InvalidStatusEntry, outcome?.Code, outcome?.ToString());
        StringAssert.Contains(outcome!.Detail, property);
        Assert.AreEqual(0, _kit.Source.Calls);
    }

    [TestMethod]
    [DataRow("0005", ErrorCodes.CredentialRevoked)]
    [DataRow("0", null)]
    [DataRow("000", null)]
    public async Task CheckAsync_IndexWithLeadingZeros_ReadAsBase10(string index, string? code)
    {
        _kit.PublishList(_kit.Alice, "revocation", [5]);
        JsonObject entry = Entry(0);
        entry["statusListIndex"] = index;

        Error? outcome = await CheckAsync(entry);

        Assert.AreEqual(code, outcome?.Code, outcome?.ToString());
    }

    [TestMethod]
    public async Task CheckAsync_TypeArrayAndStatusSizeOne_Accepted()
    {
        _kit.PublishList(_kit.Alice, "revocation", [5]);
        JsonObject entry = Entry(5);
        entry["type"] = new JsonArray("BitstringStatusListEntry");
        entry["statusSize"] = 1;
        entry.Remove("id");

        Error? outcome = await CheckAsync(entry);

        Assert.AreEqual(ErrorCodes.CredentialRevoked, outcome?.Code, outcome?.ToString());
    }
}
