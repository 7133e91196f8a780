// References: W3C Bitstring Status List v1.0, W3C Recommendation 15 May 2025, §3.3 Bitstring Generation Algorithm,
//   §3.4 Bitstring Expansion Algorithm, https://www.w3.org/TR/vc-bitstring-status-list/
// Peer: @digitalbazaar/vc-bitstring-status-list 2.0.1 (over @digitalbazaar/bitstring 3.1.0 and pako 2)
//   through tests/interop/bitstring-status-list.mjs (install: npm ci --prefix tests/interop).
using System.Text.Json.Nodes;
using Identity.Credentials.Status;
using Identity.Primitives;
using Identity.Testing;

namespace Identity.Credentials.Tests.Interop;

/// <summary>encodedList against an independent implementation: each side decodes the other's lists to the same bits.</summary>
[TestClass]
public sealed class BitstringStatusListInteropTests
{
    public TestContext TestContext { get; set; } = null!;

    public static IEnumerable<object[]> Lists() =>
    [
        [8, new[] { 0 }],
        [16, new[] { 0, 9, 15 }],
        [1024, new[] { 1, 2, 3, 500, 1023 }],
        [BitstringStatusList.MinimumSize, Array.Empty<int>()],
        [BitstringStatusList.MinimumSize, new[] { 0, 7, 8, 94567, 131_071 }],
        [BitstringStatusList.MinimumSize, RandomIndexes(BitstringStatusList.MinimumSize, 500, seed: 1)],
        [8 * 100_000, RandomIndexes(8 * 100_000, 50, seed: 2)],
    ];

    [TestMethod]
    [DynamicData(nameof(Lists))]
    public async Task WeEncode_NodeDecodesSameBits(int size, int[] setIndexes)
    {
        string ours = BitstringStatusList.Create(size, setIndexes).Encode();

        JsonNode theirs = await RunNodeAsync("decode", new JsonObject { ["encodedList"] = ours });

        Assert.IsNull(theirs["error"], theirs["error"]?.ToString());
        Assert.AreEqual(size, theirs["size"]!.GetValue<int>());
        CollectionAssert.AreEqual(Sorted(setIndexes), theirs["setIndexes"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray());
    }

    [TestMethod]
    [DynamicData(nameof(Lists))]
    public async Task NodeEncodes_WeDecodeSameBits(int size, int[] setIndexes)
    {
        JsonNode theirs = await RunNodeAsync("create", new JsonObject
        {
            ["size"] = size,
            ["setIndexes"] = new JsonArray([.. setIndexes.Select(i => (JsonNode)i)]),
        });

        Result<BitstringStatusList> ours = BitstringStatusList.Decode(theirs["encodedList"]!.GetValue<string>());

        Assert.IsTrue(ours.IsSuccess, ours.ToString());
        Assert.AreEqual(size, ours.Value.Size);
        CollectionAssert.AreEqual(Sorted(setIndexes), ours.Value.SetIndexes().ToArray());
    }

    [TestMethod]
    public async Task EmptyMinimumList_BothSidesEncodeTheSpecExample()
    {
        JsonNode theirs = await RunNodeAsync("create", new JsonObject { ["size"] = BitstringStatusList.MinimumSize, ["setIndexes"] = new JsonArray() });

        string ours = BitstringStatusList.Create(BitstringStatusList.MinimumSize, []).Encode();

        Assert.AreEqual(ours, theirs["encodedList"]!.GetValue<string>());
    }

    [TestMethod]
    [DataRow("H4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA", DisplayName = "no prefix")]
    [DataRow("zH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA", DisplayName = "wrong prefix")]
    [DataRow("uaGVsbG8gd29ybGQ", DisplayName = "not gzip")]
    public async Task MalformedEncodedList_BothSidesReject(string encodedList)
    {
        JsonNode theirs = await RunNodeAsync("decode", new JsonObject { ["encodedList"] = encodedList });

        Assert.IsNotNull(theirs["error"], "node accepted " + encodedList);
        Assert.AreEqual(ErrorCodes.InvalidStatusList, BitstringStatusList.Decode(encodedList).Error?.Code);
    }

    private static int[] Sorted(int[] indexes) => [.. indexes.Distinct().Order()];

    private static int[] RandomIndexes(int size, int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => random.Next(size))];
    }

    private async Task<JsonNode> RunNodeAsync(string command, JsonObject input)
    {
        // NodeInteropPeer checks for the Data Integrity peers only; this one needs its own package as well.
        string package = Path.Combine(TestVectors.RepositoryRoot, "tests", "interop", "node_modules", "@digitalbazaar", "vc-bitstring-status-list", "package.json");
        if (!File.Exists(package))
        {
            string message = $"The Node interop test cannot run: {package} is not installed. Run `npm ci --prefix tests/interop`.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Inconclusive(message);
        }

        return JsonNode.Parse(await NodeInteropPeer.RunAsync("bitstring-status-list.mjs", command, input, TestContext.CancellationToken))!;
    }
}
