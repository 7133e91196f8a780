// References: IETF draft-ietf-oauth-status-list (Token Status List), §5.1 Status List Token in JWT format (typ
//   statuslist+jwt; sub, iat, exp, ttl, status_list), §8.3 Validation Rules, §14 media type application/statuslist+jwt,
//   https://datatracker.ietf.org/doc/draft-ietf-oauth-status-list/
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Cryptography;
using Identity.Primitives;

namespace Identity.Credentials.Status;

/// <summary>
/// The signed Status List Token in JWT form: writes one (<see cref="Sign"/>) and reads the claims of one whose
/// signature the caller verifies (<see cref="Read"/>).
/// </summary>
/// <remarks><threadsafety>All members are static and safe to call from any thread.</threadsafety></remarks>
public static class StatusListToken
{
    /// <summary>The JWS <c>typ</c> of a Status List Token.</summary>
    public const string Type = "statuslist+jwt";

    /// <summary>The media type a Status List Token is served with and asked for.</summary>
    public const string MediaType = "application/statuslist+jwt";

    /// <summary>Signs a Status List Token for <paramref name="list"/>, served at <paramref name="uri"/> (its <c>sub</c>).</summary>
    /// <param name="uri">The URL the token is served at; referenced tokens name it in <c>status_list.uri</c>.</param>
    /// <param name="list">The statuses.</param>
    /// <param name="issuedAt">The <c>iat</c>.</param>
    /// <param name="expiresAt">The <c>exp</c>, or null for none.</param>
    /// <param name="ttl">The <c>ttl</c> (how long a relying party may cache it), or null for none.</param>
    /// <param name="key">The signing key.</param>
    /// <param name="keyId">The <c>kid</c> (a DID URL of the issuer's verification method), or null for none.</param>
    /// <returns>The compact JWS.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="uri"/>, <paramref name="list"/> or <paramref name="key"/> is null.</exception>
    public static string Sign(
        string uri, TokenStatusList list, DateTimeOffset issuedAt, DateTimeOffset? expiresAt, TimeSpan? ttl, PrivateKey key, string? keyId)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(key);
        var header = new JsonObject { ["typ"] = Type };
        if (keyId is not null)
        {
            header["kid"] = keyId;
        }

        var payload = new JsonObject { ["sub"] = uri, ["iat"] = issuedAt.ToUnixTimeSeconds() };
        if (expiresAt is { } exp)
        {
            payload["exp"] = exp.ToUnixTimeSeconds();
        }

        if (ttl is { } time)
        {
            payload["ttl"] = (long)time.TotalSeconds;
        }

        payload["status_list"] = new JsonObject { ["bits"] = list.Bits, ["lst"] = list.Encode() };
        return CompactJws.Sign(header, Encoding.UTF8.GetBytes(payload.ToJsonString()), key);
    }

    /// <summary>
    /// Reads a Status List Token fetched from <paramref name="uri"/>: its <c>typ</c>, <c>sub</c> (must be
    /// <paramref name="uri"/>), <c>iat</c>, <c>exp</c> (not passed, with <paramref name="clockSkew"/>), <c>ttl</c> and
    /// <c>status_list</c>. It does not verify the signature.
    /// </summary>
    /// <returns>The list and its times, or <c>invalidStatusList</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="jws"/> or <paramref name="uri"/> is null.</exception>
    public static Result<VerifiedTokenStatusList> Read(CompactJws jws, string uri, DateTimeOffset now, TimeSpan clockSkew, int maxBytes = TokenStatusList.DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(jws);
        ArgumentNullException.ThrowIfNull(uri);
        if (jws.Type != Type)
        {
            return Invalid($"its typ is '{jws.Type}', not {Type}");
        }

        if (jws.PayloadObject() is not { } payload)
        {
            return Invalid("its payload is not a JSON object");
        }

        if (JoseEncoding.String(payload["sub"]) != uri)
        {
            return Invalid("its sub is not the URI it was fetched from");
        }

        long? iat = JoseEncoding.NumericDate(payload["iat"]);
        long? exp = JoseEncoding.NumericDate(payload["exp"]);
        long? ttl = JoseEncoding.NumericDate(payload["ttl"]);
        long skew = (long)clockSkew.TotalSeconds;
        if (iat is null || (payload["exp"] is not null && exp is null) || (payload["ttl"] is not null && (ttl is null || ttl < 0)))
        {
            return Invalid("iat must be a NumericDate, and exp and ttl, when present, numbers");
        }

        if (iat.Value - skew > now.ToUnixTimeSeconds())
        {
            return Invalid("its iat lies in the future");
        }

        if (exp is { } expiry && expiry + skew < now.ToUnixTimeSeconds())
        {
            return Invalid($"it expired at {DateTimeOffset.FromUnixTimeSeconds(expiry):O}");
        }

        if (payload["status_list"] is not JsonObject statusList
            || statusList["bits"] is not JsonValue bitsValue || bitsValue.GetValueKind() != JsonValueKind.Number || !bitsValue.TryGetValue(out int bits)
            || JoseEncoding.String(statusList["lst"]) is not { } lst)
        {
            return Invalid("it needs a status_list object with a number bits and a string lst");
        }

        var list = TokenStatusList.Decode(bits, lst, maxBytes);
        if (!list.IsSuccess)
        {
            return list.Error!;
        }

        return new VerifiedTokenStatusList(
            uri, list.Value, DateTimeOffset.FromUnixTimeSeconds(iat.Value),
            exp is { } e ? DateTimeOffset.FromUnixTimeSeconds(e) : null,
            ttl is { } t ? TimeSpan.FromSeconds(Math.Min(t, (long)TimeSpan.MaxValue.TotalSeconds - 1)) : null);
    }

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidStatusList, $"The Status List Token is not valid: {detail}.");
}

/// <summary>A Status List Token's list and times, as read by <see cref="StatusListToken.Read"/>.</summary>
public sealed record VerifiedTokenStatusList(string Uri, TokenStatusList List, DateTimeOffset IssuedAt, DateTimeOffset? ExpiresAt, TimeSpan? TimeToLive);
