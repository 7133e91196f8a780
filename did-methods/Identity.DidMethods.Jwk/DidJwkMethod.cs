// References: did:jwk Method Specification (2024), https://github.com/quartzjer/did-jwk/blob/main/spec.md ;
// RFC 7517 JSON Web Key, RFC 4648 §5 base64url
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.DidMethods.Jwk;

/// <summary>
/// did:jwk — the DID is base64url(UTF-8 JSON of a public JWK). The document has one <c>JsonWebKey2020</c> method
/// <c>#0</c>; a JWK with <c>"use":"enc"</c> is only for <c>keyAgreement</c>, <c>"use":"sig"</c> never is.
/// </summary>
/// <remarks><threadsafety>Stateless; safe to use from any thread.</threadsafety></remarks>
public sealed class DidJwkMethod : IDidMethod
{
    public const string MethodName = "jwk";

    private const int MaxJwkBytes = 2048;

    public string Name => MethodName;

    /// <summary>The did:jwk of a public key, from its minimal JWK with members in lexicographic order.</summary>
    public static Did CreateDid(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var json = JwkConverter.ToJson(key);
        return Did.Parse($"did:jwk:{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json))}").Value;
    }

    public ValueTask<DidResolutionResult> ResolveAsync(Did did, DidResolutionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var document = Expand(did);
        return ValueTask.FromResult(document.IsSuccess
            ? DidResolutionResult.Success(document.Value, options.Accept ?? DidDocumentJson.DidLdJson)
            : DidResolutionResult.Failure(document.Error));
    }

    /// <summary>Builds the DID document for a did:jwk (no I/O).</summary>
    public static Result<DidDocument> Expand(Did did)
    {
        if (!string.Equals(did.Method, MethodName, StringComparison.Ordinal))
        {
            return new Error(ErrorCodes.MethodNotSupported, $"'{did}' is not a did:jwk.");
        }

        var jwk = DecodeJwk(did.MethodSpecificId);
        if (!jwk.IsSuccess)
        {
            return jwk.Error;
        }

        var jwkJson = jwk.Value.ToJsonString();
        var key = JwkConverter.FromJson(jwkJson);
        if (!key.IsSuccess)
        {
            return key.Error;
        }

        var use = jwk.Value["use"] is JsonValue u && u.GetValueKind() == JsonValueKind.String ? u.GetValue<string>() : null;
        var id = did.Value;
        var method = new VerificationMethod
        {
            Id = $"{id}#0",
            Type = VerificationMethodTypes.JsonWebKey2020,
            Controller = id,
            PublicKeyJwk = jwkJson,
        };
        var self = VerificationMethodReference.Reference(method.Id);
        var canSign = use != "enc" && key.Value.KeyType != KeyType.X25519;
        var canAgree = use != "sig" && key.Value.KeyType != KeyType.Ed25519;
        return new DidDocument
        {
            Id = did,
            Context = [DidContexts.DidV1, DidContexts.JwsV1],
            VerificationMethod = [method],
            AssertionMethod = canSign ? [self] : [],
            Authentication = canSign ? [self] : [],
            CapabilityInvocation = canSign ? [self] : [],
            CapabilityDelegation = canSign ? [self] : [],
            KeyAgreement = canAgree ? [self] : [],
        };
    }

    private static Result<JsonObject> DecodeJwk(string encoded)
    {
        if (encoded.Length == 0 || encoded.Length > MaxJwkBytes * 4 / 3 + 4 || encoded.Contains(':', StringComparison.Ordinal))
        {
            return new Error(ErrorCodes.InvalidDid, "A did:jwk identifier is one base64url-encoded JWK.");
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(encoded);
        }
        catch (FormatException)
        {
            return new Error(ErrorCodes.InvalidDid, "The did:jwk identifier is not valid base64url.");
        }

        var json = StrictJson.ParseObject(bytes, "The decoded did:jwk identifier");
        return json.IsSuccess ? json.Value : new Error(ErrorCodes.InvalidDid, json.Error.Detail);
    }
}
