using System.ComponentModel;
using System.Text.Json.Serialization;
using Identity.Server.OpenApi;

namespace Identity.Server.Contracts;

/// <summary>The body of <c>POST /credentials/verify</c> (VC-API).</summary>
[Description("A credential to verify: a Data Integrity credential (JSON object), or a VC-JOSE-COSE / SD-JWT VC token (a string or an EnvelopedVerifiableCredential).")]
[Example("""{"verifiableCredential":{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:uuid:5f0a8c1e-2b7d-4b1e-9a57-3c1f0e9b8d21","type":["VerifiableCredential"],"issuer":"did:web:localhost%3A5080:tenants:st-marys","validFrom":"2026-12-06T11:00:00Z","credentialSubject":{"id":"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK","bloodType":"AB-"},"credentialStatus":[{"id":"http://localhost:5080/tenants/st-marys/status/1#17","type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"17","statusListCredential":"http://localhost:5080/tenants/st-marys/status/1"},{"id":"http://localhost:5080/tenants/st-marys/status/2#17","type":"BitstringStatusListEntry","statusPurpose":"suspension","statusListIndex":"17","statusListCredential":"http://localhost:5080/tenants/st-marys/status/2"}],"proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-jcs-2022","created":"2026-12-06T11:00:00Z","verificationMethod":"did:web:localhost%3A5080:tenants:st-marys#key-1","proofPurpose":"assertionMethod","proofValue":"z58DAdFfa9SkqZMVPxAQpic7ndSayn1PzZs6ZjWp1CktyGesjuTSwRdoWhAfGFCF5bppETSTojQCrfFPP2oumHKtz"}}}""")]
internal sealed record VerifyCredentialRequest
{
    [Description("The credential: a JSON object with a Data Integrity proof, a compact JWS / SD-JWT string, or an EnvelopedVerifiableCredential.")]
    [OneOf(typeof(Contracts.VerifiableCredential), typeof(EnvelopedCredential), typeof(string))]
    public required object VerifiableCredential { get; init; }

    public VerifyOptions? Options { get; init; }
}

/// <summary>The body of <c>POST /presentations/verify</c> (VC-API).</summary>
[Description("A presentation to verify, with the challenge and domain it must answer and, for a biometric match, a fresh capture.")]
[Example("""{"verifiablePresentation":{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiablePresentation"],"holder":"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK","verifiableCredential":[{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"issuer":"did:web:localhost%3A5080:tenants:st-marys","credentialSubject":{"id":"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK","bloodType":"AB-"},"proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-jcs-2022","verificationMethod":"did:web:localhost%3A5080:tenants:st-marys#key-1","proofPurpose":"assertionMethod","proofValue":"z58DAdFfa9SkqZMVPxAQpic7ndSayn1PzZs6ZjWp1CktyGesjuTSwRdoWhAfGFCF5bppETSTojQCrfFPP2oumHKtz"}}],"proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-jcs-2022","verificationMethod":"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK","proofPurpose":"authentication","challenge":"u2fIR4hsl0V1DMC2N3gWeqA","domain":"localhost:5080","proofValue":"z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKKiZq2ofzhuC3w1s7m"}},"options":{"challenge":"u2fIR4hsl0V1DMC2N3gWeqA","domain":"localhost:5080"}}""")]
internal sealed record VerifyPresentationRequest
{
    [Description("The presentation: a JSON object with a Data Integrity proof, a JWT / SD-JWT+KB string, or an EnvelopedVerifiablePresentation.")]
    [OneOf(typeof(Contracts.VerifiablePresentation), typeof(EnvelopedCredential), typeof(string))]
    public required object VerifiablePresentation { get; init; }

    public VerifyOptions? Options { get; init; }
}

/// <summary>The <c>options</c> of a verify request: the verifier policy for this request and the holder's challenge.</summary>
[Description("Verify options. Each policy member named here replaces the deployment default (IDENTITY_HOLDER_BINDING, IDENTITY_REQUIRE_CHALLENGE, IDENTITY_ACCEPTED_CRYPTOSUITES, IDENTITY_TRUSTED_ISSUERS).")]
internal sealed record VerifyOptions
{
    [Description("The challenge the presentation's proof must carry (from `POST /challenges`, then single use).")]
    public string? Challenge { get; init; }

