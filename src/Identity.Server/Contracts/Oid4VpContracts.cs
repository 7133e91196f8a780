using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Identity.Server.OpenApi;

namespace Identity.Server.Contracts;

/// <summary>The body of <c>POST /tenants/{t}/oid4vp/requests</c>.</summary>
[Description("An OpenID4VP request to create: the DCQL query, how the wallet answers, and the verifier's identifier prefix and verify options.")]
[Example("""{"dcql_query":{"credentials":[{"id":"pid","format":"dc+sd-jwt","meta":{"vct_values":["https://identity.example/vct/PatientIdentityCredential"]},"claims":[{"path":["bloodType"]}]}]},"response_mode":"direct_post.jwt"}""")]
internal sealed record PresentationRequestCreate
{
    [JsonPropertyName("dcql_query")]
    public required DcqlQueryContract DcqlQuery { get; init; }

    [JsonPropertyName("response_mode")]
    [Description("`direct_post` (a form-encoded `vp_token`) or `direct_post.jwt` (the response encrypted to the request's ECDH-ES P-256 key, A128GCM or A256GCM).")]
    public required string ResponseMode { get; init; }

    [JsonPropertyName("client_id_prefix")]
    [Description("`decentralized_identifier` (the default: the tenant's did:web, key `#oid4vp`) or `x509_hash` (a certificate for the same key in `x5c`).")]
    public string? ClientIdPrefix { get; init; }

    [Description("Verify options as for `POST /presentations/verify` (trustedIssuers, holderBinding, acceptedCryptosuites, biometric), without challenge or domain: the nonce and client_id are used.")]
    public VerifyOptions? Options { get; init; }
}

/// <summary>A DCQL query (OpenID4VP 1.0 §6), in the subset this verifier enforces.</summary>
[Description("1 to 8 credential queries, all required.")]
internal sealed record DcqlQueryContract
{
    public required IReadOnlyList<DcqlCredentialQueryContract> Credentials { get; init; }
}

/// <summary>One DCQL credential query.</summary>
[Description("A credential query: `dc+sd-jwt` with `meta.vct_values`, or `ldp_vc` with `meta.type_values`; each claim path must be disclosed.")]
internal sealed record DcqlCredentialQueryContract
{
    [Description("1 to 64 letters, digits, `_` or `-`; the key of its answer in `vp_token`.")]
    public required string Id { get; init; }

    [Description("`dc+sd-jwt` or `ldp_vc`.")]
    public required string Format { get; init; }

    [Description("Whether several presentations may answer it (default false).")]
    public bool? Multiple { get; init; }

    public required DcqlMeta Meta { get; init; }

    public IReadOnlyList<DcqlClaim>? Claims { get; init; }
}

/// <summary>The <c>meta</c> of a DCQL credential query.</summary>
[Description("`vct_values` for `dc+sd-jwt`, `type_values` (sets of types, all of one set required) for `ldp_vc`.")]
internal sealed record DcqlMeta
{
    [JsonPropertyName("vct_values")]
    public IReadOnlyList<string>? VctValues { get; init; }

    [JsonPropertyName("type_values")]
    public IReadOnlyList<IReadOnlyList<string>>? TypeValues { get; init; }
}

/// <summary>A DCQL claims query.</summary>
[Description("A claim that must be disclosed, by its claims path pointer.")]
internal sealed record DcqlClaim
{
    public string? Id { get; init; }

    [Description("1 to 16 elements: a member name, an array index (non-negative integer) or null (every element).")]
    public required IReadOnlyList<string> Path { get; init; }
}

/// <summary>The body of a created OpenID4VP request.</summary>
[Description("The request: show `authorization_request` to the wallet (as a link or QR code), then poll its status.")]
[Example("""{"id":"q3WcM1bXpVq2V6eE3sQnKA","authorization_request":"openid4vp://?client_id=decentralized_identifier%3Adid%3Aweb%3Alocalhost%253A5080%3Atenants%3Ast-marys&request_uri=http%3A%2F%2Flocalhost%3A5080%2Ftenants%2Fst-marys%2Foid4vp%2Frequests%2Fq3WcM1bXpVq2V6eE3sQnKA%2Frequest","request_uri":"http://localhost:5080/tenants/st-marys/oid4vp/requests/q3WcM1bXpVq2V6eE3sQnKA/request","client_id":"decentralized_identifier:did:web:localhost%3A5080:tenants:st-marys","expires_at":"2026-12-06T11:05:00Z"}""")]
internal sealed record PresentationRequestCreated
{
    public required string Id { get; init; }

    [JsonPropertyName("authorization_request")]
    public required string AuthorizationRequest { get; init; }

    [JsonPropertyName("request_uri")]
    public required string RequestUri { get; init; }

    [JsonPropertyName("client_id")]
    public required string ClientId { get; init; }

    [JsonPropertyName("expires_at")]
    public required DateTimeOffset ExpiresAt { get; init; }
}

/// <summary>The outcome of an OpenID4VP request.</summary>
[Description("`pending` until the wallet answers; then `verified` with the disclosed claims, or `failed` with every check.")]
[Example("""{"id":"q3WcM1bXpVq2V6eE3sQnKA","status":"verified","checks":[{"check":"keyBinding","target":"pid[0]","status":"passed"},{"check":"dcql","target":"pid[0]","status":"passed"}],"credentials":[{"query":"pid","format":"dc+sd-jwt","type":"https://identity.example/vct/PatientIdentityCredential","issuer":"did:web:localhost%3A5080:tenants:st-marys","claims":{"bloodType":"AB-"}}]}""")]
internal sealed record PresentationRequestOutcome
{
    public required string Id { get; init; }

    [Description("`pending`, `verified` or `failed`.")]
    public required string Status { get; init; }

    public required IReadOnlyList<CheckResult> Checks { get; init; }

    public required IReadOnlyList<PresentedCredential> Credentials { get; init; }
}

/// <summary>What one verified credential disclosed.</summary>
[Description("A verified credential: the query it answered and the claims it disclosed (health data: shown only to the tenant).")]
internal sealed record PresentedCredential
{
    public required string Query { get; init; }

    [Description("`dc+sd-jwt` or `ldp_vc`.")]
    public required string Format { get; init; }

    [Description("The vct (SD-JWT VC) or the types (Data Integrity).")]
    [OneOf(typeof(string), typeof(IReadOnlyList<string>))]
    public object? Type { get; init; }

    [OneOf(typeof(string), typeof(IssuerObject))]
    public object? Issuer { get; init; }

    public required CredentialSubject Claims { get; init; }
}

/// <summary>The form a wallet posts to a <c>response_uri</c>.</summary>
[Description("An OpenID4VP Authorization Response (application/x-www-form-urlencoded).")]
internal sealed record PresentationResponseForm
{
    [JsonPropertyName("vp_token")]
    [Description("direct_post: a JSON object of credential query id to an array of presentations (SD-JWT+KB strings or Data Integrity presentations).")]
    public string? VpToken { get; init; }

    [Description("direct_post.jwt: the compact JWE (ECDH-ES, A128GCM or A256GCM) of `{\"vp_token\": {...}}`.")]
    public string? Response { get; init; }

    [Description("An error response instead (e.g. `access_denied`).")]
    public string? Error { get; init; }
}

/// <summary>The answer to an accepted wallet response.</summary>
[Description("The response was accepted; no redirect follows.")]
internal sealed record PresentationResponseAccepted
{
    [JsonPropertyName("redirect_uri")]
    [Description("Never set: this verifier sends the wallet nowhere.")]
    public string? RedirectUri { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; init; }
}
