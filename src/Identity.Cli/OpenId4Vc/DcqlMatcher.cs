// References: OpenID for Verifiable Presentations 1.0 (final, 2025-07-09) §6 (Digital Credentials Query Language:
//   credentials, format, meta.vct_values, claims with path and values, claim_sets, credential_sets with options and
//   required, require_cryptographic_holder_binding) and §7 (claims path pointers),
//   https://openid.net/specs/openid-4-verifiable-presentations-1_0.html
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Cli.Infrastructure;
using Identity.Cli.Wallet;
using Identity.Credentials.SdJwt;
using Identity.Primitives;

namespace Identity.Cli.OpenId4Vc;

/// <summary>
/// Answers a DCQL query from the wallet's SD-JWT VCs: for each credential query, the first credential of the right
/// format and <c>vct</c> that has every requested claim (or one of the <c>claim_sets</c>), with the values asked for,
/// and a holder key in this wallet; then the <c>credential_sets</c> decide which queries are answered. Only the
/// requested claims are disclosed (all of them when the query names none, as §6.1 says).
/// </summary>
internal static class DcqlMatcher
{
    private const int MaxQueries = 32;
    private const int MaxClaims = 64;

    /// <returns>One selection per answered query; <c>dcqlUnsatisfied</c> naming the first required query the wallet cannot answer.</returns>
    public static IReadOnlyList<DcqlSelection> Select(JsonObject query, WalletData wallet)
    {
        var queries = (query["credentials"] as JsonArray)?.OfType<JsonObject>().ToList();
        if (queries is null || queries.Count is 0 or > MaxQueries || queries.Count != (query["credentials"] as JsonArray)!.Count)
        {
            throw AuthorizationRequest.Invalid($"The DCQL query needs 1 to {MaxQueries} credential queries.");
        }

        var answers = new Dictionary<string, DcqlSelection?>(StringComparer.Ordinal);
        foreach (var credentialQuery in queries)
        {
            var id = CredentialOffer.Text(credentialQuery["id"]) is { Length: > 0 } text ? text : throw AuthorizationRequest.Invalid("A DCQL credential query has no id.");
            if (!answers.TryAdd(id, Answer(id, credentialQuery, wallet)))
            {
                throw AuthorizationRequest.Invalid($"The DCQL query repeats the credential query id '{id}'.");
            }
        }

        if (query["credential_sets"] is not JsonArray sets)
        {
            var missing = answers.FirstOrDefault(a => a.Value is null).Key;
            return missing is null ? [.. answers.Values!] : throw Unsatisfied(missing, answers, queries);
        }

        var chosen = new List<DcqlSelection>();
        foreach (var set in sets.OfType<JsonObject>())
        {
            var options = (set["options"] as JsonArray)?.OfType<JsonArray>().Select(o => o.Select(CredentialOffer.Text).ToList()).ToList() ?? [];
            var option = options.FirstOrDefault(o => o.All(id => id is not null && answers.GetValueOrDefault(id) is not null));
            var required = set["required"] is not JsonValue r || r.GetValueKind() != JsonValueKind.False;
            if (option is null && required)
            {
                var first = options.SelectMany(o => o).FirstOrDefault(id => id is null || answers.GetValueOrDefault(id) is null) ?? "?";
                throw Unsatisfied(first, answers, queries);
            }

            chosen.AddRange((option ?? []).Select(id => answers[id!]!).Where(s => !chosen.Contains(s)));
        }

        return chosen;
    }

    private static CliException Unsatisfied(string id, Dictionary<string, DcqlSelection?> answers, List<JsonObject> queries)
    {
        var query = queries.FirstOrDefault(q => CredentialOffer.Text(q["id"]) == id);
        var vcts = (query?["meta"]?["vct_values"] as JsonArray)?.Select(CredentialOffer.Text) ?? [];
        var claims = (query?["claims"] as JsonArray)?.OfType<JsonObject>().Select(c => PathText(c["path"] as JsonArray)) ?? [];
        return new CliException(ErrorCodes.DcqlUnsatisfied,
            $"No credential in the wallet answers the verifier's query '{id}' ({CredentialOffer.Text(query?["format"]) ?? "?"}"
            + $"{(vcts.Any() ? ", vct " + string.Join(" or ", vcts) : "")}{(claims.Any() ? ", claims " + string.Join(", ", claims) : "")}); nothing was sent.");
    }

    private static DcqlSelection? Answer(string id, JsonObject query, WalletData wallet)
    {
        var format = CredentialOffer.Text(query["format"]);
        if (format is not ("dc+sd-jwt" or "vc+sd-jwt"))
        {
            return null;
        }

        var vcts = (query["meta"] as JsonObject)?["vct_values"] is JsonArray values ? values.Select(CredentialOffer.Text).ToHashSet(StringComparer.Ordinal) : null;
        var claims = query["claims"] as JsonArray;
        if (claims?.Count > MaxClaims)
        {
            throw AuthorizationRequest.Invalid($"A DCQL credential query may ask for at most {MaxClaims} claims.");
        }

        foreach (var stored in wallet.Credentials.Where(c => c.IsSdJwt))
        {
            if (SdJwtCredential.Parse(stored.Document) is not { IsSuccess: true } parsed || parsed.Value.WalletKey(wallet) is null
                || (vcts is not null && !vcts.Contains(CredentialOffer.Text(parsed.Value.Payload["vct"]))))
            {
                continue;
            }

            var all = SdJwtWallet.AllClaims(stored.Document);
            if (!all.IsSuccess)
            {
                continue;
            }

            var requested = claims is null ? AllDisclosable(parsed.Value, all.Value) : Requested(query, claims, parsed.Value, all.Value);
            if (requested is not null)
            {
                return new DcqlSelection(id, stored, parsed.Value, requested);
            }
        }

        return null;
    }

