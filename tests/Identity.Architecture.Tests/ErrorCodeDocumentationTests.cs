using System.Reflection;
using Identity.Primitives;
using Identity.Testing;

namespace Identity.Architecture.Tests;

/// <summary>Every stable error code has its documentation page and a row in the index, which problem types link to.</summary>
[TestClass]
public sealed class ErrorCodeDocumentationTests
{
    public static IEnumerable<object[]> Codes() => typeof(ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => new object[] { (string)f.GetRawConstantValue()! });

    [TestMethod]
    [DynamicData(nameof(Codes))]
    public void ErrorCode_HasPageAndIndexRow(string code)
    {
        var docs = Path.Combine(TestVectors.RepositoryRoot, "docs", "errors");
        Assert.IsTrue(File.Exists(Path.Combine(docs, code + ".md")), $"docs/errors/{code}.md is missing.");
        StringAssert.Contains(File.ReadAllText(Path.Combine(docs, "README.md")), $"[`{code}`]({code}.md)", $"docs/errors/README.md has no row for {code}.");
    }

    [TestMethod]
    public void ErrorCodes_AreUnique()
    {
        var codes = Codes().Select(c => (string)c[0]).ToList();
        CollectionAssert.AllItemsAreUnique(codes);
    }
}
