// References: The did:key Method v0.9 (W3C CCG), §3.1.1 Create (publicKeyFormat, enableExperimentalPublicKeyTypes;
//   errors unsupportedPublicKeyType and invalidPublicKeyType), https://w3c-ccg.github.io/did-key-spec/#create ;
//   W3C DID Resolution v0.3 §4 (DID URL syntax errors are invalidDidUrl), https://w3c.github.io/did-resolution/
using Identity.Dids;
using Identity.Primitives;

namespace Identity.Server.Http;

/// <summary>
/// The did:key resolution options of <c>GET /1.0/identifiers/{did}</c>, read from the query string. The service
/// produces <c>Multikey</c> verification methods (and, for Ed25519 keys, their <c>Ed25519VerificationKey2020</c>
/// spelling); other formats the did:key specification names are known but not produced, and fail closed.
/// </summary>
internal static class DidKeyResolutionOptions
{
    public const string Multikey = VerificationMethodTypes.Multikey;

    // The formats the did:key specification allows without experimental key types (signature and encryption methods).
    private static readonly HashSet<string> s_standard = new(StringComparer.Ordinal)
    {
        VerificationMethodTypes.Multikey, VerificationMethodTypes.JsonWebKey2020,
        VerificationMethodTypes.Ed25519VerificationKey2020, VerificationMethodTypes.X25519KeyAgreementKey2020,
    };

    // Further formats the specification knows (experimental public key types).
    private static readonly HashSet<string> s_experimental = new(StringComparer.Ordinal)
    {
        VerificationMethodTypes.Ed25519VerificationKey2018, VerificationMethodTypes.X25519KeyAgreementKey2019,
        VerificationMethodTypes.EcdsaSecp256k1VerificationKey2019, VerificationMethodTypes.P256Key2021,
    };

    /// <summary>The requested format (default <c>Multikey</c>), or the did:key error for it.</summary>
    public static Result<string> Read(IQueryCollection query)
    {
        string format = query["publicKeyFormat"].ToString() is { Length: > 0 } given ? given : Multikey;
        bool experimental = string.Equals(query["enableExperimentalPublicKeyTypes"].ToString(), "true", StringComparison.OrdinalIgnoreCase);
        if (!s_standard.Contains(format) && !s_experimental.Contains(format))
        {
            return new Error(ErrorCodes.UnsupportedPublicKeyType, $"The publicKeyFormat '{format}' is not known to this resolver.");
        }

        if (!s_standard.Contains(format) && !experimental)
        {
            return new Error(ErrorCodes.InvalidPublicKeyType,
                $"The publicKeyFormat '{format}' is an experimental type; it needs enableExperimentalPublicKeyTypes=true.");
        }

        return format;
    }

    /// <summary>The document with its verification methods in <paramref name="format"/>, or <c>unsupportedPublicKeyType</c>
    /// when this resolver does not produce that format for these keys.</summary>
    public static Result<DidDocument> Apply(DidDocument document, string format)
    {
        if (format == Multikey)
        {
            return document;
        }

        static bool IsEd25519(VerificationMethod m) => m.Type == Multikey && m.PublicKeyMultibase?.StartsWith("z6Mk", StringComparison.Ordinal) == true;
        if (format != VerificationMethodTypes.Ed25519VerificationKey2020 || !document.VerificationMethod.Any(IsEd25519))
        {
            return new Error(ErrorCodes.UnsupportedPublicKeyType,
                $"This resolver produces Multikey, and Ed25519VerificationKey2020 for Ed25519 keys; not {format} for this DID.");
        }

        // Ed25519 signing keys change their spelling; an X25519 key agreement key stays Multikey. The JSON-LD writer
        // adds the context of every method type used.
        return document with
        {
            VerificationMethod = [.. document.VerificationMethod.Select(m => IsEd25519(m) ? m with { Type = VerificationMethodTypes.Ed25519VerificationKey2020 } : m)],
        };
    }
}
