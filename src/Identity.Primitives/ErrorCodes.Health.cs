namespace Identity.Primitives;

/// <summary>Codes for FHIR payloads, SMART Health Cards and SMART Health Links (docs/health.md).</summary>
public static partial class ErrorCodes
{
    /// <summary>A FHIR resource or Bundle does not conform to FHIR R4 (structure, cardinality, types, value sets); the detail names the FHIR paths.</summary>
    public const string InvalidFhir = "invalidFhir";

    /// <summary>A FHIR payload exceeds the service's bounds (bytes, Bundle entries or nesting depth); it was not validated.</summary>
    public const string FhirTooLarge = "fhirTooLarge";

    /// <summary>A JWS is not a SMART Health Card: no <c>zip: DEF</c>, no <c>kid</c>, a payload that is not raw DEFLATE or not a card's claims.</summary>
    public const string InvalidHealthCard = "invalidHealthCard";

    /// <summary>A compressed payload inflates past the service's bound (a deflate bomb); it was not read further.</summary>
    public const string InflateLimitExceeded = "inflateLimitExceeded";

    /// <summary>A <c>shc:/</c> QR text is malformed: prefix, chunk header <c>C/N</c>, a missing or repeated chunk, or a non-digit.</summary>
    public const string InvalidQrChunk = "invalidQrChunk";

    /// <summary>The issuer's key set has no key with the JWS's <c>kid</c>.</summary>
    public const string UnknownKeyId = "unknownKeyId";

    /// <summary>A SMART Health Link was revoked, has expired, or was never issued here; its manifest is not served.</summary>
    public const string HealthLinkInactive = "healthLinkInactive";

    /// <summary>The SMART Health Link needs a passcode and none, or the wrong one, was sent.</summary>
    public const string InvalidPasscode = "invalidPasscode";

    /// <summary>Too many passcode attempts were made on a SMART Health Link; it serves nothing more.</summary>
    public const string PasscodeAttemptsExceeded = "passcodeAttemptsExceeded";
}
