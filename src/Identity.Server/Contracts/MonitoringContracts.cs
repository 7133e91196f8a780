using System.ComponentModel;
using Identity.Server.OpenApi;

namespace Identity.Server.Contracts;

/// <summary>The body of <c>POST /tenants/{tenant}/devices/bindings</c>.</summary>
[Description("Binds a device's did:key or did:jwk (one P-256 or Ed25519 key) to a patient of the tenant (docs/monitoring.md). `holderProof`: the patient's presentation without credentials over a challenge from POST /challenges (consent); `deviceProof`: the device's, over another challenge (possession of its key).")]
internal sealed record DeviceBindingRequest
{
    public required string DeviceDid { get; init; }

    [Description("The patient's DID (did:web:…:tenants:{t}:patients:{id}).")]
    public required string Patient { get; init; }

    [Description("The device as a FHIR R4 Device resource (manufacturer, modelNumber, serialNumber, type).")]
    public required FhirResource Device { get; init; }

    [Description("`cgm`, `bp`, `pulse-ox`, `scale` or `hr`: which LOINC codes the device may report.")]
    public required string Kind { get; init; }

    [Description("RFC 3339; default and maximum 365 days from now.")]
    public string? ValidUntil { get; init; }

    public required VerifiablePresentation HolderProof { get; init; }

    public required VerifiablePresentation DeviceProof { get; init; }
}

/// <summary>The 201 body of a binding.</summary>
[Description("The DeviceBindingCredential the tenant signed (with a revocation entry), its id, and what it binds.")]
internal sealed record DeviceBinding
{
    public required string BindingId { get; init; }

    public required VerifiableCredential Credential { get; init; }

    public required string DeviceDid { get; init; }

    public required string Patient { get; init; }

    public required string ValidUntil { get; init; }
}

/// <summary>The 200 body of an unbinding.</summary>
[Description("The binding credential is revoked: its revocation bit is set in the tenant's status list.")]
internal sealed record DeviceUnbinding
{
    public required string BindingId { get; init; }

    [Description("`revoked`.")]
    public required string Status { get; init; }

    public required string StatusListCredential { get; init; }

    public required string StatusListIndex { get; init; }
}

/// <summary>The 200 body of an ingestion.</summary>
[Description("Per-reading verdicts of a signed batch: counts, the device's highest accepted sequence number, the ranges the batch skipped, the transparency-log leaf of the batch (0-based, when anything was accepted).")]
internal sealed record IngestionResult
{
    public required string Device { get; init; }

    public required string Patient { get; init; }

    public required int Accepted { get; init; }

    public required int Duplicates { get; init; }

    public required int Rejected { get; init; }

    public required long HighestSequence { get; init; }

    public required IReadOnlyList<SequenceGap> Gaps { get; init; }

    public long? LogIndex { get; init; }

    public required IReadOnlyList<ReadingResult> Readings { get; init; }
}

/// <summary>A range of sequence numbers never received.</summary>
[Description("Sequence numbers from `from` to `to` (inclusive) that the device skipped.")]
internal sealed record SequenceGap
{
    public required long From { get; init; }

    public required long To { get; init; }
}

/// <summary>The verdict on one reading.</summary>
[Description("`accepted`, `duplicate` (stored before with the same content) or `rejected` with reasons (stable codes).")]
internal sealed record ReadingResult
{
    public long? Sequence { get; init; }

    public required string Status { get; init; }

    [Description("The Observation's id as stored.")]
    public string? Id { get; init; }

    public IReadOnlyList<DecisionReason>? Reasons { get; init; }
}
