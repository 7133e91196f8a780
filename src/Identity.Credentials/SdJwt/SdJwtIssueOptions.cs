using System.Collections.Immutable;
using Identity.Cryptography;

namespace Identity.Credentials.SdJwt;

/// <summary>What the issuer decides when it makes an SD-JWT VC.</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record SdJwtIssueOptions
{
    /// <summary>The claims to make selectively disclosable, as dotted paths into objects (<c>bloodType</c>, <c>address.street</c>).</summary>
    public ImmutableArray<string> Disclosable { get; init; } = [];

    /// <summary>Decoy digests added to each <c>_sd</c> array, hiding how many claims are undisclosed (0 to 16).</summary>
    public int DecoysPerObject { get; init; } = 2;

    /// <summary>The holder's public key, written as <c>cnf.jwk</c> so that presentations can carry a Key Binding JWT.</summary>
    public PublicKey? HolderKey { get; init; }

    /// <summary>The issuer's verification method (DID URL), written as the header's <c>kid</c>.</summary>
    public required string KeyId { get; init; }

    /// <summary>The JWS <c>typ</c>: <c>dc+sd-jwt</c> (current drafts) or <c>vc+sd-jwt</c> (earlier drafts).</summary>
    public string Type { get; init; } = SdJwtVc.MediaType;
}
