namespace Identity.Primitives;

/// <summary>
/// Codes of remote patient monitoring (docs/monitoring.md): device bindings, the ingestion of device-signed readings
/// (whole-request problems and per-reading reasons), and the consented read.
/// </summary>
public static partial class ErrorCodes
{
    /// <summary>The signing device has no binding in this tenant (never bound here, or bound by another tenant).</summary>
    public const string DeviceNotBound = "deviceNotBound";

    /// <summary>The device's binding credential is revoked (unbound) or suspended.</summary>
    public const string BindingRevoked = "bindingRevoked";

    /// <summary>The device's binding credential is past its validUntil.</summary>
    public const string BindingExpired = "bindingExpired";

    /// <summary>The signed batch has more entries than the service accepts in one request.</summary>
    public const string BatchTooLarge = "batchTooLarge";

    /// <summary>The payload, or one reading of it, is not an Observation of the shape the service accepts.</summary>
    public const string InvalidObservation = "invalidObservation";

    /// <summary>Reading: the device sent another reading with this sequence number before.</summary>
    public const string SequenceReplay = "sequenceReplay";

    /// <summary>Reading: the sequence number is not above the highest one accepted from the device.</summary>
    public const string SequenceOutOfOrder = "sequenceOutOfOrder";

    /// <summary>Reading: its effective time is later than now plus the allowed clock skew.</summary>
    public const string ReadingInFuture = "readingInFuture";

    /// <summary>Reading: the LOINC code is not one the service accepts from devices.</summary>
    public const string CodeNotSupported = "codeNotSupported";

    /// <summary>Reading: the UCUM unit is not one allowed for the code.</summary>
    public const string UnitNotAllowed = "unitNotAllowed";

    /// <summary>Reading: the value is outside the physiologically plausible range for the code.</summary>
    public const string ValueOutOfRange = "valueOutOfRange";

    /// <summary>Reading: Observation.subject is not the patient the device is bound to.</summary>
    public const string SubjectMismatch = "subjectMismatch";

    /// <summary>Reading: Observation.device is not the device that signed the batch.</summary>
    public const string DeviceMismatch = "deviceMismatch";

    /// <summary>The read carries no access token, or one that is unknown, expired, or for another patient, tenant or data.</summary>
    public const string AccessNotPermitted = "accessNotPermitted";

    /// <summary>The store failed while writing the batch; nothing of it was stored and the device may send it again.</summary>
    public const string StorageFailed = "storageFailed";
}
