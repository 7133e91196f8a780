using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.JsonLd.Tests;

/// <summary>Serves the json-ld-api suite's own files for their published URLs, from disk; anything else is not found.</summary>
internal sealed class SuiteDocumentLoader(string root) : IJsonLdDocumentLoader
{
    public const string BaseIri = "https://w3c.github.io/json-ld-api/tests/";

    public Result<JsonNode> LoadDocument(string url)
    {
        if (!url.StartsWith(BaseIri, StringComparison.Ordinal))
        {
            return new Error(ErrorCodes.ContextNotFound, $"{url} is not part of the suite.");
        }

        string path = Path.GetFullPath(Path.Combine(root, url[BaseIri.Length..]));
        if (!path.StartsWith(root, StringComparison.Ordinal) || !File.Exists(path))
        {
            return new Error(ErrorCodes.ContextNotFound, $"{url} is not in the suite.");
        }

        return JsonNode.Parse(File.ReadAllText(path))!;
    }
}
