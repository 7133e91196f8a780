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
}
