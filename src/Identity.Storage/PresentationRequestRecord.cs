namespace Identity.Storage;

/// <summary>
/// An OpenID4VP authorization request a tenant (as verifier) created: its sealed state (nonce, client id, DCQL query,
/// the ephemeral decryption key, any biometric capture), its lifetime, and once answered its sealed result. The store
/// never sees these in clear: <see cref="State"/> and <see cref="Result"/> are sealed by the service with the tenant's
/// data key.
/// </summary>
public sealed record PresentationRequestRecord(
    string Id,
    string TenantId,
    string State,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    PresentationRequestStatus Status = PresentationRequestStatus.Pending,
    string? Result = null,
    DateTimeOffset? FinishedAt = null);

/// <summary>Where an OpenID4VP request stands.</summary>
public enum PresentationRequestStatus
{
    /// <summary>Waiting for the wallet's response.</summary>
    Pending,
    /// <summary>A response was accepted for processing; no other response is accepted any more.</summary>
    Processing,
    /// <summary>Answered and verified.</summary>
    Verified,
    /// <summary>Answered and refused (or the wallet declined); final.</summary>
    Failed,
}

/// <summary>What claiming a request for a wallet response found.</summary>
public enum PresentationRequestClaim
{
    /// <summary>No such request.</summary>
    NotFound,
    /// <summary>Pending and unexpired: now claimed by this call, and by no other.</summary>
    Claimed,
    /// <summary>Already answered (or being answered).</summary>
    Finished,
    /// <summary>Pending but expired.</summary>
    Expired,
}
