// References: W3C DID v1.0 §5.3 Verification Relationships, https://www.w3.org/TR/did-core/#verification-relationships
namespace Identity.Dids;

/// <summary>The verification relationships of DID Core §5.3 (proof purposes in Data Integrity).</summary>
public enum VerificationRelationship
{
    Authentication,
    AssertionMethod,
    KeyAgreement,
    CapabilityInvocation,
    CapabilityDelegation,
}

/// <summary>The JSON property names of <see cref="VerificationRelationship"/>.</summary>
public static class VerificationRelationships
{
    public static IReadOnlyList<VerificationRelationship> All { get; } = Enum.GetValues<VerificationRelationship>();

    public static string ToPropertyName(this VerificationRelationship relationship) => relationship switch
    {
        VerificationRelationship.Authentication => "authentication",
        VerificationRelationship.AssertionMethod => "assertionMethod",
        VerificationRelationship.KeyAgreement => "keyAgreement",
        VerificationRelationship.CapabilityInvocation => "capabilityInvocation",
        VerificationRelationship.CapabilityDelegation => "capabilityDelegation",
        _ => throw new ArgumentOutOfRangeException(nameof(relationship)),
    };

    public static bool TryParse(string? name, out VerificationRelationship relationship)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToPropertyName(), name, StringComparison.Ordinal))
            {
                relationship = candidate;
                return true;
            }
        }

        relationship = default;
        return false;
    }
}
