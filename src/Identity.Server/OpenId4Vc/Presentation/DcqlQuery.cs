// References: OpenID for Verifiable Presentations 1.0 (final, 2025) §6 Digital Credentials Query Language (DCQL):
//   §6.1 credential query (id, format, multiple, meta, claims), §6.3 claims (path), §7 claims path pointer;
//   Appendix B.2.3 (ldp_vc meta type_values) and B.3.5 (dc+sd-jwt meta vct_values), https://openid.net/specs/openid-4-verifiable-presentations-1_0.html
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Identity.Primitives;

namespace Identity.Server.OpenId4Vc.Presentation;

/// <summary>
/// The DCQL subset this verifier asks with and enforces: credential queries in <c>dc+sd-jwt</c> (with
/// <c>meta.vct_values</c>) or <c>ldp_vc</c> (with <c>meta.type_values</c>), each with claim paths that must be
/// disclosed, every query required (no <c>credential_sets</c>, <c>claim_sets</c> or value matching).
/// </summary>
internal sealed partial record DcqlQuery(IReadOnlyList<DcqlCredentialQuery> Credentials)
{
    public const string SdJwtFormat = "dc+sd-jwt";
    public const string LdpFormat = "ldp_vc";
    private const int MaxQueries = 8;
    private const int MaxClaims = 32;
    private const int MaxPathLength = 16;

    /// <summary>Reads and bounds a query; anything outside the subset is refused (<c>invalidRequest</c>), never ignored.</summary>
    public static Result<DcqlQuery> Read(JsonNode? node)
    {
        if (node is not JsonObject query || query["credentials"] is not JsonArray credentials || credentials.Count is 0 or > MaxQueries)
        {
            return Invalid($"dcql_query must be an object whose credentials is an array of 1 to {MaxQueries} credential queries");
        }

        if (query.Any(member => member.Key != "credentials"))
        {
            return Invalid("only dcql_query.credentials is supported (no credential_sets)");
        }

        var queries = new List<DcqlCredentialQuery>();
        foreach (var entry in credentials)
        {
            var read = ReadCredential(entry);
            if (!read.IsSuccess)
            {
                return read.Error!;
            }

            if (queries.Any(q => q.Id == read.Value.Id))
            {
                return Invalid($"the credential query id '{read.Value.Id}' is used twice");
            }

            queries.Add(read.Value);
        }

        return new DcqlQuery(queries);
    }

    private static Result<DcqlCredentialQuery> ReadCredential(JsonNode? node)
    {
        if (node is not JsonObject credential || Text(credential["id"]) is not { } id || !IdPattern().IsMatch(id))
        {
            return Invalid("each credential query needs an id of 1 to 64 letters, digits, '_' or '-'");
        }

        var unknown = credential.Select(m => m.Key).FirstOrDefault(k => k is not ("id" or "format" or "meta" or "claims" or "multiple" or "require_cryptographic_holder_binding"));
        if (unknown is not null)
        {
            return Invalid($"credential query '{id}': '{unknown}' is not supported");
        }

        string? format = Text(credential["format"]);
        var meta = credential["meta"] as JsonObject;
        List<string[]> accepted;
        if (format == SdJwtFormat && meta?["vct_values"] is JsonArray vcts && vcts.Count is > 0 and <= 16 && vcts.All(v => Text(v) is not null))
        {
            accepted = [.. vcts.Select(v => new[] { Text(v)! })];
        }
        else if (format == LdpFormat && meta?["type_values"] is JsonArray types && types.Count is > 0 and <= 16
            && types.All(t => t is JsonArray set && set.Count is > 0 and <= 8 && set.All(v => Text(v) is not null)))
        {
            accepted = [.. types.Select(t => t!.AsArray().Select(v => Text(v)!).ToArray())];
        }
        else
        {
            return Invalid($"credential query '{id}': format must be {SdJwtFormat} with meta.vct_values, or {LdpFormat} with meta.type_values (1 to 16 entries)");
        }

        if (credential["multiple"] is { } multiple && multiple.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            return Invalid($"credential query '{id}': multiple must be a boolean");
        }

        var claims = new List<JsonNode?[]>();
        if (credential["claims"] is { } claimsNode)
        {
            if (claimsNode is not JsonArray array || array.Count is 0 or > MaxClaims)
            {
                return Invalid($"credential query '{id}': claims must be an array of 1 to {MaxClaims} claim queries");
            }

            foreach (var claim in array)
            {
                if (claim is not JsonObject c || c.Any(m => m.Key is not ("id" or "path")) || c["path"] is not JsonArray path || path.Count is 0 or > MaxPathLength
                    || !path.All(IsPathElement))
                {
                    return Invalid($"credential query '{id}': each claim is {{\"path\": [...]}} of 1 to {MaxPathLength} strings, non-negative integers or null (no values matching)");
                }

                claims.Add([.. path.Select(p => p?.DeepClone())]);
            }
        }

        return new DcqlCredentialQuery(id, format!, accepted, claims, credential["multiple"]?.GetValue<bool>() ?? false);
    }