    [Description("The domain the presentation's proof must carry.")]
    public string? Domain { get; init; }

    [Description("`subject` (every credential must be about the authenticated holder) or `none`.")]
    public HolderBinding? HolderBinding { get; init; }

    [Description("Whether the presentation must answer a challenge.")]
    public bool? RequireChallenge { get; init; }

    [Description("1 to 64 cryptosuites (or legacy proof types) a Data Integrity proof may use.")]
    public IReadOnlyList<string>? AcceptedCryptosuites { get; init; }

    [Description("1 to 64 issuer ids whose credentials are accepted.")]
    public IReadOnlyList<string>? TrustedIssuers { get; init; }

    [Description("Presentations only: a fresh capture to match against the record of the BiometricBindingCredential; needs a challenge from `POST /challenges`.")]
    public BiometricCapture? Biometric { get; init; }
}

/// <summary>The verifier policy's holder binding.</summary>
[Description("`subject`: every credential in a presentation must be about its authenticated holder; `none`: the data model's rule.")]
[JsonConverter(typeof(JsonStringEnumConverter<HolderBinding>))]
internal enum HolderBinding
{
    [JsonStringEnumMemberName("subject")]
    Subject,

    [JsonStringEnumMemberName("none")]
    None,
}

/// <summary>A verify verdict: 200 when verified (a failed verdict is a 422 <see cref="Problem"/> with the same members).</summary>
[Description("The verdict: every check that ran, in order, and the policy applied.")]
[Example("""{"verified":true,"checks":[{"check":"dataModel","target":"credential","status":"passed"},{"check":"proof","target":"credential","status":"passed"},{"check":"validityPeriod","target":"credential","status":"passed"},{"check":"credentialStatus","target":"credential","status":"passed"}],"warnings":[],"policy":{"holderBinding":"subject","requireChallenge":false,"acceptedCryptosuites":[],"trustedIssuers":[]}}""")]
internal sealed record VerificationVerdict
{
    [Description("Always true in a 200 response.")]
    public required bool Verified { get; init; }

    public required IReadOnlyList<CheckResult> Checks { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }

    public VerifierPolicyReport? Policy { get; init; }
}

/// <summary>One check of a verdict.</summary>
[Description("One check and its outcome.")]
internal sealed record CheckResult
{
    [Description("The check: `dataModel`, `proof`, `issuerResolution`, `verificationMethod`, `validityPeriod`, `credentialSchema`, `credentialStatus`, `holderBinding`, `challenge`, `domain`, `policy`, `compactedForm`, `disclosures`, `keyBinding`, `biometricMatch`.")]
    public required string Check { get; init; }

    [Description("What was checked: `credential`, `presentation` or `verifiableCredential[i]`.")]
    public required string Target { get; init; }

    public required CheckStatus Status { get; init; }

    public string? Detail { get; init; }

    [Description("The error code of a failed check.")]
    public string? Code { get; init; }
}

/// <summary>The outcome of one check.</summary>
[Description("`passed`, `failed`, or `skipped` (the check did not apply or could not run after an earlier failure).")]
[JsonConverter(typeof(JsonStringEnumConverter<CheckStatus>))]
internal enum CheckStatus
{
    [JsonStringEnumMemberName("passed")]
    Passed,

    [JsonStringEnumMemberName("failed")]
    Failed,

    [JsonStringEnumMemberName("skipped")]
    Skipped,
}

/// <summary>The verifier policy a verdict was reached under.</summary>
[Description("The verifier policy applied; empty lists mean every supported cryptosuite and any issuer.")]
internal sealed record VerifierPolicyReport
{
    public required HolderBinding HolderBinding { get; init; }

    public required bool RequireChallenge { get; init; }

    public required IReadOnlyList<string> AcceptedCryptosuites { get; init; }

    public required IReadOnlyList<string> TrustedIssuers { get; init; }
}
