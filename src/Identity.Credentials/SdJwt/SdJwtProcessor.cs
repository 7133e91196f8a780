// References: RFC 9901 (SD-JWT) §7.1 Verification of the SD-JWT, steps 3-5 (processing disclosures, rejecting
//   repeated digests and unreferenced disclosures), https://www.rfc-editor.org/rfc/rfc9901#section-7.1
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Primitives;

namespace Identity.Credentials.SdJwt;

/// <summary>
/// Rebuilds the claims an SD-JWT discloses: every presented disclosure must match exactly one digest in the signed
/// payload (or in another disclosure), no digest may repeat, and a disclosed name may not collide with a visible claim.
/// Undisclosed digests and decoys are dropped, as are <c>_sd</c> and <c>_sd_alg</c>.
/// </summary>
internal sealed class SdJwtProcessor
{
    /// <summary>The most disclosures one SD-JWT may carry; more is refused before hashing.</summary>
    public const int MaxDisclosures = 1024;

    /// <summary>
    /// The deepest nesting of the rebuilt claims. Each JSON text is depth-limited when parsed, but disclosures nest
    /// inside each other, so without this bound a chain of them could recurse deep enough to exhaust the stack.
    /// </summary>
    public const int MaxDepth = 64;

    private readonly Dictionary<string, SdJwtDisclosure> _byDigest;
    private readonly Dictionary<string, string> _paths = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seenDigests = new(StringComparer.Ordinal);
    private Error? _error;

    private SdJwtProcessor(Dictionary<string, SdJwtDisclosure> byDigest) => _byDigest = byDigest;

    /// <summary>Processes <paramref name="payload"/> with the presented disclosures.</summary>
    /// <returns>The disclosed claims and the disclosures (with their <see cref="SdJwtDisclosure.Path"/>), or
    /// <c>unsupportedHashAlgorithm</c>, <c>malformedDisclosure</c>, <c>disclosureDuplicated</c> or <c>disclosureNotReferenced</c>.</returns>
    public static Result<(JsonObject Claims, IReadOnlyList<SdJwtDisclosure> Disclosures)> Process(JsonObject payload, IReadOnlyList<string> encodedDisclosures)
    {
        var hash = SdHashAlgorithm.FromClaim(payload["_sd_alg"]);
        if (!hash.IsSuccess)
        {
            return hash.Error!;
        }

        if (encodedDisclosures.Count > MaxDisclosures)
        {
            return new Error(ErrorCodes.MalformedDisclosure, $"An SD-JWT may carry at most {MaxDisclosures} disclosures.");
        }

        var byDigest = new Dictionary<string, SdJwtDisclosure>(StringComparer.Ordinal);
        var order = new List<SdJwtDisclosure>(encodedDisclosures.Count);
        foreach (string encoded in encodedDisclosures)
        {
            var disclosure = SdJwtDisclosure.Parse(encoded, hash.Value);
            if (!disclosure.IsSuccess)
            {
                return disclosure.Error!;
            }

            if (!byDigest.TryAdd(disclosure.Value.Digest, disclosure.Value))
            {
                return new Error(ErrorCodes.DisclosureDuplicated, "The same disclosure is presented twice.");
            }

            order.Add(disclosure.Value);
        }

        var processor = new SdJwtProcessor(byDigest);
        var claims = processor.ProcessObject(payload, string.Empty, root: true, depth: 0);
        if (processor._error is not null)
        {
            return processor._error;
        }

        foreach (var disclosure in order)
        {
            if (!processor._paths.ContainsKey(disclosure.Digest))
            {
                return new Error(ErrorCodes.DisclosureNotReferenced,
                    "A presented disclosure matches no digest in the signed payload: it was altered or added after issuance.");
            }
        }

        return (claims, order.Select(d => d with { Path = processor._paths[d.Digest] }).ToList());
    }

