// References:
//   W3C Bitstring Status List v1.0, W3C Recommendation 15 May 2025, §2.1 BitstringStatusListEntry,
//     §2.2 BitstringStatusListCredential, §3.2 Validate Algorithm, §6.3 Verifier Caching
//     — https://www.w3.org/TR/vc-bitstring-status-list/
//   W3C Verifiable Credential Data Integrity 1.0, §4.4 Verify Proof — https://www.w3.org/TR/vc-data-integrity/
using System.Globalization;
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Model;
using Identity.Credentials.Validation;
using Identity.Credentials.Verification;
using Identity.Dids;
using Identity.Primitives;
using Identity.Primitives.Caching;

namespace Identity.Credentials.Status;

/// <summary>
/// Checks a <c>BitstringStatusListEntry</c>: fetches the status list credential it names, verifies it, and reads the
/// credential's bit. A set bit is <c>credentialRevoked</c>, <c>credentialSuspended</c> or <c>credentialStatusFlagged</c>
/// (any other purpose); a clear bit passes.
/// </summary>
/// <remarks>
/// <para>The list credential must be a conforming <c>BitstringStatusListCredential</c> (§2.2) whose <c>id</c> is the URL
/// it was fetched from, both compared in their <see cref="CanonicalUrl"/> form. §2.2 makes that <c>id</c> optional and
/// says it should match <c>statusListCredential</c>; this verifier requires it, so that a list is known by its own
/// identity: a list served under any other URL (<c>?1</c> … <c>?N</c> variants of one URL) is refused and never
/// cached; every Data Integrity proof must verify for <c>assertionMethod</c> with a key
/// of the list's issuer; it must be inside its validity period (<c>validFrom</c> with the proof service's
/// <see cref="DataIntegrityProofService.MaxClockSkew"/>, <c>validUntil</c> strictly); one of its purposes must be the
/// entry's; and the index must lie inside the list. Deliberately stricter than §2.2, which lets a third party publish
/// the status of someone else's credentials: the list's issuer must be the credential's issuer
/// (<c>statusListIssuerMismatch</c>).</para>
/// <para>Memory is bounded in bytes. Lists that pass verification are cached under their canonical URL (= their
/// <c>id</c>) for <see cref="StatusListCheckerOptions.CacheDuration"/>, each weighed by its decoded size, in at most
/// <see cref="StatusListCheckerOptions.CacheBytes"/> (least recently used first out; a cached list past its
/// <c>validUntil</c> is fetched again). A decoded list over <see cref="StatusListCheckerOptions.MaxListBits"/> is
/// <c>statusListTooLarge</c>, as is a fetched credential over the source's byte cap. Failures are never cached.
/// Within one request (<see cref="StatusCheckBudget"/>) each list is fetched at most once and at most
/// <see cref="StatusCheckBudget.MaxFetches"/> lists are fetched (<c>statusListLimitExceeded</c>). Concurrent misses
/// for one URL from different requests may each fetch it.</para>
/// <threadsafety>Thread-safe when the source is: the cache is locked and everything else is immutable.</threadsafety>
/// </remarks>
public sealed class BitstringStatusListChecker : ICredentialStatusChecker
{
    private static readonly ProofExpectations s_assertion = new() { ProofPurpose = VerificationRelationship.AssertionMethod };

    private readonly IStatusListCredentialSource _source;
    private readonly DataIntegrityProofService _proofs;
    private readonly TimeProvider _time;
    private readonly StatusListCheckerOptions _options;
    private readonly ByteBoundedCache<string, VerifiedStatusList> _cache;

