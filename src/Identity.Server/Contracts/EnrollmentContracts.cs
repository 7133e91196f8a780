using System.ComponentModel;
using Identity.Server.OpenApi;

namespace Identity.Server.Contracts;

/// <summary>The body of <c>POST /tenants/{tenant}/enrollments</c>.</summary>
[Description("A biometric enrolment: the subject's holder proof (a presentation without credentials over a challenge from `POST /challenges`), the modality and 1 to 5 captures. The template is wiped after protection and never stored.")]
[Example("""{"subject":"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK","holderProof":{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiablePresentation"],"holder":"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK","proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-jcs-2022","verificationMethod":"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK","proofPurpose":"authentication","challenge":"u2fIR4hsl0V1DMC2N3gWeqA","domain":"localhost:5080","proofValue":"z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKKiZq2ofzhuC3w1s7m"}},"modality":"iris","captures":[{"format":"binary","bits":"<base64 of 256 bytes>","mask":"<base64 of 256 bytes>"}]}""")]
internal sealed record EnrollmentRequest
{
    [Description("The patient's DID.")]
    public required string Subject { get; init; }

    public required VerifiablePresentation HolderProof { get; init; }

    [Description("`iris` or `face`.")]
    public required string Modality { get; init; }

    [Description("1 to 5 captures of the same modality.")]
    public required IReadOnlyList<BiometricCapture> Captures { get; init; }
}

/// <summary>One biometric capture (never stored).</summary>
[Description("A capture: iris as 2048-bit code and mask (`binary`), face as a 512-number L2-normalised vector (`embedding`).")]
internal sealed record BiometricCapture
{
    [Description("`binary` (iris) or `embedding` (face).")]
    public required string Format { get; init; }

    [Description("Optional: `iris` or `face`, which must agree with the format.")]
    public string? Modality { get; init; }

    [Description("`binary`: base64 of the 2048-bit code.")]
    public string? Bits { get; init; }

    [Description("`binary`: base64 of the 2048-bit mask.")]
    public string? Mask { get; init; }

    [Description("`embedding`: 512 numbers, L2-normalised.")]
    public IReadOnlyList<double>? Vector { get; init; }

    [Description("`embedding`: the model's name, informative.")]
    public string? Model { get; init; }
}
