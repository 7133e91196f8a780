// References: draft-ietf-oauth-sd-jwt-vc-13 §3.2.2.1 (vct) and §3.2.2.2 (claims that stay visible),
//   https://datatracker.ietf.org/doc/draft-ietf-oauth-sd-jwt-vc/ ; the file format is ours (schemas/README.md).
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Primitives;

namespace Identity.Credentials.SdJwt;

/// <summary>
/// The issuer's defaults for one credential type when issued as SD-JWT VC: its <c>vct</c>, the claims (of
/// <c>credentialSubject</c>, flattened to the top level) that are selectively disclosable, and the decoy count. Read
/// from <c>schemas/sd-jwt/&lt;Type&gt;.sd-jwt.json</c>.
/// </summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record SdJwtVcTypePolicy(string CredentialType, string Vct, ImmutableArray<string> Disclosable, int Decoys)
{
    /// <summary>Parses one policy file's JSON text.</summary>
    /// <returns>The policy, or <c>invalidJson</c> / <c>schemaViolation</c> naming what is wrong.</returns>
    public static Result<SdJwtVcTypePolicy> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (JoseEncoding.TryParseJson(System.Text.Encoding.UTF8.GetBytes(json)) is not JsonObject root)
        {
            return new Error(ErrorCodes.InvalidJson, "An SD-JWT VC type policy is a JSON object.");
        }

        var unknown = root.Select(p => p.Key).Except(["$comment", "credentialType", "vct", "disclosable", "decoys"]).FirstOrDefault();
        string? type = JoseEncoding.String(root["credentialType"]);
        string? vct = JoseEncoding.String(root["vct"]);
        var disclosable = root["disclosable"] as JsonArray;
        int decoys = root["decoys"] is JsonValue d && d.GetValueKind() == JsonValueKind.Number && d.TryGetValue(out int n) ? n : -1;
        if (unknown is not null || string.IsNullOrEmpty(type) || string.IsNullOrEmpty(vct) || disclosable is null
            || disclosable.Any(p => JoseEncoding.String(p) is not { Length: > 0 }) || decoys is < 0 or > 16)
        {
            return new Error(ErrorCodes.SchemaViolation,
                "An SD-JWT VC type policy is {credentialType: string, vct: string, disclosable: [claim path, ...], decoys: 0-16} and nothing else.");
        }

        var paths = disclosable.Select(p => p!.GetValue<string>()).ToImmutableArray();
        if (paths.FirstOrDefault(p => SdJwtVc.NeverDisclosable.Contains(p.Split('.')[0]) || p == "id") is { } reserved)
        {
            return new Error(ErrorCodes.SchemaViolation, $"'{reserved}' must stay visible in an SD-JWT VC.");
        }

        return new SdJwtVcTypePolicy(type, vct, paths, decoys);
    }

    /// <summary>Loads every <c>*.sd-jwt.json</c> file of <paramref name="directory"/>, keyed by credential type.</summary>
    /// <exception cref="InvalidOperationException">A file is not a valid policy, or two files name the same type.</exception>
    public static FrozenDictionary<string, SdJwtVcTypePolicy> LoadFrom(string directory)
    {
        var policies = new Dictionary<string, SdJwtVcTypePolicy>(StringComparer.Ordinal);
        if (!Directory.Exists(directory))
        {
            return policies.ToFrozenDictionary(StringComparer.Ordinal);
        }

        foreach (string file in Directory.EnumerateFiles(directory, "*.sd-jwt.json").Order(StringComparer.Ordinal))
        {
            var policy = Parse(File.ReadAllText(file));
            if (!policy.IsSuccess)
            {
                throw new InvalidOperationException($"{Path.GetFileName(file)}: {policy.Error!.Detail}");
            }

            if (!policies.TryAdd(policy.Value.CredentialType, policy.Value))
            {
                throw new InvalidOperationException($"{Path.GetFileName(file)}: a second policy for {policy.Value.CredentialType}.");
            }
        }

        return policies.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
