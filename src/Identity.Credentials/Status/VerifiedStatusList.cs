using System.Collections.Immutable;

namespace Identity.Credentials.Status;

/// <summary>
/// A status list credential whose proofs verified and whose list decoded: what the checker caches. The checks that
/// depend on the credential being checked (issuer, purpose, index) and on the time (validity) are not part of it.
/// </summary>
internal sealed record VerifiedStatusList(
    string IssuerId,
    ImmutableArray<string> Purposes,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidUntil,
    BitstringStatusList List);
