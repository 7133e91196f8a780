// References: OpenID4VCI 1.0 §8.2 (credential request: proofs), §8.2.1 and Appendix F.1 (jwt proof type: typ
//   openid4vci-proof+jwt, aud = Credential Issuer Identifier, iat, nonce = c_nonce), §8.3.1.2 (invalid_proof,
//   invalid_nonce), https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.Server.OpenId4Vc.Issuance;

/// <summary>The checked key proofs of one credential request: the holder keys (one credential each) and their common nonce.</summary>
internal sealed record KeyProofSet(string Nonce, ImmutableArray<PublicKey> Keys);

/// <summary>
/// Checks a credential request's <c>proofs</c>: <c>{"jwt": [...]}</c> with 1 to <see cref="Oid4VciOptions.BatchSize"/>
/// proofs, each signed by the key it names, addressed to this issuer, fresh, and carrying the same <c>nonce</c>; no key
/// twice. The nonce itself is spent by the caller, once for the whole batch, after every proof passed.
/// </summary>
internal sealed class KeyProofs(IDidResolver resolver, TimeProvider time)
{
    public const string Type = "openid4vci-proof+jwt";

    public async Task<Result<KeyProofSet>> CheckAsync(JsonNode? proofs, string issuer, CancellationToken cancellationToken)
    {
        if (proofs is not JsonObject { Count: 1 } byType || byType["jwt"] is not JsonArray jwts || jwts.Count is 0 or > Oid4VciOptions.BatchSize)
        {
            return Invalid($"proofs must be {{\"jwt\": [...]}} with 1 to {Oid4VciOptions.BatchSize} key proofs (the only proof type served is jwt).");
        }

        var keys = ImmutableArray.CreateBuilder<PublicKey>(jwts.Count);
        var thumbprints = new HashSet<string>(StringComparer.Ordinal);
        string? nonce = null;
        foreach (var node in jwts)
        {
            if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            {
                return Invalid("Each jwt key proof is a compact JWS string.");
            }

            var proof = await ProofJwt.ReadAsync(value.GetValue<string>(), Type, ErrorCodes.InvalidKeyProof, time.GetUtcNow(), resolver, cancellationToken).ConfigureAwait(false);
            if (!proof.IsSuccess)
            {
                return proof.Error!;
            }

            if (!AddressedTo(proof.Value.Claims["aud"], issuer))
            {
                return Invalid($"The key proof's aud must be the Credential Issuer Identifier {issuer}.");
            }

            var proofNonce = proof.Value.String("nonce");
            if (proofNonce is not { Length: > 0 and <= 256 })
            {
                return Invalid("The key proof has no nonce: get a c_nonce from the nonce endpoint and sign it in.");
            }

            if (nonce is not null && nonce != proofNonce)
            {
                return Invalid("Every key proof of one request carries the same nonce.");
            }

            if (!thumbprints.Add(proof.Value.Thumbprint))
            {
                return Invalid("Two key proofs name the same key; each proof binds one credential to its own key.");
            }

            nonce = proofNonce;
            keys.Add(proof.Value.Key);
        }

        return new KeyProofSet(nonce!, keys.MoveToImmutable());
    }

    // Appendix F.1: aud is the issuer identifier (a single string; an array holding only it is read the same way).
    private static bool AddressedTo(JsonNode? aud, string issuer) => aud switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() == issuer,
        JsonArray { Count: 1 } a when a[0] is JsonValue v && v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() == issuer,
        _ => false,
    };

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidKeyProof, detail);
}
