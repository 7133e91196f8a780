// References: IETF draft-ietf-oauth-status-list (Token Status List), §8 Verification and Processing,
//   https://datatracker.ietf.org/doc/draft-ietf-oauth-status-list/
using System.Text.Json.Nodes;
using Identity.Credentials.Verification;
using Identity.Primitives;

namespace Identity.Credentials.Status;

/// <summary>Checks the <c>status</c> claim of a JOSE-secured credential (SD-JWT VC, vc+jwt, JWT-VC).</summary>
/// <remarks><threadsafety>Implementations must be safe to call concurrently.</threadsafety></remarks>
public interface ITokenStatusChecker
{
    /// <summary>Checks <paramref name="statusClaim"/> of a token issued by <paramref name="issuer"/>, fetching lists only
    /// as far as <paramref name="budget"/> (the request's, shared with every other status check of that request) allows.</summary>
    /// <returns>Null when the status is VALID; otherwise why the credential does not pass (revoked, suspended, or a
    /// list that could not be fetched or verified, or one more fetch than the request may make: the check fails closed).</returns>
    ValueTask<Error?> CheckAsync(string? issuer, JsonNode statusClaim, StatusCheckBudget budget, CancellationToken cancellationToken);
}
