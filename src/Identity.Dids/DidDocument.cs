// References: W3C DID v1.0 §5 Core Properties, https://www.w3.org/TR/did-core/#core-properties
using System.Collections.Immutable;
using Identity.Primitives;

namespace Identity.Dids;

/// <summary>A DID document in its abstract data model (DID Core §4); serialized by <see cref="DidDocumentJson"/>.</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record DidDocument
{
    public required Did Id { get; init; }

    /// <summary>The @context URLs, used in the <c>application/did+ld+json</c> representation.</summary>
    public ImmutableArray<string> Context { get; init; } = [DidContexts.DidV1];

    public ImmutableArray<string> AlsoKnownAs { get; init; } = [];

    public ImmutableArray<string> Controller { get; init; } = [];

    public ImmutableArray<VerificationMethod> VerificationMethod { get; init; } = [];

    public ImmutableArray<VerificationMethodReference> Authentication { get; init; } = [];

    public ImmutableArray<VerificationMethodReference> AssertionMethod { get; init; } = [];

    public ImmutableArray<VerificationMethodReference> KeyAgreement { get; init; } = [];

    public ImmutableArray<VerificationMethodReference> CapabilityInvocation { get; init; } = [];

    public ImmutableArray<VerificationMethodReference> CapabilityDelegation { get; init; } = [];

    public ImmutableArray<Service> Service { get; init; } = [];

    public ImmutableArray<VerificationMethodReference> GetRelationship(VerificationRelationship relationship) => relationship switch
    {
        VerificationRelationship.Authentication => Authentication,
        VerificationRelationship.AssertionMethod => AssertionMethod,
        VerificationRelationship.KeyAgreement => KeyAgreement,
        VerificationRelationship.CapabilityInvocation => CapabilityInvocation,
        VerificationRelationship.CapabilityDelegation => CapabilityDelegation,
        _ => throw new ArgumentOutOfRangeException(nameof(relationship)),
    };

    /// <summary>
    /// Finds a verification method by id (absolute, or relative such as <c>#key-1</c>), optionally requiring that
    /// it is authorised for <paramref name="relationship"/>. Fails with <c>notFound</c> when absent and
    /// <c>keyMismatch</c> when present but not authorised for the relationship.
    /// </summary>
    public Result<VerificationMethod> FindVerificationMethod(string id, VerificationRelationship? relationship = null)
    {
        var absolute = id.StartsWith('#') ? Id.Value + id : id;
        VerificationMethod? found = null;
        foreach (var method in VerificationMethod)
        {
            if (string.Equals(method.Id, absolute, StringComparison.Ordinal))
            {
                found = method;
                break;
            }
        }

        if (relationship is null)
        {
            return found is null ? NotFound(absolute) : found;
        }

        foreach (var entry in GetRelationship(relationship.Value))
        {
            if (string.Equals(entry.Id, absolute, StringComparison.Ordinal))
            {
                var method = entry.Embedded ?? found;
                return method is null ? NotFound(absolute) : method;
            }
        }

        if (found is null)
        {
            return NotFound(absolute);
        }

        return new Error(
            ErrorCodes.KeyMismatch,
            $"Verification method '{absolute}' is not authorised for {relationship.Value.ToPropertyName()} by '{Id}'.");
    }

    private static Error NotFound(string id) => new(ErrorCodes.NotFound, $"Verification method '{id}' is not in the DID document.");
}
