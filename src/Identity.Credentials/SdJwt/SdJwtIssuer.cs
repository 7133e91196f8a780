// References: RFC 9901 (SD-JWT) §4.2.4 (embedding digests), §4.2.5 (decoy digests), §4.1.2 (holder public key in cnf),
//   https://www.rfc-editor.org/rfc/rfc9901 ; draft-ietf-oauth-sd-jwt-vc-13 §3.2, https://datatracker.ietf.org/doc/draft-ietf-oauth-sd-jwt-vc/
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Cryptography;
using Identity.Primitives;

namespace Identity.Credentials.SdJwt;

/// <summary>
/// Issues SD-JWT VCs: moves each chosen claim into a salted disclosure, replaces it by its digest in the nearest
/// <c>_sd</c> array (nested claims first, so a disclosable object may itself hide disclosable members), adds decoys,
/// sorts each <c>_sd</c> array so the order reveals nothing, and signs the payload.
/// </summary>
/// <remarks><threadsafety>All members are static and safe to call from any thread.</threadsafety></remarks>
public static class SdJwtIssuer
{
    /// <summary>Issues an SD-JWT (ending in <c>~</c>, no Key Binding) over <paramref name="claims"/>.</summary>
    /// <returns>The SD-JWT text, or <c>invalidOptions</c> (a path that is missing, reserved or repeated; too many decoys).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="issuerKey"/> has been disposed.</exception>
    public static Result<string> Issue(JsonObject claims, SdJwtIssueOptions options, PrivateKey issuerKey)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(issuerKey);
        if (options.DecoysPerObject is < 0 or > 16)
        {
            return Invalid("DecoysPerObject must be between 0 and 16");
        }

        if (options.Type is not (SdJwtVc.MediaType or SdJwtVc.LegacyMediaType))
        {
            return Invalid($"the type must be {SdJwtVc.MediaType} or {SdJwtVc.LegacyMediaType}");
        }

        var payload = (JsonObject)claims.DeepClone();
        payload.Remove("_sd");
        payload.Remove("_sd_alg");
        var hash = SdHashAlgorithm.Sha256;
        var disclosures = new List<string>();
        var touched = new List<JsonObject>();

        // Deepest first: a parent's disclosure then carries its children's digests, not their values.
        var paths = options.Disclosable.Distinct(StringComparer.Ordinal).ToList();
        if (paths.Count != options.Disclosable.Length)
        {
            return Invalid("a disclosable path is listed twice");
        }

        foreach (string path in paths.OrderByDescending(p => p.Count(c => c == '.')).ThenBy(p => p, StringComparer.Ordinal))
        {
            string[] segments = path.Split('.');
            if (segments.Length == 1 && SdJwtVc.NeverDisclosable.Contains(path))
            {
                return Invalid($"'{path}' must stay visible in an SD-JWT VC and cannot be selectively disclosable");
            }

            JsonObject? parent = payload;
            foreach (string segment in segments[..^1])
            {
                parent = parent?[segment] as JsonObject;
            }

            string name = segments[^1];
            if (parent is null || name.Length == 0 || name is "_sd" or "..." || !parent.ContainsKey(name))
            {
                return Invalid($"the credential has no claim '{path}' to make selectively disclosable");
            }

            JsonNode? value = parent[name];
            parent.Remove(name);
            var disclosure = SdJwtDisclosure.CreateProperty(name, value, hash);
            disclosures.Add(disclosure.Encoded);
            if (parent["_sd"] is not JsonArray digests)
            {
                parent["_sd"] = digests = [];
                touched.Add(parent);
            }

            digests.Add(disclosure.Digest);
        }

        foreach (var obj in touched)
        {
            var digests = (JsonArray)obj["_sd"]!;
            for (int i = 0; i < options.DecoysPerObject; i++)
            {
                digests.Add(JoseEncoding.Encode(SHA256.HashData(RandomNumberGenerator.GetBytes(32))));
            }

            obj["_sd"] = new JsonArray([.. digests.Select(d => (JsonNode?)JsonValue.Create(d!.GetValue<string>())).OrderBy(d => d!.GetValue<string>(), StringComparer.Ordinal)]);
        }

        payload["_sd_alg"] = hash.Name;
        if (options.HolderKey is not null)
        {
            payload["cnf"] = new JsonObject { ["jwk"] = JsonNode.Parse(JwkConverter.ToJson(options.HolderKey)) };
        }

        var header = new JsonObject { ["typ"] = options.Type, ["kid"] = options.KeyId };
        string jws = CompactJws.Sign(header, Encoding.UTF8.GetBytes(payload.ToJsonString()), issuerKey);

        // Disclosures are shuffled by their digest order too, so their order does not mirror the claims'.
        var ordered = disclosures.OrderBy(d => hash.Digest(d), StringComparer.Ordinal);
        return jws + "~" + string.Concat(ordered.Select(d => d + "~"));
    }

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidOptions, $"Cannot issue the SD-JWT: {detail}.");
}
