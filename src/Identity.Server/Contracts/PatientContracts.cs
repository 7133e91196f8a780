using System.ComponentModel;
using Identity.Server.OpenApi;

namespace Identity.Server.Contracts;

/// <summary>The body of <c>POST /tenants/{tenant}/patients</c>.</summary>
[Description("A patient DID to register: the patient's own public keys (the hospital never holds the private keys).")]
[Example("""{"id":"p-1042","publicKeys":["z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"]}""")]
internal sealed record CreatePatientRequest
{
    [Description("1 to 63 characters of a-z, 0-9 and '-'; generated when absent.")]
    public string? Id { get; init; }

    [Description("1 to 8 publicKeyMultibase keys (Ed25519, P-256, P-384 or secp256k1).")]
    public required IReadOnlyList<string> PublicKeys { get; init; }
}

/// <summary>The body of <c>POST /tenants/{tenant}/patients/{patient}/did</c>.</summary>
[Description("A key replacement signed by a key of the current document over a challenge from `POST /challenges` (docs/patient-dids.md).")]
[Example("""{"did":"did:web:localhost%3A5080:tenants:st-marys:patients:p-1042","version":1,"publicKeys":["z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"],"proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-jcs-2022","verificationMethod":"did:web:localhost%3A5080:tenants:st-marys:patients:p-1042#key-1","proofPurpose":"authentication","challenge":"u2fIR4hsl0V1DMC2N3gWeqA","domain":"localhost:5080","proofValue":"z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKKiZq2ofzhuC3w1s7m"}}""")]
internal sealed record UpdatePatientDidRequest
{
    [Description("The patient's DID (must match the path).")]
    public required string Did { get; init; }

    [Description("The version of the document being replaced (optimistic concurrency: `versionConflict` otherwise).")]
    public required long Version { get; init; }

    [Description("The new keys.")]
    public required IReadOnlyList<string> PublicKeys { get; init; }

    [Description("The patient's proof, by a verification method of the current document.")]
    public required DataIntegrityProof Proof { get; init; }
}

/// <summary>A patient DID record.</summary>
[Description("A patient DID: its version, state and (unless deactivated) its document.")]
[Example("""{"id":"p-1042","did":"did:web:localhost%3A5080:tenants:st-marys:patients:p-1042","version":1,"updated":"2026-12-06T11:00:00Z","deactivated":false,"didDocument":{"@context":["https://www.w3.org/ns/did/v1","https://w3id.org/security/multikey/v1"],"id":"did:web:localhost%3A5080:tenants:st-marys:patients:p-1042","verificationMethod":[{"id":"did:web:localhost%3A5080:tenants:st-marys:patients:p-1042#key-1","type":"Multikey","controller":"did:web:localhost%3A5080:tenants:st-marys:patients:p-1042","publicKeyMultibase":"z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"}],"authentication":["did:web:localhost%3A5080:tenants:st-marys:patients:p-1042#key-1"],"assertionMethod":["did:web:localhost%3A5080:tenants:st-marys:patients:p-1042#key-1"]}}""")]
internal sealed record PatientDid
{
    public required string Id { get; init; }

    public required string Did { get; init; }

    public required long Version { get; init; }

    public required DateTimeOffset Updated { get; init; }

    public required bool Deactivated { get; init; }

    [Description("Absent once deactivated.")]
    public DidDocument? DidDocument { get; init; }
}
