// References:
//   W3C Verifiable Credentials Data Model v2.0, §4 Basic Concepts — https://www.w3.org/TR/vc-data-model-2.0/
//   W3C Verifiable Credentials Data Model v1.1, §4 Basic Concepts — https://www.w3.org/TR/vc-data-model/

using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Credentials.Model;

/// <summary>
/// A verifiable credential kept as the JSON tree it arrived as, with typed read-only views of the properties the
/// verifier needs. Never round-tripped through a POCO, so a proof covers exactly what was sent.
/// </summary>
/// <remarks>
/// <para><see cref="Parse"/> checks only that the node is an object with <c>@context</c> and <c>type</c>; conformance
/// is <see cref="Validation.DataModelValidator"/>'s job. Views of malformed properties are null or empty, never guesses.</para>
/// <para>Equality is JSON equality of the documents (<see cref="JsonNode.DeepEquals"/>). <see cref="ToString"/>
/// prints only the id and types, never claims.</para>
/// <threadsafety>Immutable: holds a private deep clone, and <see cref="Json"/> returns a fresh one; safe to share.</threadsafety>
/// </remarks>
public sealed record VerifiableCredential
{
    private readonly JsonObject _json;

    private VerifiableCredential(JsonObject json)
    {
        _json = json;
        Version = VcContexts.VersionOf(json["@context"]);
        Id = JsonValues.GetString(json["id"]);
        Types = JsonValues.Strings(json["type"]);
        IssuerId = JsonValues.StringOrObjectId(json["issuer"]);
        // Both versions' names are read and the strictest bound wins: an RDF signature covers a 1.1 expirationDate in a
        // document respelled under the 2.0 context just the same, so no version may hide the other's dates.
        ValidFrom = Latest(ReadDate(json["validFrom"]), ReadDate(json["issuanceDate"]));
        ValidUntil = Earliest(ReadDate(json["validUntil"]), ReadDate(json["expirationDate"]));
        SubjectIds = JsonValues.AsSet(json["credentialSubject"]).OfType<JsonObject>()
            .Select(subject => JsonValues.GetString(subject["id"])).ToImmutableArray();
        HasProof = json["proof"] is not null;
    }

    /// <summary>A deep clone of the document; changing it does not change this credential.</summary>
    public JsonObject Json => _json.DeepClone().AsObject();

    /// <summary>1.1 when the first <c>@context</c> is <see cref="VcContexts.V1"/>, else 2.0.</summary>
    public VcVersion Version { get; }

    public string? Id { get; }

    /// <summary>The string members of <c>type</c>, in document order.</summary>
    public ImmutableArray<string> Types { get; }

    /// <summary>The <c>issuer</c> string, or <c>issuer.id</c> when the issuer is an object.</summary>
    public string? IssuerId { get; }

    /// <summary><c>validFrom</c> (2.0) or <c>issuanceDate</c> (1.1), when present and a valid XML Schema dateTime.</summary>
    public DateTimeOffset? ValidFrom { get; }

    /// <summary><c>validUntil</c> (2.0) or <c>expirationDate</c> (1.1), when present and a valid XML Schema dateTime.</summary>
    public DateTimeOffset? ValidUntil { get; }

    /// <summary>One entry per <c>credentialSubject</c> object (one or many), null for a subject without a string id.</summary>
    public ImmutableArray<string?> SubjectIds { get; }

    /// <summary>Fresh clones of the <c>credentialStatus</c> objects on each call (JSON objects are mutable).</summary>
    public ImmutableArray<JsonObject> CredentialStatus => JsonValues.ObjectClones(_json["credentialStatus"]);

    /// <summary>Fresh clones of the <c>credentialSchema</c> objects on each call (JSON objects are mutable).</summary>
    public ImmutableArray<JsonObject> CredentialSchemas => JsonValues.ObjectClones(_json["credentialSchema"]);

    /// <summary>True when the document carries an embedded <c>proof</c>.</summary>
    public bool HasProof { get; }

    /// <summary>Wraps a JSON node as a credential, cloning it.</summary>
    /// <returns>The credential, or <see cref="ErrorCodes.DataModelViolation"/> when the node is not an object with
    /// <c>@context</c> and <c>type</c>.</returns>
    public static Result<VerifiableCredential> Parse(JsonNode? node) =>
        DocumentShape.Check(node, "credential").Map(json => new VerifiableCredential(json));

    /// <summary>As <see cref="Parse"/> without the clone, for the verifier, which owns <paramref name="node"/> (its own
    /// copy of the input) and never changes it.</summary>
    internal static Result<VerifiableCredential> ParseOwned(JsonObject node) =>
        DocumentShape.Check(node, "credential", clone: false).Map(json => new VerifiableCredential(json));

    public bool Equals(VerifiableCredential? other) =>
        other is not null && (ReferenceEquals(this, other) || JsonNode.DeepEquals(_json, other._json));

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Id ?? string.Empty);

    public override string ToString() => $"VerifiableCredential {{ Id = {Id}, Types = [{string.Join(", ", Types)}] }}";

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static DateTimeOffset? ReadDate(JsonNode? node) =>
        XsdDateTime.TryParse(JsonValues.GetString(node), out DateTimeOffset value) ? value : null;
}
