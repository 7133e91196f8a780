// References:
//   JSON-LD 1.1 Processing Algorithms and API, §9.4 LoadDocumentCallback (a document loader) — https://www.w3.org/TR/json-ld11-api/#loaddocumentcallback
//   W3C Verifiable Credentials Data Model v2.0, §B.1 Base Context (its published SHA-256 and the advice to cache
//     contexts locally) — https://www.w3.org/TR/vc-data-model-2.0/#base-context

using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Identity.Credentials.Model;
using Identity.Primitives;

namespace Identity.Credentials.Contexts;

/// <summary>
/// The JSON-LD contexts this deployment accepts, read from disk and pinned by SHA-256 in <c>manifest.json</c>
/// (<c>{ "&lt;url&gt;": { "file": "...", "sha256": "&lt;hex&gt;" } }</c>). Contexts are never fetched.
/// </summary>
/// <remarks>
/// <para>A file whose bytes do not hash to the manifest's value is refused: <see cref="Get"/> returns
/// <see cref="ErrorCodes.ContextNotFound"/> for it, as for a URL the manifest does not list, or a file that is
/// missing or not a JSON object.</para>
/// <threadsafety>Immutable after <see cref="LoadFrom(string)"/>; <see cref="Get"/> returns a fresh clone and is safe from any thread.</threadsafety>
/// </remarks>
public sealed class ContextStore : Validation.IRelatedResourceSource
{
    /// <summary>The manifest's file name inside the contexts directory.</summary>
    public const string ManifestFileName = "manifest.json";

    private readonly FrozenDictionary<string, Result<JsonObject>> _contexts;
    private readonly FrozenDictionary<string, byte[]> _bytes;

    private ContextStore(FrozenDictionary<string, Result<JsonObject>> contexts, FrozenDictionary<string, byte[]> bytes)
    {
        _contexts = contexts;
        _bytes = bytes;
    }

    /// <summary>
    /// The pinned bytes of an accepted context whose manifest entry says <c>"publishedBytes": true</c> (the file is the
    /// published document byte for byte, so <c>relatedResource</c> digests can be checked against it); false for any
    /// other URL, including contexts pinned from a reformatted copy.
    /// </summary>
    public bool TryGetBytes(string url, out ReadOnlyMemory<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(url);
        bool found = _bytes.TryGetValue(url, out byte[]? pinned);
        bytes = found ? pinned : ReadOnlyMemory<byte>.Empty;
        return found;
    }

    /// <summary>The URLs the manifest lists (including any whose file was refused).</summary>
    public IReadOnlyCollection<string> Urls => _contexts.Keys;

    /// <summary>The shipped contexts plus an operator's own directory (pinned the same way), when one is configured.</summary>
    /// <exception cref="InvalidDataException">Both directories list one URL: a shipped context cannot be replaced.</exception>
    public static ContextStore LoadFrom(string shippedDirectory, string? operatorDirectory)
    {
        ContextStore shipped = LoadFrom(shippedDirectory);
        if (operatorDirectory is null)
        {
            return shipped;
        }

        ContextStore added = LoadFrom(operatorDirectory);
        string? clash = added._contexts.Keys.FirstOrDefault(shipped._contexts.ContainsKey);
        if (clash is not null)
        {
            throw new InvalidDataException($"{Path.Combine(operatorDirectory, ManifestFileName)}: {clash} is a shipped context and cannot be replaced.");
        }

        return new ContextStore(
            shipped._contexts.Concat(added._contexts).ToFrozenDictionary(StringComparer.Ordinal),
            shipped._bytes.Concat(added._bytes).ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Reads the manifest and every file it lists, checking each file's SHA-256.</summary>
    /// <exception cref="FileNotFoundException">The manifest is missing (a deployment error).</exception>
    /// <exception cref="InvalidDataException">The manifest is not an object of <c>{file, sha256}</c> entries, or names a
    /// file outside the directory.</exception>
    public static ContextStore LoadFrom(string contextsDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(contextsDirectory);
        string root = Path.GetFullPath(contextsDirectory);
        string manifestPath = Path.Combine(root, ManifestFileName);
        if (JsonNode.Parse(File.ReadAllText(manifestPath)) is not JsonObject manifest)
        {
            throw new InvalidDataException($"{manifestPath}: must be a JSON object mapping context URLs to {{file, sha256}}.");
        }

        var contexts = new Dictionary<string, Result<JsonObject>>(StringComparer.Ordinal);
        var pinned = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach ((string url, JsonNode? entry) in manifest)
        {
            string? file = JsonValues.GetString(entry?["file"]);
            string? sha256 = JsonValues.GetString(entry?["sha256"]);
            string? path = file is null ? null : Path.GetFullPath(Path.Combine(root, file));
            if (path is null || sha256 is null || !path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{manifestPath}: the entry for {url} needs a file inside the directory and a sha256.");
            }

            contexts[url] = Read(url, path, sha256, out byte[]? bytes);
            if (bytes is not null && entry?["publishedBytes"] is JsonValue flag && flag.GetValueKind() == System.Text.Json.JsonValueKind.True)
            {
                pinned[url] = bytes;
            }
        }

        return new ContextStore(contexts.ToFrozenDictionary(StringComparer.Ordinal), pinned.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The context document for <paramref name="url"/>, as a fresh clone.</summary>
    /// <returns>The document, or <see cref="ErrorCodes.ContextNotFound"/> when the URL is unknown or its file was refused.</returns>
    public Result<JsonObject> Get(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return _contexts.TryGetValue(url, out Result<JsonObject> context)
            ? context.Map(document => document.DeepClone().AsObject())
            : new Error(ErrorCodes.ContextNotFound,
                $"The context {url} is not in the offline context store (contexts are never fetched). An operator adds it by " +
                "putting the file in the directory named by IDENTITY_CONTEXTS_DIR and listing it in that directory's manifest.json " +
                "with its SHA-256.");
    }

    private static Result<JsonObject> Read(string url, string path, string expectedSha256, out byte[]? accepted)
    {
        accepted = null;
        if (!File.Exists(path))
        {
            return new Error(ErrorCodes.ContextNotFound, $"The file for the context {url} is missing.");
        }

        byte[] bytes = File.ReadAllBytes(path);
        string actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            return new Error(ErrorCodes.ContextNotFound, $"The file for the context {url} does not match its pinned SHA-256; refused.");
        }

        if (JsonNode.Parse(bytes) is JsonObject document)
        {
            accepted = bytes;
            return document;
        }

        return new Error(ErrorCodes.ContextNotFound, $"The file for the context {url} is not a JSON object.");
    }
}
