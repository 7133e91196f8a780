// References: IETF draft-ietf-oauth-status-list (Token Status List), §8.3 Validation Rules, §13.7 (ttl, caching),
//   https://datatracker.ietf.org/doc/draft-ietf-oauth-status-list/
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Credentials.Verification;
using Identity.Dids;
using Identity.Primitives;
using Identity.Primitives.Caching;

namespace Identity.Credentials.Status;

/// <summary>
/// Checks a JOSE credential's <c>status</c> claim against a remote Status List Token: fetches the token its
/// <c>status_list.uri</c> names, verifies it (signature by an <c>assertionMethod</c> key of the credential's issuer,
/// <c>typ</c>, <c>sub</c> equal to the URI, <c>iat</c>/<c>exp</c>), and reads the entry at <c>idx</c>. 0x00 passes,
/// 0x01 is <c>credentialRevoked</c>, 0x02 <c>credentialSuspended</c>, any other value <c>credentialStatusFlagged</c>.
/// Anything that cannot be fetched or verified fails closed.
/// </summary>
/// <remarks>
/// <para>Verified lists are cached by URI until the earliest of their <c>exp</c>, <c>iat</c> + <c>ttl</c> and
/// <see cref="TokenStatusListCheckerOptions.MaxCacheDuration"/>, inside a byte budget
/// (<see cref="TokenStatusListCheckerOptions.CacheBytes"/>, each list weighed by its decompressed size). Failures are
/// never cached. Within one request (<see cref="StatusCheckBudget"/>, shared with the Bitstring lists of that request)
/// each list is fetched at most once and at most <see cref="StatusCheckBudget.MaxFetches"/> lists are fetched
/// (<c>statusListLimitExceeded</c>).</para>
/// <threadsafety>Thread-safe when the source and resolver are.</threadsafety>
/// </remarks>
public sealed class TokenStatusListChecker : ITokenStatusChecker
{
    private readonly ITokenStatusListSource _source;
    private readonly JwsSignerResolution _signers;
    private readonly TimeProvider _time;
    private readonly TokenStatusListCheckerOptions _options;
    // Verified lists by (issuer, URI), weighed by their decompressed size; apart from the Bitstring lists' cache: its own budget.
    private readonly ByteBoundedCache<(string Issuer, string Uri), TokenStatusList> _cache;

