using System.Text.Json.Nodes;
using Identity.Credentials.Model;
using Identity.Primitives;

namespace Identity.Credentials.Verification;

/// <summary>
/// Checks one <c>credentialStatus</c> entry (e.g. a Bitstring Status List entry). The status-list implementation lands
/// with the service; until then verifiers run without one and the check is reported as skipped with a warning.
/// </summary>
public interface ICredentialStatusChecker
{
    /// <summary>Returns null when the status is fine, or the reason it is not (revoked, suspended, list unavailable).</summary>
    ValueTask<Error?> CheckAsync(VerifiableCredential credential, JsonObject statusEntry, CancellationToken cancellationToken);

    /// <summary>
    /// Checks one entry within a request's <paramref name="budget"/>: a checker that fetches (a status list, a status
    /// token) should admit each fetch through it and remember each outcome, so one request fetches a bounded number of
    /// lists, each at most once. The default ignores the budget.
    /// </summary>
    ValueTask<Error?> CheckAsync(VerifiableCredential credential, JsonObject statusEntry, StatusCheckBudget budget, CancellationToken cancellationToken) =>
        CheckAsync(credential, statusEntry, cancellationToken);
}
