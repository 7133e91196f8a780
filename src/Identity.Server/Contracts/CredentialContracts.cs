using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Identity.Server.OpenApi;

namespace Identity.Server.Contracts;

/// <summary>A W3C Verifiable Credential as this service issues and verifies it; other members are claims and are kept.</summary>
[Description("A W3C Verifiable Credential (Data Model 2.0; 1.1 is verified too). Members not listed are kept as they are.")]
internal sealed record VerifiableCredential
{
    [JsonPropertyName("@context")]
    [Description("The JSON-LD contexts; the first is `https://www.w3.org/ns/credentials/v2`. Contexts are resolved offline from the pinned set.")]
    [OneOf(typeof(string), typeof(IReadOnlyList<string>))]
    public required object Context { get; init; }

    [Description("The credential's id; issuing adds a `urn:uuid:` id when there is none.")]
    public string? Id { get; init; }

    [Description("The types; `VerifiableCredential` first.")]
    [OneOf(typeof(string), typeof(IReadOnlyList<string>))]
    public required object Type { get; init; }

    [Description("The issuer's DID (or an object with `id`); issuing sets the tenant's did:web when absent.")]
    [OneOf(typeof(string), typeof(IssuerObject))]
    public object? Issuer { get; init; }

    [Description("RFC 3339 date-time from which the credential is valid.")]
    public DateTimeOffset? ValidFrom { get; init; }

    [Description("RFC 3339 date-time until which the credential is valid.")]
    public DateTimeOffset? ValidUntil { get; init; }

    public required CredentialSubject CredentialSubject { get; init; }

    [Description("Status entries; issuing adds two BitstringStatusListEntry entries, one for revocation and one for suspension.")]
    public IReadOnlyList<StatusEntry>? CredentialStatus { get; init; }

    [Description("The JSON Schema the subject must satisfy (checked at issue and at verify for the known schemas).")]
    public CredentialSchemaReference? CredentialSchema { get; init; }

    [Description("The Data Integrity proof; absent in an issue request, added by the service.")]
    public DataIntegrityProof? Proof { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Claims { get; init; }
}

/// <summary>An issuer given as an object.</summary>
[Description("An issuer object: its DID and optional display members.")]
internal sealed record IssuerObject
{
    [Description("The issuer's DID.")]
    public required string Id { get; init; }

    public string? Name { get; init; }
}

/// <summary>The subject of a credential: its DID and the claims about it.</summary>
[Description("The subject: its DID (the patient's) and the claims about it, e.g. `bloodType` or a `biometricBinding`.")]
internal sealed record CredentialSubject
{
    [Description("The subject's DID; holder binding and SD-JWT key binding use it.")]
    public string? Id { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Claims { get; init; }
}

/// <summary>A Bitstring Status List entry.</summary>
[Description("A BitstringStatusListEntry: the list credential and the index of this credential's bit.")]
internal sealed record StatusEntry
{
    public string? Id { get; init; }

    [Description("`BitstringStatusListEntry`.")]
    public required string Type { get; init; }

    [Description("`revocation` or `suspension`.")]
    public required string StatusPurpose { get; init; }

    [Description("The bit's index, as a decimal string.")]
    public required string StatusListIndex { get; init; }

    [Description("The URL of the signed status list credential (`GET /tenants/{tenant}/status/{list}`).")]
    public required Uri StatusListCredential { get; init; }
}

/// <summary>A credentialSchema reference.</summary>
[Description("A reference to a JSON Schema.")]
internal sealed record CredentialSchemaReference
{
    public required Uri Id { get; init; }

    [Description("`JsonSchema`.")]
    public required string Type { get; init; }
}

/// <summary>A Data Integrity proof.</summary>
[Description("A Data Integrity proof (eddsa-rdfc-2022, eddsa-jcs-2022, ecdsa-rdfc-2019, ecdsa-jcs-2019, or Ed25519Signature2020 when verifying; ecdsa-sd-2023 is not supported).")]
internal sealed record DataIntegrityProof
{
    [Description("`DataIntegrityProof` (or a legacy proof type such as `Ed25519Signature2020` when verifying).")]
    public required string Type { get; init; }

    public string? Cryptosuite { get; init; }

    public DateTimeOffset? Created { get; init; }

    [Description("The DID URL of the signing key.")]
    public required string VerificationMethod { get; init; }

    [Description("`assertionMethod` for credentials, `authentication` for presentations.")]
    public required string ProofPurpose { get; init; }

    public string? Challenge { get; init; }

    public string? Domain { get; init; }

    [Description("The multibase-encoded signature.")]
    public required string ProofValue { get; init; }
}

/// <summary>A token wrapped as an <c>EnvelopedVerifiableCredential</c> / <c>EnvelopedVerifiablePresentation</c>.</summary>
[Description("A VC-JOSE-COSE or SD-JWT VC token wrapped in a `data:` URL, as the VC-API returns it.")]
[Example("""{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"data:application/vc+jwt,eyJhbGciOiJFZERTQSIsImtpZCI6ImRpZDp3ZWI6bG9jYWxob3N0JTNBNTA4MDp0ZW5hbnRzOnN0LW1hcnlzI2tleS0xIiwidHlwIjoidmMrand0In0.eyJ0eXBlIjpbIlZlcmlmaWFibGVDcmVkZW50aWFsIl19.c2lnbmF0dXJl","type":"EnvelopedVerifiableCredential"}""")]
internal sealed record EnvelopedCredential
{
    [JsonPropertyName("@context")]
    public required IReadOnlyList<string> Context { get; init; }

    [Description("`data:<media type>,<token>` with media type `application/vc+jwt`, `application/dc+sd-jwt` or `application/vp+jwt`.")]
    public required string Id { get; init; }

