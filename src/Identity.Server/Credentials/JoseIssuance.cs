// References: W3C VC-API (issue options), https://w3c-ccg.github.io/vc-api/#issue-credential ; W3C VC-JOSE-COSE §3.1.1
//   (vc+jwt), https://www.w3.org/TR/vc-jose-cose/ ; draft-ietf-oauth-sd-jwt-vc-13 (dc+sd-jwt),
//   https://datatracker.ietf.org/doc/draft-ietf-oauth-sd-jwt-vc/
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Credentials.Model;
using Identity.Credentials.SdJwt;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;
using Identity.Server.Http;
using Identity.Server.Tenants;

namespace Identity.Server.Credentials;

/// <summary>
/// The JOSE side of issuance, chosen by <c>options.format</c>: <c>vc+jwt</c> (VC-JOSE-COSE) or <c>dc+sd-jwt</c> /
/// <c>vc+sd-jwt</c> (SD-JWT VC with the type's disclosure policy from <c>schemas/sd-jwt/</c>). The result is returned
/// as an <c>EnvelopedVerifiableCredential</c> whose <c>id</c> is a <c>data:</c> URL, as the VC-API does.
/// </summary>
internal sealed class JoseIssuance(IDidResolver resolver, FrozenDictionary<string, SdJwtVcTypePolicy> policies)
{
    public const string VcJwt = "vc+jwt";

    /// <summary>Reads <c>options.format</c>: null for the Data Integrity default, else one of the JOSE formats.</summary>
    public static Result<string?> ReadFormat(JsonObject? options)
    {
        if (options?["format"] is null)
        {
            return (string?)null;
        }

        return JsonText.String(options["format"]) switch
        {
            "ldp_vc" or "DataIntegrityProof" => (string?)null,
            VcJwt => VcJwt,
            SdJwtVc.MediaType => SdJwtVc.MediaType,
            SdJwtVc.LegacyMediaType => SdJwtVc.LegacyMediaType,
            _ => new Error(ErrorCodes.InvalidOptions, $"options.format must be \"ldp_vc\" (the default), \"{VcJwt}\", \"{SdJwtVc.MediaType}\" or \"{SdJwtVc.LegacyMediaType}\"."),
        };
    }

    /// <summary>Checks the SD-JWT options and resolves the holder key before the issuance transaction starts.</summary>
    public async Task<Result<SdJwtPlan?>> PlanAsync(string format, JsonObject credential, JsonObject? options, CancellationToken cancellationToken)
    {
        if (format == VcJwt)
        {
            return (SdJwtPlan?)null;
        }

        var type = VerifiableCredential.Parse(credential).TryGetValue(out var parsed) ? parsed.Types.LastOrDefault() ?? "VerifiableCredential" : "VerifiableCredential";
        policies.TryGetValue(type, out var policy);
        // A policy lists what may be hidden; claims this credential does not carry are simply not there to hide.
        var subject = credential["credentialSubject"] as JsonObject;
        ImmutableArray<string>? disclosable = policy?.Disclosable.Where(p => subject?.ContainsKey(p.Split('.')[0]) == true).ToImmutableArray();
        if (options?["disclosable"] is { } requested)
        {
            if (requested is not JsonArray array || array.Any(p => JsonText.String(p) is null))
            {
                return new Error(ErrorCodes.InvalidOptions, "options.disclosable must be an array of claim paths.");
            }

            disclosable = [.. array.Select(p => JsonText.String(p)!)];
        }

        // Without a policy or a request, every subject claim but the id is disclosable.
        disclosable ??= [.. (subject?.Select(p => p.Key).Where(k => k != "id") ?? [])];
        var holderKey = await HolderKeyAsync(credential, cancellationToken).ConfigureAwait(false);
        return new SdJwtPlan(VctOf(type), disclosable.Value, policy?.Decoys ?? 2, holderKey);
    }

    /// <summary>The <c>vct</c> an SD-JWT VC of this VC type is issued with (its policy's, else a default under identity.example).</summary>
    public string VctOf(string type) => policies.TryGetValue(type, out var policy) ? policy.Vct : $"https://identity.example/vct/{type}";

    /// <summary>
    /// Signs the credential (with its Bitstring status entries already added) and wraps it in an envelope; the
    /// <paramref name="status"/> claim (Token Status List) goes into the signed token of either format.
    /// </summary>
    public Result<string> Sign(string format, JsonObject credential, SdJwtPlan? plan, SigningKey key, DateTimeOffset now, JsonObject status)
    {
        if (format == VcJwt)
        {
            credential.Remove("proof");
            credential["status"] = status;
            return EnvelopedCredentials.Credential(Identity.Credentials.Jose.VcJwt.SignCredential(credential, key.PrivateKey, key.VerificationMethod)).ToJsonString();
        }

        var claims = SdJwtVcClaims.FromCredential(credential, plan!.Vct, now);
        if (!claims.IsSuccess)
        {
            return claims.Error!;
        }

        // status is never disclosable (SdJwtVc.NeverDisclosable): a verifier needs it without any disclosure.
        claims.Value["status"] = status;
        var issued = SdJwtIssuer.Issue(claims.Value, new SdJwtIssueOptions
        {
            Disclosable = plan.Disclosable,
            DecoysPerObject = plan.Decoys,
            HolderKey = plan.HolderKey,
            KeyId = key.VerificationMethod,
            Type = format,
        }, key.PrivateKey);
        string mediaType = format == SdJwtVc.MediaType ? EnvelopedCredentials.SdJwtMediaType : EnvelopedCredentials.LegacySdJwtMediaType;
        return issued.Map(token => EnvelopedCredentials.Credential(token, mediaType).ToJsonString());
    }

    // The holder's key for cnf: the subject DID's first authentication key (did:key, did:jwk, did:web); none for did:pkh.
    private async Task<PublicKey?> HolderKeyAsync(JsonObject credential, CancellationToken cancellationToken)
    {
        if (JsonText.String((credential["credentialSubject"] as JsonObject)?["id"]) is not { } subject || !subject.StartsWith("did:", StringComparison.Ordinal))
        {
            return null;
        }

        var resolution = await resolver.ResolveAsync(subject, null, cancellationToken).ConfigureAwait(false);
        if (!resolution.IsSuccess)
        {
            return null;
        }

        foreach (var reference in resolution.Document!.Authentication)
        {
            if (resolution.Document.FindVerificationMethod(reference.Id).TryGetValue(out var method) && method.GetPublicKey().TryGetValue(out var key)
                && key.KeyType != KeyType.X25519)
            {
                return key;
            }
        }

        return null;
    }
}

/// <summary>What an SD-JWT issuance needs beyond the credential: its vct, disclosable paths, decoys and holder key.</summary>
internal sealed record SdJwtPlan(string Vct, ImmutableArray<string> Disclosable, int Decoys, PublicKey? HolderKey);
