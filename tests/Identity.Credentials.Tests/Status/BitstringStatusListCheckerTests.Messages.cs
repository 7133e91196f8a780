using System.Text.Json.Nodes;
using Identity.Credentials.Status;
using Identity.Primitives;
using static Identity.Credentials.Tests.Status.StatusListTestKit;

namespace Identity.Credentials.Tests.Status;

/// <summary>§2.1 / §3.2: multi-bit entries (<c>statusSize</c> &gt; 1) with <c>statusMessage</c> and <c>statusReference</c>.</summary>
public sealed partial class BitstringStatusListCheckerTests
{
    private static JsonObject MessageEntry(int index, int size = 2)
    {
        JsonObject entry = Entry(index, "message");
        entry["statusSize"] = size;
        entry["statusMessage"] = new JsonArray([.. Enumerable.Range(0, 1 << size).Select(v => (JsonNode)new JsonObject
        {
            ["status"] = $"0x{v:x}",
            ["message"] = $"state-{v}",
        })]);
        entry["statusReference"] = "https://status.example/messages";
        return entry;
    }

    [TestMethod]
    [DataRow(new int[0], null, DisplayName = "0x0 valid")]
    [DataRow(new[] { 11 }, "0x1 (state-1)", DisplayName = "0x1: the low bit, 2i + 1")]
    [DataRow(new[] { 10 }, "0x2 (state-2)", DisplayName = "0x2: the high bit, 2i")]
    [DataRow(new[] { 10, 11 }, "0x3 (state-3)", DisplayName = "0x3")]
    [DataRow(new[] { 9, 12 }, null, DisplayName = "neighbours' bits do not count")]
    public async Task CheckAsync_TwoBitMessageEntry_ReadsIndexTimesSizeMostSignificantFirst(int[] setBits, string? expected)
    {
        _kit.PublishList(_kit.Alice, "message", setBits);

        Error? outcome = await CheckAsync(MessageEntry(5));

        if (expected is null)
        {
            Assert.IsNull(outcome, outcome?.ToString());
            return;
        }

        Assert.AreEqual(ErrorCodes.CredentialStatusFlagged, outcome?.Code, outcome?.ToString());
        StringAssert.Contains(outcome!.Detail, expected);
    }

    [TestMethod]
    public async Task CheckAsync_MultiBitEntryBeyondTheList_InvalidStatusList()
    {
        _kit.PublishList(_kit.Alice, "message", []);
        int entries = BitstringStatusList.MinimumSize / 2;

        Error? outcome = await CheckAsync(MessageEntry(entries));

        Assert.AreEqual(ErrorCodes.InvalidStatusList, outcome?.Code, outcome?.ToString());
        Assert.IsNull(await CheckAsync(MessageEntry(entries - 1)));
    }

    public static IEnumerable<object?[]> MalformedMessageEntries() =>
    [
        ["statusMessage", null, "statusMessage must be present"],
        ["statusMessage", new JsonArray(), "array of 4 elements"],
        ["statusMessage", "0x0", "array of 4 elements"],
        ["statusMessage", new JsonArray(Msg("0x0"), Msg("0x1"), Msg("0x2"), Msg("0x2")), "twice"],
        ["statusMessage", new JsonArray(Msg("0x0"), Msg("0x1"), Msg("0x2"), Msg("0x4")), "status"],
        ["statusMessage", new JsonArray(Msg("0x0"), Msg("0x1"), Msg("0x2"), Msg("3")), "status"],
        ["statusMessage", new JsonArray(Msg("0x0"), Msg("0x1"), Msg("0x2"), new JsonObject { ["status"] = "0x3" }), "message"],
        ["statusReference", 3, "statusReference"],
        ["statusReference", "not a url", "statusReference"],
        ["statusReference", new JsonArray(), "statusReference"],
        ["statusReference", new JsonArray("https://a.example/", 1), "statusReference"],
        ["statusSize", 9, "statusSize 9"],
    ];

    [TestMethod]
    [DynamicData(nameof(MalformedMessageEntries))]
    public async Task CheckAsync_MalformedMultiBitEntry_InvalidStatusEntryWithoutFetching(string property, object? value, string detail)
    {
        _kit.PublishList(_kit.Alice, "message", []);
        JsonObject entry = MessageEntry(5);
        entry[property] = value switch
        {
            null => null,
            string s => JsonValue.Create(s),
            int i => JsonValue.Create(i),
            JsonNode node => node.DeepClone(),
            _ => throw new ArgumentOutOfRangeException(nameof(value)),
        };

        Error? outcome = await CheckAsync(entry);

        Assert.AreEqual(ErrorCodes.InvalidStatusEntry, outcome?.Code, outcome?.ToString());
        StringAssert.Contains(outcome!.Detail, detail);
        Assert.AreEqual(0, _kit.Source.Calls);
    }

    [TestMethod]
    public async Task CheckAsync_OneBitEntryWithTwoMessagesAndReferences_SetBitIsRevocation()
    {
        _kit.PublishList(_kit.Alice, "revocation", [5]);
        JsonObject entry = Entry(5);
        entry["statusSize"] = 1;
        entry["statusMessage"] = new JsonArray(Msg("0x0"), Msg("0x1"));
        entry["statusReference"] = new JsonArray("https://a.example/", "https://b.example/");

        Error? outcome = await CheckAsync(entry);

        Assert.AreEqual(ErrorCodes.CredentialRevoked, outcome?.Code, outcome?.ToString());
    }

    private static JsonObject Msg(string status) => new() { ["status"] = status, ["message"] = "m" };
}
