// References: W3C Verifiable Credential Data Integrity 1.0, W3C Recommendation 15 May 2025, §4.4 Verify Proof,
//   §4.5 Verify Proof Sets and Chains, §2.1 Proofs (created, expires, domain, challenge),
//   https://www.w3.org/TR/vc-data-integrity/#verify-proof
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Credentials.Verification;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.Credentials.DataIntegrity;

public sealed partial class DataIntegrityProofService
{
    /// <summary>
    /// Verifies every proof of <paramref name="securedDocument"/>: its type and cryptosuite, that its purpose is the
    /// expected one, <c>created</c> ≤ now + <see cref="MaxClockSkew"/>, <c>expires</c> &gt; now, the expected challenge
    /// and domain, that every <c>previousProof</c> exists (and is signed over, for chains), that the verification
    /// method resolves and is authorised for the expected purpose, and the signature.
    /// </summary>
    /// <returns>
    /// One result per proof, in document order. A document without proofs gives one failed result with
    /// <c>invalidProof</c>. Failures carry <c>malformedProof</c>, <c>unsupportedCryptosuite</c>,
    /// <c>proofPurposeMismatch</c>, <c>proofExpired</c>, <c>challengeMismatch</c>, <c>domainMismatch</c>,
    /// <c>keyMismatch</c>, a resolution error (<c>notFound</c>, <c>invalidDidUrl</c>, …) or <c>invalidProof</c>.
    /// Bad input never throws.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<IReadOnlyList<ProofVerification>> VerifyAsync(
        JsonObject securedDocument, ProofExpectations expectations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(securedDocument);
        ArgumentNullException.ThrowIfNull(expectations);
        securedDocument.TryGetPropertyValue(ProofFields.Proof, out JsonNode? proofNode);
        JsonNode?[] proofs = proofNode switch
        {
            JsonArray array => [.. array],
            null => [],
            _ => [proofNode],
        };
        if (proofs.Length == 0)
        {
            return [Failed(null, ProofVerdict.NotChecked(UncheckedReason.MalformedProof, new Error(ErrorCodes.InvalidProof, "The document has no proof.")))];
        }

        if (proofs.Length > MaxProofsPerDocument)
        {
            return [Failed(null, ProofVerdict.NotChecked(UncheckedReason.WorkLimitExceeded, new Error(
                ErrorCodes.WorkLimitExceeded, $"The document carries {proofs.Length} proofs; at most {MaxProofsPerDocument} are checked, so none was.")))];
        }

        var run = new ProofVerificationRun(expectations.Budget);
        var results = new List<ProofVerification>(proofs.Length);
        foreach (JsonNode? node in proofs)
        {
            if (node is not JsonObject proof)
            {
                results.Add(Failed(null, ProofVerdict.NotChecked(UncheckedReason.MalformedProof, ProofFields.Malformed("A proof must be a JSON object."))));
                continue;
            }

            ProofVerdict verdict = await VerifyOneAsync(securedDocument, proof, proofs, expectations, run, cancellationToken).ConfigureAwait(false);
            results.Add(verdict.IsValid ? Describe(proof) with { Verified = true, Verdict = verdict } : Failed(proof, verdict));
        }