    /// <param name="source">Retrieves status list credentials by URL.</param>
    /// <param name="proofs">Verifies the status list credentials' proofs.</param>
    /// <param name="time">The clock for validity periods and cache expiry.</param>
    /// <param name="options">Cache and size limits; <see cref="StatusListCheckerOptions"/> defaults when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/>, <paramref name="proofs"/> or <paramref name="time"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is negative, or <see cref="StatusListCheckerOptions.MaxListBits"/> is below 8.</exception>
    public BitstringStatusListChecker(
        IStatusListCredentialSource source, DataIntegrityProofService proofs, TimeProvider time, StatusListCheckerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(proofs);
        ArgumentNullException.ThrowIfNull(time);
        options ??= new StatusListCheckerOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.CacheCapacity, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.CacheBytes, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CacheDuration, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxListBits, 8, nameof(options));
        _source = source;
        _proofs = proofs;
        _time = time;
        _options = options;
        _cache = new ByteBoundedCache<string, VerifiedStatusList>(
            options.CacheDuration > TimeSpan.Zero ? options.CacheBytes : 0, options.CacheCapacity, StringComparer.Ordinal);
    }

    /// <summary>The bytes the cache holds now (for tests and diagnostics).</summary>
    internal long CachedBytes => _cache.SizeBytes;

    /// <summary>The lists the cache holds now (for tests and diagnostics).</summary>
    internal int CachedLists => _cache.Count;

    /// <summary>Checks one <c>credentialStatus</c> entry, as its own request (a fresh <see cref="StatusCheckBudget"/>).</summary>
    /// <inheritdoc cref="CheckAsync(VerifiableCredential, JsonObject, StatusCheckBudget, CancellationToken)"/>
    public ValueTask<Error?> CheckAsync(VerifiableCredential credential, JsonObject statusEntry, CancellationToken cancellationToken) =>
        CheckAsync(credential, statusEntry, new StatusCheckBudget(), cancellationToken);

    /// <summary>Checks one <c>credentialStatus</c> entry of <paramref name="credential"/> within a request's <paramref name="budget"/>.</summary>
    /// <returns>
    /// Null when the bit is clear; otherwise <c>credentialRevoked</c>, <c>credentialSuspended</c> or
    /// <c>credentialStatusFlagged</c> for a set bit, <c>invalidStatusEntry</c> for a malformed entry,
    /// <c>statusListUnavailable</c> when the source fails, <c>statusListIssuerMismatch</c>, or <c>invalidStatusList</c>
    /// for a list that does not verify, has expired, has another purpose or is too short, <c>statusListTooLarge</c>,
    /// or <c>statusListLimitExceeded</c>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="credential"/>, <paramref name="statusEntry"/> or <paramref name="budget"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<Error?> CheckAsync(
        VerifiableCredential credential, JsonObject statusEntry, StatusCheckBudget budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(statusEntry);
        ArgumentNullException.ThrowIfNull(budget);
        Result<StatusListEntry> entry = StatusListEntry.Parse(statusEntry);
        if (!entry.IsSuccess)
        {
            return entry.Error;
        }

        Result<VerifiedStatusList> list = await GetListAsync(entry.Value, budget, cancellationToken).ConfigureAwait(false);
        return list.IsSuccess ? ReadStatus(credential, entry.Value, list.Value) : list.Error;
    }

    private async ValueTask<Result<VerifiedStatusList>> GetListAsync(StatusListEntry entry, StatusCheckBudget budget, CancellationToken cancellationToken)
    {
        string key = CanonicalUrl.Of(entry.Uri);
        DateTimeOffset now = _time.GetUtcNow();
        if (_cache.TryGet(key, now, out VerifiedStatusList cached))
        {
            if (CheckValidity(cached, now) is null)
            {
                return cached;
            }

            _cache.Remove(key);
        }

        if (budget.TryRecall(key, out Result<VerifiedStatusList> earlier))
        {
            return earlier;
        }

        if (budget.AdmitFetch(key) is { } refused)
        {
            return refused;
        }

        Result<VerifiedStatusList> outcome = await FetchAndVerifyAsync(key, cancellationToken).ConfigureAwait(false);
        budget.Remember(key, outcome);
        if (outcome.IsSuccess)
        {
            _cache.Set(key, outcome.Value, Weigh(key, outcome.Value), now + _options.CacheDuration);
        }

        return outcome;
    }

    private async ValueTask<Result<VerifiedStatusList>> FetchAndVerifyAsync(string key, CancellationToken cancellationToken)
    {
        Result<JsonObject> fetched = await _source.GetAsync(new Uri(key, UriKind.Absolute), cancellationToken).ConfigureAwait(false);
        if (!fetched.IsSuccess)
        {
            return fetched.Error.Code == ErrorCodes.ResponseTooLarge
                ? new Error(ErrorCodes.StatusListTooLarge, $"The status list {key} is larger than this verifier accepts: {fetched.Error.Detail}")
                : new Error(ErrorCodes.StatusListUnavailable, $"The status list {key} could not be retrieved: {fetched.Error.Code}: {fetched.Error.Detail}");
        }

        return await VerifyListAsync(key, fetched.Value, cancellationToken).ConfigureAwait(false);
    }

    // What a cached list holds: its bitstring, plus its strings as UTF-16 (the key, the issuer, the purposes).
    private static long Weigh(string key, VerifiedStatusList list) =>
        (list.List.Size / 8L) + (2L * (key.Length + list.IssuerId.Length + list.Purposes.Sum(p => (long)p.Length))) + 256;

    // Everything about the list that does not depend on the credential being checked: the part worth caching.
    private async ValueTask<Result<VerifiedStatusList>> VerifyListAsync(string url, JsonObject json, CancellationToken cancellationToken)
    {
        Result<VerifiableCredential> parsed = VerifiableCredential.Parse(json);
        if (!parsed.IsSuccess)
        {
            return Invalid(url, parsed.Error.Detail);
        }

        VerifiableCredential listCredential = parsed.Value;
        if (!listCredential.Types.Contains(BitstringStatusListCredential.CredentialType))
        {
            return Invalid(url, $"its type does not include {BitstringStatusListCredential.CredentialType}.");
        }

        IReadOnlyList<Error> violations = DataModelValidator.ValidateCredential(json);
        if (violations.Count > 0)
        {
            return Invalid(url, string.Join(" ", violations.Select(v => v.Detail)));
        }

        if (!CanonicalUrl.TryCreate(listCredential.Id, out string id) || !string.Equals(id, url, StringComparison.Ordinal))
        {
            return Invalid(url, listCredential.Id is null
                ? "it has no id; a status list credential must name the URL it is published at."
                : $"its id '{listCredential.Id}' is not the URL it was retrieved from.");
        }

        if (listCredential.IssuerId is not { } issuer)
        {
            return Invalid(url, "it has no issuer id.");
        }

        if (await VerifyProofsAsync(json, issuer, cancellationToken).ConfigureAwait(false) is { } proofError)
        {
            return Invalid(url, proofError);
        }

        Result<(IReadOnlyList<string> Purposes, string EncodedList)> subject = ReadSubject(json["credentialSubject"]);
        if (!subject.IsSuccess)
        {
            return Invalid(url, subject.Error.Detail);
        }

        Result<BitstringStatusList> list = BitstringStatusList.Decode(subject.Value.EncodedList, _options.MaxListBits);
        if (!list.IsSuccess)
        {
            return list.Error.Code == ErrorCodes.StatusListTooLarge
                ? new Error(ErrorCodes.StatusListTooLarge, $"The status list {url} is larger than this verifier accepts: {list.Error.Detail}")
                : Invalid(url, list.Error.Detail);
        }

        var verified = new VerifiedStatusList(issuer, [.. subject.Value.Purposes], listCredential.ValidFrom, listCredential.ValidUntil, list.Value);
        return CheckValidity(verified, _time.GetUtcNow()) is { } expired ? Invalid(url, expired) : verified;
    }

    // §3.2: all proofs must verify. Like VerifyProofs for credentials, each must also be made with the issuer's own key.
    private async ValueTask<string?> VerifyProofsAsync(JsonObject json, string issuer, CancellationToken cancellationToken)
    {
        IReadOnlyList<ProofVerification> outcomes = await _proofs.VerifyAsync(json, s_assertion, cancellationToken).ConfigureAwait(false);
        foreach (ProofVerification outcome in outcomes)
        {
            if (!outcome.Verified)
            {
                return $"its proof does not verify ({outcome.Error})";
            }

            if (outcome.VerificationMethod is null || !DidUrl.TryParse(outcome.VerificationMethod, out DidUrl method)
                || !string.Equals(method.Did.Value, issuer, StringComparison.Ordinal))
            {
                return $"its proof was made with '{outcome.VerificationMethod}', which is not a key of its issuer '{issuer}'.";
            }
        }

        return null;
    }

    private static Result<(IReadOnlyList<string> Purposes, string EncodedList)> ReadSubject(JsonNode? node)
    {
        JsonObject[] lists = [.. JsonValues.AsSet(node).OfType<JsonObject>()
            .Where(s => JsonValues.Strings(s["type"]).Contains(BitstringStatusListCredential.ListType))];
        if (lists.Length != 1)
        {
            return new Error(ErrorCodes.InvalidStatusList, $"it must have exactly one credentialSubject of type {BitstringStatusListCredential.ListType}.");
        }

        JsonObject subject = lists[0];
        JsonNode? purposeNode = subject["statusPurpose"];
        string[] purposes = [.. JsonValues.AsSet(purposeNode).Select(JsonValues.GetString).OfType<string>()];
        int declared = JsonValues.AsSet(purposeNode).Count();
        if (purposes.Length == 0 || purposes.Length != declared)
        {
            return new Error(ErrorCodes.InvalidStatusList, "credentialSubject.statusPurpose must be a string or an array of strings.");
        }

        return JsonValues.GetString(subject["encodedList"]) is { } encodedList
            ? (purposes, encodedList)
            : new Error(ErrorCodes.InvalidStatusList, "credentialSubject.encodedList must be a string.");
    }

    private string? CheckValidity(VerifiedStatusList list, DateTimeOffset now)
    {
        if (list.ValidFrom is { } from && from - _proofs.MaxClockSkew > now)
        {
            return $"it is valid only from {ProofFields.FormatDateTime(from)}.";
        }

        return list.ValidUntil is { } until && until <= now ? $"it expired at {ProofFields.FormatDateTime(until)}." : null;
    }

    private static Error? ReadStatus(VerifiableCredential credential, StatusListEntry entry, VerifiedStatusList list)
    {
        if (!string.Equals(list.IssuerId, credential.IssuerId, StringComparison.Ordinal))
        {
            return new Error(ErrorCodes.StatusListIssuerMismatch,
                $"The status list {entry.ListUrl} was issued by '{list.IssuerId}', not by the credential's issuer '{credential.IssuerId}'.");
        }

        if (!list.Purposes.Contains(entry.Purpose, StringComparer.Ordinal))
        {
            return Invalid(entry.ListUrl, $"its statusPurpose ({string.Join(", ", list.Purposes)}) does not include '{entry.Purpose}'.");
        }

        (long first, long end) = entry.BitRange;
        if (end > list.List.Size)
        {
            return Invalid(entry.ListUrl, string.Create(CultureInfo.InvariantCulture,
                $"statusListIndex {entry.Index} (statusSize {entry.Size}) is beyond its {list.List.Size} bits."));
        }

        return entry.Outcome(ReadValue(list.List, (int)first, entry.Size));
    }

    /// <summary>The <paramref name="size"/>-bit status starting at bit <paramref name="first"/>, most significant bit first.</summary>
    internal static int ReadValue(BitstringStatusList list, int first, int size)
    {
        int value = 0;
        for (int bit = first; bit < first + size; bit++)
        {
            value = (value << 1) | (list[bit] ? 1 : 0);
        }

        return value;
    }

    private static Error Invalid(string url, string reason) =>
        new(ErrorCodes.InvalidStatusList, $"The status list {url} cannot be used: {reason}");
}
