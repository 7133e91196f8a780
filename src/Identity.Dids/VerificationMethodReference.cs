namespace Identity.Dids;

/// <summary>
/// One entry of a verification relationship: either a reference (the absolute id of a method listed in
/// <c>verificationMethod</c>) or an embedded method that belongs only to this relationship.
/// </summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record VerificationMethodReference
{
    private VerificationMethodReference(string id, VerificationMethod? embedded)
    {
        Id = id;
        Embedded = embedded;
    }

    /// <summary>The absolute DID URL of the method.</summary>
    public string Id { get; }

    /// <summary>The embedded method, or null for a reference.</summary>
    public VerificationMethod? Embedded { get; }

    public static VerificationMethodReference Reference(string id) => new(id, null);

    public static VerificationMethodReference Embed(VerificationMethod method) => new(method.Id, method);
}