        return results;
    }

    /// <summary>Runs every check of one proof, typing each failure where it arises: not checked, or checked and invalid.
    /// The run carries the request's budget and the canonical forms already computed for this document.</summary>
    private async ValueTask<ProofVerdict> VerifyOneAsync(
        JsonObject secured, JsonObject proof, JsonNode?[] proofs, ProofExpectations expectations, ProofVerificationRun run,
        CancellationToken cancellationToken)
    {
        Result<string> type = ProofFields.GetRequiredString(proof, ProofFields.Type);
        Result<string> purpose = ProofFields.GetRequiredString(proof, ProofFields.ProofPurpose);
        Result<string> method = ProofFields.GetRequiredString(proof, ProofFields.VerificationMethod);
        Result<DateTimeOffset?> created = ProofFields.GetOptionalDateTime(proof, ProofFields.Created);
        Result<DateTimeOffset?> expires = ProofFields.GetOptionalDateTime(proof, ProofFields.Expires);
        Result<IReadOnlyList<string>> previous = ProofFields.GetPreviousProof(proof);
        Error? malformed = type.Error ?? purpose.Error ?? method.Error ?? created.Error ?? expires.Error ?? previous.Error;
        if (malformed is not null)
        {
            return ProofVerdict.NotChecked(UncheckedReason.MalformedProof, malformed);
        }

        // A legacy proof type (Ed25519Signature2020) names its registered verify-only suite; anything else must be a
        // DataIntegrityProof naming its cryptosuite.
        bool legacy = type.Value != ProofFields.DataIntegrityProofType
            && _suites.Get(type.Value) is { IsSuccess: true } named && named.Value is IProfiledCryptosuite { Profile.LegacyProofType: not null };
        if (type.Value != ProofFields.DataIntegrityProofType && !legacy)
        {
            return ProofVerdict.NotChecked(UncheckedReason.UnsupportedCryptosuite, new Error(
                ErrorCodes.UnsupportedCryptosuite, $"The proof type '{type.Value}' is not supported; expected {ProofFields.DataIntegrityProofType}."));
        }

        Result<ICryptosuite> suite = _suites.Get(legacy ? type.Value : ProofFields.GetString(proof, ProofFields.Cryptosuite));
        if (!suite.IsSuccess)
        {
            return ProofVerdict.NotChecked(UncheckedReason.UnsupportedCryptosuite, suite.Error);
        }

        string expectedPurpose = expectations.ProofPurpose.ToPropertyName();
        if (purpose.Value != expectedPurpose)
        {
            return ProofVerdict.Invalid(new Error(ErrorCodes.ProofPurposeMismatch, $"The proof purpose is '{purpose.Value}'; expected '{expectedPurpose}'."));
        }

        if ((CheckTimes(created.Value, expires.Value) ?? CheckChallengeAndDomain(proof, expectations)) is { } rejected)
        {
            return ProofVerdict.Invalid(rejected);
        }

        // A chained proof signs the document with the proofs it names; any other proof signs the document without proofs,
        // which a JCS suite hashes straight from the secured document and any other suite from one proof-less copy.
        JsonObject? input = null;
        if (previous.Value.Count > 0)
        {
            Result<JsonArray> matching = FindPrevious([.. proofs.OfType<JsonObject>()], previous.Value);
            if (!matching.IsSuccess)
            {
                return ProofVerdict.Invalid(matching.Error);
            }

            input = (JsonObject)run.Unsecured(secured).DeepClone();
            input[ProofFields.Proof] = matching.Value;
        }

        var key = await KeyResolution.ResolveAsync(_resolver, method.Value, expectations.ProofPurpose, cancellationToken).ConfigureAwait(false);
        if (key.NotChecked is { } unresolved)
        {
            return unresolved;
        }

        ProofVerdict verdict = suite.Value is IProfiledCryptosuite profiled
            ? input is null
                ? Cryptosuites.JcsProofAlgorithm.VerifySecured(profiled.Profile, secured, proof, key.Key!, run)
                : Cryptosuites.JcsProofAlgorithm.Verify(profiled.Profile, input, proof, key.Key!, run)
            : suite.Value.Verify(input ?? run.Unsecured(secured), proof, key.Key!);
        return verdict.Checked && !verdict.IsValid
            ? ProofVerdict.Invalid(new Error(ErrorCodes.InvalidProof, $"The {suite.Value.Name} signature does not verify with '{method.Value}'."))
            : verdict;
    }

    private Error? CheckTimes(DateTimeOffset? created, DateTimeOffset? expires)
    {
        DateTimeOffset now = _time.GetUtcNow();
        if (created is { } c && c > now + MaxClockSkew)
        {
            return new Error(ErrorCodes.InvalidProof, $"The proof was created in the future ({ProofFields.FormatDateTime(c)}).");
        }

        return expires is { } e && e <= now
            ? new Error(ErrorCodes.ProofExpired, $"The proof expired at {ProofFields.FormatDateTime(e)}.")
            : null;
    }

    private static Error? CheckChallengeAndDomain(JsonObject proof, ProofExpectations expectations)
    {
        if (expectations.Challenge is { } challenge && ProofFields.GetString(proof, ProofFields.Challenge) != challenge)
        {
            return new Error(ErrorCodes.ChallengeMismatch, "The proof's challenge is absent or not the expected one.");
        }

        if (expectations.Domain is { } domain && !HasDomain(proof, domain))
        {
            return new Error(ErrorCodes.DomainMismatch, $"The proof's domain is absent or not '{domain}'.");
        }

        return null;
    }

    // domain is a string or an unordered set of strings (Data Integrity §2.1).
    private static bool HasDomain(JsonObject proof, string expected) =>
        proof[ProofFields.Domain] switch
        {
            JsonArray set => set.Any(d => d is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == expected),
            _ => ProofFields.GetString(proof, ProofFields.Domain) == expected,
        };

    private static ProofVerification Describe(JsonObject proof) => new()
    {
        ProofId = ProofFields.GetString(proof, ProofFields.Id),
        VerificationMethod = ProofFields.GetString(proof, ProofFields.VerificationMethod),
        Cryptosuite = ProofFields.GetString(proof, ProofFields.Cryptosuite),
        ProofPurpose = ProofFields.GetString(proof, ProofFields.ProofPurpose),
    };

    private static ProofVerification Failed(JsonObject? proof, ProofVerdict verdict) =>
        (proof is null ? new ProofVerification() : Describe(proof)) with { Verified = false, Error = verdict.Error, Verdict = verdict };
}
