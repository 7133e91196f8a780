using System.ComponentModel;
using Identity.Server.OpenApi;

namespace Identity.Server.Contracts;

/// <summary>The body of <c>POST /tenants/{tenant}/patients/erase</c>.</summary>
[Description("The patient to erase from this tenant (docs/privacy.md), by DID; in the body so that it stays out of access logs.")]
[Example("""{"did":"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"}""")]
internal sealed record ErasePatientRequest
{
    [Description("A DID of at most 2048 characters.")]
    public required string Did { get; init; }
}

/// <summary>The answer of <c>POST /tenants/{tenant}/patients/erase</c>.</summary>
[Description("What the erasure did: credentials revoked (first), documents erased, biometric records deleted, the patient did:web erased.")]
[Example("""{"subject":"ps1:3q2-7wAAAAAAAAAAAAAAAA","credentialsRevoked":2,"credentialsErased":3,"biometricRecordsDeleted":1,"patientDidErased":false}""")]
internal sealed record PatientErasure
{
    [Description("The tenant's pseudonym of the DID, as the audit log names it.")]
    public required string Subject { get; init; }

    public required int CredentialsRevoked { get; init; }

    public required int CredentialsErased { get; init; }

    public required int BiometricRecordsDeleted { get; init; }

    public required bool PatientDidErased { get; init; }
}

/// <summary>The body of <c>POST /tenants/{tenant}/audit/search</c>.</summary>
[Description("A patient identifier (DID or credential id), hashed on the server with the tenant's pseudonym key; a page after a sequence number.")]
[Example("""{"subject":"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK","after":0,"limit":100}""")]
internal sealed record AuditSearchRequest
{
    [Description("1 to 2048 characters.")]
    public required string Subject { get; init; }

    [Description("Entries after this sequence number (default 0).")]
    public long? After { get; init; }

    [Description("1 to 1000 (default 100).")]
    public int? Limit { get; init; }
}

/// <summary>The answer of <c>POST /tenants/{tenant}/audit/search</c>.</summary>
[Description("The tenant's audit entries about the subject, in sequence order.")]
[Example("""{"subject":"ps1:3q2-7wAAAAAAAAAAAAAAAA","entries":[{"sequence":12,"at":"2026-12-06T11:00:00.0000000Z","action":"credential.issued","outcome":"ok"}]}""")]
internal sealed record AuditSearchResult
{
    [Description("The tenant's pseudonym of the subject.")]
    public required string Subject { get; init; }

    public required IReadOnlyList<AuditSearchEntry> Entries { get; init; }
}

/// <summary>One entry of an audit search.</summary>
[Description("An audit entry: when, what, and the outcome.")]
[Example("""{"sequence":12,"at":"2026-12-06T11:00:00.0000000Z","action":"credential.issued","outcome":"ok"}""")]
internal sealed record AuditSearchEntry
{
    public required long Sequence { get; init; }

    public required DateTimeOffset At { get; init; }

    public required string Action { get; init; }

    public required string Outcome { get; init; }
}