    private static List<RequestedClaim> AllDisclosable(SdJwtCredential held, JsonObject claims) =>
        [.. held.DisclosablePaths.Where(p => !p.Contains('.') && !p.Contains('[')).Select(p => new RequestedClaim(p, p, claims[p]?.DeepClone()))];

    // The claims of one satisfiable claim set (the first, in the verifier's order of preference), or null.
    private static List<RequestedClaim>? Requested(JsonObject query, JsonArray claims, SdJwtCredential held, JsonObject values)
    {
        var resolved = claims.OfType<JsonObject>().Select(c => (Id: CredentialOffer.Text(c["id"]), Claim: Resolve(c, held, values))).ToList();
        if (query["claim_sets"] is not JsonArray claimSets)
        {
            return resolved.All(r => r.Claim is not null) ? [.. resolved.Select(r => r.Claim!)] : null;
        }

        foreach (var set in claimSets.OfType<JsonArray>())
        {
            var picked = set.Select(CredentialOffer.Text).Select(id => resolved.FirstOrDefault(r => r.Id == id).Claim).ToList();
            if (picked.All(c => c is not null))
            {
                return picked!;
            }
        }

        return null;
    }

    // A claim the credential has, with one of the requested values when the query lists some; null otherwise.
    private static RequestedClaim? Resolve(JsonObject claim, SdJwtCredential held, JsonObject values)
    {
        if (claim["path"] is not JsonArray path || path.Count == 0)
        {
            throw AuthorizationRequest.Invalid("A DCQL claims query has no path.");
        }

        IEnumerable<JsonNode?> nodes = [values];
        var disclosure = new StringBuilder();
        var wildcard = false;
        foreach (var element in path)
        {
            if (element is null)
            {
                nodes = nodes.OfType<JsonArray>().SelectMany(a => a);
                wildcard = true;
            }
            else if (element.GetValueKind() == JsonValueKind.String)
            {
                var name = element.GetValue<string>();
                nodes = nodes.OfType<JsonObject>().Where(o => o.ContainsKey(name)).Select(o => o[name]);
                if (!wildcard)
                {
                    disclosure.Append(disclosure.Length == 0 ? "" : ".").Append(name);
                }
            }
            else if (element is JsonValue v && v.TryGetValue<int>(out var index) && index >= 0)
            {
                nodes = nodes.OfType<JsonArray>().Where(a => index < a.Count).Select(a => a[index]);
                if (!wildcard)
                {
                    disclosure.Append('[').Append(index).Append(']');
                }
            }
            else
            {
                throw AuthorizationRequest.Invalid("A DCQL claims path holds only strings, non-negative integers and null.");
            }
        }

        var found = nodes.ToList();
        if (found.Count == 0 || (claim["values"] is JsonArray wanted && !found.Any(f => wanted.Any(w => JsonNode.DeepEquals(f, w)))))
        {
            return null;
        }

        var shown = found.Count == 1 ? found[0]?.DeepClone() : new JsonArray([.. found.Select(f => f?.DeepClone())]);
        return new RequestedClaim(PathText(path), DisclosurePath(disclosure.ToString(), held), shown);
    }

    // The disclosure that reveals `path`: itself, or the disclosable object it lies in; null for an always-visible claim.
    private static string? DisclosurePath(string path, SdJwtCredential held)
    {
        if (held.DisclosablePaths.Any(p => p == path || Inside(p, path)))
        {
            return path;
        }

        return held.DisclosablePaths.Where(p => Inside(path, p)).OrderByDescending(p => p.Length).FirstOrDefault();
    }

    private static bool Inside(string path, string container) =>
        path.Length > container.Length && path.StartsWith(container, StringComparison.Ordinal) && path[container.Length] is '.' or '[';

    private static string PathText(JsonArray? path) =>
        path is null ? "?" : string.Join('.', path.Select(p => p is null ? "*" : p.GetValueKind() == JsonValueKind.String ? p.GetValue<string>() : p.ToJsonString()));
}

/// <summary>The wallet's answer to one DCQL credential query: which credential, and the claims it will disclose.</summary>
internal sealed record DcqlSelection(string QueryId, StoredCredential Stored, SdJwtCredential Held, IReadOnlyList<RequestedClaim> Claims)
{
    /// <summary>The disclosures to present (always-visible claims need none).</summary>
    public IReadOnlyList<string> Disclose => [.. Claims.Select(c => c.Disclosure).OfType<string>().Distinct(StringComparer.Ordinal)];
}

/// <summary>A requested claim: its DCQL path as text, the disclosure that reveals it (null when always visible), and its value.</summary>
internal sealed record RequestedClaim(string Path, string? Disclosure, JsonNode? Value);
