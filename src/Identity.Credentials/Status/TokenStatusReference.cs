// References: IETF draft-ietf-oauth-status-list (Token Status List), §6.1 Referenced Token in JWT format (the status
//   claim: status.status_list.idx and uri), https://datatracker.ietf.org/doc/draft-ietf-oauth-status-list/
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Credentials.Status;

/// <summary>A referenced token's <c>status.status_list</c>: the index of its entry and the URI of the Status List Token.</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record TokenStatusReference(int Index, string Uri)
{
    /// <summary>The <c>status</c> claim naming entry <paramref name="index"/> of the list at <paramref name="uri"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="uri"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public static JsonObject ToClaim(int index, string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new JsonObject { ["status_list"] = new JsonObject { ["idx"] = index, ["uri"] = uri } };
    }

    /// <summary>Reads the <c>status</c> claim of a referenced token.</summary>
    /// <returns>The reference, or <c>invalidStatusEntry</c> when the claim is not an object with a <c>status_list</c>
    /// object holding a non-negative integer <c>idx</c> (within 32 bits) and an absolute http(s) <c>uri</c>.</returns>
    public static Result<TokenStatusReference> FromClaim(JsonNode? status)
    {
        if (status is not JsonObject claim || claim["status_list"] is not JsonObject reference)
        {
            return Malformed("the status claim must be an object with a status_list object");
        }

        if (reference["idx"] is not JsonValue idx || idx.GetValueKind() != JsonValueKind.Number || !idx.TryGetValue(out int index) || index < 0)
        {
            return Malformed("status_list.idx must be a non-negative integer");
        }

        if (reference["uri"] is not JsonValue uriValue || uriValue.GetValueKind() != JsonValueKind.String
            || !System.Uri.TryCreate(uriValue.GetValue<string>(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return Malformed("status_list.uri must be an absolute https URL");
        }

        return new TokenStatusReference(index, uriValue.GetValue<string>());
    }

    private static Error Malformed(string detail) => new(ErrorCodes.InvalidStatusEntry, $"Not a valid Token Status List reference: {detail}.");
}
