// References: W3C Verifiable Credential Data Integrity 1.0 (2025), §2.1 Proofs (challenge, domain), https://www.w3.org/TR/vc-data-integrity/#proofs
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Credentials.Verification.Steps;

/// <summary>
/// Checks that every <c>authentication</c> proof of a presentation carries the challenge (or domain) the verifier
/// expects. The challenge check also reports what <see cref="ConsumeChallenge"/> found: a challenge this service issued
/// passes once, then fails <c>challengeReused</c>, whether or not the caller names it.
/// </summary>
internal sealed class CheckChallengeAndDomain(bool domain) : IVerificationStep
{
    public ValueTask ExecuteAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        var proofs = AuthenticationProofs(context.Document).ToList();
        if (!domain)
        {
            ChallengeBinding.Record(context, [.. proofs.Select(p => (IReadOnlyList<string>)Values(p[CheckNames.Challenge]))], "the proof");
            return ValueTask.CompletedTask;
        }

        if (context.ExpectedDomain is not { } expected)
        {
            context.Skipped(CheckNames.Domain, "The verifier expects no domain.");
            return ValueTask.CompletedTask;
        }

        if (proofs.Count == 0)
        {
            context.Failed(CheckNames.Domain, new Error(ErrorCodes.ChallengeRequired, "The presentation has no authentication proof to carry a domain."));
            return ValueTask.CompletedTask;
        }

        foreach (var proof in proofs)
        {
            var values = Values(proof[CheckNames.Domain]);
            if (values.Count == 0)
            {
                context.Failed(CheckNames.Domain, new Error(ErrorCodes.ChallengeRequired, "The proof carries no domain; the verifier expects one."));
            }
            else if (!values.Contains(expected, StringComparer.Ordinal))
            {
                context.Failed(CheckNames.Domain, new Error(ErrorCodes.DomainMismatch, "The proof's domain does not match the one the verifier expects."));
            }
            else
            {
                context.Passed(CheckNames.Domain);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The presentation's proofs whose purpose is <c>authentication</c>, in document order.</summary>
    internal static IEnumerable<JsonObject> AuthenticationProofs(JsonObject document)
    {
        var proofs = document["proof"] switch
        {
            JsonObject single => [single],
            JsonArray many => many.OfType<JsonObject>(),
            _ => [],
        };
        return proofs.Where(p => p["proofPurpose"] is JsonValue v && v.GetValueKind() == JsonValueKind.String
            && v.GetValue<string>() == "authentication");
    }

    // The domain may be one string or a set of strings (Data Integrity §2.1); the challenge is one string.
    internal static List<string> Values(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
        JsonArray a => [.. a.OfType<JsonValue>().Where(x => x.GetValueKind() == JsonValueKind.String).Select(x => x.GetValue<string>())],
        _ => [],
    };
}