    private JsonObject ProcessObject(JsonObject source, string path, bool root, int depth)
    {
        var result = new JsonObject();
        if (depth > MaxDepth)
        {
            Fail(ErrorCodes.MalformedDisclosure, $"The disclosed claims nest deeper than {MaxDepth} levels.");
            return result;
        }

        foreach (var (name, value) in source)
        {
            if (name == "_sd" || (root && name == "_sd_alg"))
            {
                continue;
            }

            result[name] = ProcessValue(value, Join(path, name), depth + 1);
        }

        if (source["_sd"] is null)
        {
            return result;
        }

        if (source["_sd"] is not JsonArray digests)
        {
            Fail(ErrorCodes.MalformedDisclosure, $"The _sd member at '{Display(path)}' is not an array of digests.");
            return result;
        }

        foreach (var node in digests)
        {
            if (JoseEncoding.String(node) is not { } digest)
            {
                Fail(ErrorCodes.MalformedDisclosure, $"The _sd member at '{Display(path)}' holds a value that is not a digest string.");
                return result;
            }

            if (!Claim(digest, out var disclosure))
            {
                continue;
            }

            if (disclosure is null)
            {
                return result;
            }

            if (disclosure.Name is null)
            {
                Fail(ErrorCodes.MalformedDisclosure, $"An array-element disclosure is referenced from the object at '{Display(path)}'.");
                return result;
            }

            if (result.ContainsKey(disclosure.Name) || (root && disclosure.Name == "_sd_alg"))
            {
                Fail(ErrorCodes.MalformedDisclosure, $"The disclosed claim '{disclosure.Name}' is already present at '{Display(path)}'.");
                return result;
            }

            string claimPath = Join(path, disclosure.Name);
            _paths[digest] = claimPath;
            result[disclosure.Name] = ProcessValue(disclosure.RawValue, claimPath, depth + 1);
        }

        return result;
    }

    private JsonNode? ProcessValue(JsonNode? value, string path, int depth)
    {
        if (_error is not null || depth > MaxDepth)
        {
            Fail(ErrorCodes.MalformedDisclosure, $"The disclosed claims nest deeper than {MaxDepth} levels.");
            return null;
        }

        switch (value)
        {
            case JsonObject obj:
                return ProcessObject(obj, path, root: false, depth);
            case JsonArray array:
                var result = new JsonArray();
                for (int i = 0; i < array.Count; i++)
                {
                    string elementPath = $"{path}[{result.Count}]";
                    if (array[i] is JsonObject { Count: 1 } element && element["..."] is { } reference)
                    {
                        if (JoseEncoding.String(reference) is not { } digest)
                        {
                            Fail(ErrorCodes.MalformedDisclosure, $"An array-element digest at '{path}' is not a string.");
                            return result;
                        }

                        if (!Claim(digest, out var disclosure))
                        {
                            continue;
                        }

                        if (disclosure is null)
                        {
                            return result;
                        }

                        if (disclosure.Name is not null)
                        {
                            Fail(ErrorCodes.MalformedDisclosure, $"An object-property disclosure is referenced from the array at '{path}'.");
                            return result;
                        }

                        _paths[digest] = elementPath;
                        result.Add(ProcessValue(disclosure.RawValue, elementPath, depth + 1));
                        continue;
                    }

                    result.Add(ProcessValue(array[i], elementPath, depth + 1));
                }

                return result;
            default:
                return value?.DeepClone();
        }
    }

    // False: the digest is undisclosed (or a decoy). True with null: an error was recorded.
    private bool Claim(string digest, out SdJwtDisclosure? disclosure)
    {
        disclosure = null;
        if (_error is not null)
        {
            return true;
        }

        if (!_seenDigests.Add(digest))
        {
            Fail(ErrorCodes.DisclosureDuplicated, "The signed payload contains the same digest more than once.");
            return true;
        }

        return _byDigest.TryGetValue(digest, out disclosure);
    }

    private void Fail(string code, string detail) => _error ??= new Error(code, detail);

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static string Display(string path) => path.Length == 0 ? "(top level)" : path;
}