    private static bool IsPathElement(JsonNode? element) =>
        element is null
        || (element is JsonValue value && (value.GetValueKind() == JsonValueKind.String
            || (value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out int index) && index >= 0)));

    internal static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidRequest, $"Unsupported DCQL query: {detail}.");

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();
}

/// <summary>One credential query: which format and types it accepts and which claims must be disclosed.</summary>
internal sealed record DcqlCredentialQuery(string Id, string Format, IReadOnlyList<string[]> Accepted, IReadOnlyList<JsonNode?[]> Claims, bool Multiple)
{
    /// <summary>
    /// Null when <paramref name="credential"/> (the disclosed SD-JWT claims, or a Data Integrity credential) in
    /// <paramref name="format"/> answers this query; otherwise the <c>dcqlMismatch</c> error saying why.
    /// </summary>
    public Error? Mismatch(string format, JsonObject credential)
    {
        if (format != Format)
        {
            return Fail($"a {format} credential answers a {Format} query");
        }

        if (Format == DcqlQuery.SdJwtFormat)
        {
            var vct = DcqlQuery.Text(credential["vct"]);
            if (!Accepted.Any(a => a[0] == vct))
            {
                return Fail($"its vct '{vct}' is not among the requested vct_values");
            }
        }
        else
        {
            var types = credential["type"] is JsonArray t ? t.Select(DcqlQuery.Text).ToHashSet(StringComparer.Ordinal) : [DcqlQuery.Text(credential["type"])];
            if (!Accepted.Any(set => set.All(types.Contains)))
            {
                return Fail("its types match none of the requested type_values");
            }
        }

        foreach (var path in Claims)
        {
            if (!Resolves(credential, path, 0))
            {
                return Fail($"the requested claim [{string.Join(", ", path.Select(p => p?.ToJsonString() ?? "null"))}] is not disclosed");
            }
        }

        return null;
    }

    // A claims path pointer (§7): a string selects a member, an integer an array element, null every element; the
    // claim is disclosed when the path selects at least one non-null value.
    private static bool Resolves(JsonNode? node, JsonNode?[] path, int at)
    {
        if (at == path.Length)
        {
            return node is not null;
        }

        return path[at] switch
        {
            null => node is JsonArray all && all.Any(e => Resolves(e, path, at + 1)),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => node is JsonObject o && Resolves(o[v.GetValue<string>()], path, at + 1),
            JsonValue v => node is JsonArray a && v.GetValue<int>() < a.Count && Resolves(a[v.GetValue<int>()], path, at + 1),
            _ => false,
        };
    }

    private Error Fail(string detail) => new(ErrorCodes.DcqlMismatch, $"The credential for query '{Id}' does not match it: {detail}.");
}
