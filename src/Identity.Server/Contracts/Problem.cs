using System.ComponentModel;
using Identity.Server.OpenApi;

namespace Identity.Server.Contracts;

/// <summary>
/// The wire shape of every non-2xx response (RFC 9457 <c>application/problem+json</c>), for the OpenAPI document only:
/// the body itself is written by <see cref="Http.Problems"/>. The members after <c>code</c> appear where said.
/// </summary>
[Description("An RFC 9457 problem document: every non-2xx response is one, with a stable `code` to switch on. `type` is the URL of the code's page on this service (`/errors/{code}`).")]
[Example("""{"type":"http://localhost:5080/errors/credentialRevoked","title":"Credential revoked","status":422,"detail":"Verification failed (credentialStatus): The credential is revoked.","code":"credentialRevoked","verified":false,"checks":[{"check":"proof","target":"credential","status":"passed"},{"check":"credentialStatus","target":"credential","status":"failed","detail":"The credential is revoked.","code":"credentialRevoked"}],"warnings":[],"errors":[{"type":"http://localhost:5080/errors/credentialRevoked","title":"The credentialStatus check failed","detail":"The credential is revoked.","code":"credentialRevoked","check":"credentialStatus","target":"credential"}],"policy":{"holderBinding":"subject","requireChallenge":false,"acceptedCryptosuites":[],"trustedIssuers":[]}}""")]
internal sealed record Problem
{
    [Description("The URL of this code's documentation page, served by this service at `/errors/{code}` (relative to `IDENTITY_PUBLIC_URL`).")]
    public required Uri Type { get; init; }

    [Description("A fixed title per code.")]
    public required string Title { get; init; }

    [Description("The HTTP status code.")]
    public required int Status { get; init; }

    [Description("What went wrong in this request; never holds secrets, claims or biometric data.")]
    public required string Detail { get; init; }

    [Description("The stable error code (see `/errors`). Codes are never renamed.")]
    public required string Code { get; init; }

    [Description("Verify responses (422): always false.")]
    public bool? Verified { get; init; }

    [Description("Verify responses (422) and enrolment holder-proof failures: every check that ran, in order.")]
    public IReadOnlyList<CheckResult>? Checks { get; init; }

    [Description("Verify responses (422): warnings that did not fail verification.")]
    public IReadOnlyList<string>? Warnings { get; init; }

    [Description("Verify responses (422) and enrolment holder-proof failures: one problem per failed check.")]
    public IReadOnlyList<CheckProblem>? Errors { get; init; }

    [Description("Verify responses (422): the verifier policy applied.")]
    public VerifierPolicyReport? Policy { get; init; }

    [Description("DID resolution failures: the DID Resolution metadata (`error`, `errorMessage`).")]
    public DidResolutionMetadata? DidResolutionMetadata { get; init; }

    [Description("DID URL dereferencing failures: the dereferencing metadata (`error`, `errorMessage`).")]
    public DidResolutionMetadata? DidDereferencingMetadata { get; init; }
}

/// <summary>One failed check as an RFC 9457 problem, inside a verify response's <c>errors</c>.</summary>
[Description("One failed check as a problem object.")]
internal sealed record CheckProblem
{
    [Description("The URL of the code's page (`/errors/{code}`).")]
    public required Uri Type { get; init; }

    [Description("\"The {check} check failed\".")]
    public required string Title { get; init; }

    public required string Detail { get; init; }

    [Description("The stable error code.")]
    public required string Code { get; init; }

    [Description("The check that failed, e.g. `proof`, `credentialStatus`.")]
    public required string Check { get; init; }

    [Description("What was checked: `credential`, `presentation` or `verifiableCredential[i]`.")]
    public required string Target { get; init; }
}
