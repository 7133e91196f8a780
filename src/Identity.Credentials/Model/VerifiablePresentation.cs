// References:
//   W3C Verifiable Credentials Data Model v2.0, §4.13 Verifiable Presentations — https://www.w3.org/TR/vc-data-model-2.0/#verifiable-presentations

using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Credentials.Model;

/// <summary>
/// A verifiable presentation kept as the JSON tree it arrived as, with typed read-only views.
/// </summary>
/// <remarks>
/// <para><see cref="Parse"/> checks only that the node is an object with <c>@context</c> and <c>type</c>; conformance,
/// including that of each embedded credential, is <see cref="Validation.DataModelValidator"/>'s job.</para>
/// <para>Equality is JSON equality of the documents. <see cref="ToString"/> prints only the id, types and holder.</para>
/// <threadsafety>Immutable: holds a private deep clone, and <see cref="Json"/> returns a fresh one; safe to share.</threadsafety>
/// </remarks>
public sealed record VerifiablePresentation
{
    private readonly JsonObject _json;

    private VerifiablePresentation(JsonObject json)
    {
        _json = json;
        Version = VcContexts.VersionOf(json["@context"]);
        Id = JsonValues.GetString(json["id"]);
        Types = JsonValues.Strings(json["type"]);
        HolderId = JsonValues.StringOrObjectId(json["holder"]);
    }

    /// <summary>A deep clone of the document; changing it does not change this presentation.</summary>
    public JsonObject Json => _json.DeepClone().AsObject();

    public VcVersion Version { get; }

    public string? Id { get; }

    /// <summary>The string members of <c>type</c>, in document order.</summary>
    public ImmutableArray<string> Types { get; }

    /// <summary>The <c>holder</c> string, or <c>holder.id</c> when the holder is an object.</summary>
    public string? HolderId { get; }

    /// <summary>Fresh clones, on each call, of the <c>verifiableCredential</c> entries that are objects: embedded
    /// credentials and <c>EnvelopedVerifiableCredential</c> objects alike (a string entry is not a credential and is left out).</summary>
    public ImmutableArray<JsonObject> Credentials => JsonValues.ObjectClones(_json["verifiableCredential"]);

    /// <summary>The object entries of <c>verifiableCredential</c> themselves, not copies: for the verifier, which owns the
    /// document (see <see cref="ParseOwned"/>) and never changes it.</summary>
    internal ImmutableArray<JsonObject> OwnedCredentials => [.. JsonValues.AsSet(_json["verifiableCredential"]).OfType<JsonObject>()];

    /// <summary>Wraps a JSON node as a presentation, cloning it.</summary>
    /// <returns>The presentation, or <see cref="ErrorCodes.DataModelViolation"/> when the node is not an object with
    /// <c>@context</c> and <c>type</c>.</returns>
    public static Result<VerifiablePresentation> Parse(JsonNode? node) =>
        DocumentShape.Check(node, "presentation").Map(json => new VerifiablePresentation(json));

    /// <summary>As <see cref="Parse"/> without the clone, for the verifier, which owns <paramref name="node"/> (its own
    /// copy of the input) and never changes it.</summary>
    internal static Result<VerifiablePresentation> ParseOwned(JsonObject node) =>
        DocumentShape.Check(node, "presentation", clone: false).Map(json => new VerifiablePresentation(json));

    public bool Equals(VerifiablePresentation? other) =>
        other is not null && (ReferenceEquals(this, other) || JsonNode.DeepEquals(_json, other._json));

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Id ?? string.Empty);

    public override string ToString() =>
        $"VerifiablePresentation {{ Id = {Id}, Types = [{string.Join(", ", Types)}], HolderId = {HolderId} }}";
}
