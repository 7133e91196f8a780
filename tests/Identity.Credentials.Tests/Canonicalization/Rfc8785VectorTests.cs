// References: RFC 8785, JSON Canonicalization Scheme (JCS), June 2020 — https://www.rfc-editor.org/rfc/rfc8785
// Vectors: ../shared/test-vectors/rfc8785-jcs/testdata (input/*.json → output/*.json, outhex/*.txt; see its README.md).

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives.Canonicalization;
using Identity.Testing;

namespace Identity.Credentials.Tests.Canonicalization;

[TestClass]
public sealed class Rfc8785VectorTests
{
    private static string TestData => TestVectors.Path("rfc8785-jcs", "testdata");

    /// <summary>
    /// One row per file in <c>input/</c>, by name without extension. When the vectors are missing it yields one
    /// placeholder row, so that each test fails with <see cref="TestVectors"/>' message rather than a reflection error.
    /// </summary>
    public static IEnumerable<object[]> Vectors
    {
        get
        {
            string input;
            try
            {
                input = Path.Combine(TestData, "input");
            }
            catch (AssertFailedException)
            {
                return [["(test vectors missing)"]];
            }

            return Directory.EnumerateFiles(input, "*.json")
                .Select(path => Path.GetFileNameWithoutExtension(path))
                .Order(StringComparer.Ordinal)
                .Select(name => new object[] { name });
        }
    }

    [TestMethod]
    [DynamicData(nameof(Vectors))]
    public void Canonicalize_InputText_EqualsOutputFile(string name)
    {
        byte[] input = File.ReadAllBytes(Path.Combine(TestData, "input", name + ".json"));
        byte[] expected = File.ReadAllBytes(Path.Combine(TestData, "output", name + ".json"));

        byte[] actual = Jcs.Canonicalize(input).Value;

        AssertBytes(expected, actual, name);
    }

    [TestMethod]
    [DynamicData(nameof(Vectors))]
    public void Canonicalize_InputText_EqualsOutHexFile(string name)
    {
        byte[] input = File.ReadAllBytes(Path.Combine(TestData, "input", name + ".json"));
        byte[] expected = ParseHex(File.ReadAllText(Path.Combine(TestData, "outhex", name + ".txt")));

        byte[] actual = Jcs.Canonicalize(input).Value;

        AssertBytes(expected, actual, name);
    }

    [TestMethod]
    [DynamicData(nameof(Vectors))]
    public void Canonicalize_ParsedNodeAndElement_EqualOutputFile(string name)
    {
        byte[] input = File.ReadAllBytes(Path.Combine(TestData, "input", name + ".json"));
        byte[] expected = File.ReadAllBytes(Path.Combine(TestData, "output", name + ".json"));
        using JsonDocument document = JsonDocument.Parse(input);

        AssertBytes(expected, Jcs.Canonicalize(JsonNode.Parse(input)).Value, name + " (JsonNode)");
        AssertBytes(expected, Jcs.Canonicalize(document.RootElement).Value, name + " (JsonElement)");
        Assert.AreEqual(Encoding.UTF8.GetString(expected), Jcs.CanonicalizeToString(JsonNode.Parse(input)).Value);
    }

    [TestMethod]
    public void Vectors_EveryInput_HasOutputAndOutHex()
    {
        string[] names = [.. Vectors.Select(row => (string)row[0])];
        _ = TestData; // Fails with a clear message when the vectors are missing.

        Assert.IsGreaterThanOrEqualTo(6, names.Length, "The RFC 8785 test data has at least six input files.");
        foreach (string name in names)
        {
            Assert.IsTrue(File.Exists(Path.Combine(TestData, "output", name + ".json")), $"output/{name}.json is missing.");
            Assert.IsTrue(File.Exists(Path.Combine(TestData, "outhex", name + ".txt")), $"outhex/{name}.txt is missing.");
        }
    }

    private static byte[] ParseHex(string text) =>
        [.. text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(h => byte.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture))];

    private static void AssertBytes(byte[] expected, byte[] actual, string name) =>
        Assert.IsTrue(
            expected.AsSpan().SequenceEqual(actual),
            $"{name}: expected {Encoding.UTF8.GetString(expected)} but got {Encoding.UTF8.GetString(actual)}.");
}