    [Description("`EnvelopedVerifiableCredential` or `EnvelopedVerifiablePresentation`.")]
    public required string Type { get; init; }
}

/// <summary>A W3C Verifiable Presentation.</summary>
[Description("A Verifiable Presentation: the holder, the credentials it carries, and the holder's `authentication` proof over the challenge and domain.")]
internal sealed record VerifiablePresentation
{
    [JsonPropertyName("@context")]
    [OneOf(typeof(string), typeof(IReadOnlyList<string>))]
    public required object Context { get; init; }

    public string? Id { get; init; }

    [OneOf(typeof(string), typeof(IReadOnlyList<string>))]
    public required object Type { get; init; }

    [Description("The holder's DID.")]
    public string? Holder { get; init; }

    [Description("At most IDENTITY_MAX_PRESENTATION_CREDENTIALS (32) credentials, embedded or enveloped.")]
    public IReadOnlyList<Contracts.VerifiableCredential>? VerifiableCredential { get; init; }

    public DataIntegrityProof? Proof { get; init; }
}

/// <summary>The body of <c>POST /tenants/{tenant}/credentials/issue</c>.</summary>
[Description("A credential to issue (without proof) and the issuing options.")]
[Example("""{"credential":{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"credentialSubject":{"id":"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK","bloodType":"AB-"}}}""")]
internal sealed record IssueRequest
{
    public required VerifiableCredential Credential { get; init; }

    public IssueOptions? Options { get; init; }
}

/// <summary>The <c>options</c> of an issue request.</summary>
[Description("Issuing options; all optional.")]
internal sealed record IssueOptions
{
    [Description("`DataIntegrityProof` (the only proof type issued).")]
    public string? Type { get; init; }

    [Description("The cryptosuite: `eddsa-rdfc-2022` (the default for Ed25519 keys), `eddsa-jcs-2022`, `ecdsa-rdfc-2019`, `ecdsa-jcs-2019` (ECDSA for P-256 and P-384 keys). `ecdsa-sd-2023` is not supported.")]
    public string? Cryptosuite { get; init; }

    [Description("`ldp_vc` (the default, Data Integrity), `vc+jwt`, `dc+sd-jwt` or `vc+sd-jwt` (returned as an EnvelopedVerifiableCredential).")]
    public string? Format { get; init; }

    [Description("SD-JWT only: the claim paths (`bloodType`, `address.city`) that may be selectively disclosed; defaults to the type's policy.")]
    public IReadOnlyList<string>? Disclosable { get; init; }
}

/// <summary>The 201 body of an issue (and of an enrolment).</summary>
[Description("The issued credential.")]
[Example("""{"verifiableCredential":{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:uuid:5f0a8c1e-2b7d-4b1e-9a57-3c1f0e9b8d21","type":["VerifiableCredential"],"issuer":"did:web:localhost%3A5080:tenants:st-marys","validFrom":"2026-12-06T11:00:00Z","credentialSubject":{"id":"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK","bloodType":"AB-"},"credentialStatus":[{"id":"http://localhost:5080/tenants/st-marys/status/1#17","type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"17","statusListCredential":"http://localhost:5080/tenants/st-marys/status/1"},{"id":"http://localhost:5080/tenants/st-marys/status/2#17","type":"BitstringStatusListEntry","statusPurpose":"suspension","statusListIndex":"17","statusListCredential":"http://localhost:5080/tenants/st-marys/status/2"}],"proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-rdfc-2022","created":"2026-12-06T11:00:00Z","verificationMethod":"did:web:localhost%3A5080:tenants:st-marys#key-1","proofPurpose":"assertionMethod","proofValue":"z58DAdFfa9SkqZMVPxAQpic7ndSayn1PzZs6ZjWp1CktyGesjuTSwRdoWhAfGFCF5bppETSTojQCrfFPP2oumHKtz"}}}""")]
internal sealed record IssuedCredential
{
    [Description("A Data Integrity credential, or an EnvelopedVerifiableCredential for the JOSE formats.")]
    [OneOf(typeof(Contracts.VerifiableCredential), typeof(EnvelopedCredential))]
    public required object VerifiableCredential { get; init; }
}

/// <summary>The body of <c>POST /tenants/{tenant}/credentials/status</c>.</summary>
[Description("A status change: revoke (permanent), suspend, or lift a suspension.")]
[Example("""{"credentialId":"urn:uuid:5f0a8c1e-2b7d-4b1e-9a57-3c1f0e9b8d21","statusPurpose":"revocation","status":true}""")]
internal sealed record StatusChangeRequest
{
    [Description("The `id` of a credential this tenant issued.")]
    public required string CredentialId { get; init; }

    [Description("`revocation` or `suspension` (may also be given as `credentialStatus.statusPurpose`).")]
    public required string StatusPurpose { get; init; }

    [Description("true sets the bit (revoked / suspended); false clears a suspension (a revocation cannot be cleared).")]
    public required bool Status { get; init; }
}

/// <summary>The 200 body of a status change.</summary>
[Description("The status now in force and where it is published.")]
[Example("""{"credentialId":"urn:uuid:5f0a8c1e-2b7d-4b1e-9a57-3c1f0e9b8d21","statusPurpose":"revocation","status":true,"statusListCredential":"http://localhost:5080/tenants/st-marys/status/1","statusListIndex":"17"}""")]
internal sealed record CredentialStatusChange
{
    public required string CredentialId { get; init; }

    public required string StatusPurpose { get; init; }

    public required bool Status { get; init; }

    public required Uri StatusListCredential { get; init; }

    [Description("The bit's index, as a decimal string.")]
    public required string StatusListIndex { get; init; }
}
