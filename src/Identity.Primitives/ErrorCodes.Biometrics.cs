namespace Identity.Primitives;

/// <summary>Codes reported by biometric template protection (error-correcting codes, fuzzy commitments).</summary>
public static partial class ErrorCodes
{
    /// <summary>A received word has more errors than the error-correcting code can correct, so no message was recovered.</summary>
    public const string UncorrectableErrors = "uncorrectableErrors";

    /// <summary>A biometric capture cannot be used: too many of its bits are masked out (eyelids, reflections).</summary>
    public const string BiometricCaptureUnusable = "biometricCaptureUnusable";

    /// <summary>A stored biometric record names another scheme or version, or has fields of the wrong size or range.</summary>
    public const string InvalidBiometricRecord = "invalidBiometricRecord";

    /// <summary>A biometric capture has the wrong format for its modality, the wrong size, non-finite or non-normalised values.</summary>
    public const string InvalidBiometricCapture = "invalidBiometricCapture";

    /// <summary>A fresh biometric capture did not match the protected record that a binding credential points to.</summary>
    public const string BiometricMismatch = "biometricMismatch";

    /// <summary>A binding credential issued here points to a biometric record this deployment does not hold.</summary>
    public const string UnknownBiometricRecord = "unknownBiometricRecord";

    /// <summary>A holder proof's challenge was not issued by this service (enrolment needs one from <c>POST /challenges</c>).</summary>
    public const string ChallengeUnknown = "challengeUnknown";

    /// <summary>The caller asked for a biometric match, but the presentation carries no <c>BiometricBindingCredential</c>.</summary>
    public const string BiometricBindingRequired = "biometricBindingRequired";

    /// <summary>A binding credential to match against was not issued by a tenant of this service (another issuer, or self-issued).</summary>
    public const string UntrustedBiometricBinding = "untrustedBiometricBinding";

    /// <summary>A biometric match needs a presentation bound to a fresh challenge this service issued, consumed by that verification.</summary>
    public const string BiometricChallengeRequired = "biometricChallengeRequired";

    /// <summary>Too many match attempts against this biometric record in the current window: it is locked until the window ends.</summary>
    public const string BiometricRecordLocked = "biometricRecordLocked";
}