    /// <exception cref="ArgumentNullException"><paramref name="source"/>, <paramref name="resolver"/> or <paramref name="time"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="TokenStatusListCheckerOptions.MaxListBytes"/> is not positive.</exception>
    public TokenStatusListChecker(ITokenStatusListSource source, IDidResolver resolver, TimeProvider time, TokenStatusListCheckerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(time);
        options ??= new TokenStatusListCheckerOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxListBytes, nameof(options));
        _source = source;
        _signers = new JwsSignerResolution(resolver);
        _time = time;
        _options = options;
        _cache = new ByteBoundedCache<(string Issuer, string Uri), TokenStatusList>(options.CacheBytes);
    }

    /// <inheritdoc />
    /// <returns>Null for VALID; <c>credentialRevoked</c>, <c>credentialSuspended</c>, <c>credentialStatusFlagged</c>;
    /// <c>invalidStatusEntry</c> (a malformed claim), <c>statusListUnavailable</c> (not fetched),
    /// <c>statusListIssuerMismatch</c> (signed by another DID) or <c>invalidStatusList</c> (anything else wrong with the list).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="statusClaim"/> is null.</exception>
    public ValueTask<Error?> CheckAsync(string? issuer, JsonNode statusClaim, CancellationToken cancellationToken) =>
        CheckAsync(issuer, statusClaim, new StatusCheckBudget(), cancellationToken);

    /// <inheritdoc />
    /// <returns>As the overload without a budget; and <c>statusListLimitExceeded</c> when the list is not cached and the
    /// request has already fetched as many lists as it may.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="statusClaim"/> or <paramref name="budget"/> is null.</exception>
    public async ValueTask<Error?> CheckAsync(string? issuer, JsonNode statusClaim, StatusCheckBudget budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statusClaim);
        ArgumentNullException.ThrowIfNull(budget);
        var reference = TokenStatusReference.FromClaim(statusClaim);
        if (!reference.IsSuccess)
        {
            return reference.Error;
        }

        if (issuer is null)
        {
            return new Error(ErrorCodes.StatusListIssuerMismatch, "The credential names no issuer whose key could verify its status list.");
        }

        var list = await GetListAsync(issuer, reference.Value.Uri, budget, cancellationToken).ConfigureAwait(false);
        return list.IsSuccess ? StatusOf(list.Value, reference.Value.Index) : list.Error;
    }

    /// <summary>What the entry at <paramref name="index"/> of a verified list means for the credential.</summary>
    public static Error? StatusOf(TokenStatusList list, int index)
    {
        ArgumentNullException.ThrowIfNull(list);
        if (index >= list.Count)
        {
            return new Error(ErrorCodes.InvalidStatusList, $"status_list.idx {index} is outside the list of {list.Count} entries.");
        }

        return list[index] switch
        {
            TokenStatusList.Valid => null,
            TokenStatusList.Invalid => new Error(ErrorCodes.CredentialRevoked, "The issuer has revoked this credential."),
            TokenStatusList.Suspended => new Error(ErrorCodes.CredentialSuspended, "The issuer has suspended this credential."),
            var other => new Error(ErrorCodes.CredentialStatusFlagged, $"The credential's status list entry is 0x{other:X2}, not VALID."),
        };
    }

    private async ValueTask<Result<TokenStatusList>> GetListAsync(string issuer, string uri, StatusCheckBudget budget, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_cache.TryGet((issuer, uri), now, out var cached))
        {
            return cached;
        }

        // One fetch per list and issuer per request, counted with the request's other status-list fetches.
        string key = "token-status-list " + CanonicalUrl.Of(new Uri(uri)) + " " + issuer;
        if (budget.TryRecall(key, out Result<TokenStatusList> earlier))
        {
            return earlier;
        }

        if (budget.AdmitFetch(key) is { } refused)
        {
            return refused;
        }

        Result<TokenStatusList> outcome = await FetchAndVerifyAsync(issuer, uri, now, cancellationToken).ConfigureAwait(false);
        budget.Remember(key, outcome);
        return outcome;
    }

    private async ValueTask<Result<TokenStatusList>> FetchAndVerifyAsync(string issuer, string uri, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fetched = await _source.GetAsync(new Uri(uri), cancellationToken).ConfigureAwait(false);
        if (!fetched.IsSuccess)
        {
            return new Error(ErrorCodes.StatusListUnavailable, $"The status list {uri} could not be retrieved: {fetched.Error!.Code}: {fetched.Error.Detail}");
        }

        // The token's text is bounded by the source; the list inside by MaxListBytes (checked before inflating further).
        var jws = CompactJws.Parse(fetched.Value, int.MaxValue);
        if (!jws.IsSuccess)
        {
            return new Error(ErrorCodes.InvalidStatusList, $"The status list {uri} is not a signed JWT: {jws.Error!.Detail}");
        }

        var read = StatusListToken.Read(jws.Value, uri, now, _options.ClockSkew, _options.MaxListBytes);
        if (!read.IsSuccess)
        {
            return read.Error!;
        }

        var signer = await _signers.VerifyAsync(jws.Value, issuer, VerificationRelationship.AssertionMethod, cancellationToken).ConfigureAwait(false);
        if (!signer.Verdict.IsValid)
        {
            var error = signer.Verdict.Error!;
            return error.Code == ErrorCodes.IssuerMismatch
                ? new Error(ErrorCodes.StatusListIssuerMismatch, $"The status list {uri} is not signed by the credential's issuer: {error.Detail}")
                : new Error(ErrorCodes.InvalidStatusList, $"The status list {uri} is not signed by a key of {issuer}: {error.Code}: {error.Detail}");
        }

        var expires = now + _options.MaxCacheDuration;
        if (read.Value.TimeToLive is { } ttl && read.Value.IssuedAt + ttl < expires)
        {
            expires = read.Value.IssuedAt + ttl;
        }

        if (read.Value.ExpiresAt is { } exp && exp < expires)
        {
            expires = exp;
        }

        if (expires > now)
        {
            _cache.Set((issuer, uri), read.Value.List, read.Value.List.ByteLength + (2L * (issuer.Length + uri.Length)), expires);
        }
        return read.Value.List;
    }
}
